/*
 * whoisq - print the registrar of a domain.
 * Called by the domain-availability web backend with the name the
 * visitor typed:  whoisq <domain>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DOMAIN 253
#define DOMAIN_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-"

static int is_registrar_line(const char *line)
{
    return strncmp(line, "Registrar:", 10) == 0 ||
           strncmp(line, "   Registrar:", 13) == 0;
}

int main(int argc, char **argv)
{
    char cmd[320];
    char line[1024];
    FILE *p;
    int found = 0;

    if (argc != 2 || argv[1][0] == '\0') {
        fprintf(stderr, "usage: %s DOMAIN\n", argv[0]);
        return 2;
    }
    if (strlen(argv[1]) > MAX_DOMAIN) {
        fprintf(stderr, "domain too long\n");
        return 2;
    }
    if (argv[1][0] == '-' || strspn(argv[1], DOMAIN_CHARS) != strlen(argv[1])) {
        fprintf(stderr, "invalid domain\n");
        return 2;
    }
    snprintf(cmd, sizeof cmd, "whois %s 2>/dev/null", argv[1]);
    p = popen(cmd, "r");
    if (p == NULL) {
        perror("popen");
        return 1;
    }
    while (fgets(line, sizeof line, p) != NULL) {
        if (is_registrar_line(line)) {
            fputs(line, stdout);
            found = 1;
            break;
        }
    }
    pclose(p);
    return found ? 0 : 1;
}
