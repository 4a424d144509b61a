package zmq

// This is the only file that imports "C". Everything above it sees Go
// types: handles are unsafe.Pointers to C memory, and every call returns a
// result and the errno of that very call (a goroutine may change OS thread
// between two cgo calls, so errno is never read in a second crossing).
//
// Every call into libzmq is an ordinary cgo call: while C runs, the
// goroutine is in a system call as far as the scheduler is concerned, so
// its P goes to other goroutines and a garbage collection never waits for
// it. Each helper makes one crossing and folds what a caller needs next
// into it (the received size, the data pointer and the MORE flag come back
// together), following mattn/go-sqlite3's "reduce CGO crossings" helpers.
// The data path's helpers never block (Go passes ZMQ_DONTWAIT and waits in
// its netpoller) and retry EINTR themselves.
//
// Buffers cross as char*, not void*: cgo checks at run time that memory
// behind an unsafe.Pointer argument holds no Go pointers, a walk of the
// heap's metadata that costs more than the crossing itself; a *C.char
// points at bytes, which cannot hold pointers, so the check is left out.
// The Go callers pass only []byte and string memory. For the same reason
// handles to C memory cross as integers (sockArg).
//
// No helper keeps a Go pointer after it returns or calls back into Go:
// every one is declared noescape (Go memory it is given may stay on the
// caller's stack) and nocallback.

/*
#cgo pkg-config: libzmq
#cgo noescape zgo_ctx_new
#cgo nocallback zgo_ctx_new
#cgo noescape zgo_ctx_term
#cgo nocallback zgo_ctx_term
#cgo noescape zgo_ctx_shutdown
#cgo nocallback zgo_ctx_shutdown
#cgo noescape zgo_ctx_set
#cgo nocallback zgo_ctx_set
#cgo noescape zgo_ctx_get
#cgo nocallback zgo_ctx_get
#cgo noescape zgo_socket_new
#cgo nocallback zgo_socket_new
#cgo noescape zgo_socket_close
#cgo nocallback zgo_socket_close
#cgo noescape zgo_socket_close_linger
#cgo nocallback zgo_socket_close_linger
#cgo noescape zgo_endpoint
#cgo nocallback zgo_endpoint
#cgo noescape zgo_send
#cgo nocallback zgo_send
#cgo noescape zgo_recv
#cgo nocallback zgo_recv
#cgo noescape zgo_recv_hold
#cgo nocallback zgo_recv_hold
#cgo noescape zgo_release
#cgo nocallback zgo_release
#cgo noescape zgo_events
#cgo nocallback zgo_events
#cgo noescape zgo_fd
#cgo nocallback zgo_fd
#cgo noescape zgo_setsockopt
#cgo nocallback zgo_setsockopt
#cgo noescape zgo_getsockopt
#cgo nocallback zgo_getsockopt
#cgo noescape zgo_send_frames
#cgo nocallback zgo_send_frames
#cgo noescape zgo_recv_frames
#cgo nocallback zgo_recv_frames
#cgo noescape zgo_free_frames
#cgo nocallback zgo_free_frames
#cgo noescape zgo_msg_new
#cgo nocallback zgo_msg_new
#cgo noescape zgo_msg_free
#cgo nocallback zgo_msg_free
#cgo noescape zgo_msg_send
#cgo nocallback zgo_msg_send
#cgo noescape zgo_msg_recv
#cgo nocallback zgo_msg_recv
#cgo noescape zgo_msg_copy
#cgo nocallback zgo_msg_copy
#cgo noescape zgo_msg_move
#cgo nocallback zgo_msg_move
#cgo noescape zgo_msg_gets
#cgo nocallback zgo_msg_gets
#cgo noescape zgo_poll
#cgo nocallback zgo_poll
#cgo noescape zgo_has
#cgo nocallback zgo_has
#cgo noescape zgo_nop
#cgo nocallback zgo_nop
#cgo noescape zgo_proxy
#cgo nocallback zgo_proxy

#include <zmq.h>
#include <stdint.h>
#include <errno.h>
#include "zmq_proxy.h"
#include <stdlib.h>
#include <string.h>

// zgo_msg is the C side of a Msg: the message and, cached after every
// change, its data pointer, size and MORE flag, which Go reads without a
// crossing.
typedef struct {
	zmq_msg_t msg;
	void *data;
	size_t size;
	int more;
} zgo_msg;

// ZGO_FRAMES is how many frames one zgo_recv_frames call may take.
#define ZGO_FRAMES 64

// zgo_socket is the C side of a Socket. The message a receive without a
// caller-supplied buffer lands in lives here, in C memory, so that small
// (inline, VSM) messages never sit on a movable goroutine stack.
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

static inline int zgo_err(void) { return -zmq_errno(); }

static void *zgo_ctx_new(void) { return zmq_ctx_new(); }

static int zgo_ctx_term(void *ctx) {
	return zmq_ctx_term(ctx) == 0 ? 0 : zgo_err();
}

static int zgo_ctx_shutdown(void *ctx) {
	return zmq_ctx_shutdown(ctx) == 0 ? 0 : zgo_err();
}

static int zgo_ctx_set(void *ctx, int opt, int val) {
	return zmq_ctx_set(ctx, opt, val) == 0 ? 0 : zgo_err();
}

static int zgo_ctx_get(void *ctx, int opt, int *val) {
	// -1 is also a value (THREAD_SCHED_POLICY's default): only errno
	// tells an error apart.
	errno = 0;
	int rc = zmq_ctx_get(ctx, opt);
	if (rc == -1 && errno != 0) return zgo_err();
	*val = rc;
	return 0;
}

static zgo_socket *zgo_socket_new(void *ctx, int type, int *err) {
	zgo_socket *s = calloc(1, sizeof *s);
	if (s == NULL) { *err = -ENOMEM; return NULL; }
	s->sock = zmq_socket(ctx, type);
	if (s->sock == NULL) { *err = zgo_err(); free(s); return NULL; }
	zmq_msg_init(&s->msg);
	return s;
}

static void zgo_release_frames(zgo_socket *s);

static int zgo_socket_close(zgo_socket *s) {
	zmq_msg_close(&s->msg);
	if (s->frames != NULL) {
		zgo_release_frames(s);
		free(s->frames);
	}
	int rc = zmq_close(s->sock) == 0 ? 0 : zgo_err();
	free(s);
	return rc;
}

static int zgo_socket_close_linger(zgo_socket *s, int linger) {
	zmq_setsockopt(s->sock, ZMQ_LINGER, &linger, sizeof linger);
	return zgo_socket_close(s);
}

// zgo_endpoint binds, connects, unbinds or disconnects. libzmq first
// processes the socket's pending commands, which a signal can interrupt
// (EINTR): that is retried, as in every helper below that may meet it.
static int zgo_endpoint(zgo_socket *s, int op, const char *ep) {
	int rc;
	do {
		switch (op) {
		case 0: rc = zmq_bind(s->sock, ep); break;
		case 1: rc = zmq_connect(s->sock, ep); break;
		case 2: rc = zmq_unbind(s->sock, ep); break;
		default: rc = zmq_disconnect(s->sock, ep); break;
		}
	} while (rc != 0 && zmq_errno() == EINTR);
	return rc == 0 ? 0 : zgo_err();
}

// The data path's helpers are void and give their result through res: a
// C function that returns a value costs its cgo wrapper two more calls
// (_cgo_topofstack), for callbacks these functions never make.

// zgo_send sends one frame from buf. Go passes ZMQ_DONTWAIT (it waits in
// its netpoller, not here); a signal that interrupts libzmq is retried.
static void zgo_send(uintptr_t sh, const char *buf, size_t len, int flags, int *res) {
	zgo_socket *s = (zgo_socket *)sh;
	int rc;
	while ((rc = zmq_send(s->sock, buf, len, flags)) < 0 && zmq_errno() == EINTR)
		;
	*res = rc < 0 ? zgo_err() : rc;
}

// zgo_recv receives one frame, copies it into buf (truncated to len) and
// returns its full size; its MORE flag goes to s->more. Like zgo_send it
// never waits and retries EINTR. The message is released before the call
// returns: the caller has its copy, and a large message is freed now
// rather than at the next receive.
static void zgo_recv(uintptr_t sh, char *buf, size_t len, int flags, int *res) {
	zgo_socket *s = (zgo_socket *)sh;
	int rc;
	while ((rc = zmq_msg_recv(&s->msg, s->sock, flags)) < 0 && zmq_errno() == EINTR)
		;
	if (rc < 0) {
		*res = zgo_err();
		return;
	}
	size_t n = zmq_msg_size(&s->msg);
	s->more = zmq_msg_more(&s->msg);
	if (n > 0 && len > 0) memcpy(buf, zmq_msg_data(&s->msg), n < len ? n : len);
	zmq_msg_close(&s->msg);
	zmq_msg_init(&s->msg);
	*res = rc;
}

// zgo_recv_hold receives into the socket's own message and leaves it there,
// with data, size and more filled in, for Go to copy out. The message is
// released by the next receive, by zgo_release, or by close.
static void zgo_recv_hold(uintptr_t sh, int flags, int *res) {
	zgo_socket *s = (zgo_socket *)sh;
	int rc;
	while ((rc = zmq_msg_recv(&s->msg, s->sock, flags)) < 0 && zmq_errno() == EINTR)
		;
	if (rc < 0) {
		*res = zgo_err();
		return;
	}
	s->data = zmq_msg_data(&s->msg);
	s->size = zmq_msg_size(&s->msg);
	s->more = zmq_msg_more(&s->msg);
	*res = rc;
}

static void zgo_release(uintptr_t sh) {
	zgo_socket *s = (zgo_socket *)sh;
	zmq_msg_close(&s->msg);
	zmq_msg_init(&s->msg);
	s->data = NULL;
	s->size = 0;
}

// zgo_events is ZMQ_EVENTS: what the socket can do now, or -errno (ETERM
// once the context is shut down). Reading it processes the commands that
// made ZMQ_FD readable.
static void zgo_events(uintptr_t sh, int *res) {
	zgo_socket *s = (zgo_socket *)sh;
	int ev, rc;
	size_t len = sizeof ev;
	while ((rc = zmq_getsockopt(s->sock, ZMQ_EVENTS, &ev, &len)) != 0 && zmq_errno() == EINTR)
		;
	*res = rc == 0 ? ev : zgo_err();
}

// zgo_fd is ZMQ_FD: the file descriptor that becomes readable when the
// socket's ZMQ_EVENTS may have changed, or -errno.
static int zgo_fd(uintptr_t sh) {
	zgo_socket *s = (zgo_socket *)sh;
	int fd;
	size_t len = sizeof fd;
	return zmq_getsockopt(s->sock, ZMQ_FD, &fd, &len) == 0 ? fd : zgo_err();
}

static int zgo_setsockopt(uintptr_t sh, int opt, const char *val, size_t len) {
	zgo_socket *s = (zgo_socket *)sh;
	return zmq_setsockopt(s->sock, opt, val, len) == 0 ? 0 : zgo_err();
}

static int zgo_getsockopt(uintptr_t sh, int opt, char *val, size_t *len) {
	zgo_socket *s = (zgo_socket *)sh;
	size_t size = *len;
	int rc;
	while ((rc = zmq_getsockopt(s->sock, opt, val, len)) != 0 && zmq_errno() == EINTR)
		*len = size;
	return rc == 0 ? 0 : zgo_err();
}

static void zgo_msg_cache(zgo_msg *m) {
	m->data = zmq_msg_data(&m->msg);
	m->size = zmq_msg_size(&m->msg);
	m->more = zmq_msg_more(&m->msg);
}

// zgo_send_frames sends n frames packed end to end in data, frame i being
// lens[i] bytes, each with flags, and SNDMORE added to the first
// more_until of them: 0 sends a batch of whole messages, n-1 a whole
// multipart message. It returns how many frames libzmq took, or -errno
// when it took none; a failure after the first frame stops the call and
// is left in stop_err. EINTR is retried.
static int zgo_send_frames_n(zgo_socket *s, const char *data, const size_t *lens, int n, int flags, int more_until) {
	s->stop_err = 0;
	for (int i = 0; i < n;) {
		if (zmq_send(s->sock, data, lens[i], i < more_until ? flags | ZMQ_SNDMORE : flags) < 0) {
			if (zmq_errno() == EINTR) continue;
			if (i == 0) return zgo_err();
			s->stop_err = zgo_err();
			return i;
		}
		data += lens[i];
		i++;
	}
	return n;
}

static void zgo_send_frames(uintptr_t sh, const char *data, const size_t *lens, int n, int flags, int more_until, int *res) {
	*res = zgo_send_frames_n((zgo_socket *)sh, data, lens, n, flags, more_until);
}

// zgo_recv_frames receives up to max (<= ZGO_FRAMES) frames into the
// socket's frames and leaves them there for Go to copy out; the next call,
// zgo_release_frames or close releases them. The first receive is made
// with flags. Mode 0 (a batch) then takes only what is already queued and
// stops after a frame that has MORE set, so that a batch never ends inside
// a message except on its last frame; mode 1 (one multipart message) stops
// after the frame without MORE. It returns the number of frames, or -errno
// when there was none; a failure after the first frame is left in stop_err
// (mode 0's EAGAIN, "nothing more queued", is not a failure). A signal can
// interrupt libzmq's mailbox poll in any receive: EINTR is retried, which
// after the first frame is the only way not to drop the frames taken.
static int zgo_recv_frames_n(zgo_socket *s, int max, int flags, int mode) {
	if (s->frames == NULL) {
		s->frames = malloc(ZGO_FRAMES * sizeof *s->frames);
		if (s->frames == NULL) return -ENOMEM;
		for (int i = 0; i < ZGO_FRAMES; i++) zmq_msg_init(&s->frames[i].msg);
	}
	s->stop_err = 0;
	int n = 0, first_err = 0;
	while (n < max) {
		zgo_msg *m = &s->frames[n];
		// zmq_msg_recv releases what m held before.
		if (zmq_msg_recv(&m->msg, s->sock, flags) < 0) {
			int err = zgo_err();
			if (err == -EINTR) continue;
			if (n == 0) first_err = err;
			else if (!(mode == 0 && err == -EAGAIN)) s->stop_err = err;
			break;
		}
		zgo_msg_cache(m);
		n++;
		if (mode == 0 ? m->more : !m->more) break;
		// In mode 1 the rest of the message is already queued (libzmq
		// delivers whole messages); in mode 0 only what is queued is taken.
		if (mode == 0) flags |= ZMQ_DONTWAIT;
	}
	// Frames the previous call filled beyond this one's are released now.
	for (int i = n; i < s->nframes; i++) {
		zmq_msg_close(&s->frames[i].msg);
		zmq_msg_init(&s->frames[i].msg);
	}
	s->nframes = n;
	if (n > 0) s->more = s->frames[n - 1].more;
	return n == 0 ? first_err : n;
}

static void zgo_recv_frames(uintptr_t sh, int max, int flags, int mode, int *res) {
	*res = zgo_recv_frames_n((zgo_socket *)sh, max, flags, mode);
}

static void zgo_release_frames(zgo_socket *s) {
	for (int i = 0; i < s->nframes; i++) {
		zmq_msg_close(&s->frames[i].msg);
		zmq_msg_init(&s->frames[i].msg);
	}
	s->nframes = 0;
}

static void zgo_free_frames(uintptr_t sh) { zgo_release_frames((zgo_socket *)sh); }

static zgo_msg *zgo_msg_new(size_t size, int *err) {
	zgo_msg *m = malloc(sizeof *m);
	if (m == NULL) { *err = -ENOMEM; return NULL; }
	if (zmq_msg_init_size(&m->msg, size) != 0) { *err = zgo_err(); free(m); return NULL; }
	zgo_msg_cache(m);
	return m;
}

static void zgo_msg_free(zgo_msg *m) {
	zmq_msg_close(&m->msg);
	free(m);
}

// zgo_msg_send and zgo_msg_recv are zgo_send and zgo_recv for a Msg.
static void zgo_msg_send(uintptr_t mh, uintptr_t sh, int flags, int *res) {
	zgo_msg *m = (zgo_msg *)mh;
	zgo_socket *s = (zgo_socket *)sh;
	int rc;
	while ((rc = zmq_msg_send(&m->msg, s->sock, flags)) < 0 && zmq_errno() == EINTR)
		;
	if (rc < 0) {
		*res = zgo_err();
		return;
	}
	zgo_msg_cache(m); // libzmq leaves an empty message behind
	*res = rc;
}

static void zgo_msg_recv(uintptr_t mh, uintptr_t sh, int flags, int *res) {
	zgo_msg *m = (zgo_msg *)mh;
	zgo_socket *s = (zgo_socket *)sh;
	int rc;
	while ((rc = zmq_msg_recv(&m->msg, s->sock, flags)) < 0 && zmq_errno() == EINTR)
		;
	if (rc < 0) {
		*res = zgo_err();
		return;
	}
	zgo_msg_cache(m);
	s->more = m->more;
	*res = rc;
}
static int zgo_msg_copy(zgo_msg *dst, zgo_msg *src) {
	if (zmq_msg_copy(&dst->msg, &src->msg) != 0) return zgo_err();
	zgo_msg_cache(dst);
	return 0;
}

static int zgo_msg_move(zgo_msg *dst, zgo_msg *src) {
	if (zmq_msg_move(&dst->msg, &src->msg) != 0) return zgo_err();
	zgo_msg_cache(dst);
	zgo_msg_cache(src);
	return 0;
}

static const char *zgo_msg_gets(zgo_msg *m, const char *prop, int *err) {
	const char *v = zmq_msg_gets(&m->msg, prop);
	if (v == NULL) *err = zgo_err();
	return v;
}

static int zgo_poll(zmq_pollitem_t *items, int n, long timeout_ms) {
	int rc = zmq_poll(items, n, timeout_ms);
	return rc >= 0 ? rc : zgo_err();
}

static int zgo_has(const char *capability) { return zmq_has(capability); }

// zgo_nop does nothing: BenchmarkCrossing measures what one crossing costs.
static int zgo_nop(int x) { return x; }
*/
import "C"

import (
	"unsafe"
)

// zmqVersion is zmq_version: the libzmq the process runs with.
func zmqVersion() (major, minor, patch int) {
	var a, b, c C.int
	C.zmq_version(&a, &b, &c)
	return int(a), int(b), int(c)
}

// zmqHas is zmq_has. capability must not contain NUL.
func zmqHas(capability string) bool {
	cs := C.CString(capability)
	defer C.free(unsafe.Pointer(cs))
	return C.zgo_has(cs) != 0
}

// cgoNop crosses into C and back, doing nothing there.
func cgoNop(x int) int { return int(C.zgo_nop(C.int(x))) }

// zmqStrerror is zmq_strerror: libzmq's text for its own and POSIX errnos.
func zmqStrerror(errno int) string {
	return C.GoString(C.zmq_strerror(C.int(errno)))
}

// Context calls. A context handle is the void* zmq_ctx_new returned.

func zmqCtxNew() unsafe.Pointer { return C.zgo_ctx_new() }

func zmqCtxTerm(ctx unsafe.Pointer) int { return int(C.zgo_ctx_term(ctx)) }

func zmqCtxShutdown(ctx unsafe.Pointer) int { return int(C.zgo_ctx_shutdown(ctx)) }

func zmqCtxSet(ctx unsafe.Pointer, opt, val int) int {
	return int(C.zgo_ctx_set(ctx, C.int(opt), C.int(val)))
}

func zmqCtxGet(ctx unsafe.Pointer, opt int) (int, int) {
	var v C.int
	rc := C.zgo_ctx_get(ctx, C.int(opt), &v)
	return int(v), int(rc)
}

// Socket calls. A socket handle is a *zgo_socket in C memory; rc < 0 is
// -errno.

// sockArg passes a handle to C memory (a *zgo_socket or *zgo_msg) as an
// integer. cgo checks at run time every argument whose type points at
// memory that may hold pointers, C memory too; on the data path that
// check cost 15 ns a call here. The memory is C's: the GC does not track
// it, so nothing is lost.
func sockArg(h unsafe.Pointer) C.uintptr_t { return C.uintptr_t(uintptr(h)) }

func zmqSocket(ctx unsafe.Pointer, typ int) (unsafe.Pointer, int) {
	var e C.int
	s := C.zgo_socket_new(ctx, C.int(typ), &e)
	return unsafe.Pointer(s), int(e)
}

func zmqClose(s unsafe.Pointer) int { return int(C.zgo_socket_close((*C.zgo_socket)(s))) }

// zmqCloseLinger sets LINGER and closes in one crossing.
func zmqCloseLinger(s unsafe.Pointer, linger int) int {
	return int(C.zgo_socket_close_linger((*C.zgo_socket)(s), C.int(linger)))
}

// Endpoint operations for zmqEndpoint.
const (
	epBind = iota
	epConnect
	epUnbind
	epDisconnect
)

// zmqEndpoint binds, connects, unbinds or disconnects. endpoint must not
// contain NUL.
func zmqEndpoint(s unsafe.Pointer, op int, endpoint string) int {
	cs := C.CString(endpoint)
	rc := C.zgo_endpoint((*C.zgo_socket)(s), C.int(op), cs)
	C.free(unsafe.Pointer(cs))
	return int(rc)
}

// zmqSend sends n bytes at p (Go or C memory; libzmq copies them before
// the call returns) as one frame: the frame's size, or -errno.
func zmqSend(s, p unsafe.Pointer, n, flags int) int {
	var rc C.int
	C.zgo_send(sockArg(s), (*C.char)(p), C.size_t(n), C.int(flags), &rc)
	return int(rc)
}

// zmqRecv receives one frame into the n bytes at p, truncating, and
// returns its full size, or -errno; its MORE flag is read with lastMore.
func zmqRecv(s, p unsafe.Pointer, n, flags int) int {
	var rc C.int
	C.zgo_recv(sockArg(s), (*C.char)(p), C.size_t(n), C.int(flags), &rc)
	return int(rc)
}

// zmqMsgSend is zmq_msg_send of the message m.
func zmqMsgSend(s, m unsafe.Pointer, flags int) int {
	var rc C.int
	C.zgo_msg_send(sockArg(m), sockArg(s), C.int(flags), &rc)
	return int(rc)
}

// zmqMsgRecv is zmq_msg_recv into the message m.
func zmqMsgRecv(s, m unsafe.Pointer, flags int) int {
	var rc C.int
	C.zgo_msg_recv(sockArg(m), sockArg(s), C.int(flags), &rc)
	return int(rc)
}

// lastMore is the MORE flag of the last frame a receive took on the
// socket (ZMQ_RCVMORE), read from C memory without a crossing.
func lastMore(s unsafe.Pointer) bool { return (*C.zgo_socket)(s).more != 0 }

// zmqRecvHold receives one frame into the socket's own message; read it
// with heldFrame until the next receive or zmqRelease.
func zmqRecvHold(s unsafe.Pointer, flags int) int {
	var rc C.int
	C.zgo_recv_hold(sockArg(s), C.int(flags), &rc)
	return int(rc)
}

// heldFrame is a view of the frame zmqRecvHold left in the socket. No
// crossing: it reads fields of C memory.
func heldFrame(s unsafe.Pointer) []byte {
	cs := (*C.zgo_socket)(s)
	return unsafe.Slice((*byte)(cs.data), int(cs.size))
}

// zmqRelease frees the frame held in the socket.
func zmqRelease(s unsafe.Pointer) { C.zgo_release(sockArg(s)) }

// maxFrames is how many frames one zmqRecvFrames call may take.
const maxFrames = C.ZGO_FRAMES

// Modes of zmqRecvFrames.
const (
	framesBatch   = 0 // each frame a whole message
	framesMessage = 1 // the frames of one multipart message
)

// zmqSendFrames sends len(lens) frames packed end to end in data (Go
// memory holding no pointers; libzmq copies it before the call returns)
// in one crossing, the first moreUntil of them with SNDMORE added. It
// returns how many frames were sent, or -errno when none was; a later
// failure is read with stopErr.
func zmqSendFrames(s unsafe.Pointer, data []byte, lens []uintptr, flags, moreUntil int) int {
	// size_t and uintptr have the same size on every platform Go runs on.
	var rc C.int
	C.zgo_send_frames(sockArg(s), (*C.char)(unsafe.Pointer(unsafe.SliceData(data))),
		(*C.size_t)(unsafe.Pointer(unsafe.SliceData(lens))), C.int(len(lens)), C.int(flags), C.int(moreUntil), &rc)
	return int(rc)
}

// zmqRecvFrames receives up to max (<= maxFrames) frames into the socket's
// frame array in one crossing; read them with heldFrameAt until the next
// receive of frames or zmqReleaseFrames. It returns the number of frames
// or -errno; a failure after the first frame is read with stopErr.
func zmqRecvFrames(s unsafe.Pointer, max, flags, mode int) int {
	var rc C.int
	C.zgo_recv_frames(sockArg(s), C.int(max), C.int(flags), C.int(mode), &rc)
	return int(rc)
}

// heldFrameAt is a view of frame i of those zmqRecvFrames left in the
// socket. No crossing.
func heldFrameAt(s unsafe.Pointer, i int) []byte {
	m := (*C.zgo_msg)(unsafe.Add(unsafe.Pointer((*C.zgo_socket)(s).frames), uintptr(i)*C.sizeof_zgo_msg))
	return unsafe.Slice((*byte)(m.data), int(m.size))
}

// zmqReleaseFrames frees the frames held in the socket.
func zmqReleaseFrames(s unsafe.Pointer) { C.zgo_free_frames(sockArg(s)) }

// stopErr is the -errno that ended the last zmqSendFrames or zmqRecvFrames
// call after its first frame, or 0. No crossing.
func stopErr(s unsafe.Pointer) int { return int((*C.zgo_socket)(s).stop_err) }

// pollItems is a zmq_pollitem_t array. It lives in Go memory: it holds
// only C pointers (libzmq sockets), which cgo allows.
type pollItems []C.zmq_pollitem_t

// grow appends an item that watches nothing.
func (p *pollItems) grow() { *p = append(*p, C.zmq_pollitem_t{fd: -1}) }

// set changes what item i watches; events 0 and fd -1 with no socket
// make poll() skip it.
func (p pollItems) set(i int, s unsafe.Pointer, fd int, events int) {
	var raw unsafe.Pointer
	if s != nil {
		raw = (*C.zgo_socket)(s).sock
	}
	p[i] = C.zmq_pollitem_t{socket: raw, fd: C.int(fd), events: C.short(events)}
}

func (p pollItems) revents(i int) int { return int(p[i].revents) }

// zmqPoll is zmq_poll over items.
func zmqPoll(p pollItems, timeoutMS int) int {
	if len(p) == 0 {
		return int(C.zgo_poll(nil, 0, C.long(timeoutMS)))
	}
	return int(C.zgo_poll(&p[0], C.int(len(p)), C.long(timeoutMS)))
}

// How a proxy answers on its control socket (zmq_proxy.h).
const (
	controlMute = C.ZGO_CONTROL_MUTE
	controlSend = C.ZGO_CONTROL_SEND
	controlRep  = C.ZGO_CONTROL_REP
)

// zmqProxy runs the proxy loop of zmq_proxy.c until TERMINATE (0) or an
// error (-errno). capture and control may be nil.
func zmqProxy(frontend, backend, capture, control unsafe.Pointer, controlKind int) int {
	raw := func(s unsafe.Pointer) unsafe.Pointer {
		if s == nil {
			return nil
		}
		return (*C.zgo_socket)(s).sock
	}
	return int(C.zgo_proxy(raw(frontend), raw(backend), raw(capture), raw(control), C.int(controlKind)))
}

// zmqEvents is ZMQ_EVENTS (POLLIN, POLLOUT) or -errno.
func zmqEvents(s unsafe.Pointer) int {
	var rc C.int
	C.zgo_events(sockArg(s), &rc)
	return int(rc)
}

// zmqFD is ZMQ_FD or -errno.
func zmqFD(s unsafe.Pointer) int { return int(C.zgo_fd(sockArg(s))) }

func zmqSetsockopt(s unsafe.Pointer, opt int, p unsafe.Pointer, n int) int {
	return int(C.zgo_setsockopt(sockArg(s), C.int(opt), (*C.char)(p), C.size_t(n)))
}

// zmqGetsockopt reads an option into the n bytes at p and returns the
// length libzmq wrote.
func zmqGetsockopt(s unsafe.Pointer, opt int, p unsafe.Pointer, n int) (int, int) {
	size := C.size_t(n)
	rc := C.zgo_getsockopt(sockArg(s), C.int(opt), (*C.char)(p), &size)
	return int(size), int(rc)
}

// Message calls. A message handle is a *zgo_msg in C memory.

func zmqMsgNew(size int) (unsafe.Pointer, int) {
	var e C.int
	m := C.zgo_msg_new(C.size_t(size), &e)
	return unsafe.Pointer(m), int(e)
}

func zmqMsgFree(m unsafe.Pointer) { C.zgo_msg_free((*C.zgo_msg)(m)) }

// msgView reads the cached data, size and MORE flag of a message without
// crossing.
func msgView(m unsafe.Pointer) (data []byte, more bool) {
	cm := (*C.zgo_msg)(m)
	return unsafe.Slice((*byte)(cm.data), int(cm.size)), cm.more != 0
}

func zmqMsgCopy(dst, src unsafe.Pointer) int {
	return int(C.zgo_msg_copy((*C.zgo_msg)(dst), (*C.zgo_msg)(src)))
}

func zmqMsgMove(dst, src unsafe.Pointer) int {
	return int(C.zgo_msg_move((*C.zgo_msg)(dst), (*C.zgo_msg)(src)))
}

// zmqMsgGets is zmq_msg_gets. property must not contain NUL.
func zmqMsgGets(m unsafe.Pointer, property string) (string, int) {
	cs := C.CString(property)
	defer C.free(unsafe.Pointer(cs))
	var e C.int
	v := C.zgo_msg_gets((*C.zgo_msg)(m), cs, &e)
	if v == nil {
		return "", int(e)
	}
	return C.GoString(v), 0
}
