#include <stdio.h>
#include <stdlib.h>

static int rotate_logs(void)
{
    return system("/usr/sbin/logrotate -f /etc/logrotate.d/quarry");
}

static long count_sessions(void)
{
    char line[64];
    long n = -1;
    FILE *p = popen("/usr/bin/who | /usr/bin/wc -l", "r");
    if (p == NULL)
        return -1;
    if (fgets(line, sizeof(line), p) != NULL)
        n = strtol(line, NULL, 10);
    pclose(p);
    return n;
}

int main(void)
{
    if (rotate_logs() != 0)
        fprintf(stderr, "logrotate failed\n");
    printf("%ld sessions\n", count_sessions());
    return 0;
}
