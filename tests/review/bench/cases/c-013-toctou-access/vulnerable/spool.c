#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>

int copy_to_spool(const char *user_path, int spool_fd)
{
    char buf[4096];
    ssize_t n;
    int fd;

    if (access(user_path, R_OK) != 0) {
        perror("access");
        return -1;
    }
    fd = open(user_path, O_RDONLY);
    if (fd < 0)
        return -1;
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        if (write(spool_fd, buf, (size_t)n) != n) {
            close(fd);
            return -1;
        }
    }
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 1;
    return copy_to_spool(argv[1], STDOUT_FILENO) == 0 ? 0 : 1;
}
