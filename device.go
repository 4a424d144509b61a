//go:build cgo

package zmq

import (
	"context"
	"fmt"
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
// proxy that waits as Proxy does, holding no OS thread while idle: sockets
// of the wrong types (a PUSH frontend on a FORWARDER) are refused before
// anything runs.
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
	return proxy(context.Background(), op, frontend, backend, nil, nil)
}

func typeIn(t Type, list []Type) bool {
	for _, x := range list {
		if t == x {
			return true
		}
	}
	return false
}
