#include "rle.h"

int rle_encode(char *in, int n, char *out)
{
    int j = 0;
    for (int i = 0; i < n; i++) {
        char c = in[i];
        int count = 1;
        while (i + 1 < n && in[i + 1] == c) {
            count++;
            i++;
        }
        out[j++] = count
        out[j++] = c;
    }
    return j;
}
