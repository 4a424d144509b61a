// native.c: what libzmq itself costs, measured the way bench/zmqgo and bench/pebbe measure
// the Go bindings (bench/compare runs all three; see bench/README.md).
// Cases (argv[1]):
//   pingself SIZE N         one thread: send then receive into a buffer on an inproc PAIR; ns per send+recv pair
//   pingself-alloc SIZE N   the same, receiving into a zmq_msg_t (the message's size unknown beforehand)
//   stream SIZE N EP        PUSH in one thread, PULL in another over EP; prints messages per second
//   stream-batch SIZE N EP  the same (libzmq has no batch call; the Go side moves 64 messages per call)
//   rtt SIZE N EP           REQ/REP round trips over EP (REP in a second thread); prints ns per round trip
//   version                 prints the version of the libzmq this program runs with
// Every result is one line of key=value pairs: impl=c case=... size=... [ep=...] ns_op=... or msgs_s=...
#include <zmq.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static void *ctx; static int size; static long n; static const char *ep;

static void *puller(void *arg) {
    void *s = arg; char *buf = malloc(size + 1);
    for (long i = 0; i < n; i++) if (zmq_recv(s, buf, size, 0) != size) abort();
    free(buf); return NULL;
}
static void *replier(void *arg) {
    void *s = arg; char *buf = malloc(size + 1);
    for (long i = 0; i < n; i++) { if (zmq_recv(s, buf, size, 0) != size) abort(); if (zmq_send(s, buf, size, 0) != size) abort(); }
    free(buf); return NULL;
}
int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "version")) {
        int major, minor, patch; zmq_version(&major, &minor, &patch);
        printf("%d.%d.%d\n", major, minor, patch); return 0;
    }
    if (argc < 4) { fprintf(stderr, "usage: native pingself|pingself-alloc|stream|stream-batch|rtt SIZE N [ENDPOINT] | native version\n"); return 2; }
    const char *mode = argv[1]; size = atoi(argv[2]); n = atol(argv[3]); ep = argc > 4 ? argv[4] : "inproc://bench";
    ctx = zmq_ctx_new();
    char *buf = malloc(size + 1); memset(buf, 'x', size);
    if (!strcmp(mode, "pingself") || !strcmp(mode, "pingself-alloc")) {
        int msg = !strcmp(mode, "pingself-alloc");
        void *a = zmq_socket(ctx, ZMQ_PAIR), *b = zmq_socket(ctx, ZMQ_PAIR);
        if (zmq_bind(a, "inproc://pingself") || zmq_connect(b, "inproc://pingself")) abort();
        for (long i = 0; i < 10000; i++) { zmq_send(a, buf, size, 0); zmq_recv(b, buf, size, 0); }
        double t0 = now();
        for (long i = 0; i < n; i++) {
            if (zmq_send(a, buf, size, 0) != size) abort();
            if (msg) { zmq_msg_t m; zmq_msg_init(&m); if (zmq_msg_recv(&m, b, 0) != size) abort(); zmq_msg_close(&m); }
            else if (zmq_recv(b, buf, size, 0) != size) abort();
        }
        printf("impl=c case=%s size=%d ns_op=%.1f\n", mode, size, (now() - t0) / n * 1e9);
        zmq_close(a); zmq_close(b);
    } else if (!strcmp(mode, "stream") || !strcmp(mode, "stream-batch")) {
        void *push = zmq_socket(ctx, ZMQ_PUSH), *pull = zmq_socket(ctx, ZMQ_PULL);
        if (zmq_bind(pull, ep) || zmq_connect(push, ep)) abort();
        pthread_t t; double t0 = now(); pthread_create(&t, NULL, puller, pull);
        for (long i = 0; i < n; i++) if (zmq_send(push, buf, size, 0) != size) abort();
        pthread_join(t, NULL);
        printf("impl=c case=%s size=%d ep=%s msgs_s=%.0f\n", mode, size, ep, n / (now() - t0));
        zmq_close(push); zmq_close(pull);
    } else if (!strcmp(mode, "rtt")) {
        void *req = zmq_socket(ctx, ZMQ_REQ), *rep = zmq_socket(ctx, ZMQ_REP);
        if (zmq_bind(rep, ep) || zmq_connect(req, ep)) abort();
        pthread_t t; pthread_create(&t, NULL, replier, rep);
        double t0 = now();
        for (long i = 0; i < n; i++) { if (zmq_send(req, buf, size, 0) != size) abort(); if (zmq_recv(req, buf, size, 0) != size) abort(); }
        printf("impl=c case=rtt size=%d ep=%s ns_op=%.1f\n", size, ep, (now() - t0) / n * 1e9);
        pthread_join(t, NULL); zmq_close(req); zmq_close(rep);
    } else { fprintf(stderr, "unknown case %s\n", mode); return 2; }
    free(buf); zmq_ctx_term(ctx); return 0;
}
