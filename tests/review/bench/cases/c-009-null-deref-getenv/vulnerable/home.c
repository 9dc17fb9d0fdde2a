#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *build_path(const char *name)
{
    const char *home = getenv("HOME");
    size_t len = strlen(home) + strlen(name) + 2;
    char *path = malloc(len);
    if (path == NULL)
        return NULL;
    snprintf(path, len, "%s/%s", home, name);
    return path;
}

int main(void)
{
    char *p = build_path(".quarryrc");
    FILE *f;
    if (p == NULL)
        return 1;
    f = fopen(p, "r");
    if (f != NULL) {
        puts("config found");
        fclose(f);
    }
    free(p);
    return 0;
}
