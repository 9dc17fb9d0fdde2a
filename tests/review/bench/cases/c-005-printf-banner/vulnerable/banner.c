#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void print_header(void)
{
    time_t now = time(NULL);
    printf("=== service started %s", ctime(&now));
}

static void greet(const char *user)
{
    const char *tmpl = getenv("GREETING");
    if (tmpl == NULL)
        tmpl = "Welcome";
    printf(tmpl);
    printf(", %s\n", user);
}

int main(int argc, char **argv)
{
    const char *user = argc > 1 ? argv[1] : "anonymous";
    print_header();
    greet(user);
    return 0;
}
