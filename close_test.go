package zmq_test

// Close works as net.Conn's does: from any goroutine, at any time. These
// tests hold a call in progress on one goroutine and close the socket from
// another, and check that the call ends (at once when it waits for the
// socket, as soon as libzmq returns when it runs inside libzmq), that the
// socket is closed exactly once, and that Term does not hang on it.

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// closeLimit is how soon a call that waits for its socket must return
// after another goroutine's Close: the wake-up is a descriptor closed
// under Go's netpoller, so anything near this bound is a lost wake-up.
const closeLimit = 100 * time.Millisecond

// blockingCalls are the calls that wait for their socket, each on a
// socket where it waits for ever: a PULL nobody sends to, a PUSH with no
// peer to send to.
var blockingCalls = []struct {
	name string
	typ  zmq.Type
	call func(s *zmq.Socket) error
}{
	{"Recv", zmq.PULL, func(s *zmq.Socket) error { _, err := s.Recv(0); return err }},
	{"RecvString", zmq.PULL, func(s *zmq.Socket) error { _, err := s.RecvString(0); return err }},
	{"RecvInto", zmq.PULL, func(s *zmq.Socket) error { _, err := s.RecvInto(make([]byte, 8), 0); return err }},
	{"RecvMessage", zmq.PULL, func(s *zmq.Socket) error { _, err := s.RecvMessage(0); return err }},
	{"RecvMsg", zmq.PULL, func(s *zmq.Socket) error {
		var m zmq.Msg
		defer m.Close()
		return s.RecvMsg(&m, 0)
	}},
	{"RecvBatch", zmq.PULL, func(s *zmq.Socket) error {
		_, err := s.RecvBatch([][]byte{make([]byte, 8)}, make([]int, 1), 0)
		return err
	}},
	{"Send", zmq.PUSH, func(s *zmq.Socket) error { return s.Send([]byte("x"), 0) }},
	{"SendMessage", zmq.PUSH, func(s *zmq.Socket) error { return s.SendMessage([][]byte{[]byte("a"), []byte("b")}, 0) }},
	{"SendBatch", zmq.PUSH, func(s *zmq.Socket) error { _, err := s.SendBatch([][]byte{[]byte("x")}, 0); return err }},
	{"SendMsg", zmq.PUSH, func(s *zmq.Socket) error {
		m, err := zmq.NewMsg(1)
		if err != nil {
			return err
		}
		defer m.Close()
		return s.SendMsg(m, 0)
	}},
}

// TestCloseWakesBlockedCall closes a socket while another goroutine's call
// waits on it for ever: Close returns nil, the call returns ErrClosed
// within closeLimit, the socket is closed, and Term returns.
func TestCloseWakesBlockedCall(t *testing.T) {
	for _, bc := range blockingCalls {
		t.Run(bc.name, func(t *testing.T) {
			ctx := rawContext(t)
			s := rawSocket(t, ctx, bc.typ)
			if bc.typ == zmq.PULL {
				if err := s.Bind(zt.Inproc(t)); err != nil {
					t.Fatal(err)
				}
			}
			done := make(chan error, 1)
			go func() { done <- bc.call(s) }()
			waitBusy(t, s)

			start := time.Now()
			if err := s.Close(); err != nil {
				t.Fatalf("Close while %s waits: %v, want nil", bc.name, err)
			}
			err := waitFor(t, done, zt.Limit, bc.name+" returning after Close")
			took := time.Since(start)
			t.Logf("%s returned %v %v after Close", bc.name, err, took)
			zt.MustIs(t, err, zmq.ErrClosed, bc.name+" after Close")
			if took > closeLimit {
				t.Errorf("%s returned %v after Close, want within %v", bc.name, took, closeLimit)
			}
			checkClosed(t, s)
			if err := waitFor(t, goTerm(ctx), zt.Limit, "Term after Close"); err != nil {
				t.Fatalf("Term: %v", err)
			}
		})
	}
}

// checkClosed checks that s is closed: its calls return ErrClosed and a
// further Close returns nil.
func checkClosed(t *testing.T, s *zmq.Socket) {
	t.Helper()
	if err := s.Send([]byte("x"), zmq.DONTWAIT); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("Send on the closed socket: %v, want ErrClosed", err)
	}
	if _, err := s.Recv(zmq.DONTWAIT); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("Recv on the closed socket: %v, want ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close of the closed socket: %v, want nil", err)
	}
}

// TestCloseDuringPoll closes a socket that a Poll of another goroutine
// holds inside libzmq. Close returns nil at once; Poll goes on, and the
// socket is closed when it returns.
func TestCloseDuringPoll(t *testing.T) {
	ctx := zt.Context(t)
	pull, push := plPipeline(t, ctx, "inproc")
	s := rawSocket(t, ctx, zmq.DEALER)
	p := zmq.NewPoller()
	p.Add(s, zmq.POLLIN)
	idPull := plAdd(t, p, pull, zmq.POLLIN)
	done := plPollStarted(t, p, s)

	zt.Within(t, zt.Limit, "Close of a socket in a blocked Poll", func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close of a socket in a blocked Poll: %v, want nil", err)
		}
	})
	if !zmq.SocketMarked(s) {
		t.Fatal("the socket is not marked for closing while Poll holds it")
	}
	notYet(t, done, 20*time.Millisecond, "Poll returning because of Close")

	plSend(t, push, "wake")
	r := waitFor(t, done, zt.Limit, "Poll returning after a message")
	plCheck(t, "woken", r.got, r.err, plWant{idPull, pull, -1, zmq.POLLIN})
	checkClosed(t, s)
	plRecv(t, pull, "wake")
}

// TestCloseDuringPollThenTerm: a socket closed while Poll(-1) holds it
// does not make Term hang; Term makes Poll return ErrTerm, and Poll's end
// closes the socket.
func TestCloseDuringPollThenTerm(t *testing.T) {
	ctx := rawContext(t)
	s := rawSocket(t, ctx, zmq.DEALER)
	p := zmq.NewPoller()
	p.Add(s, zmq.POLLIN)
	done := plPollStarted(t, p, s)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := waitFor(t, goTerm(ctx), zt.Limit, "Term after Close during Poll"); err != nil {
		t.Fatalf("Term: %v", err)
	}
	zt.MustIs(t, waitFor(t, done, zt.Limit, "Poll returning").err, zmq.ErrTerm, "Poll during Term")
	checkClosed(t, s)
}

// TestCloseDuringProxy closes both sockets of a running proxy from another
// goroutine; Term then ends the proxy, whose end closes them.
func TestCloseDuringProxy(t *testing.T) {
	ctx := rawContext(t)
	front, back := rawSocket(t, ctx, zmq.ROUTER), rawSocket(t, ctx, zmq.DEALER)
	if err := front.Bind(zt.Inproc(t)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for {
			err := zmq.Proxy(front, back, nil)
			// A probe below may hold a socket for an instant.
			if !errors.Is(err, zmq.ErrInUse) {
				done <- err
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	plWaitInUse(t, back)
	plWaitInUse(t, front)
	for _, s := range []*zmq.Socket{front, back} {
		if err := s.Close(); err != nil {
			t.Fatalf("Close of %v in a running proxy: %v", s, err)
		}
	}
	notYet(t, done, 20*time.Millisecond, "Proxy returning because of Close")
	if err := waitFor(t, goTerm(ctx), zt.Limit, "Term after closing a running proxy's sockets"); err != nil {
		t.Fatalf("Term: %v", err)
	}
	zt.MustIs(t, waitFor(t, done, zt.Limit, "Proxy returning"), zmq.ErrTerm, "Proxy during Term")
	checkClosed(t, front)
	checkClosed(t, back)
}

// TestCloseRaces closes sockets while their goroutine sends and receives
// as fast as it can, and from several goroutines at once, many times over,
// so that Close meets the call at every stage: before it takes the socket,
// in libzmq, in the netpoller, at its end. Every Close returns nil, every
// call succeeds or returns ErrClosed, and Term returns each time (a socket
// closed twice, or never, would crash or hang here).
func TestCloseRaces(t *testing.T) {
	rounds := 200
	if testing.Short() {
		rounds = 20
	}
	for i := range rounds {
		ctx := rawContext(t)
		a, b := rawSocket(t, ctx, zmq.PAIR), rawSocket(t, ctx, zmq.PAIR)
		bindConnect(t, a, b, zt.Inproc(t))
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		ping := func(s *zmq.Socket, first bool) { // ping-pong until s is closed
			defer wg.Done()
			buf := make([]byte, 8)
			for {
				if first {
					if err := s.Send([]byte("ping"), 0); err != nil {
						errs <- err
						return
					}
				}
				first = true
				if _, err := s.RecvInto(buf, 0); err != nil {
					errs <- err
					return
				}
			}
		}
		wg.Add(2)
		go ping(a, true)
		go ping(b, false)
		if i%2 == 0 {
			time.Sleep(time.Duration(i%7) * 50 * time.Microsecond)
		}
		var closers sync.WaitGroup
		for _, s := range []*zmq.Socket{a, b, a, b} {
			closers.Add(1)
			go func() {
				defer closers.Done()
				if err := s.Close(); err != nil {
					t.Errorf("round %d: Close: %v", i, err)
				}
			}()
		}
		closers.Wait()
		zt.Within(t, zt.Limit, "the calls returning after Close", wg.Wait)
		close(errs)
		for err := range errs {
			if !errors.Is(err, zmq.ErrClosed) {
				t.Errorf("round %d: a call ended with %v, want ErrClosed", i, err)
			}
		}
		if err := waitFor(t, goTerm(ctx), zt.Limit, "Term"); err != nil {
			t.Fatalf("round %d: Term: %v", i, err)
		}
		if t.Failed() {
			return
		}
	}
}
