package zmq_test

import (
	"context"
	"errors"
	"net"
	"os"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// mustDeadline fails the test unless err is the deadline error of
// net.Conn's contract: os.ErrDeadlineExceeded, and ErrAgain as RCVTIMEO's
// is, and a net.Error whose Timeout() is true.
func mustDeadline(t testing.TB, err error, what string) {
	t.Helper()
	var ne net.Error
	if !errors.Is(err, os.ErrDeadlineExceeded) || !errors.Is(err, zmq.ErrAgain) ||
		!errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("%s: %v (%T), want an error matching os.ErrDeadlineExceeded and ErrAgain with Timeout() true", what, err, err)
	}
}

// deadlineCalls are the blocking calls a deadline bounds, on a socket
// that can neither receive (nothing queued) nor send (no peer).
var deadlineCalls = []struct {
	name string
	call func(s *zmq.Socket) error
}{
	{"Recv", func(s *zmq.Socket) error { _, err := s.Recv(0); return err }},
	{"RecvMessage", func(s *zmq.Socket) error { _, err := s.RecvMessage(0); return err }},
	{"RecvMsg", func(s *zmq.Socket) error {
		var m zmq.Msg
		defer m.Close()
		return s.RecvMsg(&m, 0)
	}},
	{"Send", func(s *zmq.Socket) error { return s.SendString("x", 0) }},
	{"SendMessage", func(s *zmq.Socket) error {
		return s.SendMessage([][]byte{[]byte("a"), []byte("b")}, 0)
	}},
	// The deadline bounds the Context calls too, with its own error.
	{"RecvMessageContext", func(s *zmq.Socket) error {
		_, err := s.RecvMessageContext(context.Background(), 0)
		return err
	}},
	{"SendContext", func(s *zmq.Socket) error { return s.SendContext(context.Background(), []byte("x"), 0) }},
}

// lonePair returns a PAIR socket bound to inproc with no peer: a receive
// and a send on it both wait. Its RCVTIMEO and SNDTIMEO are zt.Limit.
func lonePair(t *testing.T) *zmq.Socket {
	t.Helper()
	s := zt.Socket(t, zt.Context(t), zmq.PAIR)
	if err := s.Bind(zt.Inproc(t)); err != nil {
		t.Fatal(err)
	}
	return s
}

// A deadline that passes while a call waits, or has passed before it
// starts, ends it with the deadline error; SetDeadline sets both sides.
func TestDeadlineEndsWaitingCalls(t *testing.T) {
	for _, c := range deadlineCalls {
		for _, when := range []time.Duration{-time.Second, 0, 30 * time.Millisecond} {
			t.Run(c.name+"/"+when.String(), func(t *testing.T) {
				s := lonePair(t)
				deadline := time.Now().Add(when)
				if err := s.SetDeadline(deadline); err != nil {
					t.Fatal(err)
				}
				var err error
				var ended time.Time
				zt.Within(t, zt.Limit, c.name, func() { err = c.call(s); ended = time.Now() })
				mustDeadline(t, err, c.name)
				if late := ended.Sub(deadline); late < 0 {
					t.Fatalf("%s returned %v before its deadline", c.name, -late)
				}
			})
		}
	}
}

// A call that does not have to wait completes whatever the deadline.
func TestDeadlinePastCallCompletes(t *testing.T) {
	a, b := pairOver(t, zt.Context(t), "inproc")
	for _, s := range []*zmq.Socket{a, b} {
		if err := s.SetDeadline(time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.SendString("sent past the deadline", 0); err != nil {
		t.Fatalf("Send with room: %v", err)
	}
	if got, err := b.RecvString(0); err != nil || got != "sent past the deadline" {
		t.Fatalf("Recv with a message queued: %q, %v", got, err)
	}
	_, err := b.Recv(0)
	mustDeadline(t, err, "Recv with nothing queued")
}

// Issue 13's done-when item: a deadline set from another goroutine while
// Recv waits (with no deadline) wakes it within 50 ms of the deadline,
// and not before it.
func TestDeadlineSetWhileWaiting(t *testing.T) {
	const ahead = 50 * time.Millisecond
	var worst time.Duration
	for i := range 5 {
		s := lonePair(t)
		ended := make(chan time.Time, 1)
		errc := make(chan error, 1)
		go func() {
			_, err := s.Recv(0)
			ended <- time.Now()
			errc <- err
		}()
		waitParked(t, 1)
		deadline := time.Now().Add(ahead)
		if err := s.SetReadDeadline(deadline); err != nil {
			t.Fatal(err)
		}
		at := waitFor(t, ended, zt.Limit, "Recv woken by its new deadline")
		mustDeadline(t, <-errc, "Recv")
		late := at.Sub(deadline)
		t.Logf("run %d: Recv returned %v after the deadline", i, late)
		if late < 0 || late >= 50*time.Millisecond {
			t.Errorf("run %d: Recv returned %v after the deadline set while it waited; want within [0, 50ms)", i, late)
		}
		worst = max(worst, late)
	}
	t.Logf("worst of 5: %v after the deadline", worst)
}

// A deadline set at once (time.Now()) wakes a waiting Send as well.
func TestDeadlineWakesWaitingSend(t *testing.T) {
	s := lonePair(t)
	errc := make(chan error, 1)
	go func() { errc <- s.SendString("no peer", 0) }()
	waitParked(t, 1)
	if err := s.SetWriteDeadline(time.Now()); err != nil {
		t.Fatal(err)
	}
	mustDeadline(t, waitFor(t, errc, time.Second, "Send woken by SetWriteDeadline"), "Send")
}

// Moving the deadline later, or clearing it, while a call waits lets it
// wait past the old deadline: a message sent after it is received.
func TestDeadlineExtendedWhileWaiting(t *testing.T) {
	for _, name := range []string{"later", "cleared"} {
		t.Run(name, func(t *testing.T) {
			a, b := pairOver(t, zt.Context(t), "inproc")
			first := time.Now().Add(300 * time.Millisecond)
			if err := b.SetReadDeadline(first); err != nil {
				t.Fatal(err)
			}
			type result struct {
				got string
				err error
			}
			res := make(chan result, 1)
			go func() {
				got, err := b.RecvString(0)
				res <- result{got, err}
			}()
			waitParked(t, 1)
			next := time.Now().Add(zt.Limit)
			if name == "cleared" {
				next = time.Time{}
			}
			if err := b.SetReadDeadline(next); err != nil {
				t.Fatal(err)
			}
			if time.Now().After(first) {
				t.Skip("the machine took longer than the first deadline to park the Recv")
			}
			// Time passing is the point here: the first deadline must go by.
			notYet(t, res, time.Until(first)+100*time.Millisecond, "Recv past its moved deadline")
			if err := a.SendString("after the first deadline", 0); err != nil {
				t.Fatal(err)
			}
			r := waitFor(t, res, zt.Limit, "Recv of the message")
			if r.err != nil || r.got != "after the first deadline" {
				t.Fatalf("Recv: %q, %v", r.got, r.err)
			}
		})
	}
}

// The zero time clears a deadline that had passed: calls wait again,
// bounded by RCVTIMEO alone (plain ErrAgain).
func TestDeadlineZeroClears(t *testing.T) {
	s := lonePair(t)
	if err := s.SetDeadline(time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDeadline(time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRcvTimeo(50 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := s.Recv(0)
	if !errors.Is(err, zmq.ErrAgain) || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Recv after the deadline was cleared: %v, want RCVTIMEO's plain ErrAgain", err)
	}
	if took := time.Since(start); took < 50*time.Millisecond {
		t.Fatalf("Recv returned after %v, before RCVTIMEO", took)
	}
}

// The earlier of RCVTIMEO/SNDTIMEO and the deadline wins, and says which
// one it was: plain ErrAgain for the timeout, the deadline error for the
// deadline.
func TestDeadlineAndTimeoutEarlierWins(t *testing.T) {
	for _, send := range []bool{false, true} {
		name := map[bool]string{false: "Recv", true: "Send"}[send]
		call := func(s *zmq.Socket) error {
			if send {
				return s.SendString("no peer", 0)
			}
			_, err := s.Recv(0)
			return err
		}
		setTimeo := func(s *zmq.Socket, d time.Duration) error {
			if send {
				return s.SetSndTimeo(d)
			}
			return s.SetRcvTimeo(d)
		}
		t.Run(name+"/timeout first", func(t *testing.T) {
			s := lonePair(t)
			if err := setTimeo(s, 30*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			if err := s.SetDeadline(time.Now().Add(zt.Limit)); err != nil {
				t.Fatal(err)
			}
			var err error
			zt.Within(t, zt.Limit/2, name, func() { err = call(s) })
			if !errors.Is(err, zmq.ErrAgain) || errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("%s: %v, want the timeout's plain ErrAgain", name, err)
			}
		})
		t.Run(name+"/deadline first", func(t *testing.T) {
			s := lonePair(t)
			if err := setTimeo(s, zt.Limit); err != nil {
				t.Fatal(err)
			}
			if err := s.SetDeadline(time.Now().Add(30 * time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			var err error
			zt.Within(t, zt.Limit/2, name, func() { err = call(s) })
			mustDeadline(t, err, name)
		})
	}
}

// The read deadline bounds receives only and the write deadline sends
// only: past one, the other side still waits, until its own deadline.
func TestDeadlineReadWriteIndependent(t *testing.T) {
	t.Run("read past, Send waits", func(t *testing.T) {
		s := lonePair(t)
		if err := s.SetReadDeadline(time.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		_, err := s.Recv(0)
		mustDeadline(t, err, "Recv")
		errc := make(chan error, 1)
		go func() { errc <- s.SendString("no peer", 0) }()
		waitParked(t, 1)
		notYet(t, errc, 50*time.Millisecond, "Send under a past read deadline")
		if err := s.SetWriteDeadline(time.Now()); err != nil {
			t.Fatal(err)
		}
		mustDeadline(t, waitFor(t, errc, time.Second, "Send at its write deadline"), "Send")
	})
	t.Run("write past, Recv waits", func(t *testing.T) {
		a, b := pairOver(t, zt.Context(t), "inproc")
		if err := b.SetWriteDeadline(time.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		res := make(chan error, 1)
		go func() {
			got, err := b.RecvString(0)
			if err == nil && got != "message" {
				err = errors.New("received " + got)
			}
			res <- err
		}()
		waitParked(t, 1)
		notYet(t, res, 50*time.Millisecond, "Recv under a past write deadline")
		if err := a.SendString("message", 0); err != nil {
			t.Fatal(err)
		}
		if err := waitFor(t, res, zt.Limit, "Recv of the message"); err != nil {
			t.Fatal(err)
		}
	})
}

// The setters of a closed (or nil) socket return ErrClosed; Close wakes a
// call waiting under a deadline with ErrClosed, not the deadline error.
func TestDeadlineClosedSocket(t *testing.T) {
	s := lonePair(t)
	if err := s.SetReadDeadline(time.Now().Add(zt.Limit)); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { _, err := s.Recv(0); errc <- err }()
	waitParked(t, 1)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	zt.MustIs(t, waitFor(t, errc, time.Second, "Recv woken by Close"), zmq.ErrClosed, "Recv waiting at Close")
	var none *zmq.Socket
	for _, sock := range []*zmq.Socket{s, none} {
		zt.MustIs(t, sock.SetDeadline(time.Now()), zmq.ErrClosed, "SetDeadline")
		zt.MustIs(t, sock.SetReadDeadline(time.Now()), zmq.ErrClosed, "SetReadDeadline")
		zt.MustIs(t, sock.SetWriteDeadline(time.Time{}), zmq.ErrClosed, "SetWriteDeadline")
	}
}
