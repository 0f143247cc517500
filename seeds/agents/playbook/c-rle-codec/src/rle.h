#ifndef RLE_H
#define RLE_H

#include <stddef.h>

/*
 * Byte-oriented run-length coding.
 *
 * Encoded form: a sequence of (count, value) byte pairs, 1 <= count <= 255.
 * Runs longer than 255 bytes are split into several pairs.
 */

/* Returned by rle_decode for malformed input (odd length or a zero count). */
#define RLE_ERROR ((size_t)-1)

/*
 * Encode n bytes of `in` into `out` and return the number of bytes written.
 * `out` must have room for 2 * n bytes (the worst case: no byte repeats).
 */
size_t rle_encode(const unsigned char *in, size_t n, unsigned char *out);

/*
 * Size of the decoded data for n encoded bytes, or RLE_ERROR if they are
 * malformed. Use it to size the output buffer of rle_decode.
 */
size_t rle_decoded_size(const unsigned char *in, size_t n);

/*
 * Decode n bytes of `in` into `out` and return the number of bytes written,
 * or RLE_ERROR if the input is malformed (then `out` is left untouched).
 * `out` must have room for rle_decoded_size(in, n) bytes (at most 255 * n / 2).
 */
size_t rle_decode(const unsigned char *in, size_t n, unsigned char *out);

#endif /* RLE_H */
