#include <stdio.h>
#include <string.h>
#include <ctype.h>

#define TOKEN_LEN 16

int next_token(const char **src, char token[TOKEN_LEN])
{
    const char *p = *src;
    int i = 0;

    while (*p && isspace((unsigned char)*p))
        p++;
    if (*p == '\0')
        return 0;
    while (*p && !isspace((unsigned char)*p) && i < TOKEN_LEN - 1)
        token[i++] = *p++;
    token[i] = '\0';
    *src = p;
    return 1;
}

int main(void)
{
    const char *input = "alpha beta averyveryverylongtokenvalue";
    char tok[TOKEN_LEN];
    while (next_token(&input, tok))
        printf("token: %s\n", tok);
    return 0;
}
