package zmq

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// Type is a socket type.
type Type int

// Socket types.
const (
	PAIR   = Type(_ZMQ_PAIR)
	PUB    = Type(_ZMQ_PUB)
	SUB    = Type(_ZMQ_SUB)
	REQ    = Type(_ZMQ_REQ)
	REP    = Type(_ZMQ_REP)
	DEALER = Type(_ZMQ_DEALER)
	ROUTER = Type(_ZMQ_ROUTER)
	PULL   = Type(_ZMQ_PULL)
	PUSH   = Type(_ZMQ_PUSH)
	XPUB   = Type(_ZMQ_XPUB)
	XSUB   = Type(_ZMQ_XSUB)
	STREAM = Type(_ZMQ_STREAM)

	// XREQ is the Guide's (0MQ 2.x) name for DEALER.
	XREQ = DEALER
	// XREP is the Guide's (0MQ 2.x) name for ROUTER.
	XREP = ROUTER
)

var typeNames = [...]string{"PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB", "STREAM"}

// String returns the type's libzmq name ("DEALER", not "XREQ").
func (t Type) String() string {
	if t >= 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Flag modifies a send or receive.
type Flag int

// Send and receive flags.
const (
	// DONTWAIT makes the call fail with ErrAgain instead of blocking.
	DONTWAIT = Flag(_ZMQ_DONTWAIT)
	// NOBLOCK is the Guide's (0MQ 2.x) name for DONTWAIT.
	NOBLOCK = DONTWAIT
	// SNDMORE marks a frame as followed by another of the same message.
	SNDMORE = Flag(_ZMQ_SNDMORE)
)

// String returns the flags joined by "|".
func (f Flag) String() string {
	var parts []string
	if f&DONTWAIT != 0 {
		parts = append(parts, "DONTWAIT")
	}
	if f&SNDMORE != 0 {
		parts = append(parts, "SNDMORE")
	}
	if rest := f &^ (DONTWAIT | SNDMORE); rest != 0 || len(parts) == 0 {
		parts = append(parts, "Flag("+strconv.Itoa(int(rest))+")")
	}
	return strings.Join(parts, "|")
}

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
// then returns ErrClosed at once, and one running inside libzmq (Poll,
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

	// waiter lets a goroutine wait in Go's netpoller; made at the first
	// wait by the call's goroutine, read by Close to wake that wait.
	waiter atomic.Pointer[waiter]

	// Fields below are touched only by the goroutine that holds sockBusy.
	rcvTimeo int // RCVTIMEO in ms, cached for wait
	sndTimeo int // SNDTIMEO in ms

	// Frames sent in one crossing are packed here first (see pack).
	scratch []byte
	lens    [maxFrames]uintptr

	cleanup runtime.Cleanup
}

// keepLinger tells closeNow to leave the socket's LINGER as it is.
const keepLinger = -2

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
	s := &Socket{h: h, ctx: c, typ: t, rcvTimeo: -1, sndTimeo: -1}
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
		zmqCloseLinger(h, 0)
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
		s.closeMarked()
	}
}

// closeMarked is release's end for a socket that Close or Context.Destroy
// marked during the call.
func (s *Socket) closeMarked() {
	st := s.state.Swap(sockClosed)
	linger := keepLinger
	if st&sockDestroyed != 0 {
		linger = int(s.destroyLinger.Load())
	}
	s.closeNow(linger)
}

// closeOrMark closes the socket with LINGER linger if it is idle, or marks
// it with mark (sockClosing, sockDestroyed) for the call in progress to
// close when it ends; a socket already closed or marked is left as it is.
// closed reports whether it closed the socket itself, and rc is then
// zmq_close's result.
func (s *Socket) closeOrMark(mark uint32, linger int) (closed bool, rc int) {
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
// sockClosed; linger < -1 keeps the socket's own LINGER.
func (s *Socket) closeNow(linger int) int {
	s.cleanup.Stop()
	s.ctx.unregister(s.id)
	if w := s.waiter.Load(); w != nil {
		w.file.Close()
	}
	// s.h stays as it was: the state word keeps every call away from it
	// now, and Close reads it without taking the socket.
	if linger < -1 {
		return zmqClose(s.h)
	}
	return zmqCloseLinger(s.h, linger)
}

// destroy is Context.Destroy's part: close the socket with LINGER linger
// now if it is idle, or when the call in progress returns.
func (s *Socket) destroy(linger int) {
	s.destroyLinger.Store(int32(linger))
	s.closeOrMark(sockDestroyed, linger)
}

// Close closes the socket: zmq_close. Messages it queued are still sent in
// the background for up to LINGER (forever by default: see SetLinger),
// and the context's Term waits for them. Closing a closed socket returns
// nil.
//
// Close may be called from any goroutine, also while another goroutine's
// call on the socket is in progress: a Send or Recv waiting for the
// socket returns ErrClosed at once, and a call running inside libzmq
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
	closed, rc := s.closeOrMark(sockClosing, keepLinger)
	if !closed {
		// Wake a wait in the netpoller: its descriptor is closed under it,
		// and the waiting call returns ErrClosed, then closes the socket.
		// A waiter made after the mark sees the mark before it waits.
		if w := s.waiter.Load(); w != nil {
			w.file.Close()
		}
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

// Bind accepts connections on endpoint ("tcp://*:5555", "ipc:///tmp/x",
// "inproc://name"). Bind "tcp://127.0.0.1:*" picks a free port; read it
// back with LastEndpoint.
func (s *Socket) Bind(endpoint string) error { return s.endpointOp(epBind, "bind", endpoint) }

// Connect connects to endpoint. Connecting is asynchronous: an unreachable
// address is not an error, libzmq keeps retrying.
func (s *Socket) Connect(endpoint string) error {
	return s.endpointOp(epConnect, "connect", endpoint)
}

// Unbind stops accepting connections on an endpoint given to Bind (for a
// wildcard bind, the endpoint LastEndpoint reported).
func (s *Socket) Unbind(endpoint string) error { return s.endpointOp(epUnbind, "unbind", endpoint) }

// Disconnect disconnects from an endpoint given to Connect.
func (s *Socket) Disconnect(endpoint string) error {
	return s.endpointOp(epDisconnect, "disconnect", endpoint)
}

func (s *Socket) endpointOp(op int, name, endpoint string) error {
	if err := checkEndpoint(endpoint); err != nil {
		return &OpError{Op: name, Endpoint: endpoint, Err: err}
	}
	if err := s.acquire(); err != nil {
		return &OpError{Op: name, Endpoint: endpoint, Err: err}
	}
	rc := zmqEndpoint(s.h, op, endpoint)
	s.release()
	if rc < 0 {
		return &OpError{Op: name, Endpoint: endpoint, Err: errnoErr(rc)}
	}
	return nil
}

// checkEndpoint refuses what libzmq would misread: a NUL (C would cut the
// string there) and a tcp, udp or pgm port outside 0-65535 (libzmq 4.3.4
// takes ":99999" modulo 65536 and binds another port).
func checkEndpoint(endpoint string) error {
	if hasNUL(endpoint) {
		return fmt.Errorf("endpoint contains a NUL byte: %w", ErrInvalid)
	}
	transport, addr, ok := strings.Cut(endpoint, "://")
	if !ok {
		return nil // libzmq says EINVAL itself
	}
	switch transport {
	case "tcp", "udp", "pgm", "epgm":
	default:
		return nil
	}
	if i := strings.LastIndexByte(addr, ';'); i >= 0 { // "source;destination"
		addr = addr[i+1:]
	}
	i := strings.LastIndexByte(addr, ':')
	if i < 0 {
		return nil
	}
	port := addr[i+1:]
	if port == "*" || port == "" {
		return nil
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		if strings.HasPrefix(port, "-") {
			return fmt.Errorf("port %s out of range 0-65535: %w", port, ErrInvalid)
		}
		return nil // not a number: libzmq resolves or refuses it
	}
	if n < 0 || n > 65535 {
		return fmt.Errorf("port %s out of range 0-65535: %w", port, ErrInvalid)
	}
	return nil
}

// Send sends b as one frame: zmq_send. With SNDMORE, more frames of the
// same message follow. The bytes are copied before Send returns.
func (s *Socket) Send(b []byte, flags Flag) error {
	if err := s.acquire(); err != nil {
		return err
	}
	rc := s.send(unsafe.Pointer(unsafe.SliceData(b)), len(b), flags)
	s.release()
	if rc < 0 {
		return errnoErr(rc)
	}
	return nil
}

// SendString sends str as one frame, without converting it to []byte.
func (s *Socket) SendString(str string, flags Flag) error {
	if err := s.acquire(); err != nil {
		return err
	}
	rc := s.send(unsafe.Pointer(unsafe.StringData(str)), len(str), flags)
	s.release()
	if rc < 0 {
		return errnoErr(rc)
	}
	return nil
}

// SendMessage sends parts as one multipart message: every part but the
// last goes with SNDMORE, the last with flags. libzmq delivers all parts
// or none; with DONTWAIT, only the first part can fail with ErrAgain, and
// then nothing was sent. Parts that fit the socket's 64 KiB packing
// buffer go to libzmq in one call into C.
func (s *Socket) SendMessage(parts [][]byte, flags Flag) error {
	if len(parts) == 0 {
		return &OpError{Op: "send", Err: fmt.Errorf("message has no parts: %w", ErrInvalid)}
	}
	if err := s.acquire(); err != nil {
		return err
	}
	_, err := s.sendFrames(parts, flags, true)
	s.release()
	return err
}

// SendMsg sends m: zmq_msg_send. On success m is left empty (its content
// now belongs to libzmq) and may be reused; on failure m is unchanged.
func (s *Socket) SendMsg(m *Msg, flags Flag) error {
	h, err := m.handle()
	if err != nil {
		return err
	}
	if err := s.acquire(); err != nil {
		return err
	}
	rc := s.io(opSendMsg, h, 0, flags)
	s.release()
	runtime.KeepAlive(m)
	if rc < 0 {
		return errnoErr(rc)
	}
	return nil
}

// Recv receives one frame into a new slice. RcvMore tells whether more
// frames of the message follow.
func (s *Socket) Recv(flags Flag) ([]byte, error) {
	if err := s.acquire(); err != nil {
		return nil, err
	}
	var b []byte
	rc := s.io(opRecvHold, nil, 0, flags)
	if rc >= 0 {
		data := heldFrame(s.h)
		b = make([]byte, len(data))
		copy(b, data)
		s.releaseHeld(len(data))
	}
	s.release()
	if rc < 0 {
		return nil, errnoErr(rc)
	}
	return b, nil
}

// RecvString receives one frame as a string.
func (s *Socket) RecvString(flags Flag) (string, error) {
	if err := s.acquire(); err != nil {
		return "", err
	}
	var str string
	rc := s.io(opRecvHold, nil, 0, flags)
	if rc >= 0 {
		data := heldFrame(s.h)
		str = string(data)
		s.releaseHeld(len(data))
	}
	s.release()
	if rc < 0 {
		return "", errnoErr(rc)
	}
	return str, nil
}

// RecvInto receives one frame into buf without allocating and returns the
// frame's full size. If n > len(buf) the frame did not fit: buf holds its
// first len(buf) bytes and the rest is lost, as with zmq_recv.
func (s *Socket) RecvInto(buf []byte, flags Flag) (n int, err error) {
	if err := s.acquire(); err != nil {
		return 0, err
	}
	rc := s.recv(unsafe.Pointer(unsafe.SliceData(buf)), len(buf), flags)
	s.release()
	if rc < 0 {
		return 0, errnoErr(rc)
	}
	return rc, nil
}

// RecvMessage receives every frame of one message, in one call into C
// for messages of up to 64 frames. The parts of a message of up to 64 KiB
// share one allocation (each part's capacity ends where it does), so the
// whole message costs two allocations.
func (s *Socket) RecvMessage(flags Flag) ([][]byte, error) {
	if err := s.acquire(); err != nil {
		return nil, err
	}
	var parts [][]byte
	for {
		// Later frames are already here (libzmq delivers whole messages),
		// so only the first receive may wait or fail with ErrAgain.
		rc := s.io(opRecvParts, nil, maxFrames, flags)
		if rc < 0 {
			s.release()
			return nil, errnoErr(rc)
		}
		parts = s.takeFrames(parts, rc)
		if e := stopErr(s.h); e != 0 {
			s.release()
			return nil, errnoErr(e)
		}
		if !lastMore(s.h) {
			break
		}
		flags &^= DONTWAIT
	}
	s.release()
	return parts, nil
}

// takeFrames appends copies of the n frames zmqRecvFrames holds to parts.
func (s *Socket) takeFrames(parts [][]byte, n int) [][]byte {
	total := 0
	for i := range n {
		total += len(heldFrameAt(s.h, i))
	}
	if parts == nil {
		parts = make([][]byte, 0, n)
	}
	var backing []byte
	if total <= sharedBackingMax {
		backing = make([]byte, total)
	}
	for i := range n {
		data := heldFrameAt(s.h, i)
		var b []byte
		if backing != nil {
			b = backing[:len(data):len(data)]
			backing = backing[len(data):]
		} else {
			b = make([]byte, len(data))
		}
		copy(b, data)
		parts = append(parts, b)
	}
	if total > sharedBackingMax {
		zmqReleaseFrames(s.h) // do not keep large frames alive in C
	}
	return parts
}

// sharedBackingMax is the largest message whose parts RecvMessage puts in
// one allocation; keeping one part of a larger message should not keep
// the whole message alive.
const sharedBackingMax = 64 << 10

// RecvMsg receives one frame into m: zmq_msg_recv. Whatever m held is
// released first. m.More and RcvMore tell whether more frames follow.
func (s *Socket) RecvMsg(m *Msg, flags Flag) error {
	h, err := m.handle()
	if err != nil {
		return err
	}
	if err := s.acquire(); err != nil {
		return err
	}
	rc := s.io(opRecvMsg, h, 0, flags)
	s.release()
	runtime.KeepAlive(m)
	if rc < 0 {
		return errnoErr(rc)
	}
	return nil
}

// RcvMore reports whether the last frame received on the socket is
// followed by more frames of the same message (ZMQ_RCVMORE). It is
// answered from what the last receive reported, without calling libzmq.
func (s *Socket) RcvMore() (bool, error) {
	if err := s.acquire(); err != nil {
		return false, err
	}
	more := lastMore(s.h)
	s.release()
	return more, nil
}

// releaseHeld frees a large held frame now instead of at the next receive,
// so an idle socket does not keep megabytes alive. Small frames are left
// for the next receive to release, saving a crossing.
func (s *Socket) releaseHeld(size int) {
	if size > 64<<10 {
		zmqRelease(s.h)
	}
}

// send and recv are io for opSend and opRecv, written out without
// attempt's switch for the calls a stream makes per message.
func (s *Socket) send(p unsafe.Pointer, n int, flags Flag) int {
	if !validFlags(flags) {
		return -_EINVAL
	}
	rc := zmqSend(s.h, p, n, int(flags|DONTWAIT))
	if rc == -_EAGAIN {
		rc = s.wait(opSend, p, n, flags)
	}
	return rc
}

func (s *Socket) recv(p unsafe.Pointer, n int, flags Flag) int {
	if !validFlags(flags) {
		return -_EINVAL
	}
	rc := zmqRecv(s.h, p, n, int(flags|DONTWAIT))
	if rc == -_EAGAIN {
		rc = s.wait(opRecv, p, n, flags)
	}
	return rc
}

// ioOp names the libzmq call io makes.
type ioOp int

const (
	opSend      ioOp = iota // zmq_send from a buffer
	opSendMsg               // zmq_msg_send of a Msg
	opSendBatch             // n packed frames, each a whole message
	opSendParts             // n packed frames of a message, which ends with the last
	opSendOpen              // n packed frames of a message that goes on after them
	opRecv                  // receive into a buffer
	opRecvHold              // receive into the socket's own message
	opRecvMsg               // zmq_msg_recv into a Msg
	opRecvBatch             // up to n frames, each a whole message where it can be
	opRecvParts             // up to n frames of one message
)

func (op ioOp) sending() bool { return op <= opSendOpen }

// attempt makes one libzmq call for op, without waiting (flags include
// DONTWAIT). p and n are the buffer (opSend, opRecv) or the Msg's handle
// (opSendMsg, opRecvMsg), or the number of frames.
func (s *Socket) attempt(op ioOp, p unsafe.Pointer, n int, flags Flag) int {
	switch op {
	case opSend:
		return zmqSend(s.h, p, n, int(flags))
	case opRecv:
		return zmqRecv(s.h, p, n, int(flags))
	case opSendMsg:
		return zmqMsgSend(s.h, p, int(flags))
	case opRecvMsg:
		return zmqMsgRecv(s.h, p, int(flags))
	case opSendBatch:
		return zmqSendFrames(s.h, s.scratch, s.lens[:n], int(flags), 0)
	case opSendParts:
		return zmqSendFrames(s.h, s.scratch, s.lens[:n], int(flags), n-1)
	case opSendOpen:
		return zmqSendFrames(s.h, s.scratch, s.lens[:n], int(flags), n)
	case opRecvHold:
		return zmqRecvHold(s.h, int(flags))
	case opRecvBatch:
		return zmqRecvFrames(s.h, n, int(flags), framesBatch)
	default: // opRecvParts
		return zmqRecvFrames(s.h, n, int(flags), framesMessage)
	}
}

// io performs one send or receive. It is the one place where a goroutine
// waits for a socket.
//
// It first tries without waiting. When libzmq says EAGAIN and the call
// may wait, the goroutine parks in Go's netpoller on the socket's ZMQ_FD
// (see wait) rather than blocking in libzmq: no OS thread is held, the
// scheduler runs other goroutines at once, and signals the runtime sends
// its threads cannot interrupt the wait (no EINTR). The C helpers retry
// EINTR themselves.
func (s *Socket) io(op ioOp, p unsafe.Pointer, n int, flags Flag) int {
	if !validFlags(flags) {
		return -_EINVAL
	}
	rc := s.attempt(op, p, n, flags|DONTWAIT)
	if rc == -_EAGAIN {
		rc = s.wait(op, p, n, flags)
	}
	return rc
}

// validFlags reports whether flags holds only DONTWAIT and SNDMORE. libzmq
// ignores unknown bits, and Flag(99) includes SNDMORE: a typo would leave
// a multipart message open.
func validFlags(flags Flag) bool { return flags&^(DONTWAIT|SNDMORE) == 0 }

// timeout is the RCVTIMEO or SNDTIMEO that applies to op.
func (s *Socket) timeout(op ioOp) int {
	if op.sending() {
		return s.sndTimeo
	}
	return s.rcvTimeo
}

// waiter is what a Socket needs to wait in Go's netpoller: a duplicate of
// its ZMQ_FD (so that closing it never closes libzmq's descriptor) and,
// set for the duration of one wait, the call to retry when ZMQ_EVENTS
// says it can succeed. Closing file wakes the wait (Close does).
type waiter struct {
	file     *os.File
	conn     syscall.RawConn
	deadline bool // a read deadline is set on file
	ready    func(fd uintptr) bool

	// The call being retried, and its outcome.
	op    ioOp
	p     unsafe.Pointer
	n     int
	flags Flag
	want  int // _ZMQ_POLLIN or _ZMQ_POLLOUT
	rc    int
}

// wait is what a call does after its first try met EAGAIN: with DONTWAIT,
// or RCVTIMEO/SNDTIMEO 0, it returns EAGAIN; otherwise it retries op until
// it succeeds, fails other than with EAGAIN, or the timeout passes (-1:
// no limit). ZMQ_FD becomes readable
// whenever ZMQ_EVENTS may have changed; reading ZMQ_EVENTS processes what
// made it readable, so each wake-up checks ZMQ_EVENTS and then the call.
// A context shut down makes ZMQ_EVENTS fail with ETERM; Close closes the
// waiter's descriptor, and the wait returns rcClosed.
func (s *Socket) wait(op ioOp, p unsafe.Pointer, n int, flags Flag) int {
	timeo := s.timeout(op)
	if flags&DONTWAIT != 0 || timeo == 0 {
		return -_EAGAIN
	}
	w := s.waiter.Load()
	if w == nil {
		var rc int
		if w, rc = s.newWaiter(); rc < 0 {
			return rc
		}
	}
	// Close marks the socket, then closes the waiter's descriptor if there
	// is one yet. A waiter published after that finds the mark here.
	if s.state.Load()&sockClosing != 0 {
		return rcClosed
	}
	if timeo > 0 {
		w.file.SetReadDeadline(time.Now().Add(time.Duration(timeo) * time.Millisecond))
		w.deadline = true
	} else if w.deadline {
		w.file.SetReadDeadline(time.Time{})
		w.deadline = false
	}
	w.op, w.p, w.n, w.flags, w.rc = op, p, n, flags|DONTWAIT, -_EAGAIN
	w.want = _ZMQ_POLLIN
	if op.sending() {
		w.want = _ZMQ_POLLOUT
	}
	err := w.conn.Read(w.ready)
	rc := w.rc
	w.p = nil
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return -_EAGAIN // RCVTIMEO or SNDTIMEO, as libzmq reports it
	case err != nil:
		return rcClosed // Close closed the descriptor
	}
	return rc
}

// newWaiter sets up the socket's waiter at its first wait.
func (s *Socket) newWaiter() (*waiter, int) {
	fd := zmqFD(s.h)
	if fd < 0 {
		return nil, fd
	}
	dup, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_DUPFD_CLOEXEC, 0)
	if errno != 0 {
		return nil, -int(errno)
	}
	// libzmq's descriptor is non-blocking, and so is its duplicate, so
	// os.NewFile puts it in the netpoller.
	f := os.NewFile(dup, "zmq-socket-fd")
	conn, err := f.SyscallConn()
	if err == nil {
		// Fails with ErrNoDeadline where the descriptor is not in the
		// netpoller: waiting there would then return at once.
		err = f.SetReadDeadline(time.Time{})
	}
	if err != nil {
		f.Close()
		return nil, -_ENOTSUP
	}
	w := &waiter{file: f, conn: conn}
	w.ready = func(uintptr) bool {
		ev := zmqEvents(s.h)
		switch {
		case ev < 0:
			w.rc = ev
			return true
		case ev&w.want == 0:
			return false // wait for ZMQ_FD
		}
		// ZMQ_EVENTS can promise what the call then refuses (an XPUB with
		// XPUB_NODROP or a ROUTER with ROUTER_MANDATORY at the high-water
		// mark of one peer): on EAGAIN wait, as libzmq itself does, for
		// the next change ZMQ_FD signals.
		w.rc = s.attempt(w.op, w.p, w.n, w.flags)
		return w.rc != -_EAGAIN
	}
	s.waiter.Store(w)
	return w, 0
}
