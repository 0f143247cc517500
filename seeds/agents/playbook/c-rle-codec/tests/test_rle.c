#include <stdio.h>
#include <string.h>

#include "../src/rle.h"

static int failures = 0;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                    \
        }                                                                  \
    } while (0)

static void test_encode_simple(void)
{
    const unsigned char in[] = "aaabccdddd";
    const unsigned char want[] = {3, 'a', 1, 'b', 2, 'c', 4, 'd'};
    unsigned char out[32];
    size_t n = rle_encode(in, 10, out);
    CHECK(n == sizeof want);
    CHECK(memcmp(out, want, sizeof want) == 0);
}

static void test_encode_splits_long_runs(void)
{
    unsigned char in[600], out[16];
    memset(in, 'x', sizeof in);
    size_t n = rle_encode(in, sizeof in, out);
    CHECK(n == 6);
    CHECK(out[0] == 255 && out[2] == 255 && out[4] == 90);
    CHECK(out[1] == 'x' && out[3] == 'x' && out[5] == 'x');
}

static void test_empty(void)
{
    unsigned char out[4];
    CHECK(rle_encode((const unsigned char *)"", 0, out) == 0);
    CHECK(rle_decode((const unsigned char *)"", 0, out) == 0);
}

static void test_round_trip(void)
{
    unsigned char in[1000], enc[2000], dec[1000];
    for (size_t i = 0; i < sizeof in; i++)
        in[i] = (unsigned char)((i / 7) * 31 % 256);
    size_t n = rle_encode(in, sizeof in, enc);
    CHECK(rle_decoded_size(enc, n) == sizeof in);
    CHECK(rle_decode(enc, n, dec) == sizeof in);
    CHECK(memcmp(in, dec, sizeof in) == 0);
}

static void test_malformed(void)
{
    const unsigned char odd[] = {3, 'a', 2};
    const unsigned char zero[] = {0, 'a'};
    unsigned char out[8];
    CHECK(rle_decode(odd, sizeof odd, out) == RLE_ERROR);
    CHECK(rle_decode(zero, sizeof zero, out) == RLE_ERROR);
}

int main(void)
{
    test_encode_simple();
    test_encode_splits_long_runs();
    test_empty();
    test_round_trip();
    test_malformed();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("all rle tests passed\n");
    return 0;
}
