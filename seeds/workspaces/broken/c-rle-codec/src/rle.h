#ifndef RLE_H
#define RLE_H

int rle_encode(char *in, int n, char *out);
/* TODO: rle_decode */

#endif
