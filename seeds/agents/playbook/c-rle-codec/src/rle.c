#include "rle.h"

#include <string.h>

size_t rle_encode(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t written = 0;
    size_t i = 0;

    while (i < n) {
        unsigned char value = in[i];
        size_t run = 1;
        while (i + run < n && in[i + run] == value && run < 255)
            run++;
        out[written++] = (unsigned char)run;
        out[written++] = value;
        i += run;
    }
    return written;
}

size_t rle_decoded_size(const unsigned char *in, size_t n)
{
    size_t total = 0;

    if (n % 2 != 0)
        return RLE_ERROR;
    for (size_t i = 0; i < n; i += 2) {
        if (in[i] == 0)
            return RLE_ERROR;
        total += in[i];
    }
    return total;
}

size_t rle_decode(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t written = 0;

    if (rle_decoded_size(in, n) == RLE_ERROR)
        return RLE_ERROR;
    for (size_t i = 0; i < n; i += 2) {
        memset(out + written, in[i + 1], in[i]);
        written += in[i];
    }
    return written;
}
