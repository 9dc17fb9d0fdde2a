/*
 * greet.c - first step of a small POP3-style front end: read the USER
 * command from the client connection (stdin, inetd style) and greet the user.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define LINE_MAX_LEN 512

static int count_new_messages(const char *user)
{
    /* stand-in for the mailbox scan */
    int n = 0;
    for (; *user; user++)
        n += (unsigned char)*user % 3;
    return n;
}

static void greet(const char *user)
{
    char banner[64];
    int n = count_new_messages(user);

    snprintf(banner, sizeof banner, "+OK welcome %s, %d new message(s)\r\n", user, n);
    fputs(banner, stdout);
    fflush(stdout);
}

int main(void)
{
    char line[LINE_MAX_LEN];
    char *user;
    size_t len;

    if (fgets(line, sizeof line, stdin) == NULL)
        return 1;
    len = strcspn(line, "\r\n");
    line[len] = '\0';
    if (strncasecmp(line, "USER ", 5) != 0) {
        fputs("-ERR expected USER\r\n", stdout);
        return 1;
    }
    user = line + 5;
    while (isspace((unsigned char)*user))
        user++;
    greet(user);
    return 0;
}
