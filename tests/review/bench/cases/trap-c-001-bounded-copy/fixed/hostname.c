#include <stdio.h>
#include <string.h>

#define HOST_MAX 64

struct target {
    char host[HOST_MAX];
    unsigned short port;
};

int set_target(struct target *t, const char *host, unsigned short port)
{
    size_t len = strlen(host);

    if (len == 0 || len >= sizeof(t->host))
        return -1;
    strcpy(t->host, host);
    t->port = port;
    return 0;
}

int copy_target(struct target *dst, const struct target *src)
{
    memcpy(dst, src, sizeof(*dst));
    return 0;
}

int main(int argc, char **argv)
{
    struct target t, u;
    if (argc < 2 || set_target(&t, argv[1], 443) != 0)
        return 1;
    copy_target(&u, &t);
    printf("%s:%u\n", u.host, u.port);
    return 0;
}
