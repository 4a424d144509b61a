package zmq_test

// Option values and flags refused before they reach libzmq: sweeps over
// every option setter by argument type (a NUL byte in a string, a value
// libzmq's C int cannot hold, a negative duration) and unknown flags.

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

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
	s = zt.Socket(t, ctx, typ)
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
	ctx := zt.Context(t)
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
		if !errors.As(err, &oe) || oe.Op != "setsockopt" || !strings.HasPrefix(oe.Option, "ZMQ_") {
			t.Errorf("%s: %#v is not an *OpError of setsockopt naming the option", name, err)
		}
	}
}

// TestDurationOptionsOutOfRange: libzmq holds durations as a C int of
// milliseconds (deciseconds for the heartbeat TTL); a longer one must be
// refused, not wrapped into a short or negative one.
func TestDurationOptionsOutOfRange(t *testing.T) {
	ctx := zt.Context(t)
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
// negative duration as "for ever" (so no other negative value reaches
// libzmq), RECONNECT_IVL as "never reconnect"; every other duration
// option refuses a negative one.
func TestNegativeDurationOptions(t *testing.T) {
	ctx := zt.Context(t)
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
	ctx := zt.Context(t)
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
	ctx := zt.Context(t)
	a, b := zt.Pair(t, ctx, zmq.PAIR, zmq.PAIR)
	zt.MustIs(t, b.Send([]byte("x"), zmq.Flag(99)), zmq.ErrInvalid, "Send with Flag(99)")
	zt.MustIs(t, b.SendString("x", zmq.Flag(4)), zmq.ErrInvalid, "SendString with Flag(4)")
	_, err := a.Recv(zmq.Flag(8))
	zt.MustIs(t, err, zmq.ErrInvalid, "Recv with Flag(8)")
	if err := b.SendString("whole", 0); err != nil {
		t.Fatal(err)
	}
	if got, err := a.RecvMessage(0); err != nil || len(got) != 1 || string(got[0]) != "whole" {
		t.Fatalf("after refused flags: %q, %v; want one frame \"whole\"", got, err)
	}
}
