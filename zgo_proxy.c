// The proxy loop behind Device, Proxy and ProxySteerable.
//
// libzmq's zmq_proxy_steerable returns on EINTR, and Go's runtime signals
// its threads often: restarting it would forget a PAUSE and reset the
// statistics. This loop keeps its state across interrupted waits, so only
// a TERMINATE, an error or the end of the context ends it. It speaks the
// control protocol of zmq_proxy_steerable(3) (PAUSE, RESUME, TERMINATE,
// STATISTICS), and on a REP control socket it answers every command (an
// empty frame, or the statistics), so the REP socket's send/receive order
// holds and a controller knows when its command took effect.

#include <string.h>

#include "zgo.h"

// Statistics a steerable proxy reports, in zmq_proxy_steerable(3)'s order.
enum {
	FRONT_IN, FRONT_IN_BYTES, FRONT_OUT, FRONT_OUT_BYTES,
	BACK_IN, BACK_IN_BYTES, BACK_OUT, BACK_OUT_BYTES,
	NSTATS
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

// forward moves one whole message from one socket to the other, copying
// each frame to capture. Frames after the first are already queued
// (libzmq delivers whole messages), and the destination's HWM counts
// whole messages, so once the first frame has gone the rest cannot block:
// a message is never split or interleaved with another.
static int forward(void *from, void *to, void *capture, zmq_msg_t *msg,
                   uint64_t *in, uint64_t *out)
{
	for (int first = 1;; first = 0) {
		int rc;
		do
			rc = zmq_msg_recv(msg, from, ZMQ_DONTWAIT);
		while (zgo_retry(rc));
		if (rc < 0)
			return first && zmq_errno() == EAGAIN ? 0 : -1; // 0: readiness was stale
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
			// As libzmq's proxy counts: a multipart message is one
			// message, its bytes those of all its frames.
			in[0]++;
			out[0]++;
			return 0;
		}
	}
}

static int command_is(zmq_msg_t *msg, const char *name)
{
	size_t n = strlen(name);
	return zmq_msg_size(msg) == n && memcmp(zmq_msg_data(msg), name, n) == 0;
}

// reply answers a control command; stats is NULL for an empty reply.
static int reply(void *control, const uint64_t *stats)
{
	if (stats == NULL)
		return send_buf(control, "", 0, 0) < 0 ? -1 : 0;
	for (int i = 0; i < NSTATS; i++) {
		if (send_buf(control, &stats[i], sizeof stats[i], i < NSTATS - 1 ? ZMQ_SNDMORE : 0) < 0)
			return -1;
	}
	return 0;
}

// zgo_proxy returns 0 after TERMINATE, or -errno.
int zgo_proxy(void *frontend, void *backend, void *capture, void *control, int control_kind)
{
	uint64_t stats[NSTATS] = {0};
	zmq_pollitem_t items[3] = {
		{control, 0, ZMQ_POLLIN, 0},
		{frontend, 0, ZMQ_POLLIN, 0},
		{backend, 0, ZMQ_POLLIN, 0},
	};
	int paused = 0, rc = 0;
	zmq_msg_t msg;
	zmq_msg_init(&msg);
	for (;;) {
		// Paused, only the control socket is watched: a readable
		// frontend would otherwise wake the loop for ever.
		zmq_pollitem_t *watch = control != NULL ? items : items + 1;
		int n = paused ? 1 : (control != NULL ? 3 : 2);
		int ready = zmq_poll(watch, n, -1);
		if (ready < 0) {
			if (zgo_retry(ready))
				continue;
			rc = -zmq_errno();
			break;
		}
		if (control != NULL && (items[0].revents & ZMQ_POLLIN)) {
			int got = zmq_msg_recv(&msg, control, ZMQ_DONTWAIT);
			if (got < 0) {
				if (zgo_retry(got) || zmq_errno() == EAGAIN)
					continue;
				rc = -zmq_errno();
				break;
			}
			int terminate = 0, answered = 0;
			if (command_is(&msg, "PAUSE"))
				paused = 1;
			else if (command_is(&msg, "RESUME"))
				paused = 0;
			else if (command_is(&msg, "TERMINATE"))
				terminate = 1;
			else if (command_is(&msg, "STATISTICS") && control_kind != ZGO_CONTROL_MUTE) {
				if (reply(control, stats) < 0) {
					rc = -zmq_errno();
					break;
				}
				answered = 1;
			}
			while (zmq_msg_more(&msg)) { // ignore the rest of a multipart command
				int more;
				do
					more = zmq_msg_recv(&msg, control, ZMQ_DONTWAIT);
				while (zgo_retry(more));
				if (more < 0)
					break;
			}
			if (control_kind == ZGO_CONTROL_REP && !answered && reply(control, NULL) < 0) {
				rc = -zmq_errno();
				break;
			}
			if (terminate)
				break;
			continue; // poll again: the other revents may be stale
		}
		if ((items[1].revents & ZMQ_POLLIN) &&
		    forward(frontend, backend, capture, &msg, &stats[FRONT_IN], &stats[BACK_OUT]) < 0) {
			rc = -zmq_errno();
			break;
		}
		if ((items[2].revents & ZMQ_POLLIN) &&
		    forward(backend, frontend, capture, &msg, &stats[BACK_IN], &stats[FRONT_OUT]) < 0) {
			rc = -zmq_errno();
			break;
		}
	}
	zmq_msg_close(&msg);
	return rc;
}
