package zmq

import (
	"fmt"
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
	const op = "device"
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
			return &OpError{Op: op, Err: fmt.Errorf("%v: %s is %v, want %v: %w", kind, side, s.typ, want[i], ErrInvalid)}
		}
	}
	if kind == FORWARDER && frontend != nil && backend != nil && (frontend.typ == SUB) != (backend.typ == PUB) {
		// SUB→XPUB dies on the first subscription (a SUB cannot send
		// it on); XSUB→PUB never subscribes upstream, so nothing passes.
		partner := map[Type]Type{SUB: PUB, XSUB: XPUB}[frontend.typ]
		return &OpError{Op: op, Err: fmt.Errorf("%v: frontend %v needs a %v backend, not %v: %w", kind, frontend.typ, partner, backend.typ, ErrInvalid)}
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
