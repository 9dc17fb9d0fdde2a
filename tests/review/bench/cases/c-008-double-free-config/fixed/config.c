#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int parse_entry(const char *line, char **key_out, char **val_out)
{
    char *key = NULL, *val = NULL;
    const char *eq = strchr(line, '=');
    int rc = -1;

    key = strndup(line, eq ? (size_t)(eq - line) : strlen(line));
    val = strdup(eq ? eq + 1 : "");
    if (key == NULL || val == NULL)
        goto out;
    if (eq == NULL || key[0] == '\0') {
        goto out;
    }
    *key_out = key;
    *val_out = val;
    return 0;
out:
    free(key);
    free(val);
    return rc;
}

int main(void)
{
    char *k, *v;
    if (parse_entry("name=quarry", &k, &v) == 0) {
        printf("%s -> %s\n", k, v);
        free(k);
        free(v);
    }
    return parse_entry("broken", &k, &v) == 0;
}
