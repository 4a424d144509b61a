/*
 * cpeer: a small libzmq peer in C for the wire tests of the Go perf tools
 * (cmd/local_thr, cmd/remote_thr, cmd/local_lat, cmd/remote_lat).
 *
 *   cpeer push <endpoint> <size> <count>  connect a PUSH, send count messages
 *   cpeer pull <endpoint> <size> <count>  bind a PULL, receive count messages
 *   cpeer rep  <endpoint> <size> <count>  bind a REP, echo count messages
 *   cpeer req  <endpoint> <size> <count>  connect a REQ, count roundtrips
 *
 * Every received message must be size bytes long, and a req checks that
 * each reply is the very message it sent (push and req fill their
 * messages with a pattern that changes with each one). On success it
 * prints "<mode>: <count> messages of <size> bytes" and exits 0; on any
 * failure it prints one line on stderr and exits 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

static int fail (const char *what)
{
    fprintf (stderr, "cpeer: %s: %s\n", what, zmq_strerror (zmq_errno ()));
    return 2;
}

static void fill (unsigned char *p, size_t n, long seq)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char) (seq + i);
}

int main (int argc, char **argv)
{
    if (argc != 5) {
        fprintf (stderr,
                 "usage: cpeer push|pull|rep|req <endpoint> <size> <count>\n");
        return 2;
    }
    const char *mode = argv[1];
    const char *endpoint = argv[2];
    char *end;
    size_t size = strtoul (argv[3], &end, 10);
    if (*end != '\0') {
        fprintf (stderr, "cpeer: bad size %s\n", argv[3]);
        return 2;
    }
    long count = strtol (argv[4], &end, 10);
    if (*end != '\0' || count < 1) {
        fprintf (stderr, "cpeer: bad count %s\n", argv[4]);
        return 2;
    }

    int type, binds;
    if (strcmp (mode, "push") == 0) {
        type = ZMQ_PUSH;
        binds = 0;
    } else if (strcmp (mode, "pull") == 0) {
        type = ZMQ_PULL;
        binds = 1;
    } else if (strcmp (mode, "rep") == 0) {
        type = ZMQ_REP;
        binds = 1;
    } else if (strcmp (mode, "req") == 0) {
        type = ZMQ_REQ;
        binds = 0;
    } else {
        fprintf (stderr, "cpeer: unknown mode %s\n", mode);
        return 2;
    }

    void *ctx = zmq_ctx_new ();
    if (!ctx)
        return fail ("zmq_ctx_new");
    void *sock = zmq_socket (ctx, type);
    if (!sock)
        return fail ("zmq_socket");
    if ((binds ? zmq_bind (sock, endpoint) : zmq_connect (sock, endpoint))
        != 0)
        return fail (binds ? "zmq_bind" : "zmq_connect");

    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        return fail ("zmq_msg_init");
    for (long i = 0; i < count; i++) {
        int sends_first = type == ZMQ_PUSH || type == ZMQ_REQ;
        if (sends_first) {
            if (zmq_msg_close (&msg) != 0
                || zmq_msg_init_size (&msg, size) != 0)
                return fail ("zmq_msg_init_size");
            fill ((unsigned char *) zmq_msg_data (&msg), size, i);
            if (zmq_msg_send (&msg, sock, 0) < 0)
                return fail ("zmq_msg_send");
            if (type == ZMQ_PUSH)
                continue;
        }
        if (zmq_msg_recv (&msg, sock, 0) < 0)
            return fail ("zmq_msg_recv");
        if (zmq_msg_size (&msg) != size) {
            fprintf (stderr, "cpeer: message %ld has %zu bytes, expected %zu\n",
                     i, zmq_msg_size (&msg), size);
            return 2;
        }
        if (type == ZMQ_REQ) {
            /* The echo must be the message sent. */
            unsigned char *p = (unsigned char *) zmq_msg_data (&msg);
            for (size_t k = 0; k < size; k++)
                if (p[k] != (unsigned char) (i + k)) {
                    fprintf (stderr, "cpeer: reply %ld differs at byte %zu\n",
                             i, k);
                    return 2;
                }
        }
        if (type == ZMQ_REP && zmq_msg_send (&msg, sock, 0) < 0)
            return fail ("zmq_msg_send");
    }
    if (zmq_msg_close (&msg) != 0)
        return fail ("zmq_msg_close");

    printf ("%s: %ld messages of %zu bytes\n", mode, count, size);
    if (zmq_close (sock) != 0)
        return fail ("zmq_close");
    if (zmq_ctx_term (ctx) != 0)
        return fail ("zmq_ctx_term");
    return 0;
}
