//go:build cgo

package zmq

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"
	"unsafe"
	"weak"
)

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
	socketsMu sync.Mutex
	sockets   map[uint64]socketEntry
	lastID    uint64

	waits *ctxWaits // where the sockets' blocking calls wait
}

type socketEntry struct {
	h unsafe.Pointer
	s weak.Pointer[Socket]
}

// register records a new socket and returns its id.
func (c *Context) register(s *Socket) uint64 {
	c.socketsMu.Lock()
	defer c.socketsMu.Unlock()
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
	c.socketsMu.Lock()
	defer c.socketsMu.Unlock()
	e, ok := c.sockets[id]
	if !ok {
		return nil
	}
	delete(c.sockets, id)
	c.waits.remove(id)
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
	c.socketsMu.Lock()
	var live []*Socket
	for id, e := range c.sockets {
		if s := e.s.Value(); s != nil {
			live = append(live, s)
			continue
		}
		// Unreachable, its cleanup not run yet: close it here, and the
		// cleanup will find it gone.
		delete(c.sockets, id)
		c.waits.remove(id)
		zmqClose(e.h, ms)
		debugFreed(kindSocket)
	}
	c.socketsMu.Unlock()
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
		return nil, &OpError{Op: "context", Err: ErrMTHREAD}
	}
	c := &Context{h: h, waits: new(ctxWaits)}
	c.cleanup = runtime.AddCleanup(c, termLeakedContext, contextRef{h, c.waits, debugNew(kindContext)})
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
func termLeakedContext(ref contextRef) {
	debugLeaked(kindContext, ref.where)
	go func() {
		zmqCtxShutdown(ref.h)
		zmqCtxTerm(ref.h)
		ref.waits.close()
		debugFreed(kindContext)
	}()
}

// contextRef is the argument of a Context's cleanup.
type contextRef struct {
	h     unsafe.Pointer
	waits *ctxWaits
	where string // creation site, in ZMQGO_DEBUG=leaks mode
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
		return nil, &OpError{Op: "socket", Err: fmt.Errorf("%v: %w", t, ErrTerm)}
	}
	h, rc := zmqSocket(c.h, int(t))
	if h == nil {
		return nil, &OpError{Op: "socket", Err: fmt.Errorf("%v: %w", t, errnoErr(rc))}
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
	c.waits.close() // every socket is closed: the waiting goroutine can go
	c.cleanup.Stop()
	debugFreed(kindContext)

	c.mu.Lock()
	c.h = nil
	if rc < 0 {
		c.termErr = &OpError{Op: "term", Err: errnoErr(rc)}
	}
	close(c.termDone)
	c.mu.Unlock()
	return c.termErr
}

// terminated reports whether Term (or Destroy, which calls it) has begun.
func (c *Context) terminated() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.terminating
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
		return &OpError{Op: "shutdown", Err: errnoErr(rc)}
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
		return &OpError{Op: "setctxopt", Option: name, Err: errnoErr(rc)}
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
		return 0, &OpError{Op: "getctxopt", Option: name, Err: errnoErr(rc)}
	}
	return v, nil
}
