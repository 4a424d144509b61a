//go:build cgo

package zmq

// This is the only Go file that imports "C": thin wrappers over the
// helpers of zgo.c and zgo_proxy.c, which hand Go plain integers and
// unsafe.Pointers. A negative result is -errno of the call that failed.
//
// Every call is an ordinary cgo call, so while C runs the goroutine's P
// serves other goroutines and a garbage collection never waits for it.
// The helpers fold into one crossing what a caller needs next (the size,
// the data pointer and the MORE flag of a received frame come back
// together), never block (the data path passes ZMQ_DONTWAIT and waits in
// Go's netpoller) and retry EINTR themselves.
//
// No helper calls back into Go (nocallback), and all but
// zgo_msg_new_data, whose data libzmq keeps (pinned), are noescape.

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
#cgo noescape zgo_endpoint
#cgo nocallback zgo_endpoint
#cgo noescape zgo_setsockopt
#cgo nocallback zgo_setsockopt
#cgo noescape zgo_getsockopt
#cgo nocallback zgo_getsockopt
#cgo noescape zgo_fd
#cgo nocallback zgo_fd
#cgo noescape zgo_events
#cgo nocallback zgo_events
#cgo noescape zgo_send
#cgo nocallback zgo_send
#cgo noescape zgo_recv
#cgo nocallback zgo_recv
#cgo noescape zgo_recv_hold
#cgo nocallback zgo_recv_hold
#cgo noescape zgo_release
#cgo nocallback zgo_release
#cgo noescape zgo_send_frames
#cgo nocallback zgo_send_frames
#cgo noescape zgo_recv_frames
#cgo nocallback zgo_recv_frames
#cgo noescape zgo_release_frames
#cgo nocallback zgo_release_frames
#cgo noescape zgo_msg_send
#cgo nocallback zgo_msg_send
#cgo noescape zgo_msg_recv
#cgo nocallback zgo_msg_recv
#cgo noescape zgo_msg_new
#cgo nocallback zgo_msg_new
#cgo noescape zgo_msg_free
#cgo nocallback zgo_msg_free
#cgo noescape zgo_msg_copy
#cgo nocallback zgo_msg_copy
#cgo noescape zgo_msg_move
#cgo nocallback zgo_msg_move
#cgo noescape zgo_msg_gets
#cgo nocallback zgo_msg_gets
#cgo nocallback zgo_msg_new_data
#cgo noescape zgo_data_drain
#cgo nocallback zgo_data_drain
#cgo noescape zgo_poll
#cgo nocallback zgo_poll
#cgo noescape zgo_proxy_step
#cgo nocallback zgo_proxy_step
#cgo noescape zgo_socket_monitor
#cgo nocallback zgo_socket_monitor
#cgo noescape zgo_curve_keypair
#cgo nocallback zgo_curve_keypair
#cgo noescape zgo_curve_public
#cgo nocallback zgo_curve_public
#cgo noescape zmq_version
#cgo nocallback zmq_version
#cgo noescape zmq_strerror
#cgo nocallback zmq_strerror
#cgo noescape zmq_has
#cgo nocallback zmq_has
#include <stdlib.h>
#include "zgo.h"
*/
import "C"

import "unsafe"

// cHandle passes a handle to C memory (a *zgo_socket or *zgo_msg) as an
// integer, which cgo does not inspect; the memory is C's, so the GC loses
// nothing by not seeing the pointer.
func cHandle(h unsafe.Pointer) C.uintptr_t { return C.uintptr_t(uintptr(h)) }

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
	return C.zmq_has(cs) != 0
}

// zmqStrerror is libzmq's text for its own and POSIX errnos.
func zmqStrerror(errno int) string { return C.GoString(C.zmq_strerror(C.int(errno))) }

// Contexts. A context handle is the void* zmq_ctx_new returned.

func zmqCtxNew() unsafe.Pointer { return C.zgo_ctx_new() }

func zmqCtxTerm(ctx unsafe.Pointer) int { return int(C.zgo_ctx_term(ctx)) }

func zmqCtxShutdown(ctx unsafe.Pointer) int { return int(C.zgo_ctx_shutdown(ctx)) }

func zmqCtxSet(ctx unsafe.Pointer, opt, val int) int {
	return int(C.zgo_ctx_set(ctx, C.int(opt), C.int(val)))
}

func zmqCtxGet(ctx unsafe.Pointer, opt int) (val, rc int) {
	var v C.int
	rc = int(C.zgo_ctx_get(ctx, C.int(opt), &v))
	return int(v), rc
}

// Sockets. A socket handle is a *zgo_socket in C memory.

func zmqSocket(ctx unsafe.Pointer, typ int) (unsafe.Pointer, int) {
	var e C.int
	s := C.zgo_socket_new(ctx, C.int(typ), &e)
	return unsafe.Pointer(s), int(e)
}

// zmqClose closes the socket after setting LINGER to linger, or keeping
// its own LINGER when linger is keepLinger.
func zmqClose(s unsafe.Pointer, linger int) int {
	return int(C.zgo_socket_close((*C.zgo_socket)(s), C.int(linger)))
}

// keepLinger tells zmqClose to leave the socket's LINGER as it is.
const keepLinger = -2

// Endpoint operations of zmqEndpoint.
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

func zmqSetsockopt(s unsafe.Pointer, opt int, p unsafe.Pointer, n int) int {
	return int(C.zgo_setsockopt(cHandle(s), C.int(opt), (*C.char)(p), C.size_t(n)))
}

// zmqGetsockopt reads an option into the n bytes at p and returns the
// length libzmq wrote.
func zmqGetsockopt(s unsafe.Pointer, opt int, p unsafe.Pointer, n int) (size, rc int) {
	sz := C.size_t(n)
	rc = int(C.zgo_getsockopt(cHandle(s), C.int(opt), (*C.char)(p), &sz))
	return int(sz), rc
}

// zmqFD is ZMQ_FD.
func zmqFD(s unsafe.Pointer) int { return int(C.zgo_fd(cHandle(s))) }

// zmqEvents is ZMQ_EVENTS (POLLIN, POLLOUT).
func zmqEvents(s unsafe.Pointer) int {
	var rc C.int
	C.zgo_events(cHandle(s), &rc)
	return int(rc)
}

// The data path. p and n are Go or C memory that holds no pointers;
// libzmq copies it before the call returns.

// zmqSend sends the n bytes at p as one frame and returns its size.
func zmqSend(s, p unsafe.Pointer, n, flags int) int {
	var rc C.int
	C.zgo_send(cHandle(s), (*C.char)(p), C.size_t(n), C.int(flags), &rc)
	return int(rc)
}

// zmqRecv receives one frame into the n bytes at p, truncating, and
// returns its full size; lastMore tells its MORE flag.
func zmqRecv(s, p unsafe.Pointer, n, flags int) int {
	var rc C.int
	C.zgo_recv(cHandle(s), (*C.char)(p), C.size_t(n), C.int(flags), &rc)
	return int(rc)
}

// zmqRecvHold receives one frame into the socket's own message; read it
// with heldFrame until the next receive or zmqRelease.
func zmqRecvHold(s unsafe.Pointer, flags int) int {
	var rc C.int
	C.zgo_recv_hold(cHandle(s), C.int(flags), &rc)
	return int(rc)
}

// heldFrame is a view of the frame zmqRecvHold left in the socket, read
// from C memory without a crossing.
func heldFrame(s unsafe.Pointer) []byte {
	cs := (*C.zgo_socket)(s)
	return unsafe.Slice((*byte)(cs.data), int(cs.size))
}

// zmqRelease frees the frame held in the socket.
func zmqRelease(s unsafe.Pointer) { C.zgo_release(cHandle(s)) }

// lastMore is the MORE flag of the last frame a receive took on the
// socket (ZMQ_RCVMORE), read without a crossing.
func lastMore(s unsafe.Pointer) bool { return (*C.zgo_socket)(s).more != 0 }

// maxFrames: the most frames one zmqSendFrames or zmqRecvFrames takes.
const maxFrames = C.ZGO_FRAMES

// Modes of zmqRecvFrames.
const (
	framesBatch   = 0 // each frame a whole message
	framesMessage = 1 // the frames of one multipart message
)

// zmqSendFrames sends len(lens) frames packed end to end in data, the
// first moreUntil of them with SNDMORE added, and returns how many were
// sent; a failure after the first frame is read with stopErr.
func zmqSendFrames(s unsafe.Pointer, data []byte, lens []uintptr, flags, moreUntil int) int {
	// size_t and uintptr have the same size on every platform Go runs on.
	var rc C.int
	C.zgo_send_frames(cHandle(s), (*C.char)(unsafe.Pointer(unsafe.SliceData(data))),
		(*C.size_t)(unsafe.Pointer(unsafe.SliceData(lens))), C.int(len(lens)), C.int(flags), C.int(moreUntil), &rc)
	return int(rc)
}

// zmqRecvFrames receives up to max frames into the socket's frame array
// and returns how many; read them with heldFrameAt until the next call or
// zmqReleaseFrames. A failure after the first frame is read with stopErr.
func zmqRecvFrames(s unsafe.Pointer, max, flags, mode int) int {
	var rc C.int
	C.zgo_recv_frames(cHandle(s), C.int(max), C.int(flags), C.int(mode), &rc)
	return int(rc)
}

// heldFrameAt is a view of frame i of those zmqRecvFrames left in the
// socket, without a crossing.
func heldFrameAt(s unsafe.Pointer, i int) []byte {
	m := (*C.zgo_msg)(unsafe.Add(unsafe.Pointer((*C.zgo_socket)(s).frames), uintptr(i)*C.sizeof_zgo_msg))
	return unsafe.Slice((*byte)(m.data), int(m.size))
}

// zmqReleaseFrames frees the frames held in the socket.
func zmqReleaseFrames(s unsafe.Pointer) { C.zgo_release_frames(cHandle(s)) }

// stopErr is the -errno that ended the last zmqSendFrames or
// zmqRecvFrames after its first frame, or 0.
func stopErr(s unsafe.Pointer) int { return int((*C.zgo_socket)(s).stop_err) }

// zmqMsgSend is zmq_msg_send of the message m.
func zmqMsgSend(s, m unsafe.Pointer, flags int) int {
	var rc C.int
	C.zgo_msg_send(cHandle(m), cHandle(s), C.int(flags), &rc)
	return int(rc)
}

// zmqMsgRecv is zmq_msg_recv into the message m.
func zmqMsgRecv(s, m unsafe.Pointer, flags int) int {
	var rc C.int
	C.zgo_msg_recv(cHandle(m), cHandle(s), C.int(flags), &rc)
	return int(rc)
}

// Messages. A message handle is a *zgo_msg in C memory.

func zmqMsgNew(size int) (unsafe.Pointer, int) {
	var e C.int
	m := C.zgo_msg_new(C.size_t(size), &e)
	return unsafe.Pointer(m), int(e)
}

func zmqMsgFree(m unsafe.Pointer) { C.zgo_msg_free((*C.zgo_msg)(m)) }

// msgView reads the cached data, size and MORE flag of a message without
// a crossing.
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

func zmqMsgNewData(data unsafe.Pointer, size int, id uint64, efd int) (unsafe.Pointer, int) {
	var e C.int
	m := C.zgo_msg_new_data((*C.char)(data), C.size_t(size), C.uint64_t(id), C.int(efd), &e)
	return unsafe.Pointer(m), int(e)
}
func zmqDataDrain(b *[256]uint64) int { return int(C.zgo_data_drain((*C.uint64_t)(&b[0]))) }

// Polling.

// pollItems is a zmq_pollitem_t array in Go memory: it holds only C
// pointers (libzmq sockets), which cgo allows.
type pollItems []C.zmq_pollitem_t

// grow appends an item that watches nothing.
func (p *pollItems) grow() { *p = append(*p, C.zmq_pollitem_t{fd: -1}) }

// set changes what item i watches; events 0 and fd -1 with no socket make
// zmq_poll skip it.
func (p pollItems) set(i int, s unsafe.Pointer, fd int, events int) {
	var raw unsafe.Pointer
	if s != nil {
		raw = (*C.zgo_socket)(s).sock
	}
	p[i] = C.zmq_pollitem_t{socket: raw, fd: C.int(fd), events: C.short(events)}
}

func (p pollItems) revents(i int) int { return int(p[i].revents) }

// zmqPoll is zmq_poll over items. With retry, a signal does not end the
// wait: it goes on with what is left of the timeout.
func zmqPoll(p pollItems, timeoutMS int, retry bool) int {
	r := C.int(0)
	if retry {
		r = 1
	}
	if len(p) == 0 {
		return int(C.zgo_poll(nil, 0, C.long(timeoutMS), r))
	}
	return int(C.zgo_poll(&p[0], C.int(len(p)), C.long(timeoutMS), r))
}

// How a proxy answers on its control socket.
const (
	controlMute = C.ZGO_CONTROL_MUTE
	controlSend = C.ZGO_CONTROL_SEND
	controlRep  = C.ZGO_CONTROL_REP
)

// Results of a proxy step.
const (
	proxyIdle = C.ZGO_PROXY_IDLE // nothing to do: wait for the sockets' ZMQ_FDs
	proxyBusy = C.ZGO_PROXY_BUSY // progress made: step again
	proxyDone = C.ZGO_PROXY_DONE // TERMINATE came
)

// proxyState is a proxy's state between steps (zgo_proxy): its sockets,
// PAUSE and statistics. It holds no Go pointer, so its steps pass it to C
// as it is.
type proxyState C.zgo_proxy

// newProxyState sets up a proxy between the sockets (handles of Sockets;
// capture and control may be nil). With captureWaits a message is taken
// only when the capture socket has room for its copy.
func newProxyState(frontend, backend, capture, control unsafe.Pointer, controlKind int, captureWaits bool) proxyState {
	raw := func(s unsafe.Pointer) C.uintptr_t {
		if s == nil {
			return 0
		}
		return C.uintptr_t(uintptr((*C.zgo_socket)(s).sock))
	}
	p := proxyState{frontend: raw(frontend), backend: raw(backend), capture: raw(capture), control: raw(control),
		control_kind: C.int(controlKind)}
	if captureWaits {
		p.capture_waits = 1
	}
	return p
}

// step runs one round of zgo_proxy_step, passing up to batch messages
// each way, and returns proxyIdle, proxyBusy, proxyDone or -errno.
func (p *proxyState) step(batch int) int {
	var rc C.int
	C.zgo_proxy_step((*C.zgo_proxy)(p), C.int(batch), &rc)
	return int(rc)
}

// Security and monitoring.

// zmqSocketMonitor starts publishing the socket's events (a mask of
// ZMQ_EVENT_*) on the inproc endpoint, or stops when endpoint is "".
// endpoint must not contain NUL.
func zmqSocketMonitor(s unsafe.Pointer, endpoint string, events int) int {
	var cs *C.char
	if endpoint != "" {
		cs = C.CString(endpoint)
		defer C.free(unsafe.Pointer(cs))
	}
	return int(C.zgo_socket_monitor(cHandle(s), cs, C.int(events)))
}

// zmqCurveKeypair is zmq_curve_keypair: a new CURVE key pair as Z85 text.
func zmqCurveKeypair() (public, secret string, rc int) {
	var pub, sec [41]byte
	rc = int(C.zgo_curve_keypair((*C.char)(unsafe.Pointer(&pub[0])), (*C.char)(unsafe.Pointer(&sec[0]))))
	if rc < 0 {
		return "", "", rc
	}
	return string(pub[:40]), string(sec[:40]), 0
}

// zmqCurvePublic is zmq_curve_public: the public key, as Z85 text, of a
// secret key given as 40 characters of Z85 text.
func zmqCurvePublic(secret string) (string, int) {
	var pub [41]byte
	var sec [41]byte
	copy(sec[:], secret)
	rc := int(C.zgo_curve_public((*C.char)(unsafe.Pointer(&pub[0])), (*C.char)(unsafe.Pointer(&sec[0]))))
	if rc < 0 {
		return "", rc
	}
	return string(pub[:40]), 0
}
