package zmq

import (
	"encoding/binary"
	"fmt"
	"time"
	"unsafe"
)

// DeviceType is one of the Guide's built-in devices (0MQ 2.x zmq_device).
type DeviceType int

// The Guide's devices. Each is a proxy between two sockets of matching
// types.
const (
	// STREAMER passes a pipeline along: PULL frontend, PUSH backend.
	STREAMER DeviceType = 1
	// FORWARDER passes publications along: SUB frontend and PUB backend
	// (the SUB must SetSubscribe("")), or XSUB and XPUB, which also pass
	// subscriptions upstream.
	FORWARDER DeviceType = 2
	// QUEUE is a request-reply broker: ROUTER frontend, DEALER backend.
	QUEUE DeviceType = 3
)

var deviceNames = map[DeviceType]string{STREAMER: "STREAMER", FORWARDER: "FORWARDER", QUEUE: "QUEUE"}

// String returns the device's name in the Guide.
func (d DeviceType) String() string {
	if n, ok := deviceNames[d]; ok {
		return n
	}
	return fmt.Sprintf("DeviceType(%d)", int(d))
}

// deviceTypes lists the frontend and backend types each device accepts.
var deviceTypes = map[DeviceType][2][]Type{
	STREAMER:  {{PULL}, {PUSH}},
	FORWARDER: {{SUB, XSUB}, {PUB, XPUB}},
	QUEUE:     {{ROUTER}, {DEALER}},
}

// Device runs one of the Guide's devices between frontend and backend in
// the calling goroutine, until the context is shut down or terminated,
// when it returns ErrTerm. It is zmq_device of 0MQ 2.x, mapped onto a
// proxy: sockets of the wrong types (a PUSH frontend on a FORWARDER) are
// refused before anything runs.
func Device(kind DeviceType, frontend, backend *Socket) error {
	op := "device " + kind.String()
	want, ok := deviceTypes[kind]
	if !ok {
		return &OpError{Op: op, Err: fmt.Errorf("unknown device type %d: %w", int(kind), ErrInvalid)}
	}
	for i, s := range []*Socket{frontend, backend} {
		if s == nil {
			continue // proxy reports it
		}
		if !typeIn(s.typ, want[i]) {
			side := [2]string{"frontend", "backend"}[i]
			return &OpError{Op: op, Err: fmt.Errorf("%s is %v, want %v: %w", side, s.typ, want[i], ErrInvalid)}
		}
	}
	if kind == FORWARDER && frontend != nil && backend != nil && (frontend.typ == SUB) != (backend.typ == PUB) {
		// SUB→XPUB dies on the first subscription (a SUB cannot send
		// it on); XSUB→PUB never subscribes upstream, so nothing passes.
		partner := map[Type]Type{SUB: PUB, XSUB: XPUB}[frontend.typ]
		return &OpError{Op: op, Err: fmt.Errorf("frontend %v needs a %v backend, not %v: %w", frontend.typ, partner, backend.typ, ErrInvalid)}
	}
	return proxy(op, frontend, backend, nil, nil)
}

func typeIn(t Type, list []Type) bool {
	for _, x := range list {
		if t == x {
			return true
		}
	}
	return false
}

// Proxy passes messages between frontend and backend in both directions,
// whole (a multipart message is never split or interleaved), in the
// calling goroutine, copying each frame to capture if it is not nil:
// zmq_proxy. It returns ErrTerm when the context is shut down or
// terminated. The sockets are in use while it runs.
//
// A signal does not stop a proxy; a full destination holds it until
// there is room again.
func Proxy(frontend, backend, capture *Socket) error {
	return proxy("proxy", frontend, backend, capture, nil)
}

// ProxySteerable is Proxy with a control socket
// (zmq_proxy_steerable): "PAUSE", "RESUME", "TERMINATE" and "STATISTICS"
// received on control pause, resume or end it (returning nil), or make it
// answer with its statistics. A REP control socket gets an answer to
// every command (an empty frame, or the statistics), so a
// ProxyController knows when its command took effect; a PAIR gets the
// statistics only; a SUB gets no answer.
func ProxySteerable(frontend, backend, capture, control *Socket) error {
	return proxy("proxy", frontend, backend, capture, control)
}

func proxy(op string, frontend, backend, capture, control *Socket) error {
	sockets := [4]*Socket{frontend, backend, capture, control}
	taken := 0
	defer func() {
		for _, s := range sockets[:taken] {
			if s != nil {
				s.release()
			}
		}
	}()
	for i, s := range sockets {
		if s == nil && i >= 2 {
			taken++
			continue // capture and control are optional
		}
		for _, other := range sockets[:i] {
			if s == other {
				return &OpError{Op: op, Err: fmt.Errorf("the same socket is given twice: %w", ErrInvalid)}
			}
		}
		if err := s.acquire(); err != nil {
			return &OpError{Op: op, Err: err}
		}
		taken++
	}
	kind := controlMute
	var ch unsafe.Pointer
	if control != nil {
		ch = control.h
		switch control.typ {
		case REP:
			kind = controlRep
		case SUB, PULL:
		default:
			kind = controlSend
		}
	}
	var caph unsafe.Pointer
	if capture != nil {
		caph = capture.h
	}
	if rc := zmqProxy(frontend.h, backend.h, caph, ch, kind); rc < 0 {
		return errnoErr(rc)
	}
	return nil
}

// ProxyStatistics are the counters of a steerable proxy: messages and
// bytes received and sent on each side (zmq_proxy_steerable(3)). As in
// libzmq, a multipart message counts once, with the bytes of all its
// frames.
type ProxyStatistics struct {
	FrontendIn, FrontendInBytes   uint64
	FrontendOut, FrontendOutBytes uint64
	BackendIn, BackendInBytes     uint64
	BackendOut, BackendOutBytes   uint64
}

// ProxyController steers a proxy started with ProxySteerable from another
// goroutine, through a REQ socket connected to the proxy's REP control
// socket. Each command returns once the proxy has taken it.
type ProxyController struct {
	s *Socket
}

// NewProxyController connects a controller to the endpoint the proxy's
// REP control socket is bound to. timeout bounds each command (negative:
// no limit), so a proxy that is gone makes the command fail with
// ErrAgain instead of hanging.
func NewProxyController(ctx *Context, endpoint string, timeout time.Duration) (*ProxyController, error) {
	s, err := ctx.NewSocket(REQ)
	if err != nil {
		return nil, err
	}
	for _, err := range []error{s.SetLinger(0), s.SetRcvTimeo(timeout), s.SetSndTimeo(timeout), s.Connect(endpoint)} {
		if err != nil {
			s.Close()
			return nil, err
		}
	}
	return &ProxyController{s: s}, nil
}

// Pause makes the proxy stop passing messages; they queue up.
func (c *ProxyController) Pause() error { return c.command("PAUSE") }

// Resume makes a paused proxy pass messages again.
func (c *ProxyController) Resume() error { return c.command("RESUME") }

// Terminate ends the proxy: ProxySteerable returns nil.
func (c *ProxyController) Terminate() error { return c.command("TERMINATE") }

func (c *ProxyController) command(name string) error {
	if err := c.s.SendString(name, 0); err != nil {
		return &OpError{Op: "proxy " + name, Err: err}
	}
	if _, err := c.s.RecvMessage(0); err != nil {
		return &OpError{Op: "proxy " + name, Err: err}
	}
	return nil
}

// Statistics asks the proxy for its counters.
func (c *ProxyController) Statistics() (ProxyStatistics, error) {
	var st ProxyStatistics
	if err := c.s.SendString("STATISTICS", 0); err != nil {
		return st, &OpError{Op: "proxy STATISTICS", Err: err}
	}
	parts, err := c.s.RecvMessage(0)
	if err != nil {
		return st, &OpError{Op: "proxy STATISTICS", Err: err}
	}
	if len(parts) != 8 {
		return st, &OpError{Op: "proxy STATISTICS", Err: fmt.Errorf("reply has %d frames, want 8: %w", len(parts), ErrInvalid)}
	}
	fields := [8]*uint64{&st.FrontendIn, &st.FrontendInBytes, &st.FrontendOut, &st.FrontendOutBytes,
		&st.BackendIn, &st.BackendInBytes, &st.BackendOut, &st.BackendOutBytes}
	for i, p := range parts {
		if len(p) != 8 {
			return st, &OpError{Op: "proxy STATISTICS", Err: fmt.Errorf("frame %d has %d bytes, want 8: %w", i, len(p), ErrInvalid)}
		}
		*fields[i] = binary.NativeEndian.Uint64(p)
	}
	return st, nil
}

// Close closes the controller's socket.
func (c *ProxyController) Close() error { return c.s.Close() }
