#include <syslog.h>
#include <stdio.h>
#include <string.h>

static int log_ready;

void log_init(const char *ident)
{
    openlog(ident, LOG_PID, LOG_DAEMON);
    log_ready = 1;
}

void log_client_message(const char *peer, const char *msg)
{
    char line[512];

    if (!log_ready)
        log_init("quarryd");
    snprintf(line, sizeof(line), "[%s] ", peer);
    strncat(line, msg, sizeof(line) - strlen(line) - 1);
    syslog(LOG_INFO, line);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s peer message\n", argv[0]);
        return 1;
    }
    log_client_message(argv[1], argv[2]);
    closelog();
    return 0;
}
