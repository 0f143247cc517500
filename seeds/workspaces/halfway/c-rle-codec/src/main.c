#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rle.h"

#define MAX_INPUT (1 << 20)

int main(int argc, char *argv[])
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s -e|-d\n", argv[0]);
        return 1;
    }

    unsigned char *in = malloc(MAX_INPUT);
    size_t n = fread(in, 1, MAX_INPUT, stdin);

    if (strcmp(argv[1], "-e") == 0) {
        unsigned char *out = malloc(2 * n + 1);
        size_t m = rle_encode(in, n, out);
        fwrite(out, 1, m, stdout);
        free(out);
    } else {
        size_t total = 0;
        for (size_t i = 0; i + 1 < n; i += 2)
            total += in[i];
        unsigned char *out = malloc(total + 1);
        size_t m = rle_decode(in, n, out);
        fwrite(out, 1, m, stdout);
        free(out);
    }

    free(in);
    return 0;
}
