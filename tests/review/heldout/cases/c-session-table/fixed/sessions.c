/* sessions.c - in-memory session table of a small HTTP daemon */
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct session {
    char id[33];
    char *user;
    time_t last_seen;
    struct session *next;
};

static struct session *sessions;

struct session *session_add(const char *id, const char *user)
{
    struct session *s = calloc(1, sizeof *s);

    if (s == NULL)
        return NULL;
    strncpy(s->id, id, sizeof s->id - 1);
    s->user = strdup(user);
    if (s->user == NULL) {
        free(s);
        return NULL;
    }
    s->last_seen = time(NULL);
    s->next = sessions;
    sessions = s;
    return s;
}

static void session_free(struct session *s)
{
    free(s->user);
    free(s);
}

/* Drop every session idle for more than max_idle seconds. */
int session_expire(time_t now, time_t max_idle)
{
    struct session **link = &sessions;
    struct session *s, *next;
    int dropped = 0;

    for (s = sessions; s != NULL; s = next) {
        next = s->next;
        if (now - s->last_seen > max_idle) {
            *link = next;
            session_free(s);
            dropped++;
        } else {
            link = &s->next;
        }
    }
    return dropped;
}
