#include <stdlib.h>
#include <string.h>
#include <stdio.h>

struct node {
    char *value;
    struct node *next;
};

struct node *list_push(struct node *head, const char *value)
{
    struct node *n = malloc(sizeof(*n));
    if (n == NULL)
        return head;
    n->value = strdup(value);
    n->next = head;
    return n;
}

void list_free(struct node *head)
{
    while (head != NULL) {
        struct node *next = head->next;
        free(head->value);
        free(head);
        head = next;
    }
}

int main(int argc, char **argv)
{
    struct node *head = NULL;
    for (int i = 1; i < argc; i++)
        head = list_push(head, argv[i]);
    for (struct node *n = head; n; n = n->next)
        puts(n->value);
    list_free(head);
    return 0;
}
