#ifndef ZGO_PROXY_H
#define ZGO_PROXY_H

#include <stdint.h>

// Statistics a steerable proxy reports, in zmq_proxy_steerable(3)'s order.
enum {
	ZGO_FRONT_IN, ZGO_FRONT_IN_BYTES, ZGO_FRONT_OUT, ZGO_FRONT_OUT_BYTES,
	ZGO_BACK_IN, ZGO_BACK_IN_BYTES, ZGO_BACK_OUT, ZGO_BACK_OUT_BYTES,
	ZGO_STATS
};

// How the proxy may answer on its control socket.
enum {
	ZGO_CONTROL_MUTE, // cannot send (SUB): commands are obeyed, never answered
	ZGO_CONTROL_SEND, // may send (PAIR...): only STATISTICS is answered
	ZGO_CONTROL_REP,  // must answer every command, as REP requires
};

int zgo_proxy(void *frontend, void *backend, void *capture, void *control, int control_kind);

#endif
