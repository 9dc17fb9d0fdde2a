#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#define NAME_MAX_LEN 32

struct session {
    int id;
    int authenticated;
};

static int check_user(const char *name)
{
    return strcmp(name, "admin") == 0 || strcmp(name, "guest") == 0;
}

int handle_login(struct session *s, const char *request_name)
{
    char name[NAME_MAX_LEN];

    if (strlen(request_name) >= sizeof(name))
        return -1;
    strcpy(name, request_name);
    if (!check_user(name)) {
        fprintf(stderr, "unknown user %s\n", name);
        return -1;
    }
    s->authenticated = 1;
    printf("session %d logged in as %s\n", s->id, name);
    return 0;
}

int main(int argc, char **argv)
{
    struct session s = { 1, 0 };
    if (argc < 2)
        return 1;
    return handle_login(&s, argv[1]) == 0 ? 0 : 2;
}
