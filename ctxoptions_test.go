package zmq_test

// Context options: round trips, the getter-only and setter-only ones,
// their effect on new sockets, and their errors.

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// ctxCase is a round-trip row of a context option.
type ctxCase struct {
	name string
	run  func(t *testing.T, c *zmq.Context)
}

// optCtxRW makes a ctxCase from a setter and a getter: the default it
// must read on a new context, and a value to set and read back.
func optCtxRW[T any](name string, set func(*zmq.Context, T) error, get func(*zmq.Context) (T, error), def, v T) ctxCase {
	return ctxCase{name, func(t *testing.T, c *zmq.Context) {
		got, err := get(c)
		if err != nil {
			t.Fatalf("reading the default: %v", err)
		}
		if diff := cmp.Diff(def, got); diff != "" {
			t.Errorf("default (-want +got):\n%s", diff)
		}
		if err := set(c, v); err != nil {
			t.Fatalf("set: %v", err)
		}
		got, err = get(c)
		if err != nil {
			t.Fatalf("get after set: %v", err)
		}
		if diff := cmp.Diff(v, got); diff != "" {
			t.Errorf("read back (-want +got):\n%s", diff)
		}
	}}
}

// TestContextOptionRoundTrip reads each context option's default, sets
// another value and reads it back: a wrong option number in the table
// shows up as a wrong default or value.
func TestContextOptionRoundTrip(t *testing.T) {
	type C = zmq.Context
	for _, c := range []ctxCase{
		optCtxRW("ZMQ_IO_THREADS", (*C).SetIOThreads, (*C).IOThreads, 1, 2),
		optCtxRW("ZMQ_IO_THREADS 0", (*C).SetIOThreads, (*C).IOThreads, 1, 0),
		optCtxRW("ZMQ_MAX_SOCKETS", (*C).SetMaxSockets, (*C).MaxSockets, 1023, 256),
		optCtxRW("ZMQ_THREAD_NAME_PREFIX", (*C).SetThreadNamePrefix, (*C).ThreadNamePrefix, 0, 42),
		optCtxRW("ZMQ_MAX_MSGSZ", (*C).SetMaxMsgSz, (*C).MaxMsgSz, 1<<31-1, 1<<20),
		optCtxRW("ZMQ_IPV6", (*C).SetIPv6, (*C).IPv6, false, true),
		optCtxRW("ZMQ_BLOCKY", (*C).SetBlocky, (*C).Blocky, true, false),
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, zt.Context(t)) })
	}
}

// TestContextThreadSchedPolicy: the default is -1, which zmq_ctx_get
// returns as its value, not as an error.
func TestContextThreadSchedPolicy(t *testing.T) {
	ctx := zt.Context(t)
	if p, err := ctx.ThreadSchedPolicy(); err != nil || p != -1 {
		t.Errorf("ThreadSchedPolicy default: %d, %v; libzmq says -1", p, err)
	}
	if err := ctx.SetThreadSchedPolicy(0); err != nil {
		t.Fatal(err)
	}
	if p, err := ctx.ThreadSchedPolicy(); err != nil || p != 0 {
		t.Errorf("ThreadSchedPolicy after setting 0 (SCHED_OTHER): %d, %v", p, err)
	}
}

// TestContextOptionReadOnly: the getter-only options answer libzmq's
// fixed values.
func TestContextOptionReadOnly(t *testing.T) {
	ctx := zt.Context(t)
	if n, err := ctx.SocketLimit(); err != nil || n < 1023 {
		t.Errorf("SocketLimit: %d, %v", n, err)
	}
	if n, err := ctx.MsgTSize(); err != nil || n != 64 {
		t.Errorf("MsgTSize: %d, %v; want 64", n, err)
	}
}

// TestContextOptionWriteOnly: the setter-only options are accepted, and
// SetThreadPriority does not change what SocketLimit, which shares its
// number, reads.
func TestContextOptionWriteOnly(t *testing.T) {
	ctx := zt.Context(t)
	if err := ctx.AddThreadAffinityCPU(0); err != nil {
		t.Errorf("AddThreadAffinityCPU(0): %v", err)
	}
	if err := ctx.RemoveThreadAffinityCPU(0); err != nil {
		t.Errorf("RemoveThreadAffinityCPU(0): %v", err)
	}
	// No socket is made in this context: its I/O threads never start, so
	// the priority is never applied.
	if err := ctx.SetThreadPriority(10); err != nil {
		t.Errorf("SetThreadPriority(10): %v", err)
	}
	// ZMQ_THREAD_PRIORITY and ZMQ_SOCKET_LIMIT share a number: reading
	// gives the socket limit, not the priority.
	if n, err := ctx.SocketLimit(); err != nil || n == 10 {
		t.Errorf("SocketLimit after SetThreadPriority(10): %d, %v", n, err)
	}
}

// TestContextOptionEffects: IPV6 and BLOCKY are the defaults of the
// context's new sockets.
func TestContextOptionEffects(t *testing.T) {
	ctx := zt.Context(t)
	if err := ctx.SetIPv6(true); err != nil {
		t.Fatal(err)
	}
	if err := ctx.SetBlocky(false); err != nil {
		t.Fatal(err)
	}
	s := freshSocket(t, ctx, zmq.DEALER)
	if on, err := s.IPv6(); err != nil || !on {
		t.Errorf("IPv6 of a socket of an IPv6 context: %v, %v", on, err)
	}
	if d, err := s.Linger(); err != nil || d != 0 {
		t.Errorf("Linger of a socket of a non-blocky context: %v, %v; want 0", d, err)
	}
}

// TestContextOptionBadInput: values libzmq refuses come back as an
// *OpError for setctxopt naming the option, wrapping ErrInvalid.
func TestContextOptionBadInput(t *testing.T) {
	ctx := zt.Context(t)
	for name, err := range map[string]error{
		"IO_THREADS -1":              ctx.SetIOThreads(-1),
		"MAX_SOCKETS 0":              ctx.SetMaxSockets(0),
		"MAX_SOCKETS -1":             ctx.SetMaxSockets(-1),
		"MAX_MSGSZ -1":               ctx.SetMaxMsgSz(-1),
		"THREAD_SCHED_POLICY -5":     ctx.SetThreadSchedPolicy(-5),
		"THREAD_PRIORITY -5":         ctx.SetThreadPriority(-5),
		"THREAD_AFFINITY_CPU_ADD -1": ctx.AddThreadAffinityCPU(-1),
	} {
		zt.MustIs(t, err, zmq.ErrInvalid, name)
		var op *zmq.OpError
		if !errors.As(err, &op) || op.Op != "setctxopt" || !strings.HasPrefix(op.Option, "ZMQ_") {
			t.Errorf("%s: %#v is not an *OpError naming the option", name, err)
		}
	}
	if got, want := ctx.SetIOThreads(-1).Error(), "zmq: setctxopt ZMQ_IO_THREADS: Invalid argument"; got != want {
		t.Errorf("error text %q, want %q", got, want)
	}
}

// TestContextOptionAfterTerm: every kind of context option accessor says
// ErrClosed after Term and on a nil context, without reaching libzmq.
func TestContextOptionAfterTerm(t *testing.T) {
	ctx := terminatedContext(t)
	for _, c := range []*zmq.Context{ctx, nil} {
		errs := map[string]error{
			"SetIOThreads":         c.SetIOThreads(2),
			"SetMaxSockets":        c.SetMaxSockets(2),
			"SetThreadPriority":    c.SetThreadPriority(1),
			"AddThreadAffinityCPU": c.AddThreadAffinityCPU(0),
			"SetIPv6":              c.SetIPv6(true),
			"SetBlocky":            c.SetBlocky(false),
		}
		_, errs["IOThreads"] = c.IOThreads()
		_, errs["SocketLimit"] = c.SocketLimit()
		_, errs["MsgTSize"] = c.MsgTSize()
		_, errs["IPv6"] = c.IPv6()
		_, errs["Blocky"] = c.Blocky()
		for name, err := range errs {
			zt.MustIs(t, err, zmq.ErrClosed, name+" after Term")
		}
	}
}
