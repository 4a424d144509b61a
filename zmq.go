// Package zmq is a Go binding for libzmq 4.3, the ZeroMQ messaging library.
//
// It follows the names of the ZeroMQ Guide (Init, XREQ/XREP, NOBLOCK, HWM,
// Device) and maps them onto libzmq 4.3; what 4.3 removed still exists
// under the book's name and fails with an error that names the
// replacement. libzmq's own engine does the transports and the queueing:
// bytes on the wire are exactly libzmq's.
//
// # Quick start
//
//	ctx, err := zmq.NewContext()
//	if err != nil { ... }
//	defer ctx.Term()
//	rep, _ := ctx.NewSocket(zmq.REP)
//	defer rep.Close()
//	rep.Bind("tcp://*:5555")
//	req, _ := ctx.NewSocket(zmq.REQ)
//	defer req.Close()
//	req.Connect("tcp://localhost:5555")
//	req.SendString("Hello", 0)
//	msg, _ := rep.RecvString(0)
//
// # Contexts
//
// A [Context] holds libzmq's I/O threads; a program normally has one and
// shares it between goroutines. [Context.Term] waits until every socket of
// the context is closed, and until each has delivered what it queued or
// its LINGER expired. [Context.Shutdown] makes every blocked call on the
// context's sockets return [ErrTerm] at once.
//
// # Sockets
//
// A [Socket] belongs to one goroutine at a time, as a libzmq socket belongs
// to one thread. Using it from two goroutines at once is detected: the
// second call returns [ErrInUse] without touching libzmq. A socket may
// move from one goroutine to another between calls.
//
// [Socket.Close] is the exception, as for a net.Conn: any goroutine may
// call it at any time. A Send or Recv of another goroutine that is waiting
// for the socket returns [ErrClosed] at once; a call running inside libzmq
// ([Poller.Poll], [Proxy], [Device]) goes on, and the socket is closed as
// soon as it returns. Either way Close returns nil and the socket is
// closed exactly once.
//
// Blocking calls retry on their own when a signal interrupts them (Go's
// runtime signals its threads often), keeping what is left of RCVTIMEO or
// SNDTIMEO, so EINTR never surfaces.
//
// # Messages
//
// [Socket.Send] and [Socket.Recv] copy bytes between Go memory and libzmq.
// [Socket.RecvInto] reads into a buffer the caller owns, without
// allocating. A [Msg] holds a libzmq message in C memory, for programs that
// fill a message in place or want its properties.
//
// # Errors
//
// Errors from libzmq are [Errno] values, which match syscall.Errno values
// of the same number with errors.Is. Calls that take an endpoint or an
// option return an [*OpError] naming it. Use of a closed Socket, Msg or
// terminated Context returns [ErrClosed].
//
// # Polling, devices and signals
//
// A [Poller] waits on several sockets and file descriptors at once; [Poll]
// takes the Guide's item array. [Device], [Proxy] and [ProxySteerable]
// pass whole messages between two sockets until the context is shut
// down. [CatchSignals] makes SIGINT and SIGTERM shut contexts down, so
// every blocking call returns ErrTerm and [Interrupted] reports why.
// [Context.Destroy] closes every socket of a context and terminates it.
//
// # Names from the Guide (0MQ 2.x) and libzmq 4.3
//
//	zmq_init(1)            Init(1)
//	ZMQ_XREQ, ZMQ_XREP     XREQ, XREP (= DEALER, ROUTER)
//	ZMQ_NOBLOCK            NOBLOCK (= DONTWAIT)
//	ZMQ_HWM                Socket.SetHWM (sets SNDHWM and RCVHWM)
//	ZMQ_IDENTITY           Socket.SetIdentity (= ROUTING_ID)
//	ZMQ_SWAP, ZMQ_MCAST_LOOP, ZMQ_RECOVERY_IVL_MSEC
//	                       removed in 3.0: the setters return an error
//	                       naming the replacement
//	zmq_term               Context.Term
//	zmq_device             Device (QUEUE, FORWARDER, STREAMER)
//	s_catch_signals        CatchSignals, Interrupted
package zmq

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"
	"weak"
)

// Version returns the version of the libzmq the program runs with.
func Version() (major, minor, patch int) { return zmqVersion() }

// Has reports whether libzmq was built with a capability: "ipc", "pgm",
// "tipc", "norm", "curve", "gssapi", "draft".
func Has(capability string) bool {
	if hasNUL(capability) {
		return false
	}
	return zmqHas(capability)
}

// checkVersion refuses a libzmq whose major version differs from the
// headers the package was built with, or whose minor version is older:
// the ABI this package compiled against would not be there.
func checkVersion() error {
	major, minor, patch := zmqVersion()
	if major != zmqVersionMajor || minor < zmqVersionMinor {
		return fmt.Errorf("zmq: built against libzmq %d.%d but running with %d.%d.%d",
			zmqVersionMajor, zmqVersionMinor, major, minor, patch)
	}
	return nil
}

// Context is a libzmq context: the I/O threads and the sockets made from
// them. It is safe for concurrent use by multiple goroutines.
//
// A Context that becomes unreachable without Term is shut down and
// terminated in the background once its sockets are gone.
type Context struct {
	mu          sync.RWMutex
	h           unsafe.Pointer // zmq_ctx_new's handle; nil once terminated
	terminating bool           // Term has begun: no new sockets
	termDone    chan struct{}  // closed when Term has finished
	termErr     error
	cleanup     runtime.Cleanup

	// The sockets not yet closed, for Destroy. Weak pointers, so that a
	// forgotten socket can still be found by its cleanup.
	smu     sync.Mutex
	sockets map[uint64]socketEntry
	lastID  uint64
}

type socketEntry struct {
	h unsafe.Pointer
	s weak.Pointer[Socket]
}

// register records a new socket and returns its id.
func (c *Context) register(s *Socket) uint64 {
	c.smu.Lock()
	defer c.smu.Unlock()
	if c.sockets == nil {
		c.sockets = make(map[uint64]socketEntry)
	}
	c.lastID++
	c.sockets[c.lastID] = socketEntry{h: s.h, s: weak.Make(s)}
	return c.lastID
}

// unregister forgets a socket and returns its handle, or nil if it was
// already forgotten (closed by Destroy).
func (c *Context) unregister(id uint64) unsafe.Pointer {
	c.smu.Lock()
	defer c.smu.Unlock()
	e, ok := c.sockets[id]
	if !ok {
		return nil
	}
	delete(c.sockets, id)
	debugFreed(kindSocket)
	return e.h
}

// Destroy closes every socket of the context and terminates it, so that a
// program that forgot a socket does not wait in Term for ever. Sockets
// not in use are closed at once with LINGER linger (0 drops what they
// queued; negative waits for it to be delivered). The context is then
// shut down: calls in progress in other goroutines return ErrTerm, and
// each of those sockets is closed, with the same LINGER, as its call
// returns. Destroy returns when Term does. Sockets it closed return
// ErrClosed from then on, and their Close returns nil.
//
// Once a context has been shut down (Shutdown, or CatchSignals when a
// signal came), libzmq refuses to change any socket option, LINGER
// included: Destroy then closes each socket with the LINGER it already
// had, and a socket with the default LINGER (-1) and messages nobody can
// take keeps Destroy waiting. A program that may be interrupted sets
// LINGER when it makes its sockets.
func (c *Context) Destroy(linger time.Duration) error {
	if c == nil {
		return ErrClosed
	}
	c.mu.RLock()
	terminated := c.h == nil
	c.mu.RUnlock()
	if terminated {
		return ErrClosed
	}
	ms := durationMS(linger)
	c.smu.Lock()
	var live []*Socket
	for id, e := range c.sockets {
		if s := e.s.Value(); s != nil {
			live = append(live, s)
			continue
		}
		// Unreachable, its cleanup not run yet: close it here, and the
		// cleanup will find it gone.
		delete(c.sockets, id)
		zmqCloseLinger(e.h, ms)
		debugFreed(kindSocket)
	}
	c.smu.Unlock()
	for _, s := range live {
		s.destroy(ms)
	}
	if err := c.Shutdown(); err != nil && !errors.Is(err, ErrClosed) {
		return err
	}
	if err := c.Term(); err != nil && !errors.Is(err, ErrClosed) {
		return err
	}
	return nil
}

// NewContext creates a context with libzmq's defaults (one I/O thread).
func NewContext() (*Context, error) {
	if err := checkVersion(); err != nil {
		return nil, err
	}
	h := zmqCtxNew()
	if h == nil {
		return nil, &OpError{Op: "zmq_ctx_new", Err: ErrMTHREAD}
	}
	c := &Context{h: h}
	c.cleanup = runtime.AddCleanup(c, termLeakedContext, leakRef{h, debugNew(kindContext)})
	return c, nil
}

// Init creates a context with ioThreads I/O threads: the Guide's
// zmq_init(ioThreads).
func Init(ioThreads int) (*Context, error) {
	c, err := NewContext()
	if err != nil {
		return nil, err
	}
	if err := c.SetIOThreads(ioThreads); err != nil {
		c.Term()
		return nil, err
	}
	return c, nil
}

// termLeakedContext runs when a Context was dropped without Term. Its
// sockets were unreachable too, and their own cleanups close them in any
// order, so terminating here could block for as long as they take: the
// cleanup goroutine must never block, hence the goroutine.
func termLeakedContext(ref leakRef) {
	debugLeaked(kindContext, ref.where)
	go func() {
		zmqCtxShutdown(ref.h)
		for zmqCtxTerm(ref.h) == -_EINTR {
		}
		debugFreed(kindContext)
	}()
}

// NewSocket creates a socket of type t. After Term has begun it returns
// ErrTerm; after Term has finished, ErrClosed.
func (c *Context) NewSocket(t Type) (*Socket, error) {
	if c == nil {
		return nil, ErrClosed
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.h == nil {
		return nil, ErrClosed
	}
	if c.terminating {
		return nil, &OpError{Op: "socket " + t.String(), Err: ErrTerm}
	}
	h, rc := zmqSocket(c.h, int(t))
	if h == nil {
		return nil, &OpError{Op: "socket " + t.String(), Err: errnoErr(rc)}
	}
	return newSocket(c, h, t), nil
}

// Term terminates the context: zmq_ctx_term. Blocking calls on its sockets
// return ErrTerm; Term then waits until every socket is closed and has
// sent what it queued (or its LINGER has expired). A socket that is never
// closed makes Term wait forever: close every socket, or set LINGER and
// close them when their calls return ErrTerm.
//
// Term may be called from any goroutine, more than once: a second call
// waits for the first and returns nil.
func (c *Context) Term() error {
	if c == nil {
		return ErrClosed
	}
	c.mu.Lock()
	if c.h == nil && !c.terminating { // a zero Context{}
		c.mu.Unlock()
		return ErrClosed
	}
	if c.terminating {
		done := c.termDone
		c.mu.Unlock()
		<-done
		return nil
	}
	c.terminating = true
	c.termDone = make(chan struct{})
	h := c.h
	c.mu.Unlock()

	rc := zmqCtxTerm(h)
	for rc == -_EINTR { // zmq_ctx_term(3): "It can be restarted"
		rc = zmqCtxTerm(h)
	}
	c.cleanup.Stop()
	debugFreed(kindContext)

	c.mu.Lock()
	c.h = nil
	if rc < 0 {
		c.termErr = &OpError{Op: "zmq_ctx_term", Err: errnoErr(rc)}
	}
	close(c.termDone)
	c.mu.Unlock()
	return c.termErr
}

// Shutdown makes every blocked and later call on the context's sockets
// return ErrTerm, without waiting: zmq_ctx_shutdown. Sockets must still be
// closed and the context terminated. Shutdown after Term has begun does
// nothing.
func (c *Context) Shutdown() error {
	if c == nil {
		return ErrClosed
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.h == nil {
		return ErrClosed
	}
	if c.terminating {
		return nil
	}
	if rc := zmqCtxShutdown(c.h); rc < 0 {
		return &OpError{Op: "zmq_ctx_shutdown", Err: errnoErr(rc)}
	}
	return nil
}

// setOption is zmq_ctx_set; name is the option's libzmq name for errors.
func (c *Context) setOption(opt int, name string, val int) error {
	if c == nil {
		return ErrClosed
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.h == nil || c.terminating {
		return ErrClosed
	}
	if rc := zmqCtxSet(c.h, opt, val); rc < 0 {
		return &OpError{Op: "zmq_ctx_set " + name, Err: errnoErr(rc)}
	}
	return nil
}

// option is zmq_ctx_get.
func (c *Context) option(opt int, name string) (int, error) {
	if c == nil {
		return 0, ErrClosed
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.h == nil || c.terminating {
		return 0, ErrClosed
	}
	v, rc := zmqCtxGet(c.h, opt)
	if rc < 0 {
		return 0, &OpError{Op: "zmq_ctx_get " + name, Err: errnoErr(rc)}
	}
	return v, nil
}

// hasNUL reports whether s holds a NUL byte, which C would take for the
// end of the string (bind("tcp://127.0.0.1:5555\x00junk") would bind).
func hasNUL(s string) bool {
	return strings.IndexByte(s, 0) >= 0
}
