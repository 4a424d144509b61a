package zmq_test

// Error values: socket types and calls the type does not allow, errno
// matching with errors.Is, OpError's text and Timeout, and no allocation
// for a would-block.

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// Socket types outside libzmq's range are refused with ErrInvalid, and no
// socket is made.
func TestBadSocketTypes(t *testing.T) {
	ctx := zt.Context(t)
	// (12 and up are the draft types SERVER, CLIENT, RADIO...: Debian's
	// libzmq creates them, so they are not bad input here.)
	for _, typ := range []zmq.Type{-1, 1 << 20} {
		s, err := ctx.NewSocket(typ)
		if s != nil {
			s.Close()
		}
		zt.MustIs(t, err, zmq.ErrInvalid, "NewSocket("+typ.String()+")")
	}
}

// Calls the socket type does not allow fail with libzmq's errno
// (ErrNotSupported, ErrFSM) and leave the socket working.
func TestBadSocketTypeAndCalls(t *testing.T) {
	ctx := zt.Context(t)
	_, err := ctx.NewSocket(zmq.Type(99))
	zt.MustIs(t, err, zmq.ErrInvalid, "NewSocket(99)")
	if !strings.Contains(fmt.Sprint(err), "Type(99)") {
		t.Errorf("NewSocket(99) error %q does not name the type", err)
	}

	pub := zt.Socket(t, ctx, zmq.PUB)
	_, err = pub.Recv(zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrNotSupported, "Recv on PUB")
	zt.MustIs(t, err, syscall.ENOTSUP, "Recv on PUB (syscall)")
	sub := zt.Socket(t, ctx, zmq.SUB)
	zt.MustIs(t, sub.Send([]byte("x"), zmq.DONTWAIT), zmq.ErrNotSupported, "Send on SUB")

	rep, req := zt.Pair(t, ctx, zmq.REP, zmq.REQ)
	_, err = req.Recv(zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrFSM, "REQ Recv before Send")
	if err := req.SendString("one", 0); err != nil {
		t.Fatal(err)
	}
	zt.MustIs(t, req.SendString("two", 0), zmq.ErrFSM, "REQ Send twice")
	if got, err := rep.RecvString(0); err != nil || got != "one" {
		t.Fatalf("REP got %q, %v", got, err)
	}
	if err := rep.SendString("reply", 0); err != nil {
		t.Fatal(err)
	}
	if got, err := req.RecvString(0); err != nil || got != "reply" {
		t.Fatalf("REQ got %q, %v", got, err)
	}
	if zmq.ErrFSM.Error() == "" || strings.Contains(zmq.ErrFSM.Error(), "errno") {
		t.Errorf("ErrFSM text %q", zmq.ErrFSM.Error())
	}
}

// Errno matches syscall.Errno with errors.Is, only ErrAgain is a Timeout,
// an OpError unwraps to its cause and renders by the package's convention,
// and a would-block allocates nothing.
func TestErrorValues(t *testing.T) {
	ctx := zt.Context(t)
	s := zt.Socket(t, ctx, zmq.PULL)
	zt.BindLocal(t, s)
	_, err := s.Recv(zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrAgain, "Recv(DONTWAIT)")
	zt.MustIs(t, err, syscall.EAGAIN, "Recv(DONTWAIT) as syscall.EAGAIN")
	var te interface{ Timeout() bool }
	if !errors.As(err, &te) || !te.Timeout() {
		t.Errorf("Recv(DONTWAIT) error %v is not a Timeout", err)
	}
	if !zmq.ErrAgain.Timeout() || zmq.ErrTerm.Timeout() {
		t.Error("ErrAgain.Timeout() must be true, ErrTerm.Timeout() false")
	}
	if got := zmq.ErrTerm.Error(); got != "Context was terminated" {
		t.Errorf("ErrTerm.Error() = %q", got)
	}
	if errors.Is(zmq.ErrTerm, syscall.EAGAIN) || errors.Is(zmq.ErrAgain, zmq.ErrTerm) {
		t.Error("distinct errnos match")
	}

	err = s.Bind("foo://x")
	var oe *zmq.OpError
	if !errors.As(err, &oe) {
		t.Fatalf("Bind error %T", err)
	}
	if errors.Unwrap(err) != oe.Err || !errors.Is(oe.Err, syscall.EPROTONOSUPPORT) {
		t.Errorf("OpError unwraps to %v", errors.Unwrap(err))
	}
	if oe.Op != "bind" || oe.Option != "" || oe.Endpoint != "foo://x" {
		t.Errorf("OpError{Op %q, Option %q, Endpoint %q}, want bind of foo://x", oe.Op, oe.Option, oe.Endpoint)
	}
	if want := `zmq: bind "foo://x": `; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("OpError text %q, want prefix %q", err, want)
	}
	if oe.Timeout() {
		t.Error("EPROTONOSUPPORT OpError is a Timeout")
	}
	if !(&zmq.OpError{Op: "x", Err: zmq.ErrAgain}).Timeout() {
		t.Error("OpError of ErrAgain is not a Timeout")
	}

	if sanitizerBuild {
		return // allocation counts: see sanitizerBuild
	}
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := s.Recv(zmq.DONTWAIT); err != zmq.ErrAgain {
			panic(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Recv(DONTWAIT) with nothing queued: %v allocations, want 0", allocs)
	}
	buf := make([]byte, 16)
	allocs = testing.AllocsPerRun(200, func() { s.RecvInto(buf, zmq.DONTWAIT) })
	if allocs != 0 {
		t.Errorf("RecvInto(DONTWAIT) with nothing queued: %v allocations, want 0", allocs)
	}
}
