package zmq_test

// Closed, nil and zero-value sockets, contexts and messages: every call
// returns ErrClosed, without a crash.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// socketCalls is every Socket method with arguments that would succeed on
// a healthy socket, each reduced to its error.
func socketCalls(msg *zmq.Msg) map[string]func(s *zmq.Socket) error {
	return map[string]func(s *zmq.Socket) error{
		"Send":         func(s *zmq.Socket) error { return s.Send([]byte("x"), zmq.DONTWAIT) },
		"SendString":   func(s *zmq.Socket) error { return s.SendString("x", zmq.DONTWAIT) },
		"SendMessage":  func(s *zmq.Socket) error { return s.SendMessage([][]byte{[]byte("a"), []byte("b")}, zmq.DONTWAIT) },
		"SendMsg":      func(s *zmq.Socket) error { return s.SendMsg(msg, zmq.DONTWAIT) },
		"Recv":         func(s *zmq.Socket) error { _, err := s.Recv(zmq.DONTWAIT); return err },
		"RecvString":   func(s *zmq.Socket) error { _, err := s.RecvString(zmq.DONTWAIT); return err },
		"RecvInto":     func(s *zmq.Socket) error { _, err := s.RecvInto(make([]byte, 8), zmq.DONTWAIT); return err },
		"RecvMessage":  func(s *zmq.Socket) error { _, err := s.RecvMessage(zmq.DONTWAIT); return err },
		"RecvMsg":      func(s *zmq.Socket) error { return s.RecvMsg(msg, zmq.DONTWAIT) },
		"RcvMore":      func(s *zmq.Socket) error { _, err := s.RcvMore(); return err },
		"Bind":         func(s *zmq.Socket) error { return s.Bind("tcp://127.0.0.1:*") },
		"Connect":      func(s *zmq.Socket) error { return s.Connect("tcp://127.0.0.1:5555") },
		"Unbind":       func(s *zmq.Socket) error { return s.Unbind("tcp://127.0.0.1:5555") },
		"Disconnect":   func(s *zmq.Socket) error { return s.Disconnect("tcp://127.0.0.1:5555") },
		"SetLinger":    func(s *zmq.Socket) error { return s.SetLinger(0) },
		"Linger":       func(s *zmq.Socket) error { _, err := s.Linger(); return err },
		"SetRcvTimeo":  func(s *zmq.Socket) error { return s.SetRcvTimeo(time.Second) },
		"RcvTimeo":     func(s *zmq.Socket) error { _, err := s.RcvTimeo(); return err },
		"SetSndTimeo":  func(s *zmq.Socket) error { return s.SetSndTimeo(time.Second) },
		"SndTimeo":     func(s *zmq.Socket) error { _, err := s.SndTimeo(); return err },
		"SetSubscribe": func(s *zmq.Socket) error { return s.SetSubscribe("") },
		"LastEndpoint": func(s *zmq.Socket) error { _, err := s.LastEndpoint(); return err },
		"Type":         func(s *zmq.Socket) error { _, err := s.Type(); return err },
	}
}

// Every call on a closed socket returns ErrClosed, never reaching libzmq
// with a freed handle, and a second Close returns nil.
func TestClosedSocket(t *testing.T) {
	ctx := zt.Context(t)
	s, err := ctx.NewSocket(zmq.SUB) // SUB: every call above is valid on it but Send
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v, want nil", err)
	}
	msg := new(zmq.Msg)
	defer msg.Close()
	for name, call := range socketCalls(msg) {
		if err := call(s); !errors.Is(err, zmq.ErrClosed) {
			t.Errorf("%s on a closed socket: %v, want ErrClosed", name, err)
		}
	}
	if s.Context() != ctx {
		t.Errorf("Context of a closed socket = %p, want %p", s.Context(), ctx)
	}
}

// Every call on a nil *Socket returns ErrClosed instead of panicking.
func TestNilSocket(t *testing.T) {
	var s *zmq.Socket
	msg := new(zmq.Msg)
	defer msg.Close()
	for name, call := range socketCalls(msg) {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s on a nil socket panicked: %v", name, r)
				}
			}()
			if err := call(s); !errors.Is(err, zmq.ErrClosed) {
				t.Errorf("%s on a nil socket: %v, want ErrClosed", name, err)
			}
		}()
	}
	if err := s.Close(); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("Close of a nil socket: %v, want ErrClosed", err)
	}
	if s.Context() != nil || s.String() != "zmq.Socket(nil)" {
		t.Errorf("nil socket: Context %v, String %q", s.Context(), s.String())
	}
}

// argFor makes an argument of type typ that a healthy socket would accept.
func argFor(typ reflect.Type) reflect.Value {
	switch typ {
	case reflect.TypeOf([]byte(nil)):
		return reflect.ValueOf([]byte("x"))
	case reflect.TypeOf([][]byte(nil)):
		return reflect.ValueOf([][]byte{[]byte("x")})
	case reflect.TypeOf((*zmq.Msg)(nil)):
		return reflect.ValueOf(new(zmq.Msg))
	case reflect.TypeOf(zmq.Flag(0)):
		return reflect.ValueOf(zmq.DONTWAIT)
	case reflect.TypeOf(time.Duration(0)):
		return reflect.ValueOf(time.Second)
	}
	switch typ.Kind() {
	case reflect.String:
		return reflect.ValueOf("x").Convert(typ)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return reflect.ValueOf(1).Convert(typ)
	case reflect.Bool:
		return reflect.ValueOf(true)
	case reflect.Slice:
		return reflect.MakeSlice(typ, 1, 1)
	}
	return reflect.Zero(typ)
}

// sweepMethods calls every method of recv that returns an error and checks
// that the error matches ErrClosed. Methods added later (options, monitor,
// poll) are covered without a change here. An argument the method refuses
// before looking at the receiver (ErrInvalid) is logged, not failed.
func sweepMethods(t *testing.T, recv reflect.Value, skip ...string) {
	errType := reflect.TypeOf((*error)(nil)).Elem()
	n := 0
	for i := 0; i < recv.NumMethod(); i++ {
		m := recv.Type().Method(i)
		ft := m.Type // with receiver
		if ft.NumOut() == 0 || ft.Out(ft.NumOut()-1) != errType || hasName(skip, m.Name) || ft.IsVariadic() {
			continue
		}
		args := make([]reflect.Value, ft.NumIn()-1)
		for j := range args {
			args[j] = argFor(ft.In(j + 1))
		}
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			zt.Within(t, 5*time.Second, m.Name, func() {
				out := recv.Method(i).Call(args)
				err, _ = out[len(out)-1].Interface().(error)
			})
		}()
		n++
		switch {
		case errors.Is(err, zmq.ErrClosed):
		case errors.Is(err, zmq.ErrInvalid):
			t.Logf("%s: argument refused before the receiver was checked: %v", m.Name, err)
		default:
			t.Errorf("%s on %s: %v, want ErrClosed", m.Name, recv.Type(), err)
		}
	}
	t.Logf("%d methods of %s checked", n, recv.Type())
}

func hasName(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Every method of Socket, those added later too, returns ErrClosed on a
// closed or nil socket.
func TestEveryMethodOfClosedOrNilSocket(t *testing.T) {
	ctx := zt.Context(t)
	s := mustSocket(t, ctx, zmq.DEALER)
	s.Close()
	t.Run("closed", func(t *testing.T) { sweepMethods(t, reflect.ValueOf(s), "Close") })
	t.Run("nil", func(t *testing.T) { sweepMethods(t, reflect.ValueOf((*zmq.Socket)(nil))) })
}

// Every method of a terminated or nil Context returns ErrClosed, and a
// second Term returns nil.
func TestTerminatedAndNilContext(t *testing.T) {
	ctx := terminatedContext(t)
	_, err := ctx.NewSocket(zmq.PAIR)
	zt.MustIs(t, err, zmq.ErrClosed, "NewSocket on a terminated context")
	zt.MustIs(t, ctx.Shutdown(), zmq.ErrClosed, "Shutdown of a terminated context")
	zt.MustIs(t, ctx.SetIOThreads(2), zmq.ErrClosed, "SetIOThreads of a terminated context")
	if err := ctx.Term(); err != nil {
		t.Errorf("second Term: %v, want nil", err)
	}
	t.Run("terminated", func(t *testing.T) { sweepMethods(t, reflect.ValueOf(ctx), "Term") })

	var nilCtx *zmq.Context
	_, err = nilCtx.NewSocket(zmq.PAIR)
	zt.MustIs(t, err, zmq.ErrClosed, "NewSocket on a nil context")
	zt.MustIs(t, nilCtx.Term(), zmq.ErrClosed, "Term of a nil context")
	zt.MustIs(t, nilCtx.Shutdown(), zmq.ErrClosed, "Shutdown of a nil context")
	zt.MustIs(t, nilCtx.SetIOThreads(1), zmq.ErrClosed, "SetIOThreads of a nil context")
	t.Run("nil", func(t *testing.T) { sweepMethods(t, reflect.ValueOf(nilCtx)) })
}

// A closed or nil Msg is refused with ErrClosed by sends, receives, Copy,
// Move and Get, and the sockets involved keep working.
func TestClosedMsg(t *testing.T) {
	ctx := zt.Context(t)
	a, b := zt.Pair(t, ctx, zmq.PAIR, zmq.PAIR)
	m, err := zmq.NewMsg(5)
	if err != nil {
		t.Fatal(err)
	}
	copy(m.Bytes(), "hello")
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Errorf("second Close: %v, want nil", err)
	}
	good, err := zmq.NewMsg(1)
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()

	zt.MustIs(t, a.SendMsg(m, 0), zmq.ErrClosed, "SendMsg of a closed Msg")
	zt.MustIs(t, b.RecvMsg(m, zmq.DONTWAIT), zmq.ErrClosed, "RecvMsg into a closed Msg")
	zt.MustIs(t, m.Copy(good), zmq.ErrClosed, "Copy onto a closed Msg")
	zt.MustIs(t, good.Copy(m), zmq.ErrClosed, "Copy from a closed Msg")
	zt.MustIs(t, m.Move(good), zmq.ErrClosed, "Move onto a closed Msg")
	zt.MustIs(t, good.Move(m), zmq.ErrClosed, "Move from a closed Msg")
	_, err = m.Get(zmq.PropertySocketType)
	zt.MustIs(t, err, zmq.ErrClosed, "Get on a closed Msg")
	if m.Bytes() != nil || m.Len() != 0 || m.More() {
		t.Errorf("closed Msg: Bytes %v, Len %d, More %v; want nil, 0, false", m.Bytes(), m.Len(), m.More())
	}

	var nilMsg *zmq.Msg
	zt.MustIs(t, nilMsg.Close(), zmq.ErrClosed, "Close of a nil Msg")
	zt.MustIs(t, a.SendMsg(nilMsg, 0), zmq.ErrClosed, "SendMsg of a nil Msg")
	zt.MustIs(t, good.Copy(nilMsg), zmq.ErrClosed, "Copy from a nil Msg")
	if nilMsg.Bytes() != nil || nilMsg.Len() != 0 || nilMsg.More() {
		t.Error("nil Msg is not empty")
	}

	// The socket is unharmed by the refused calls.
	if err := a.SendString("ok", 0); err != nil {
		t.Fatal(err)
	}
	if got, err := b.RecvString(0); err != nil || got != "ok" {
		t.Fatalf("RecvString = %q, %v", got, err)
	}
}

// zeroValueChild is the environment variable that makes
// TestZeroValueSocketAndContext the child process that uses zero values
// (a crash there must not take the whole test binary down).
const zeroValueChild = "ZMQGO_TEST_ZERO_VALUE_CHILD"

// Zero-value Socket and Context return ErrClosed from every call. The calls
// run in a child process, so that a crash fails this test rather than
// ending the test binary.
func TestZeroValueSocketAndContext(t *testing.T) {
	if os.Getenv(zeroValueChild) == "1" {
		zeroValueChildMain()
		return
	}
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(c, os.Args[0], "-test.run=^TestZeroValueSocketAndContext$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), zeroValueChild+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		lines := strings.Split(string(out), "\n")
		if len(lines) > 30 {
			lines = lines[:30]
		}
		t.Fatalf("child using zero-value Socket{} and Context{} failed (%v); want ErrClosed from every call, no crash:\n%s",
			err, strings.Join(lines, "\n"))
	}
	t.Logf("child:\n%s", out)
}

func zeroValueChildMain() {
	bad := 0
	var ctx zmq.Context
	_, err := ctx.NewSocket(zmq.PAIR)
	for _, r := range []struct {
		name string
		err  error
	}{{"NewSocket", err}, {"Shutdown", ctx.Shutdown()}, {"SetIOThreads", ctx.SetIOThreads(1)}, {"Term", ctx.Term()}} {
		fmt.Printf("zero Context: %s %v\n", r.name, r.err)
		if !errors.Is(r.err, zmq.ErrClosed) {
			bad++
		}
	}

	msg := new(zmq.Msg)
	for name, call := range socketCalls(msg) {
		var s zmq.Socket
		fmt.Printf("zero Socket: %s ...\n", name)
		os.Stdout.Sync()
		err := call(&s)
		fmt.Printf("zero Socket: %s %v\n", name, err)
		if !errors.Is(err, zmq.ErrClosed) {
			bad++
		}
	}
	var s zmq.Socket
	fmt.Printf("zero Socket: Close %v\n", s.Close())
	if bad > 0 {
		fmt.Printf("%d calls on a zero Context or Socket did not return ErrClosed\n", bad)
		os.Exit(1)
	}
}
