#include <assert.h>
#include <stdio.h>
#include <string.h>
#include "../src/rle.h"

int main(void)
{
    unsigned char out[64], back[64];

    size_t n = rle_encode((const unsigned char *)"aaabccdddd", 10, out);
    assert(n == 8);
    assert(out[0] == 3 && out[1] == 'a');
    assert(out[6] == 4 && out[7] == 'd');

    size_t m = rle_decode(out, n, back);
    assert(m == 10);
    assert(memcmp(back, "aaabccdddd", 10) == 0);

    n = rle_encode((const unsigned char *)"abc", 3, out);
    assert(n == 6);

    printf("OK\n");
    return 0;
}
