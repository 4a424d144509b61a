package zmq_test

// ProxyContext: stopped by its context.Context without a Shutdown, its
// sockets usable afterwards, and idle proxies that hold no OS thread.

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// queueSetup is a ROUTER frontend and DEALER backend, bound at inproc,
// with a REQ client on the frontend and a REP worker on the backend.
type queueSetup struct {
	ctx         *zmq.Context
	front, back *zmq.Socket
	req, rep    *zmq.Socket
}

func newQueueSetup(t *testing.T) *queueSetup {
	t.Helper()
	q := &queueSetup{ctx: zt.Context(t)}
	q.front, q.back = zt.Socket(t, q.ctx, zmq.ROUTER), zt.Socket(t, q.ctx, zmq.DEALER)
	feEP, beEP := bindInproc(t, q.front), bindInproc(t, q.back)
	q.req, q.rep = zt.Socket(t, q.ctx, zmq.REQ), zt.Socket(t, q.ctx, zmq.REP)
	connect(t, q.req, feEP)
	connect(t, q.rep, beEP)
	return q
}

// start runs ProxyContext(ctx, front, back, nil) in a goroutine; a
// cleanup (run before the sockets' own) shuts the context down if the
// proxy is still running when the test ends.
func (q *queueSetup) start(t *testing.T, ctx context.Context) <-chan error {
	t.Helper()
	done, ended := make(chan error, 1), make(chan struct{})
	go func() {
		defer close(ended)
		done <- zmq.ProxyContext(ctx, q.front, q.back, nil)
	}()
	t.Cleanup(func() {
		select {
		case <-ended:
		default:
			q.ctx.Shutdown()
			waitFor(t, ended, zt.Limit, "ProxyContext after Shutdown")
		}
	})
	return done
}

// requests makes n REQ/REP round trips through the proxy.
func (q *queueSetup) requests(t *testing.T, n int, tag string) {
	t.Helper()
	for i := range n {
		want := fmt.Sprintf("%s-%d", tag, i)
		if err := q.req.SendString(want, 0); err != nil {
			t.Fatalf("request %s: %v", want, err)
		}
		got, err := q.rep.RecvString(0)
		if err != nil || got != want {
			t.Fatalf("worker got %q, %v; want %q", got, err, want)
		}
		if err := q.rep.SendString("re:"+got, 0); err != nil {
			t.Fatalf("reply to %s: %v", want, err)
		}
		if got, err = q.req.RecvString(0); err != nil || got != "re:"+want {
			t.Fatalf("client got %q, %v; want %q", got, err, "re:"+want)
		}
	}
}

// TestProxyContext: a ProxyContext between ROUTER and DEALER passes
// request/reply traffic, returns context.Canceled within 100 ms of
// cancel() with no Shutdown, and leaves its sockets usable: a second
// proxy on them passes traffic again, and then they close and the
// context terminates.
func TestProxyContext(t *testing.T) {
	q := newQueueSetup(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := q.start(t, ctx)
	q.requests(t, 100, "first")

	cancel()
	start := time.Now()
	err := waitFor(t, done, time.Second, "ProxyContext after cancel")
	took := time.Since(start)
	zt.MustIs(t, err, context.Canceled, "ProxyContext after cancel")
	t.Logf("ProxyContext returned %v after cancel()", took)
	if took > 100*time.Millisecond {
		t.Errorf("ProxyContext returned %v after cancel(), want within 100ms", took)
	}
	for _, s := range []*zmq.Socket{q.front, q.back} {
		if _, err := s.Linger(); err != nil {
			t.Errorf("%v after ProxyContext returned: %v", s, err)
		}
	}

	// The sockets still work: a request sent while no proxy runs waits in
	// the frontend's queue and goes through the next proxy.
	if err := q.req.SendString("queued", 0); err != nil {
		t.Fatal(err)
	}
	ctx2, cancel2 := context.WithTimeout(context.Background(), zt.Limit)
	defer cancel2()
	done = q.start(t, ctx2)
	if got, err := q.rep.RecvString(0); err != nil || got != "queued" {
		t.Fatalf("worker got %q, %v after the restart; want the queued request", got, err)
	}
	if err := q.rep.SendString("re:queued", 0); err != nil {
		t.Fatal(err)
	}
	if got, err := q.req.RecvString(0); err != nil || got != "re:queued" {
		t.Fatalf("client got %q, %v", got, err)
	}
	q.requests(t, 10, "second")
	cancel2()
	zt.MustIs(t, waitFor(t, done, time.Second, "second ProxyContext"), context.Canceled, "second ProxyContext")

	for _, s := range []*zmq.Socket{q.front, q.back, q.req, q.rep} {
		if err := s.Close(); err != nil {
			t.Fatalf("Close %v: %v", s, err)
		}
	}
	if err := waitFor(t, goTerm(q.ctx), zt.Limit, "Term after ProxyContext"); err != nil {
		t.Fatalf("Term: %v", err)
	}
}

// TestProxyContextDone: a ctx that is done already returns its error
// before anything else happens: before the sockets are checked (nil
// sockets, a socket in use), and before libzmq is reached (which would
// report the shut-down context with ErrTerm).
func TestProxyContextDone(t *testing.T) {
	q := newQueueSetup(t)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()

	zt.MustIs(t, zmq.ProxyContext(canceled, nil, nil, nil), context.Canceled, "ProxyContext(canceled, nil sockets)")
	zt.MustIs(t, zmq.ProxyContext(expired, q.front, q.back, nil), context.DeadlineExceeded, "ProxyContext(expired)")
	var nilCtx context.Context
	zt.MustIs(t, zmq.ProxyContext(nilCtx, q.front, q.back, nil), zmq.ErrInvalid, "ProxyContext(nil ctx)")

	// A socket in use by another goroutine's call: refused only once ctx
	// is known to be live.
	recvDone := make(chan error, 1)
	go func() { _, err := q.rep.Recv(0); recvDone <- err }()
	waitBusy(t, q.rep)
	zt.MustIs(t, zmq.ProxyContext(canceled, q.front, q.rep, nil), context.Canceled, "ProxyContext(canceled) on a socket in use")

	if err := q.ctx.Shutdown(); err != nil {
		t.Fatal(err)
	}
	zt.MustIs(t, waitFor(t, recvDone, zt.Limit, "Recv after Shutdown"), zmq.ErrTerm, "Recv after Shutdown")
	zt.MustIs(t, zmq.ProxyContext(canceled, q.front, q.back, nil), context.Canceled, "ProxyContext(canceled) after Shutdown")
	// Live, it does reach libzmq, which reports the shut-down context.
	zt.MustIs(t, zmq.ProxyContext(context.Background(), q.front, q.back, nil), zmq.ErrTerm, "ProxyContext after Shutdown")
}

// TestProxyContextDeadline: a ctx deadline ends a proxy that waits for
// traffic with DeadlineExceeded, and Shutdown still ends one with ErrTerm.
func TestProxyContextDeadline(t *testing.T) {
	q := newQueueSetup(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	zt.MustIs(t, waitFor(t, q.start(t, ctx), zt.Limit, "ProxyContext"), context.DeadlineExceeded, "ProxyContext past its deadline")
	if late := time.Since(start) - 50*time.Millisecond; late > 100*time.Millisecond {
		t.Errorf("ProxyContext returned %v after its deadline", late)
	}

	done := q.start(t, context.Background())
	q.requests(t, 3, "live")
	if err := q.ctx.Shutdown(); err != nil {
		t.Fatal(err)
	}
	zt.MustIs(t, waitFor(t, done, time.Second, "ProxyContext after Shutdown"), zmq.ErrTerm, "ProxyContext after Shutdown")
}

// TestProxyContextCancelMidStream cancels proxies while a multipart
// stream flows through them, restarting one each time: every message
// arrives exactly once, whole and in order (a cancelled proxy never
// drops or splits the message it was passing).
func TestProxyContextCancelMidStream(t *testing.T) {
	const messages = 20000
	ctx := zt.Context(t)
	front, back := zt.Socket(t, ctx, zmq.PULL), zt.Socket(t, ctx, zmq.PUSH)
	feEP, beEP := bindInproc(t, front), bindInproc(t, back)
	push, pull := zt.Socket(t, ctx, zmq.PUSH), zt.Socket(t, ctx, zmq.PULL)
	connect(t, push, feEP)
	connect(t, pull, beEP)

	message := func(i int) [][]byte {
		m := make([][]byte, i%5+1)
		for f := range m {
			m[f] = []byte(fmt.Sprintf("%d/%d", i, f))
		}
		return m
	}
	sendErr := make(chan error, 1)
	go func() {
		for i := range messages {
			if err := push.SendMessage(message(i), 0); err != nil {
				sendErr <- err
				return
			}
		}
		sendErr <- nil
	}()

	stop := make(chan struct{})
	var restarts int
	var proxyErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // proxies, each cancelled after a moment, until stop
		defer wg.Done()
		for {
			pctx, cancel := context.WithTimeout(context.Background(), time.Duration(restarts%7+1)*100*time.Microsecond)
			err := zmq.ProxyContext(pctx, front, back, nil)
			cancel()
			if !errors.Is(err, context.DeadlineExceeded) {
				proxyErr = err
				return
			}
			select {
			case <-stop:
				return
			default:
				restarts++
			}
		}
	}()
	for i := range messages {
		got, err := pull.RecvMessage(0)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if !sameMessage(got, message(i)) {
			t.Fatalf("message %d is %q, want %q", i, strs(got), strs(message(i)))
		}
	}
	close(stop)
	wg.Wait()
	if proxyErr != nil {
		t.Fatalf("ProxyContext: %v", proxyErr)
	}
	if err := <-sendErr; err != nil {
		t.Fatal(err)
	}
	nothingArrives(t, pull, 20*time.Millisecond, "after the last message")
	t.Logf("%d messages through %d cancelled proxies", messages, restarts+1)
}

// TestProxyContextIdleThreads: 200 idle ProxyContext goroutines wait in
// Go's netpoller, holding no OS thread, and all return within a second
// of cancel().
func TestProxyContextIdleThreads(t *testing.T) {
	const proxies = 200
	zctx := zt.Context(t)
	before := osThreads(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dones := make([]chan error, proxies)
	for i := range dones {
		front, back := zt.Socket(t, zctx, zmq.ROUTER), zt.Socket(t, zctx, zmq.DEALER)
		bindInproc(t, front)
		bindInproc(t, back)
		dones[i] = make(chan error, 1)
		go func() { dones[i] <- zmq.ProxyContext(ctx, front, back, nil) }()
	}
	// Each parked in the netpoller, which is what holds no thread.
	waitParkedIn(t, "[IO wait", "zmq.proxy(", proxies)
	t.Cleanup(func() { // if the test fails before cancel
		cancel()
		for _, d := range dones {
			waitFor(t, d, zt.Limit, "ProxyContext")
		}
	})
	during := osThreads(t)
	t.Logf("OS threads: %d before, %d with %d idle proxies", before, during, proxies)
	if during >= 50 {
		t.Errorf("%d OS threads with %d idle proxies, want fewer than 50", during, proxies)
	}

	cancel()
	deadline := time.After(time.Second)
	for i, d := range dones {
		select {
		case err := <-d:
			d <- err // for the cleanup
			zt.MustIs(t, err, context.Canceled, fmt.Sprintf("proxy %d", i))
		case <-deadline:
			t.Fatalf("proxy %d did not return within a second of cancel()", i)
		}
	}
}
