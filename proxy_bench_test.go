package zmq_test

import (
	"errors"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// benchProxy starts Proxy(front, back, nil) in its own goroutine for the
// benchmark; a cleanup (run before the sockets' and context's) shuts ctx
// down and waits for it to return ErrTerm.
func benchProxy(b *testing.B, ctx *zmq.Context, front, back *zmq.Socket) {
	b.Helper()
	done := make(chan error, 1)
	go func() { done <- zmq.Proxy(front, back, nil) }()
	b.Cleanup(func() {
		ctx.Shutdown()
		select {
		case err := <-done:
			if !errors.Is(err, zmq.ErrTerm) {
				b.Errorf("Proxy after Shutdown: %v, want ErrTerm", err)
			}
		case <-time.After(zt.Limit):
			b.Errorf("Proxy still running %v after Shutdown", zt.Limit)
		}
	})
}

// proxied returns two sockets of types ta and tb that talk through a
// Proxy between a frontend of type fe and a backend of type be, over
// transport: ta connects to the frontend, tb to the backend.
func proxied(b *testing.B, transport string, fe, be, ta, tb zmq.Type) (a, c *zmq.Socket) {
	b.Helper()
	ctx := zt.Context(b)
	front, back := zt.Socket(b, ctx, fe), zt.Socket(b, ctx, be)
	bind := func(s *zmq.Socket) string {
		if transport == "tcp" {
			return zt.BindLocal(b, s)
		}
		ep := zt.Inproc(b)
		if err := s.Bind(ep); err != nil {
			b.Fatal(err)
		}
		return ep
	}
	feEP, beEP := bind(front), bind(back)
	a, c = zt.Socket(b, ctx, ta), zt.Socket(b, ctx, tb)
	if err := a.Connect(feEP); err != nil {
		b.Fatal(err)
	}
	if err := c.Connect(beEP); err != nil {
		b.Fatal(err)
	}
	benchProxy(b, ctx, front, back) // registered last: runs first
	return a, c
}

// benchProxyStream measures PUSH → [PULL proxy PUSH] → PULL, the receiver
// in its own goroutine: ns/op is the time per message through the proxy.
func benchProxyStream(b *testing.B, transport string, size int) {
	push, pull := proxied(b, transport, zmq.PULL, zmq.PUSH, zmq.PUSH, zmq.PULL)
	streamN(b, push, pull, pattern(size, 7), false)
}

// BenchmarkProxyStream is a proxied PUSH/PULL stream of 64-byte messages
// over inproc and over tcp.
func BenchmarkProxyStream(b *testing.B) {
	b.Run("inproc64", func(b *testing.B) { benchProxyStream(b, "inproc", 64) })
	b.Run("tcp64", func(b *testing.B) { benchProxyStream(b, "tcp", 64) })
}

// BenchmarkProxyReqRep is one REQ/REP round trip through a ROUTER/DEALER
// Proxy per op: the latency a proxy adds, waking on every message.
func BenchmarkProxyReqRep(b *testing.B) {
	req, rep := proxied(b, "inproc", zmq.ROUTER, zmq.DEALER, zmq.REQ, zmq.REP)
	roundTripsN(b, req, rep, pattern(64, 8))
}
