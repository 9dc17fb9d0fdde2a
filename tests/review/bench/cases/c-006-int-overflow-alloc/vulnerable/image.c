#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct image {
    uint32_t width;
    uint32_t height;
    unsigned char *pixels;
};

static uint32_t be32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

int image_load(struct image *img, const unsigned char *data, size_t len)
{
    uint32_t size;

    if (len < 8)
        return -1;
    img->width = be32(data);
    img->height = be32(data + 4);
    size = img->width * img->height * 4;
    img->pixels = malloc(size);
    if (img->pixels == NULL)
        return -1;
    memset(img->pixels, 0, size);
    if (len - 8 < size)
        return -1;
    memcpy(img->pixels, data + 8, size);
    return 0;
}

void image_free(struct image *img)
{
    free(img->pixels);
    img->pixels = NULL;
}
