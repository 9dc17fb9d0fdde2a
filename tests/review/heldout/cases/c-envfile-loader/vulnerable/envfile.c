/* envfile.c - load KEY=VALUE lines from a project's .env file into the environment */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    char *end;

    while (isspace((unsigned char)*s))
        s++;
    end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

int load_env_file(const char *path, int overwrite)
{
    char line[1024];
    char *key, *value, *eq;
    int n = 0;
    FILE *f = fopen(path, "r");

    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL) {
        key = trim(line);
        if (*key == '\0' || *key == '#')
            continue;
        eq = strchr(key, '=');
        *eq = '\0';
        value = trim(eq + 1);
        key = trim(key);
        if (setenv(key, value, overwrite) == 0)
            n++;
    }
    fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    int n;

    if (argc != 2) {
        fprintf(stderr, "usage: %s ENVFILE\n", argv[0]);
        return 2;
    }
    n = load_env_file(argv[1], 0);
    if (n < 0) {
        perror(argv[1]);
        return 1;
    }
    printf("%d variables loaded\n", n);
    return 0;
}
