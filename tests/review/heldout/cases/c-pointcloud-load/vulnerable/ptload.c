/*
 * ptload.c - load a point-cloud file uploaded to the viewer and print
 * its bounding box.
 * Format: uint32 point count (host byte order), then the point records.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct point {
    int32_t x, y, z;
    uint32_t rgba;
};

int main(int argc, char **argv)
{
    FILE *f;
    uint32_t count, bytes, i, got = 0;
    struct point *pts;
    int32_t minx = INT32_MAX, maxx = INT32_MIN;

    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    if (fread(&count, sizeof count, 1, f) != 1) {
        fclose(f);
        return 1;
    }
    bytes = count * (uint32_t)sizeof(struct point);
    pts = malloc(bytes ? bytes : 1);
    if (pts == NULL) {
        fclose(f);
        return 1;
    }
    for (i = 0; i < count; i++) {
        if (fread(&pts[i], sizeof pts[i], 1, f) != 1)
            break;
        got++;
    }
    fclose(f);
    for (i = 0; i < got; i++) {
        if (pts[i].x < minx)
            minx = pts[i].x;
        if (pts[i].x > maxx)
            maxx = pts[i].x;
    }
    printf("%u points, x in [%d, %d]\n", (unsigned)got, (int)minx, (int)maxx);
    free(pts);
    return 0;
}
