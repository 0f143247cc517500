#include "rle.h"

size_t rle_encode(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t i = 0, j = 0;
    while (i < n) {
        int run = 1;
        while (i + run < n && in[i + run] == in[i])
            run++;
        out[j++] = run;
        out[j++] = in[i];
        i += run;
    }
    return j;
}

size_t rle_decode(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t j = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        for (int k = 0; k < in[i]; k++)
            out[j++] = in[i + 1];
    }
    return j;
}
