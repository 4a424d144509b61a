// The proxy behind Device, Proxy, ProxySteerable and ProxyContext, one
// step at a time.
//
// A step never waits: between steps Go parks the proxy's goroutine in its
// netpoller on the ZMQ_FDs of the proxy's sockets, so an idle proxy holds
// no OS thread and a context.Context can stop it. Its state (a PAUSE, the
// statistics) lives in zgo_proxy across steps, so neither a signal nor a
// wake-up forgets it. It speaks the control protocol of
// zmq_proxy_steerable(3) (PAUSE, RESUME, TERMINATE, STATISTICS), and on a
// REP control socket it answers every command (an empty frame, or the
// statistics), so the REP socket's send/receive order holds and a
// controller knows when its command took effect.
//
// ZMQ_FD is edge-triggered: it fires again only once libzmq has processed
// the commands that made it readable, and any call on a socket may process
// them (and change what the socket can do) without a new edge.

#include <string.h>

#include "zgo.h"

// Indexes of zgo_proxy.stats.
enum {
	FRONT_IN, FRONT_IN_BYTES, FRONT_OUT, FRONT_OUT_BYTES,
	BACK_IN, BACK_IN_BYTES, BACK_OUT, BACK_OUT_BYTES,
};

static int send_all(zmq_msg_t *msg, void *to, int flags)
{
	int rc;
	do
		rc = zmq_msg_send(msg, to, flags);
	while (zgo_retry(rc));
	return rc;
}

static int send_buf(void *to, const void *buf, size_t len, int flags)
{
	int rc;
	do
		rc = zmq_send(to, buf, len, flags);
	while (zgo_retry(rc));
	return rc;
}

static int recv_now(zmq_msg_t *msg, void *from)
{
	int rc;
	do
		rc = zmq_msg_recv(msg, from, ZMQ_DONTWAIT);
	while (zgo_retry(rc));
	return rc;
}

// events is ZMQ_EVENTS, or -1 with errno set (ETERM once the context is
// shut down).
static int events(void *s)
{
	int ev, rc;
	size_t len = sizeof ev;
	do
		rc = zmq_getsockopt(s, ZMQ_EVENTS, &ev, &len);
	while (zgo_retry(rc));
	return rc < 0 ? -1 : ev;
}

// room reports whether a whole message can go to to, and its copy to the
// capture socket, without waiting: 1 or 0, or -1 with errno set. libzmq
// counts its high-water mark in whole messages, so once a message's first
// frame has gone the others never wait: the blocking sends of pass finish
// at once.
static int room(zgo_proxy *p, void *to)
{
	int ev = events(to);
	if (ev <= 0)
		return ev;
	if (!(ev & ZMQ_POLLOUT))
		return 0;
	if (!p->capture_waits)
		return 1;
	ev = events((void *)p->capture);
	return ev < 0 ? -1 : (ev & ZMQ_POLLOUT) != 0;
}

// pass sends on the message whose first frame is in msg, frame after
// frame, copying each to capture. Its other frames are already queued
// (libzmq delivers whole messages), so a message is never split or
// interleaved with another. As libzmq's proxy counts, a multipart message
// is one message, its bytes those of all its frames.
static int pass(void *from, void *to, void *capture, zmq_msg_t *msg, uint64_t *in, uint64_t *out)
{
	for (;;) {
		size_t size = zmq_msg_size(msg);
		int flags = zmq_msg_more(msg) ? ZMQ_SNDMORE : 0;
		in[1] += size;
		if (capture != NULL) {
			zmq_msg_t copy;
			zmq_msg_init(&copy);
			if (zmq_msg_copy(&copy, msg) != 0 || send_all(&copy, capture, flags) < 0) {
				zmq_msg_close(&copy);
				return -1;
			}
		}
		if (send_all(msg, to, flags) < 0)
			return -1;
		out[1] += size;
		if (flags == 0) {
			in[0]++;
			out[0]++;
			return 0;
		}
		if (recv_now(msg, from) < 0)
			return -1;
	}
}

// forward passes up to batch whole messages from from to to, taking one
// only when to has room for it; it returns how many, or -1 with errno set.
static int forward(zgo_proxy *p, void *from, void *to, zmq_msg_t *msg, uint64_t *in, uint64_t *out, int batch)
{
	int n = 0;
	for (; n < batch; n++) {
		int r = room(p, to);
		if (r <= 0)
			return r < 0 ? -1 : n;
		if (recv_now(msg, from) < 0)
			return zmq_errno() == EAGAIN ? n : -1;
		if (pass(from, to, (void *)p->capture, msg, in, out) < 0)
			return -1;
	}
	return n;
}

// reply answers a control command; stats is NULL for an empty reply.
static int reply(void *control, const uint64_t *stats)
{
	if (stats == NULL)
		return send_buf(control, "", 0, 0) < 0 ? -1 : 0;
	for (int i = 0; i < ZGO_PROXY_STATS; i++) {
		int more = i < ZGO_PROXY_STATS - 1 ? ZMQ_SNDMORE : 0;
		if (send_buf(control, &stats[i], sizeof stats[i], more) < 0)
			return -1;
	}
	return 0;
}

// Control commands.
enum { CMD_OTHER, CMD_PAUSE, CMD_RESUME, CMD_TERMINATE, CMD_STATISTICS };

static int command_is(zmq_msg_t *msg, const char *name)
{
	size_t n = strlen(name);
	return zmq_msg_size(msg) == n && memcmp(zmq_msg_data(msg), name, n) == 0;
}

static int command_of(zmq_msg_t *msg)
{
	if (command_is(msg, "PAUSE"))
		return CMD_PAUSE;
	if (command_is(msg, "RESUME"))
		return CMD_RESUME;
	if (command_is(msg, "TERMINATE"))
		return CMD_TERMINATE;
	if (command_is(msg, "STATISTICS"))
		return CMD_STATISTICS;
	return CMD_OTHER;
}

// command obeys one command waiting on the control socket: it returns 1,
// 0 if none was waiting, or -1 with errno set. The rest of a multipart
// command is ignored, and taken before the answer, which a REP socket
// refuses until the whole request has been read.
static int command(zgo_proxy *p, zmq_msg_t *msg, int *terminate)
{
	void *control = (void *)p->control;
	if (recv_now(msg, control) < 0)
		return zmq_errno() == EAGAIN ? 0 : -1;
	int cmd = command_of(msg);
	while (zmq_msg_more(msg) && recv_now(msg, control) >= 0)
		;
	switch (cmd) {
	case CMD_PAUSE:
		p->paused = 1;
		break;
	case CMD_RESUME:
		p->paused = 0;
		break;
	case CMD_TERMINATE:
		*terminate = 1;
		break;
	case CMD_STATISTICS:
		if (p->control_kind != ZGO_CONTROL_MUTE)
			return reply(control, p->stats) < 0 ? -1 : 1;
		break;
	}
	if (p->control_kind == ZGO_CONTROL_REP && reply(control, NULL) < 0)
		return -1;
	return 1;
}

// step obeys the commands waiting on the control socket, then reads what
// each socket can do (ZMQ_EVENTS) and passes messages accordingly. It
// reports ZGO_PROXY_IDLE only when those readings, its last calls on each
// socket, showed nothing to do: a step that called on after them may have
// processed commands whose edge is gone, so another step follows it.
static int step(zgo_proxy *p, int batch, zmq_msg_t *msg)
{
	void *front = (void *)p->frontend, *back = (void *)p->backend;
	int busy = 0;
	for (int i = 0; p->control != 0 && i < batch; i++) {
		int terminate = 0;
		int rc = command(p, msg, &terminate);
		if (rc < 0)
			return -zmq_errno();
		if (rc == 0)
			break;
		if (terminate)
			return ZGO_PROXY_DONE;
		busy = 1;
	}
	// Read while paused too: a context shut down must end the proxy,
	// whatever context the control socket is in.
	int fe = events(front);
	if (fe < 0)
		return -zmq_errno();
	int be = events(back);
	if (be < 0)
		return -zmq_errno();
	int ce = ZMQ_POLLOUT;
	if (p->capture_waits && (ce = events((void *)p->capture)) < 0)
		return -zmq_errno();
	int up = !p->paused && (fe & ZMQ_POLLIN) && (be & ZMQ_POLLOUT) && (ce & ZMQ_POLLOUT);
	int down = !p->paused && (be & ZMQ_POLLIN) && (fe & ZMQ_POLLOUT) && (ce & ZMQ_POLLOUT);
	if (up && forward(p, front, back, msg, &p->stats[FRONT_IN], &p->stats[BACK_OUT], batch) < 0)
		return -zmq_errno();
	if (down && forward(p, back, front, msg, &p->stats[BACK_IN], &p->stats[FRONT_OUT], batch) < 0)
		return -zmq_errno();
	return busy || up || down ? ZGO_PROXY_BUSY : ZGO_PROXY_IDLE;
}

void zgo_proxy_step(zgo_proxy *p, int batch, int *res)
{
	zmq_msg_t msg;
	zmq_msg_init(&msg);
	*res = step(p, batch, &msg);
	zmq_msg_close(&msg);
}
