#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

struct row {
    char name[32];
    int score;
};

struct row *alloc_rows(size_t count)
{
    if (count == 0 || count > SIZE_MAX / sizeof(struct row))
        return NULL;
    return calloc(count, sizeof(struct row));
}

void print_rows(const struct row *rows, size_t count, const char *title)
{
    size_t i;
    printf("%s\n", title);
    for (i = 0; i < count; i++)
        printf("%-31s %5d\n", rows[i].name, rows[i].score);
}

int main(int argc, char **argv)
{
    struct row *rows = alloc_rows(2);
    if (rows == NULL)
        return 1;
    snprintf(rows[0].name, sizeof(rows[0].name), "%s", argc > 1 ? argv[1] : "alice");
    rows[0].score = 10;
    snprintf(rows[1].name, sizeof(rows[1].name), "%s", "bob");
    rows[1].score = 7;
    print_rows(rows, 2, argc > 2 ? argv[2] : "Scores");
    free(rows);
    return 0;
}
