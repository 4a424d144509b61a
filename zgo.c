// zgo.c: contexts, sockets, messages and the data path (see zgo.h).

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zgo.h"

static inline int zgo_err(void) { return -zmq_errno(); }

// zgo_bad_flags: libzmq ignores unknown bits, and Flag(99) includes
// SNDMORE, so a typo would leave a multipart message open.
static inline int zgo_bad_flags(int flags) { return (flags & ~(ZMQ_DONTWAIT | ZMQ_SNDMORE)) != 0; }

void *zgo_ctx_new(void) { return zmq_ctx_new(); }

// zmq_ctx_term(3): "It can be restarted" after EINTR.
int zgo_ctx_term(void *ctx)
{
	int rc;
	do
		rc = zmq_ctx_term(ctx);
	while (zgo_retry(rc));
	return rc == 0 ? 0 : zgo_err();
}

int zgo_ctx_shutdown(void *ctx) { return zmq_ctx_shutdown(ctx) == 0 ? 0 : zgo_err(); }

int zgo_ctx_set(void *ctx, int opt, int val) { return zmq_ctx_set(ctx, opt, val) == 0 ? 0 : zgo_err(); }

int zgo_ctx_get(void *ctx, int opt, int *val)
{
	// -1 is also a value (THREAD_SCHED_POLICY's default): only errno tells
	// an error apart.
	errno = 0;
	int rc = zmq_ctx_get(ctx, opt);
	if (rc == -1 && errno != 0)
		return zgo_err();
	*val = rc;
	return 0;
}

zgo_socket *zgo_socket_new(void *ctx, int type, int *err)
{
	zgo_socket *s = calloc(1, sizeof *s);
	if (s == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	s->sock = zmq_socket(ctx, type);
	if (s->sock == NULL) {
		*err = zgo_err();
		free(s);
		return NULL;
	}
	zmq_msg_init(&s->msg);
	return s;
}

static void release_frames(zgo_socket *s)
{
	for (int i = 0; i < s->nframes; i++) {
		zmq_msg_close(&s->frames[i].msg);
		zmq_msg_init(&s->frames[i].msg);
	}
	s->nframes = 0;
}

// zgo_socket_close sets LINGER first unless linger < -1.
int zgo_socket_close(zgo_socket *s, int linger)
{
	if (linger >= -1)
		zmq_setsockopt(s->sock, ZMQ_LINGER, &linger, sizeof linger);
	zmq_msg_close(&s->msg);
	if (s->frames != NULL) {
		release_frames(s);
		free(s->frames);
	}
	int rc = zmq_close(s->sock) == 0 ? 0 : zgo_err();
	free(s);
	return rc;
}

// zgo_endpoint binds (0), connects (1), unbinds (2) or disconnects (3).
// libzmq first processes the socket's pending commands, which a signal can
// interrupt.
int zgo_endpoint(zgo_socket *s, int op, const char *ep)
{
	int rc;
	do {
		switch (op) {
		case 0: rc = zmq_bind(s->sock, ep); break;
		case 1: rc = zmq_connect(s->sock, ep); break;
		case 2: rc = zmq_unbind(s->sock, ep); break;
		default: rc = zmq_disconnect(s->sock, ep); break;
		}
	} while (zgo_retry(rc));
	return rc == 0 ? 0 : zgo_err();
}

int zgo_setsockopt(uintptr_t sh, int opt, const char *val, size_t len)
{
	zgo_socket *s = (zgo_socket *)sh;
	return zmq_setsockopt(s->sock, opt, val, len) == 0 ? 0 : zgo_err();
}

int zgo_getsockopt(uintptr_t sh, int opt, char *val, size_t *len)
{
	zgo_socket *s = (zgo_socket *)sh;
	size_t size = *len;
	int rc;
	do {
		*len = size;
		rc = zmq_getsockopt(s->sock, opt, val, len);
	} while (zgo_retry(rc));
	return rc == 0 ? 0 : zgo_err();
}

// zgo_fd is ZMQ_FD: the descriptor that becomes readable when ZMQ_EVENTS
// may have changed.
int zgo_fd(uintptr_t sh)
{
	zgo_socket *s = (zgo_socket *)sh;
	int fd;
	size_t len = sizeof fd;
	return zmq_getsockopt(s->sock, ZMQ_FD, &fd, &len) == 0 ? fd : zgo_err();
}

// zgo_events is ZMQ_EVENTS, or -errno (ETERM once the context is shut
// down). Reading it processes the commands that made ZMQ_FD readable.
void zgo_events(uintptr_t sh, int *res)
{
	zgo_socket *s = (zgo_socket *)sh;
	int ev, rc;
	size_t len = sizeof ev;
	do
		rc = zmq_getsockopt(s->sock, ZMQ_EVENTS, &ev, &len);
	while (zgo_retry(rc));
	*res = rc == 0 ? ev : zgo_err();
}

// The calls of the data path, each refusing unknown flags, retried
// after a signal, and giving -errno on failure.

static int send_buf(void *sock, const char *buf, size_t len, int flags)
{
	if (zgo_bad_flags(flags))
		return -EINVAL;
	int rc;
	do
		rc = zmq_send(sock, buf, len, flags);
	while (zgo_retry(rc));
	return rc < 0 ? zgo_err() : rc;
}

// transfer_msg sends msg (sending) or receives into it.
static int transfer_msg(zmq_msg_t *msg, void *sock, int flags, int sending)
{
	if (zgo_bad_flags(flags))
		return -EINVAL;
	int rc;
	do
		rc = sending ? zmq_msg_send(msg, sock, flags) : zmq_msg_recv(msg, sock, flags);
	while (zgo_retry(rc));
	return rc < 0 ? zgo_err() : rc;
}

static void msg_cache(zgo_msg *m)
{
	m->data = zmq_msg_data(&m->msg);
	m->size = zmq_msg_size(&m->msg);
	m->more = zmq_msg_more(&m->msg);
}

void zgo_send(uintptr_t sh, const char *buf, size_t len, int flags, int *res)
{
	*res = send_buf(((zgo_socket *)sh)->sock, buf, len, flags);
}

// zgo_recv copies one frame into buf (truncated to len) and gives its full
// size; the MORE flag goes to s->more. The message is released at once: a
// large one is freed now rather than at the next receive.
void zgo_recv(uintptr_t sh, char *buf, size_t len, int flags, int *res)
{
	zgo_socket *s = (zgo_socket *)sh;
	int rc = transfer_msg(&s->msg, s->sock, flags, 0);
	if (rc >= 0) {
		size_t n = zmq_msg_size(&s->msg);
		s->more = zmq_msg_more(&s->msg);
		if (n > 0 && len > 0)
			memcpy(buf, zmq_msg_data(&s->msg), n < len ? n : len);
		zmq_msg_close(&s->msg);
		zmq_msg_init(&s->msg);
	}
	*res = rc;
}

// zgo_recv_hold receives into the socket's own message and leaves it there
// for Go to copy out, until the next receive, zgo_release or close.
void zgo_recv_hold(uintptr_t sh, int flags, int *res)
{
	zgo_socket *s = (zgo_socket *)sh;
	int rc = transfer_msg(&s->msg, s->sock, flags, 0);
	if (rc >= 0) {
		s->data = zmq_msg_data(&s->msg);
		s->size = zmq_msg_size(&s->msg);
		s->more = zmq_msg_more(&s->msg);
	}
	*res = rc;
}

void zgo_release(uintptr_t sh)
{
	zgo_socket *s = (zgo_socket *)sh;
	zmq_msg_close(&s->msg);
	zmq_msg_init(&s->msg);
	s->data = NULL;
	s->size = 0;
}

// zgo_send_frames sends n frames packed end to end in data, frame i being
// lens[i] bytes, with SNDMORE added to the first more_until of them (0: a
// batch of whole messages; n-1: one whole multipart message). It gives how
// many frames libzmq took, or -errno when it took none; a failure after the
// first frame ends the call and is left in stop_err.
void zgo_send_frames(uintptr_t sh, const char *data, const size_t *lens, int n, int flags, int more_until, int *res)
{
	zgo_socket *s = (zgo_socket *)sh;
	s->stop_err = 0;
	for (int i = 0; i < n; i++) {
		int rc = send_buf(s->sock, data, lens[i], i < more_until ? flags | ZMQ_SNDMORE : flags);
		if (rc < 0) {
			if (i > 0)
				s->stop_err = rc;
			*res = i > 0 ? i : rc;
			return;
		}
		data += lens[i];
	}
	*res = n;
}

// zgo_recv_frames receives up to max (<= ZGO_FRAMES) frames into
// s->frames and leaves them there for Go to copy out, until the next call,
// zgo_release_frames or close. Mode 0 (a batch) takes after the first only
// what is already queued, and stops after a frame that has MORE set, so a
// batch ends inside a message only on its last frame; mode 1 (one
// multipart message) stops after the frame without MORE. It gives the
// number of frames or -errno when there was none; a failure after the
// first frame is left in stop_err (mode 0's EAGAIN, "nothing more queued",
// is not a failure).
void zgo_recv_frames(uintptr_t sh, int max, int flags, int mode, int *res)
{
	zgo_socket *s = (zgo_socket *)sh;
	s->stop_err = 0;
	if (s->frames == NULL) {
		s->frames = malloc(ZGO_FRAMES * sizeof *s->frames);
		if (s->frames == NULL) {
			*res = -ENOMEM;
			return;
		}
		for (int i = 0; i < ZGO_FRAMES; i++)
			zmq_msg_init(&s->frames[i].msg);
	}
	int n = 0, first_err = 0;
	while (n < max) {
		zgo_msg *m = &s->frames[n];
		int rc = transfer_msg(&m->msg, s->sock, flags, 0); // releases what m held
		if (rc < 0) {
			if (n == 0)
				first_err = rc;
			else if (!(mode == 0 && rc == -EAGAIN))
				s->stop_err = rc;
			break;
		}
		msg_cache(m);
		n++;
		if (mode == 0 ? m->more : !m->more)
			break;
		// In mode 1 the rest of the message is already queued (libzmq
		// delivers whole messages); in mode 0 only what is queued is taken.
		if (mode == 0)
			flags |= ZMQ_DONTWAIT;
	}
	// Frames the previous call filled beyond this one's are released now.
	for (int i = n; i < s->nframes; i++) {
		zmq_msg_close(&s->frames[i].msg);
		zmq_msg_init(&s->frames[i].msg);
	}
	s->nframes = n;
	if (n > 0)
		s->more = s->frames[n - 1].more;
	*res = n == 0 ? first_err : n;
}

void zgo_release_frames(uintptr_t sh) { release_frames((zgo_socket *)sh); }

void zgo_msg_send(uintptr_t mh, uintptr_t sh, int flags, int *res)
{
	zgo_msg *m = (zgo_msg *)mh;
	int rc = transfer_msg(&m->msg, ((zgo_socket *)sh)->sock, flags, 1);
	if (rc >= 0)
		msg_cache(m); // libzmq leaves an empty message behind
	*res = rc;
}

void zgo_msg_recv(uintptr_t mh, uintptr_t sh, int flags, int *res)
{
	zgo_msg *m = (zgo_msg *)mh;
	zgo_socket *s = (zgo_socket *)sh;
	int rc = transfer_msg(&m->msg, s->sock, flags, 0);
	if (rc >= 0) {
		msg_cache(m);
		s->more = m->more;
	}
	*res = rc;
}

zgo_msg *zgo_msg_new(size_t size, int *err)
{
	zgo_msg *m = malloc(sizeof *m);
	if (m == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	if (zmq_msg_init_size(&m->msg, size) != 0) {
		*err = zgo_err();
		free(m);
		return NULL;
	}
	msg_cache(m);
	return m;
}

void zgo_msg_free(zgo_msg *m)
{
	zmq_msg_close(&m->msg);
	free(m);
}

int zgo_msg_copy(zgo_msg *dst, zgo_msg *src)
{
	if (zmq_msg_copy(&dst->msg, &src->msg) != 0)
		return zgo_err();
	msg_cache(dst);
	return 0;
}

int zgo_msg_move(zgo_msg *dst, zgo_msg *src)
{
	if (zmq_msg_move(&dst->msg, &src->msg) != 0)
		return zgo_err();
	msg_cache(dst);
	msg_cache(src);
	return 0;
}

const char *zgo_msg_gets(zgo_msg *m, const char *prop, int *err)
{
	const char *v = zmq_msg_gets(&m->msg, prop);
	if (v == NULL)
		*err = zgo_err();
	return v;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int zgo_poll(zmq_pollitem_t *items, int n, long timeout_ms, int retry)
{
	long deadline = timeout_ms > 0 ? now_ms() + timeout_ms : 0;
	for (;;) {
		int rc = zmq_poll(items, n, timeout_ms);
		if (rc >= 0)
			return rc;
		if (!retry || !zgo_retry(rc))
			return zgo_err();
		if (timeout_ms > 0) {
			timeout_ms = deadline - now_ms();
			if (timeout_ms <= 0)
				return 0;
		}
	}
}

// zgo_socket_monitor starts (endpoint) or stops (NULL) publishing the
// socket's events on a PAIR endpoint.
int zgo_socket_monitor(uintptr_t sh, const char *endpoint, int events)
{
	zgo_socket *s = (zgo_socket *)sh;
	return zmq_socket_monitor(s->sock, endpoint, events) == 0 ? 0 : zgo_err();
}

// zgo_curve_keypair and zgo_curve_public give keys as libzmq's Z85 text:
// 40 characters and a NUL.
int zgo_curve_keypair(char *public_key, char *secret_key)
{
	return zmq_curve_keypair(public_key, secret_key) == 0 ? 0 : zgo_err();
}

int zgo_curve_public(char *public_key, const char *secret_key)
{
	return zmq_curve_public(public_key, secret_key) == 0 ? 0 : zgo_err();
}
