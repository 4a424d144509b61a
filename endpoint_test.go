package zmq_test

// Endpoints libzmq refuses: each Bind and Connect fails with the expected
// error, wrapped in an OpError that names the call and the endpoint.

import (
	"errors"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// Malformed, unknown, too long and taken endpoints fail Bind and Connect
// with libzmq's errno, in an OpError naming the call and the endpoint; a
// NUL byte is refused before C could cut the string at it.
func TestBadEndpoints(t *testing.T) {
	ctx := zt.Context(t)
	longIPC := "ipc:///tmp/" + strings.Repeat("x", 120)
	type row struct {
		ep            string
		bind, connect error // nil: must succeed
	}
	rows := []row{
		{"", zmq.ErrInvalid, zmq.ErrInvalid},
		{"tcp", zmq.ErrInvalid, zmq.ErrInvalid},
		{"tcp://", zmq.ErrInvalid, zmq.ErrInvalid},
		{"tcp://127.0.0.1", zmq.ErrInvalid, zmq.ErrInvalid},
		{"tcp://127.0.0.1:", zmq.ErrInvalid, zmq.ErrInvalid},
		{"inproc://", zmq.ErrInvalid, zmq.ErrInvalid},
		{"invalid://x", syscall.EPROTONOSUPPORT, syscall.EPROTONOSUPPORT},
		{"foo://x", syscall.EPROTONOSUPPORT, syscall.EPROTONOSUPPORT},
		{"tcp://127.0.0.1:99999", zmq.ErrInvalid, zmq.ErrInvalid},
		{"tcp://127.0.0.1:-1", zmq.ErrInvalid, zmq.ErrInvalid},
		{"tcp://127.0.0.1:65536", zmq.ErrInvalid, zmq.ErrInvalid},
		{"tcp://127.0.0.1:5555\x00junk", zmq.ErrInvalid, zmq.ErrInvalid},
		{longIPC, syscall.ENAMETOOLONG, syscall.ENAMETOOLONG},
		{"ipc:///nonexistent/dir/s", syscall.ENOENT, nil}, // Connect is asynchronous
		{"udp://127.0.0.1:5555", zmq.ErrNoCompatProto, zmq.ErrNoCompatProto},
	}
	check := func(t *testing.T, op, ep string, err, want error) {
		t.Helper()
		if want == nil {
			if err != nil {
				t.Errorf("%s %q: %v, want success", op, ep, err)
			}
			return
		}
		if !errors.Is(err, want) {
			t.Errorf("%s %q: %v, want %v", op, ep, err, want)
			return
		}
		var oe *zmq.OpError
		if !errors.As(err, &oe) {
			t.Errorf("%s %q: %T, want *OpError", op, ep, err)
			return
		}
		prefix := "zmq: " + op + " " + strconv.Quote(ep) + ": "
		if ep == "" {
			prefix = "zmq: " + op + ": " // an empty endpoint is left out
		}
		if oe.Op != op || oe.Endpoint != ep || !strings.HasPrefix(err.Error(), prefix) {
			t.Errorf("%s %q: OpError{Op %q, Endpoint %q} %q does not name the call", op, ep, oe.Op, oe.Endpoint, err)
		}
	}
	for _, r := range rows {
		s := zt.Socket(t, ctx, zmq.PAIR)
		check(t, "bind", r.ep, s.Bind(r.ep), r.bind)
		check(t, "connect", r.ep, s.Connect(r.ep), r.connect)
	}

	s := zt.Socket(t, ctx, zmq.PAIR)
	check(t, "unbind", "tcp://127.0.0.1:5555", s.Unbind("tcp://127.0.0.1:5555"), syscall.ENOENT)
	check(t, "disconnect", "tcp://127.0.0.1:5555", s.Disconnect("tcp://127.0.0.1:5555"), syscall.ENOENT)
	check(t, "unbind", "tcp://127.0.0.1:*", s.Unbind("tcp://127.0.0.1:*"), syscall.ENOENT)

	ep := zt.BindLocal(t, s)
	check(t, "bind", ep, s.Bind(ep), syscall.EADDRINUSE)
	check(t, "bind", ep, zt.Socket(t, ctx, zmq.PAIR).Bind(ep), syscall.EADDRINUSE)
	check(t, "unbind", ep, s.Unbind(ep), nil)
	check(t, "unbind", ep, s.Unbind(ep), syscall.ENOENT)

	in := zt.Inproc(t)
	s2 := zt.Socket(t, ctx, zmq.PAIR)
	check(t, "bind", in, s2.Bind(in), nil)
	check(t, "bind", in, s2.Bind(in), syscall.EADDRINUSE)
	check(t, "bind", in, zt.Socket(t, ctx, zmq.PAIR).Bind(in), syscall.EADDRINUSE)
}

// The rest of the endpoint table: ipc without a path, addresses Bind cannot
// use, and transports PAIR or this libzmq build does not have.
func TestBadEndpointsMore(t *testing.T) {
	ctx := zt.Context(t)
	rows := []struct {
		ep            string
		bind, connect error // nil: must succeed
	}{
		{"ipc://", zmq.ErrInvalid, zmq.ErrInvalid},
		{"ipc://@", zmq.ErrInvalid, zmq.ErrInvalid}, // abstract namespace, empty name
		// A bind address must be an interface or a numeric address: ENODEV.
		// Connect resolves later, in the background, and so succeeds
		// (libzmq retries an unreachable address for ever), except for a host
		// with spaces.
		{"tcp://256.1.1.1:5555", syscall.ENODEV, nil},
		{"tcp://in val id:1234", syscall.ENODEV, zmq.ErrInvalid},
		{"tcp://[::1:5555", syscall.ENODEV, nil},
		// Multicast transports exist in Debian's libzmq, not for PAIR.
		{"pgm://eth0;239.192.1.1:5555", zmq.ErrNoCompatProto, zmq.ErrNoCompatProto},
		{"epgm://eth0;239.192.1.1:5555", zmq.ErrNoCompatProto, zmq.ErrNoCompatProto},
		{"norm://eth0;239.192.1.1:5555", zmq.ErrNoCompatProto, zmq.ErrNoCompatProto},
		// Not built into Debian's libzmq.
		{"vmci://1:5555", syscall.EPROTONOSUPPORT, syscall.EPROTONOSUPPORT},
	}
	for _, r := range rows {
		s := zt.Socket(t, ctx, zmq.PAIR)
		for _, c := range []struct {
			op   string
			err  error
			want error
		}{{"bind", s.Bind(r.ep), r.bind}, {"connect", s.Connect(r.ep), r.connect}} {
			if c.want == nil {
				if c.err != nil {
					t.Errorf("%s %q: %v, want success", c.op, r.ep, c.err)
				}
				continue
			}
			if !errors.Is(c.err, c.want) {
				t.Errorf("%s %q: %v, want %v", c.op, r.ep, c.err, c.want)
				continue
			}
			var oe *zmq.OpError
			if !errors.As(c.err, &oe) || oe.Op != c.op || oe.Endpoint != r.ep {
				t.Errorf("%s %q: %#v does not name the call and the endpoint", c.op, r.ep, c.err)
			}
		}
	}
}
