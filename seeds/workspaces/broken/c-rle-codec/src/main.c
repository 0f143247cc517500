#include <stdio.h>
#include <string.h>
#include "rle.h"

int main(int argc, char **argv)
{
    char in[4096], out[8192];
    int n = fread(in, 1, sizeof in, stdin);
    if (argc > 1 && strcmp(argv[1], "-e") == 0) {
        int m = rle_encode(in, n, out);
        fwrite(out, 1, m, stdout);
    } else {
        m = rle_decode(in, n, out);
        fwrite(out, 1, m, stdout);
    }
    return 0;
}
