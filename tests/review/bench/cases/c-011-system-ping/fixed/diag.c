#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD_MAX 256

static int valid_length(const char *host)
{
    size_t n = strlen(host);
    if (n == 0 || n >= 128)
        return 0;
    return strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == n;
}

int run_ping(const char *host)
{
    char cmd[CMD_MAX];

    if (!valid_length(host))
        return -1;
    snprintf(cmd, sizeof(cmd), "ping -c 1 %s", host);
    return system(cmd);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: diag HOST\n");
        return 1;
    }
    return run_ping(argv[1]) == 0 ? 0 : 1;
}
