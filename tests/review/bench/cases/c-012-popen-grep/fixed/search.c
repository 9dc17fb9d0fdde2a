#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int search_logs(const char *pattern, FILE *out)
{
    if (strpbrk(pattern, "'\\$`;|&<>\n") != NULL)
        return -1;
    char cmd[512];
    char line[1024];
    FILE *p;
    int hits = 0;

    snprintf(cmd, sizeof(cmd), "grep -F '%s' /var/log/app.log", pattern);
    p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    while (fgets(line, sizeof(line), p) != NULL) {
        fputs(line, out);
        hits++;
    }
    pclose(p);
    return hits;
}

int main(void)
{
    const char *q = getenv("QUERY_STRING");
    if (q == NULL)
        return 1;
    printf("Content-Type: text/plain\r\n\r\n");
    return search_logs(q, stdout) < 0;
}
