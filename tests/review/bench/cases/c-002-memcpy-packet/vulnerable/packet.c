#include <stdint.h>
#include <string.h>
#include <stdio.h>

#define MAX_PAYLOAD 256

struct message {
    uint16_t type;
    uint16_t len;
    unsigned char payload[MAX_PAYLOAD];
};

static uint16_t read_u16(const unsigned char *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

int parse_message(const unsigned char *buf, size_t buflen, struct message *out)
{
    if (buflen < 4)
        return -1;
    out->type = read_u16(buf);
    out->len = read_u16(buf + 2);
    if ((size_t)out->len + 4 > buflen)
        return -1;
    memcpy(out->payload, buf + 4, out->len);
    return 0;
}

int dispatch(const unsigned char *buf, size_t buflen)
{
    struct message m;
    if (parse_message(buf, buflen, &m) != 0)
        return -1;
    printf("type=%u len=%u\n", m.type, m.len);
    return 0;
}
