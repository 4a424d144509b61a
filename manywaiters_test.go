package zmq_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// Issue 13's first done-when item: 10,000 goroutines, each blocked in
// RecvContext on its own inproc socket, hold fewer than 50 OS threads; all
// of them return context.Canceled within 1 s of cancel(); and the sockets
// still receive afterwards.
//
// The sockets are 10,000 SUBs of one XPUB: libzmq gives each socket one
// eventfd (its ZMQ_FD), and 10,000 PULL/PUSH pairs would need twice the
// 20,000 descriptors a process may open here. XPUB_VERBOSE passes every
// SUB's subscription up, so that receiving all 10,000 of them is the
// handshake which says every SUB will get the XPUB's next message.
func TestManyWaitersCancel(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 sockets: skipped under -short")
	}
	const n = 10_000
	start := time.Now()
	ctx := zt.Context(t)
	if err := ctx.SetMaxSockets(n + 100); err != nil {
		t.Fatal(err)
	}
	pub := zt.Socket(t, ctx, zmq.XPUB)
	if err := pub.SetXPubVerbose(true); err != nil {
		t.Fatal(err)
	}
	ep := zt.Inproc(t)
	if err := pub.Bind(ep); err != nil {
		t.Fatal(err)
	}
	subs := make([]*zmq.Socket, n)
	for i := range subs {
		subs[i] = zt.Socket(t, ctx, zmq.SUB)
		if err := subs[i].Connect(ep); err != nil {
			t.Fatalf("SUB %d: Connect: %v", i, err)
		}
		if err := subs[i].SetSubscribe(""); err != nil {
			t.Fatalf("SUB %d: SetSubscribe: %v", i, err)
		}
	}
	for i := range n {
		if _, err := pub.Recv(0); err != nil {
			t.Fatalf("subscription %d of %d: %v", i, n, err)
		}
	}
	t.Logf("%d sockets made and subscribed in %v", n+1, time.Since(start))

	cctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errs := make(chan error, n)
	for _, s := range subs {
		go func() {
			b, err := s.RecvContext(cctx, 0)
			if err == nil {
				err = errors.New("received " + strconv.Quote(string(b)))
			}
			errs <- err
		}()
	}
	waitParkedCalls(t, n)
	threads := statusThreads(t)
	t.Logf("%d goroutines waiting in RecvContext: %d OS threads", n, threads)
	if threads >= 50 {
		t.Errorf("%d goroutines waiting in RecvContext: %d OS threads, want fewer than 50", n, threads)
	}

	cancelled := time.Now()
	cancel()
	bound := time.After(time.Second)
	for i := range n {
		select {
		case err := <-errs:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("waiter %d: %v, want context.Canceled", i, err)
			}
		case <-bound:
			t.Fatalf("%d of %d waiters returned within 1 s of cancel()", i, n)
		}
	}
	t.Logf("all %d returned context.Canceled %v after cancel()", n, time.Since(cancelled))

	// The sockets are usable: each gets the XPUB's next message.
	if err := pub.SendString("again", 0); err != nil {
		t.Fatal(err)
	}
	for i, s := range subs {
		if got, err := s.RecvString(0); err != nil || got != "again" {
			t.Fatalf("SUB %d after the cancellation: %q, %v", i, got, err)
		}
	}
	t.Logf("whole test body: %v", time.Since(start))
}

// statusThreads is the "Threads:" line of /proc/self/status: the OS
// threads of the process.
func statusThreads(t testing.TB) int {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Threads:"); ok {
			k, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatal(err)
			}
			return k
		}
	}
	t.Fatalf("no Threads: line in /proc/self/status (%v)", sc.Err())
	return 0
}

// waitParkedCalls is waitParked for more goroutines than its 1 MiB dump
// holds: the buffer grows until the whole dump fits.
func waitParkedCalls(t testing.TB, n int) {
	t.Helper()
	buf := make([]byte, 1<<20)
	deadline := time.Now().Add(zt.Limit)
	for {
		k := runtime.Stack(buf, true)
		if k == len(buf) {
			buf = make([]byte, 2*len(buf))
			continue
		}
		parked := 0
		for _, g := range bytes.Split(buf[:k], []byte("\n\n")) {
			if bytes.Contains(g, []byte("[select")) && bytes.Contains(g, []byte("zmq.(*Socket).wait")) {
				parked++
			}
		}
		if parked >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d goroutines parked after %v", parked, n, zt.Limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
