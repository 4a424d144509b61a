//go:build cgo

package zmq

import (
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"
)

// Socket is a libzmq socket.
//
// A Socket must be used by one goroutine at a time; it may move between
// goroutines between calls. A call made while another goroutine's call
// on the same socket is in progress returns ErrInUse. Methods of a nil
// or zero Socket, or of a closed one, return ErrClosed (a second Close
// returns nil).
//
// Close is the exception, as for a net.Conn: any goroutine may call it at
// any time. A call of another goroutine that is waiting for the socket
// then returns ErrClosed at once, and one that holds several sockets (Poll,
// Proxy, Device) closes the socket as soon as it returns.
//
// A Socket that becomes unreachable without Close is closed by a cleanup,
// with LINGER 0: what it queued is dropped.
type Socket struct {
	h     unsafe.Pointer // *zgo_socket in C memory
	ctx   *Context       // keeps the context alive while the socket is
	id    uint64         // in the context's registry
	typ   Type
	state atomic.Uint32 // idle (0), or sockBusy with sockClosing/sockDestroyed, or sockClosed

	destroyLinger atomic.Int32 // LINGER to close with when sockDestroyed is set

	// done is the context of the call in progress, if any: touched only by
	// the goroutine that holds sockBusy, beside the state word it reads.
	done <-chan struct{}

	// wake is where the context's goroutine, Close and the deadline
	// setters wake a waiting call (see wait).
	wake chan struct{}

	// The read and write deadlines, in Unix nanoseconds (0: none); any
	// goroutine may set them.
	readDeadline, writeDeadline atomic.Int64

	// Fields below are touched only by the goroutine that holds sockBusy.
	rcvTimeo int         // RCVTIMEO in ms, cached for wait
	sndTimeo int         // SNDTIMEO in ms
	waitFD   int32       // ZMQ_FD once in the context's epoll set, else -1
	timer    *time.Timer // for the waits' time limits, made at first use

	// Frames sent in one crossing are packed here first (see pack).
	scratch []byte
	lens    [maxFrames]uintptr

	cleanup runtime.Cleanup
}

// The socket's state word. A call sets sockBusy for its duration (acquire,
// release). Close and Context.Destroy close an idle socket at once; a busy
// one they mark, and the call's release closes it.
const (
	sockBusy      = 1
	sockClosed    = 2
	sockClosing   = 4 // Close came during the call: close with the socket's LINGER
	sockDestroyed = 8 // Context.Destroy came during the call: close with destroyLinger

	sockEnding = sockClosing | sockDestroyed
)

func newSocket(c *Context, h unsafe.Pointer, t Type) *Socket {
	s := &Socket{h: h, ctx: c, typ: t, rcvTimeo: -1, sndTimeo: -1, waitFD: -1, wake: make(chan struct{}, 1)}
	s.id = c.register(s)
	s.cleanup = runtime.AddCleanup(s, closeLeakedSocket, socketRef{c, s.id, debugNew(kindSocket)})
	return s
}

// socketRef names a socket in its context's registry without keeping the
// Socket reachable.
type socketRef struct {
	ctx   *Context
	id    uint64
	where string // creation site, in ZMQGO_DEBUG=leaks mode
}

// closeLeakedSocket runs when a Socket was dropped without Close. No call
// can be in progress (the Socket is unreachable) and zmq_close does not
// block, so it is safe on the cleanup goroutine. Context.Destroy may have
// closed it already.
//
// It closes with LINGER 0: a closed socket can no longer be told to give
// up, so with the default LINGER a message it could never deliver would
// make every later Term and Destroy of the context wait for ever.
func closeLeakedSocket(ref socketRef) {
	debugLeaked(kindSocket, ref.where)
	if h := ref.ctx.unregister(ref.id); h != nil {
		zmqClose(h, 0)
	}
}

// acquire marks the socket busy for one call. It fails with ErrClosed on
// a nil, zero, closed or closing socket and with ErrInUse when another
// call is in progress.
func (s *Socket) acquire() error {
	if s != nil && s.state.CompareAndSwap(0, sockBusy) {
		if s.h != nil {
			return nil
		}
		s.state.Store(0) // a zero Socket{}, not made by NewSocket
		return ErrClosed
	}
	if s == nil || s.state.Load()&(sockClosed|sockEnding) != 0 {
		return ErrClosed
	}
	return ErrInUse
}

// release ends the call acquire began, and closes the socket if Close or
// Context.Destroy came meanwhile. Being the last use of s, it also keeps
// s reachable until the C call is over, so the cleanup cannot close the
// socket under it.
func (s *Socket) release() {
	if !s.state.CompareAndSwap(sockBusy, 0) {
		s.closeAfterCall()
	}
}

// begin is acquire for a call that may wait, with the channel of its
// context (nil: none); end is its release.
func (s *Socket) begin(done <-chan struct{}) error {
	if err := s.acquire(); err != nil {
		return err
	}
	if done != nil { // s.done is nil between calls: plain calls store nothing
		s.done = done
	}
	return nil
}

func (s *Socket) end() {
	if s.done != nil {
		s.done = nil
	}
	s.release()
}

// closeAfterCall is release's end for a socket that Close or
// Context.Destroy marked during the call.
func (s *Socket) closeAfterCall() {
	st := s.state.Swap(sockClosed)
	linger := keepLinger
	if st&sockDestroyed != 0 {
		linger = int(s.destroyLinger.Load())
	}
	s.closeNow(linger)
}

// closeNowOrAfterCall closes the socket with LINGER linger if it is idle,
// or marks it with mark (sockClosing, sockDestroyed) for the call in
// progress to close when it ends; a socket already closed or marked is
// left as it is. closed reports whether it closed the socket itself, and
// rc is then zmq_close's result.
func (s *Socket) closeNowOrAfterCall(mark uint32, linger int) (closed bool, rc int) {
	for {
		st := s.state.Load()
		switch {
		case st&(sockClosed|sockEnding) != 0:
			return false, 0
		case st == 0:
			if s.state.CompareAndSwap(0, sockClosed) {
				return true, s.closeNow(linger)
			}
		default:
			if s.state.CompareAndSwap(st, st|mark) {
				return false, 0
			}
		}
	}
}

// closeNow closes the C socket of a socket whose state is already
// sockClosed; keepLinger keeps the socket's own LINGER.
func (s *Socket) closeNow(linger int) int {
	s.cleanup.Stop()
	s.ctx.unregister(s.id)
	// s.h stays as it was: the state word keeps every call away from it
	// now, and Close reads it without taking the socket.
	return zmqClose(s.h, linger)
}

// poke wakes the socket's waiting call, if any, to look at its state and
// limits again; a wake-up already pending is enough.
func (s *Socket) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// destroy is Context.Destroy's part: close the socket with LINGER linger
// now if it is idle, or when the call in progress returns.
func (s *Socket) destroy(linger int) {
	s.destroyLinger.Store(int32(linger))
	s.closeNowOrAfterCall(sockDestroyed, linger)
}

// Close closes the socket: zmq_close. Messages it queued are still sent in
// the background for up to LINGER (forever by default: see SetLinger),
// and the context's Term waits for them. Closing a closed socket returns
// nil.
//
// Close may be called from any goroutine, also while another goroutine's
// call on the socket is in progress: a Send or Recv waiting for the
// socket returns ErrClosed at once, and a call that holds several sockets
// (Poll, Proxy, Device) closes the socket when it returns. Close then
// returns nil at once. The socket is closed exactly once, and Term,
// which makes such a call return ErrTerm, does not wait for it beyond
// what LINGER asks.
func (s *Socket) Close() error {
	if s == nil {
		return ErrClosed
	}
	if s.h == nil && s.state.Load() == 0 { // a zero Socket{}: nothing to close
		return nil
	}
	closed, rc := s.closeNowOrAfterCall(sockClosing, keepLinger)
	if !closed {
		// Wake a waiting call: it finds the mark, returns ErrClosed and
		// closes the socket. A wait that starts later sees the mark first.
		s.poke()
		return nil
	}
	if rc < 0 {
		return &OpError{Op: "close", Err: errnoErr(rc)}
	}
	return nil
}

// Context returns the context the socket was made in.
func (s *Socket) Context() *Context {
	if s == nil {
		return nil
	}
	return s.ctx
}

// String describes the socket for logs: "zmq.Socket(REQ)".
func (s *Socket) String() string {
	if s == nil {
		return "zmq.Socket(nil)"
	}
	return "zmq.Socket(" + s.typ.String() + ")"
}
