/*
 * auditfwd - receive audit events from local clients on a UNIX datagram
 * socket and forward each one to syslog.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#define SOCK_PATH "/run/auditfwd.sock"

static void forward(const char *msg)
{
    syslog(LOG_NOTICE | LOG_AUTH, "%s", msg);
}

int main(void)
{
    struct sockaddr_un addr;
    char buf[2048];
    ssize_t n;
    int fd;

    fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    strncpy(addr.sun_path, SOCK_PATH, sizeof addr.sun_path - 1);
    unlink(SOCK_PATH);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    openlog("auditfwd", LOG_PID, LOG_AUTH);
    for (;;) {
        n = recv(fd, buf, sizeof buf - 1, 0);
        if (n <= 0)
            continue;
        buf[n] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        forward(buf);
    }
}
