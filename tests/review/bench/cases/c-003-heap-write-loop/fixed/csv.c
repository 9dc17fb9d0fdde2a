#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#define MAX_FIELDS 8

char **split_csv_line(char *line, int *count)
{
    char **fields = malloc(MAX_FIELDS * sizeof(char *));
    int n = 0;
    char *tok;

    if (fields == NULL)
        return NULL;
    tok = strtok(line, ",");
    while (tok != NULL && n < MAX_FIELDS) {
        fields[n++] = tok;
        tok = strtok(NULL, ",");
    }
    *count = n;
    return fields;
}

int main(void)
{
    char line[1024];
    int count = 0;
    char **f;

    if (fgets(line, sizeof(line), stdin) == NULL)
        return 1;
    f = split_csv_line(line, &count);
    if (f == NULL)
        return 1;
    printf("%d fields, first=%s\n", count, count ? f[0] : "");
    free(f);
    return 0;
}
