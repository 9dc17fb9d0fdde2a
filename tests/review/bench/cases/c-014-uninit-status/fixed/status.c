#include <stdio.h>
#include <string.h>

enum { ST_OK = 0, ST_BUSY = 1, ST_FAIL = 2 };

static int worker_busy;

int query_status(const char *what)
{
    int status = ST_FAIL;

    if (strcmp(what, "worker") == 0) {
        status = worker_busy ? ST_BUSY : ST_OK;
    } else if (strcmp(what, "disk") == 0) {
        status = ST_OK;
    } else if (strcmp(what, "net") == 0) {
        status = ST_FAIL;
    }
    return status;
}

int main(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        int st = query_status(argv[i]);
        printf("%s: %s\n", argv[i], st == ST_OK ? "ok" : st == ST_BUSY ? "busy" : "fail");
    }
    return 0;
}
