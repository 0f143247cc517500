#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rle.h"

static void usage(FILE *stream)
{
    fprintf(stream, "usage: rle -e|-d < input > output\n"
                    "  -e  run-length encode standard input\n"
                    "  -d  decode standard input\n");
}

/* Read all of standard input into a malloc'd buffer. */
static unsigned char *read_all(size_t *len)
{
    size_t cap = 1 << 16, used = 0;
    unsigned char *buf = malloc(cap);

    while (buf != NULL) {
        size_t got = fread(buf + used, 1, cap - used, stdin);
        used += got;
        if (got == 0)
            break;
        if (used == cap) {
            unsigned char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    if (buf != NULL && ferror(stdin)) {
        free(buf);
        return NULL;
    }
    *len = used;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "-e") != 0 && strcmp(argv[1], "-d") != 0)) {
        usage(stderr);
        return 2;
    }

    size_t len = 0;
    unsigned char *in = read_all(&len);
    if (in == NULL) {
        fprintf(stderr, "rle: cannot read input\n");
        return 1;
    }

    int encode = argv[1][1] == 'e';
    size_t cap = encode ? 2 * len : rle_decoded_size(in, len);
    if (cap == RLE_ERROR) {
        fprintf(stderr, "rle: malformed input\n");
        free(in);
        return 1;
    }
    unsigned char *out = malloc(cap ? cap : 1);
    if (out == NULL) {
        fprintf(stderr, "rle: out of memory\n");
        free(in);
        return 1;
    }

    size_t n = encode ? rle_encode(in, len, out) : rle_decode(in, len, out);
    int status = fwrite(out, 1, n, stdout) == n ? 0 : 1;
    free(in);
    free(out);
    return status;
}
