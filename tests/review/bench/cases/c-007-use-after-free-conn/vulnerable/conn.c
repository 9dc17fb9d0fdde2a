#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conn {
    int fd;
    char peer[64];
    int errors;
};

struct conn *conn_new(int fd, const char *peer)
{
    struct conn *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    c->fd = fd;
    snprintf(c->peer, sizeof(c->peer), "%s", peer);
    return c;
}

int conn_handle_error(struct conn *c, int code)
{
    c->errors++;
    if (code < 0 || c->errors > 3) {
        free(c);
        fprintf(stderr, "closing %s after %d errors\n", c->peer, c->errors);
        return 1;
    }
    return 0;
}

int main(void)
{
    struct conn *c = conn_new(4, "10.0.0.7");
    if (c == NULL)
        return 1;
    while (conn_handle_error(c, -1) == 0)
        ;
    return 0;
}
