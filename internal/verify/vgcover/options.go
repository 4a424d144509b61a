package main

import (
	"bytes"
	"log"
	"reflect"
	"strings"
	"time"

	"github.com/zmqgo/zmq"
)

// values are the arguments given to every setter, by type.
func values(t reflect.Type) []reflect.Value {
	var vs []any
	switch t {
	case reflect.TypeOf(time.Duration(0)):
		vs = []any{time.Duration(0), 100 * time.Millisecond, time.Duration(-1), 3 * time.Second}
	case reflect.TypeOf(time.Time{}): // the deadlines
		vs = []any{time.Time{}, time.Now().Add(time.Hour), time.Unix(1, 0)}
	case reflect.TypeOf([]byte(nil)):
		vs = []any{[]byte(nil), []byte("x"), bytes.Repeat([]byte{0xAB}, 32),
			[]byte("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"), bytes.Repeat([]byte("z"), 300)}
	default:
		switch t.Kind() {
		case reflect.Bool:
			vs = []any{true, false}
		case reflect.Int, reflect.Int64:
			vs = []any{0, 1, -1, 1000}
		case reflect.Uint64:
			vs = []any{0, 1, 1 << 20}
		case reflect.String:
			vs = []any{"", "x", "127.0.0.1:1080", strings.Repeat("y", 300)}
		default:
			log.Fatalf("no values for setter argument of type %v", t)
		}
	}
	out := make([]reflect.Value, len(vs))
	for i, v := range vs {
		out[i] = reflect.ValueOf(v).Convert(t)
	}
	return out
}

// optionMethods returns the setters (one argument, returning error) and
// getters (no argument, returning a value and an error) of v's type,
// leaving out the methods named in skip.
func optionMethods(v any, skip ...string) (setters, getters []reflect.Method) {
	errType := reflect.TypeOf((*error)(nil)).Elem()
	t := reflect.TypeOf(v)
	for i := 0; i < t.NumMethod(); i++ {
		m := t.Method(i)
		if contains(skip, m.Name) {
			continue
		}
		ft := m.Type // receiver first
		switch {
		case ft.NumIn() == 2 && ft.NumOut() == 1 && ft.Out(0) == errType &&
			(strings.HasPrefix(m.Name, "Set") || strings.HasSuffix(m.Name, "ThreadAffinityCPU")):
			setters = append(setters, m)
		case ft.NumIn() == 1 && ft.NumOut() == 2 && ft.Out(1) == errType:
			getters = append(getters, m)
		}
	}
	return setters, getters
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func callAll(recv any, setters, getters []reflect.Method) (calls int) {
	rv := reflect.ValueOf(recv)
	for _, g := range getters {
		g.Func.Call([]reflect.Value{rv})
		calls++
	}
	for _, s := range setters {
		for _, v := range values(s.Type.In(1)) {
			s.Func.Call([]reflect.Value{rv, v})
			calls++
		}
	}
	for _, g := range getters {
		g.Func.Call([]reflect.Value{rv})
		calls++
	}
	return calls
}

// contextOptions sets and reads back every context option.
func contextOptions() {
	ctx := newCtx()
	setters, getters := optionMethods(ctx, "NewSocket", "Term", "Shutdown", "Destroy")
	assert(len(setters) >= 10 && len(getters) >= 8, "found %d context setters and %d getters", len(setters), len(getters))
	callAll(ctx, setters, getters)
	check(ctx.Term())
	// After Term, every option call fails without reaching libzmq.
	callAll(ctx, setters, getters)
	// Options that matter, set before the first socket.
	ctx = newCtx()
	check(ctx.SetIOThreads(2))
	check(ctx.SetMaxSockets(64))
	check(ctx.SetThreadNamePrefix(7))
	s := newSock(ctx, zmq.PAIR)
	check(s.Bind("tcp://127.0.0.1:*"))
	check(s.Close())
	check(ctx.Term())
}

var socketTypes = []zmq.Type{zmq.PAIR, zmq.PUB, zmq.SUB, zmq.REQ, zmq.REP, zmq.DEALER, zmq.ROUTER,
	zmq.PULL, zmq.PUSH, zmq.XPUB, zmq.XSUB, zmq.STREAM}

// socketOptions sets and reads back every socket option on every socket
// type, refused ones included.
func socketOptions() {
	ctx := newCtx()
	s0 := newSock(ctx, zmq.PAIR)
	setters, getters := optionMethods(s0,
		"Recv", "RecvString", "RecvMessage", // getter-shaped, but they receive
		"SetUseFD") // used on its own below: a bind would take over the fd
	assert(len(setters) >= 60 && len(getters) >= 50, "found %d socket setters and %d getters", len(setters), len(getters))
	check(s0.Close())
	calls := 0
	for _, t := range socketTypes {
		s, err := ctx.NewSocket(t)
		check(err)
		calls += callAll(s, setters, getters)
		check(s.SetUseFD(-1))
		s.UseFD()
		_ = s.String()
		_ = s.Context()
		check(s.SetLinger(0))
		check(s.Close())
		// On a closed socket every option call returns ErrClosed.
		calls += callAll(s, setters, getters)
		want(s.SetLinger(0), zmq.ErrClosed)
	}
	// The values read back are the values set.
	s := newSock(ctx, zmq.DEALER)
	check(s.SetIdentity([]byte("me")))
	id, err := s.Identity()
	check(err)
	assert(string(id) == "me", "identity %q", id)
	check(s.SetRcvTimeo(250 * time.Millisecond))
	d, err := s.RcvTimeo()
	check(err)
	assert(d == 250*time.Millisecond, "rcvtimeo %v", d)
	check(s.SetSOCKSProxy("localhost:1080"))
	p, err := s.SOCKSProxy()
	check(err)
	assert(p == "localhost:1080", "socks proxy %q", p)
	check(s.SetSndHWM(123))
	h, err := s.SndHWM()
	check(err)
	assert(h == 123, "sndhwm %d", h)
	check(s.Close())
	check(ctx.Term())
	_ = calls
}
