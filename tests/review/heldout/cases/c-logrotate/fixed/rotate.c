/*
 * rotate - rename a log file with yesterday's date and compress it.
 * usage: rotate LOGFILE
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char src[PATH_MAX];
    char dst[PATH_MAX];
    char stamp[16];
    struct tm tm;
    time_t t;
    pid_t pid;
    int status, n;

    if (argc != 2) {
        fprintf(stderr, "usage: %s LOGFILE\n", argv[0]);
        return 2;
    }
    if (strlen(argv[1]) >= sizeof src) {
        fprintf(stderr, "path too long\n");
        return 2;
    }
    strcpy(src, argv[1]);

    t = time(NULL) - 24 * 60 * 60;
    if (localtime_r(&t, &tm) == NULL || strftime(stamp, sizeof stamp, "%Y%m%d", &tm) == 0)
        return 1;
    n = snprintf(dst, sizeof dst, "%s.%s", src, stamp);
    if (n < 0 || (size_t)n >= sizeof dst) {
        fprintf(stderr, "path too long\n");
        return 2;
    }
    if (rename(src, dst) != 0) {
        perror("rename");
        return 1;
    }

    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        execl("/usr/bin/gzip", "gzip", "-9", "--", dst, (char *)NULL);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "gzip failed\n");
        return 1;
    }
    system("/bin/sync");
    return 0;
}
