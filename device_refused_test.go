package zmq_test

// Wrong pairings and unusable sockets are refused before a device or proxy
// runs; the accepted pairings run.

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// TestDeviceRefused: wrong pairings and unusable sockets are refused
// before anything runs.
func TestDeviceRefused(t *testing.T) {
	ctx := zt.Context(t)
	sock := func(typ zmq.Type) *zmq.Socket { return zt.Socket(t, ctx, typ) }

	typeCases := []struct {
		kind        zmq.DeviceType
		front, back zmq.Type
		words       []string
	}{
		{zmq.FORWARDER, zmq.PUSH, zmq.PUB, []string{"FORWARDER", "frontend", "PUSH", "SUB", "XSUB"}},
		{zmq.QUEUE, zmq.DEALER, zmq.DEALER, []string{"QUEUE", "frontend", "DEALER", "ROUTER"}},
		{zmq.STREAMER, zmq.PULL, zmq.PUB, []string{"STREAMER", "backend", "PUB", "PUSH"}},
		{zmq.QUEUE, zmq.ROUTER, zmq.ROUTER, []string{"QUEUE", "backend", "ROUTER", "DEALER"}},
		{zmq.FORWARDER, zmq.XPUB, zmq.XSUB, []string{"FORWARDER", "frontend", "XPUB"}},
		{zmq.DeviceType(9), zmq.PULL, zmq.PUSH, []string{"9"}},
		{zmq.DeviceType(0), zmq.PULL, zmq.PUSH, []string{"0"}},
	}
	for _, c := range typeCases {
		front, back := sock(c.front), sock(c.back)
		err := zmq.Device(c.kind, front, back)
		what := fmt.Sprintf("Device(%v, %v, %v)", c.kind, c.front, c.back)
		zt.MustIs(t, err, zmq.ErrInvalid, what)
		for _, w := range c.words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not name %q", what, err, w)
			}
		}
		t.Logf("%s: %v", what, err)
	}
	if got := zmq.DeviceType(9).String(); got != "DeviceType(9)" {
		t.Errorf("DeviceType(9).String() = %q", got)
	}
	for kind, name := range map[zmq.DeviceType]string{zmq.QUEUE: "QUEUE", zmq.FORWARDER: "FORWARDER", zmq.STREAMER: "STREAMER"} {
		if kind.String() != name {
			t.Errorf("%d.String() = %q, want %q", int(kind), kind.String(), name)
		}
	}

	router, dealer := sock(zmq.ROUTER), sock(zmq.DEALER)
	zt.MustIs(t, zmq.Device(zmq.QUEUE, nil, dealer), zmq.ErrClosed, "Device with a nil frontend")
	zt.MustIs(t, zmq.Device(zmq.QUEUE, router, nil), zmq.ErrClosed, "Device with a nil backend")
	zt.MustIs(t, zmq.Device(zmq.QUEUE, nil, nil), zmq.ErrClosed, "Device with nil sockets")
	zt.MustIs(t, zmq.Proxy(nil, dealer, nil), zmq.ErrClosed, "Proxy with a nil frontend")
	zt.MustIs(t, zmq.Proxy(router, dealer, &zmq.Socket{}), zmq.ErrClosed, "Proxy with a zero Socket as capture")

	zt.MustIs(t, zmq.Proxy(dealer, dealer, nil), zmq.ErrInvalid, "Proxy(s, s)")
	zt.MustIs(t, zmq.Proxy(router, dealer, dealer), zmq.ErrInvalid, "Proxy with the backend as capture")
	zt.MustIs(t, zmq.ProxySteerable(router, dealer, nil, router), zmq.ErrInvalid, "ProxySteerable with the frontend as control")
	capt := sock(zmq.PUSH)
	zt.MustIs(t, zmq.ProxySteerable(router, dealer, capt, capt), zmq.ErrInvalid, "ProxySteerable with capture as control")

	closed := sock(zmq.DEALER)
	if err := closed.Close(); err != nil {
		t.Fatal(err)
	}
	zt.MustIs(t, zmq.Device(zmq.QUEUE, router, closed), zmq.ErrClosed, "Device with a closed backend")
	zt.MustIs(t, zmq.ProxySteerable(router, dealer, nil, closed), zmq.ErrClosed, "ProxySteerable with a closed control")

	// None of the refusals left a socket marked in use.
	for _, s := range []*zmq.Socket{router, dealer, capt} {
		if _, err := s.Linger(); err != nil {
			t.Errorf("%v after the refusals: %v", s, err)
		}
	}

	// In use by another goroutine: a proxy running on the same sockets.
	t.Run("in use", func(t *testing.T) {
		ctx := zt.Context(t)
		front, back, other := zt.Socket(t, ctx, zmq.ROUTER), zt.Socket(t, ctx, zmq.DEALER), zt.Socket(t, ctx, zmq.DEALER)
		p := startProxy(t, ctx, func() error { return zmq.Device(zmq.QUEUE, front, back) }, front, back)
		deadline := time.Now().Add(zt.Limit)
		for {
			if _, err := back.Linger(); errors.Is(err, zmq.ErrInUse) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the device never took its sockets")
			}
			time.Sleep(time.Millisecond)
		}
		zt.MustIs(t, zmq.Device(zmq.QUEUE, front, other), zmq.ErrInUse, "Device on a frontend in use")
		zt.MustIs(t, zmq.Proxy(other, back, nil), zmq.ErrInUse, "Proxy on a backend in use")
		if _, err := other.Linger(); err != nil {
			t.Errorf("the refused call left its other socket in use: %v", err)
		}
		p.shutdown(t, ctx)
	})

	// The Guide's names, and every accepted pairing, run.
	t.Run("accepted", func(t *testing.T) {
		cases := []struct {
			name        string
			kind        zmq.DeviceType
			front, back zmq.Type
		}{
			{"QUEUE-XREP-XREQ", zmq.QUEUE, zmq.XREP, zmq.XREQ},
			{"QUEUE-ROUTER-DEALER", zmq.QUEUE, zmq.ROUTER, zmq.DEALER},
			{"FORWARDER-SUB-PUB", zmq.FORWARDER, zmq.SUB, zmq.PUB},
			{"FORWARDER-XSUB-XPUB", zmq.FORWARDER, zmq.XSUB, zmq.XPUB},
			{"STREAMER-PULL-PUSH", zmq.STREAMER, zmq.PULL, zmq.PUSH},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				ctx := zt.Context(t)
				front, back := zt.Socket(t, ctx, c.front), zt.Socket(t, ctx, c.back)
				p := startProxy(t, ctx, func() error { return zmq.Device(c.kind, front, back) }, front, back)
				p.running(t, 20*time.Millisecond)
				p.shutdown(t, ctx)
			})
		}
	})
}
