// zgo.h: the C side of the binding, called from zmq_cgo.go.
//
// Results: a helper returns its result, or -errno of the very call that
// failed (a goroutine may change OS thread between two cgo calls, so errno
// is never read in a second crossing). The data path's helpers are void
// and write their result through res: cgo wraps a C function that returns
// a value in extra bookkeeping calls these helpers never need.
//
// Handles to C memory (zgo_socket*, zgo_msg*) cross as uintptr_t and
// buffers as char*: cgo checks, on every call, that memory behind a void*
// argument holds no Go pointers, and skips the check for integers and
// bytes.

#ifndef ZGO_H
#define ZGO_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <zmq.h>

// ZGO_FRAMES is how many frames one zgo_recv_frames call may take.
#define ZGO_FRAMES 64

// zgo_msg is the C side of a Msg: the message and, cached after every
// change, its data pointer, size and MORE flag, which Go reads without a
// crossing.
typedef struct {
	zmq_msg_t msg;
	void *data;
	size_t size;
	int more;
} zgo_msg;

// zgo_socket is the C side of a Socket. A receive without a caller's buffer
// lands in msg, in C memory, so that a small message is never written to a
// goroutine stack that may move.
typedef struct {
	void *sock;
	zmq_msg_t msg;   // last message received by zgo_recv_hold
	void *data;      // zmq_msg_data(&msg) after the last receive
	size_t size;     // zmq_msg_size(&msg)
	int more;        // MORE flag of the last frame any receive took: RcvMore
	zgo_msg *frames; // ZGO_FRAMES frames for zgo_recv_frames, made on first use
	int nframes;     // how many of them the last zgo_recv_frames filled
	int stop_err;    // -errno that ended the last *_frames call early, or 0
} zgo_socket;

// Contexts.
void *zgo_ctx_new(void);
int zgo_ctx_term(void *ctx);
int zgo_ctx_shutdown(void *ctx);
int zgo_ctx_set(void *ctx, int opt, int val);
int zgo_ctx_get(void *ctx, int opt, int *val);

// Sockets.
zgo_socket *zgo_socket_new(void *ctx, int type, int *err);
int zgo_socket_close(zgo_socket *s, int linger);
int zgo_endpoint(zgo_socket *s, int op, const char *endpoint);
int zgo_setsockopt(uintptr_t sh, int opt, const char *val, size_t len);
int zgo_getsockopt(uintptr_t sh, int opt, char *val, size_t *len);
int zgo_fd(uintptr_t sh);
void zgo_events(uintptr_t sh, int *res);

// The data path. flags always include ZMQ_DONTWAIT (Go waits in its
// netpoller); any flag other than DONTWAIT and SNDMORE is refused with
// EINVAL before libzmq sees it.
void zgo_send(uintptr_t sh, const char *buf, size_t len, int flags, int *res);
void zgo_recv(uintptr_t sh, char *buf, size_t len, int flags, int *res);
void zgo_recv_hold(uintptr_t sh, int flags, int *res);
void zgo_release(uintptr_t sh);
void zgo_send_frames(uintptr_t sh, const char *data, const size_t *lens, int n, int flags, int more_until, int *res);
void zgo_recv_frames(uintptr_t sh, int max, int flags, int mode, int *res);
void zgo_release_frames(uintptr_t sh);
void zgo_msg_send(uintptr_t mh, uintptr_t sh, int flags, int *res);
void zgo_msg_recv(uintptr_t mh, uintptr_t sh, int flags, int *res);

// Messages.
zgo_msg *zgo_msg_new(size_t size, int *err);
void zgo_msg_free(zgo_msg *m);
int zgo_msg_copy(zgo_msg *dst, zgo_msg *src);
int zgo_msg_move(zgo_msg *dst, zgo_msg *src);
const char *zgo_msg_gets(zgo_msg *m, const char *prop, int *err);

// Security and monitoring.
int zgo_socket_monitor(uintptr_t sh, const char *endpoint, int events);
int zgo_curve_keypair(char *public_key, char *secret_key);
int zgo_curve_public(char *public_key, const char *secret_key);

// Polling. retry: restart after a signal with what is left of the timeout.
int zgo_poll(zmq_pollitem_t *items, int n, long timeout_ms, int retry);

// How a proxy may answer on its control socket.
enum {
	ZGO_CONTROL_MUTE, // cannot send (SUB): commands are obeyed, never answered
	ZGO_CONTROL_SEND, // may send (PAIR...): only STATISTICS is answered
	ZGO_CONTROL_REP,  // must answer every command, as REP requires
};

// ZGO_PROXY_STATS counters, in zmq_proxy_steerable(3)'s order: messages
// and bytes in and out of the frontend, then of the backend.
#define ZGO_PROXY_STATS 8

// zgo_proxy is a proxy's state between two steps. It holds no pointer Go
// would have to know of (the sockets are libzmq's, as integers), so Go
// keeps it in its own memory and passes it to every step.
typedef struct {
	uintptr_t frontend, backend, capture, control; // libzmq sockets, 0 if absent
	int control_kind;   // ZGO_CONTROL_*
	int capture_waits;  // take a message only when capture has room for it too
	int paused;         // PAUSE came, RESUME has not
	uint64_t stats[ZGO_PROXY_STATS];
} zgo_proxy;

// Results of zgo_proxy_step, or -errno.
enum {
	ZGO_PROXY_IDLE, // nothing to do: wait for a ZMQ_FD of the proxy's sockets
	ZGO_PROXY_BUSY, // progress made: step again
	ZGO_PROXY_DONE, // TERMINATE came
};

// zgo_proxy_step makes one round of the proxy without waiting: it obeys
// the commands waiting on the control socket and passes up to batch whole
// messages each way.
void zgo_proxy_step(zgo_proxy *p, int batch, int *res);

// zgo_retry reports whether a libzmq call that returned rc must be made
// again: a signal interrupted libzmq's wait (EINTR), which Go's runtime
// causes often and which never means the call should give up.
static inline int zgo_retry(int rc) { return rc < 0 && zmq_errno() == EINTR; }

// Zero copy from Go memory (NewMsgData). libzmq calls a message's free
// function on its own I/O thread, which must not enter Go: the free
// function only queues the message's id (in a node allocated with the
// message, so it never allocates) and writes to an eventfd (zgo_data.c), on which one
// Go goroutine waits in the netpoller and drains the queue.

// zgo_msg_new_data makes a message over size bytes at data, which the
// caller keeps pinned until id comes out of zgo_data_drain; efd is the
// eventfd written then. Unlike the other helpers it is not declared
// noescape: libzmq keeps data.
zgo_msg *zgo_msg_new_data(char *data, size_t size, uint64_t id, int efd, int *err);
// zgo_data_drain moves up to ZGO_DRAIN ids of released data into ids
// and returns how many it moved.
#define ZGO_DRAIN 256
size_t zgo_data_drain(uint64_t *ids);

#endif
