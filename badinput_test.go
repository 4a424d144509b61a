package zmq_test

// Bad-input cases that misuse_test.go,
// socketopts_test.go, ctxopts_test.go, socket_test.go and device_test.go
// do not already assert: the remaining endpoint rows, transports the
// socket type cannot use, and sweeps over every option setter by type
// (a NUL byte in a string, a duration libzmq cannot hold, a negative
// duration). Each row asserts errors.Is against the expected error, and
// that nothing crashes.

import (
	"errors"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
)

func TestBadEndpointsMore(t *testing.T) {
	ctx := newContext(t)
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
		s := newSocket(t, ctx, zmq.PAIR)
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

func TestBadSocketTypes(t *testing.T) {
	ctx := newContext(t)
	// (12 and up are the draft types SERVER, CLIENT, RADIO...: Debian's
	// libzmq creates them, so they are not bad input here.)
	for _, typ := range []zmq.Type{-1, 1 << 20} {
		s, err := ctx.NewSocket(typ)
		if s != nil {
			s.Close()
		}
		mustIs(t, err, zmq.ErrInvalid, "NewSocket("+typ.String()+")")
	}
}

// setters returns the option setters of *Socket whose one argument has
// type arg, by name.
func setters(arg reflect.Type) map[string]reflect.Value {
	st := reflect.TypeOf((*zmq.Socket)(nil))
	errType := reflect.TypeOf((*error)(nil)).Elem()
	out := map[string]reflect.Value{}
	for i := 0; i < st.NumMethod(); i++ {
		m := st.Method(i)
		if strings.HasPrefix(m.Name, "Set") && m.Type.NumIn() == 2 && m.Type.In(1) == arg &&
			m.Type.NumOut() == 1 && m.Type.Out(0) == errType {
			out[m.Name] = m.Func
		}
	}
	return out
}

// callSetter calls set on a fresh socket of type typ with arg; a panic is
// a failure.
func callSetter(t *testing.T, ctx *zmq.Context, typ zmq.Type, name string, set reflect.Value, arg reflect.Value) (s *zmq.Socket, err error) {
	t.Helper()
	s = newSocket(t, ctx, typ)
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s(%v) panicked: %v", name, arg, r)
		}
	}()
	err, _ = set.Call([]reflect.Value{reflect.ValueOf(s), arg})[0].Interface().(error)
	return s, err
}

// removedOptions are the setters of options libzmq 3.0 removed: they fail
// whatever the value.
var removedOptions = map[string]bool{"SetSwap": true, "SetMcastLoop": true, "SetRecoveryIvlMsec": true}

// TestStringOptionsRefuseNUL: C would read a string option only up to its
// first NUL byte (bind("tcp://127.0.0.1:5555\x00junk") would bind), so
// every string option but the
// subscriptions (which are binary prefixes) refuses one, before libzmq.
func TestStringOptionsRefuseNUL(t *testing.T) {
	ctx := newContext(t)
	list := setters(reflect.TypeOf(""))
	if len(list) < 8 {
		t.Fatalf("only %d string setters found", len(list))
	}
	for name, set := range list {
		if name == "SetSubscribe" || name == "SetUnsubscribe" {
			continue
		}
		_, err := callSetter(t, ctx, zmq.ROUTER, name, set, reflect.ValueOf("lo\x00junk"))
		if !errors.Is(err, zmq.ErrInvalid) {
			t.Errorf("%s(%q): %v, want ErrInvalid", name, "lo\x00junk", err)
			continue
		}
		var oe *zmq.OpError
		if !errors.As(err, &oe) || !strings.HasPrefix(oe.Op, "setsockopt ZMQ_") {
			t.Errorf("%s: %#v is not an *OpError naming the option", name, err)
		}
	}
}

// TestDurationOptionsOutOfRange: libzmq holds durations as a C int of
// milliseconds (deciseconds for the heartbeat TTL); a longer one must be
// refused, not wrapped into a short or negative one.
func TestDurationOptionsOutOfRange(t *testing.T) {
	ctx := newContext(t)
	list := setters(reflect.TypeOf(time.Duration(0)))
	if len(list) < 10 {
		t.Fatalf("only %d duration setters found", len(list))
	}
	for name, set := range list {
		for _, d := range []time.Duration{1 << 31 * time.Millisecond, 1000 * time.Hour, time.Duration(1<<63 - 1)} {
			_, err := callSetter(t, ctx, zmq.DEALER, name, set, reflect.ValueOf(d))
			if removedOptions[name] {
				if err == nil {
					t.Errorf("%s(%v) of a removed option succeeded", name, d)
				}
				continue
			}
			if !errors.Is(err, zmq.ErrInvalid) {
				t.Errorf("%s(%v): %v, want ErrInvalid", name, d, err)
			}
		}
	}
}

// TestNegativeDurationOptions: LINGER, RCVTIMEO and SNDTIMEO take any
// negative duration as "for ever" (-1 to libzmq, so §3a's LINGER −2 row
// cannot reach libzmq), RECONNECT_IVL as "never reconnect" (-1); every
// other duration option refuses a negative one.
func TestNegativeDurationOptions(t *testing.T) {
	ctx := newContext(t)
	forever := map[string]bool{"SetLinger": true, "SetRcvTimeo": true, "SetSndTimeo": true, "SetReconnectIvl": true}
	for name, set := range setters(reflect.TypeOf(time.Duration(0))) {
		s, err := callSetter(t, ctx, zmq.DEALER, name, set, reflect.ValueOf(-2*time.Millisecond))
		get := reflect.ValueOf(s).MethodByName(strings.TrimPrefix(name, "Set"))
		var got any
		if get.IsValid() && err == nil {
			out := get.Call(nil)
			got = out[0].Interface()
		}
		t.Logf("%s(-2ms): %v, reads back %v", name, err, got)
		switch {
		case forever[name]:
			if d, _ := got.(time.Duration); err != nil || d >= 0 {
				t.Errorf("%s(-2ms): %v, reads back %v; want nil and a negative duration", name, err, got)
			}
		case removedOptions[name]:
			if err == nil {
				t.Errorf("%s(-2ms) of a removed option succeeded", name)
			}
		default:
			if !errors.Is(err, zmq.ErrInvalid) {
				t.Errorf("%s(-2ms): %v, want ErrInvalid", name, err)
			}
		}
	}
}

// TestIntOptionsOutOfRange: an int option beyond the C int libzmq keeps
// is refused rather than truncated.
func TestIntOptionsOutOfRange(t *testing.T) {
	ctx := newContext(t)
	for name, set := range setters(reflect.TypeOf(0)) {
		_, err := callSetter(t, ctx, zmq.DEALER, name, set, reflect.ValueOf(1<<40))
		if removedOptions[name] {
			continue
		}
		if !errors.Is(err, zmq.ErrInvalid) {
			t.Errorf("%s(1<<40): %v, want ErrInvalid", name, err)
		}
	}
}

// TestUnknownFlags: flag bits libzmq does not define are refused before
// anything is sent (Flag(99) carries SNDMORE and would leave a multipart
// message open).
func TestUnknownFlags(t *testing.T) {
	ctx := newContext(t)
	a, b := connectedPair(t, ctx, zmq.PAIR, zmq.PAIR)
	mustIs(t, b.Send([]byte("x"), zmq.Flag(99)), zmq.ErrInvalid, "Send with Flag(99)")
	mustIs(t, b.SendString("x", zmq.Flag(4)), zmq.ErrInvalid, "SendString with Flag(4)")
	_, err := a.Recv(zmq.Flag(8))
	mustIs(t, err, zmq.ErrInvalid, "Recv with Flag(8)")
	if err := b.SendString("whole", 0); err != nil {
		t.Fatal(err)
	}
	if got, err := a.RecvMessage(0); err != nil || len(got) != 1 || string(got[0]) != "whole" {
		t.Fatalf("after refused flags: %q, %v; want one frame \"whole\"", got, err)
	}
}
