//go:build cgo

package zmq

import (
	"context"
	"fmt"
	"syscall"
	"time"
	"unsafe"
)

// Proxy passes messages between frontend and backend in both directions,
// whole (a multipart message is never split or interleaved), in the
// calling goroutine, copying each frame to capture if it is not nil:
// zmq_proxy. It returns ErrTerm when the context is shut down or
// terminated. The sockets are in use while it runs. ProxyContext is
// Proxy stopped by a context.Context.
//
// While nothing is to be passed the goroutine waits in Go's netpoller,
// holding no OS thread. A signal does not stop a proxy; a full
// destination (or capture socket) holds it until there is room again.
func Proxy(frontend, backend, capture *Socket) error {
	return proxy(context.Background(), "proxy", frontend, backend, capture, nil)
}

// ProxyContext is Proxy until ctx is done: it then returns ctx.Err()
// at once, without a Shutdown, and its sockets stay usable (each message
// was passed whole or is still queued). A ctx that is done already
// returns before anything runs. It returns ErrTerm, as Proxy does, when
// the sockets' context is shut down.
func ProxyContext(ctx context.Context, frontend, backend, capture *Socket) error {
	if err := ctxDone(ctx); err != nil {
		return err
	}
	return proxy(ctx, "proxy", frontend, backend, capture, nil)
}

// ProxySteerable is Proxy with a control socket
// (zmq_proxy_steerable): "PAUSE", "RESUME", "TERMINATE" and "STATISTICS"
// received on control pause, resume or end it (returning nil), or make it
// answer with its statistics. A REP control socket gets an answer to
// every command (an empty frame, or the statistics), so a
// ProxyController knows when its command took effect; a PAIR gets the
// statistics only; a SUB gets no answer.
func ProxySteerable(frontend, backend, capture, control *Socket) error {
	return proxy(context.Background(), "proxy", frontend, backend, capture, control)
}

// proxyBatch is how many messages a step passes each way at most: enough
// to spread a crossing's cost, few enough that commands and ctx are looked
// at often under a steady stream.
const proxyBatch = 64

// proxy runs zgo_proxy_step until TERMINATE, an error or the end of ctx,
// parking on an epoll set of the sockets' ZMQ_FDs whenever a step finds
// nothing to do. The step reads readiness from libzmq itself, which is
// what lets the edge-triggered ZMQ_FDs fire again.
func proxy(ctx context.Context, op string, frontend, backend, capture, control *Socket) error {
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
	captureWaits := false
	if capture != nil {
		caph = capture.h
		// These fail at once (ENOTSUP, EFSM) rather than wait, and never
		// or only once show room: waiting for it would hang the proxy
		// where it reported the error before.
		captureWaits = !typeIn(capture.typ, []Type{SUB, PULL, REQ, REP})
	}
	st := newProxyState(frontend.h, backend.h, caph, ch, kind, captureWaits)

	set, err := newEpollSet()
	if err != nil {
		return &OpError{Op: op, Err: err}
	}
	defer set.close() // before the sockets are released, and maybe closed
	for _, s := range sockets {
		if s == nil {
			continue
		}
		fd := zmqFD(s.h)
		if fd < 0 {
			return errnoErr(fd)
		}
		if err := set.add(fd, syscall.EPOLLIN|epollEdge); err != nil {
			return &OpError{Op: op, Err: err}
		}
	}
	done := ctx.Done()
	for {
		switch rc := st.step(proxyBatch); {
		case rc == proxyDone:
			return nil
		case rc < 0:
			return errnoErr(rc)
		case rc == proxyBusy:
			select {
			case <-done:
				return ctx.Err()
			default:
				continue
			}
		}
		if err := set.wait(ctx, time.Time{}, nil); err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			return &OpError{Op: op, Err: err}
		}
	}
}
