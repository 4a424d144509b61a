package zmq_test

// The package-level Poll over PollItems, as the Guide's mspoller uses it.

import (
	"fmt"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// TestPollPackage, the Guide's mspoller with a pipe added: zmq.Poll sets
// each item's REvents to what is ready, clears stale ones, and waits its
// whole timeout, items or not, when nothing is.
func TestPollPackage(t *testing.T) {
	ctx := zt.Context(t)
	receiver, tasks := plPipeline(t, ctx, "tcp")
	publisher, subscriber := zt.Socket(t, ctx, zmq.XPUB), zt.Socket(t, ctx, zmq.SUB)
	bindConnect(t, publisher, subscriber, zt.Inproc(t))
	if err := subscriber.SetSubscribe("10001 "); err != nil {
		t.Fatal(err)
	}
	// XPUB hands us the subscription: from then on it is in force.
	if sub, err := publisher.Recv(0); err != nil || string(sub) != "\x0110001 " {
		t.Fatalf("subscription = %q, %v", sub, err)
	}
	r, w := plPipe(t)

	items := []zmq.PollItem{
		{Socket: receiver, Events: zmq.POLLIN},
		{Socket: subscriber, Events: zmq.POLLIN},
		{FD: int(r.Fd()), Events: zmq.POLLIN},
	}
	check := func(what string, n int, err error, want ...zmq.Events) {
		t.Helper()
		ready := 0
		for _, ev := range want {
			if ev != 0 {
				ready++
			}
		}
		bad := err != nil || n != ready
		for i := range items {
			bad = bad || items[i].REvents != want[i]
		}
		if bad {
			t.Fatalf("%s: zmq.Poll = %d, %v, REvents %v %v %v; want %d, REvents %v",
				what, n, err, items[0].REvents, items[1].REvents, items[2].REvents, ready, want)
		}
	}
	items[0].REvents, items[2].REvents = zmq.POLLOUT, zmq.POLLERR // stale: Poll clears them
	start := time.Now()
	n, err := zmq.Poll(items, 30*time.Millisecond)
	if took := time.Since(start); took < 28*time.Millisecond {
		t.Errorf("zmq.Poll(30ms) returned after %v", took)
	}
	check("nothing ready", n, err, 0, 0, 0)

	plSend(t, tasks, "task 1")
	n, err = zmq.Poll(items, zt.Limit)
	check("a task", n, err, zmq.POLLIN, 0, 0)
	plRecv(t, receiver, "task 1")

	plSend(t, publisher, "10001 75 40")
	plSend(t, publisher, "10002 not for us")
	n, err = zmq.Poll(items, zt.Limit)
	check("an update", n, err, 0, zmq.POLLIN, 0)
	plRecv(t, subscriber, "10001 75 40")

	// All three at once.
	plSend(t, tasks, "task 2")
	plSend(t, publisher, "10001 76 41")
	if _, err := w.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	plWaitReady(t, receiver, zmq.POLLIN)
	n, err = zmq.Poll(items, -1)
	check("all three", n, err, zmq.POLLIN, zmq.POLLIN, zmq.POLLIN)

	// The Guide's loop: serve whatever is ready until all is read.
	var got []string
	for len(got) < 3 {
		if _, err := zmq.Poll(items, zt.Limit); err != nil {
			t.Fatal(err)
		}
		if items[0].REvents&zmq.POLLIN != 0 {
			s, err := receiver.RecvString(0)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		if items[1].REvents&zmq.POLLIN != 0 {
			s, err := subscriber.RecvString(0)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		if items[2].REvents&zmq.POLLIN != 0 {
			var b [8]byte
			n, err := r.Read(b[:])
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, "pipe "+string(b[:n]))
		}
	}
	if fmt.Sprint(got) != "[task 2 10001 76 41 pipe q]" {
		t.Fatalf("served %q", got)
	}
	n, err = zmq.Poll(items, 0)
	check("all read", n, err, 0, 0, 0)

	// No items: waits for the timeout, as zmq_poll does.
	start = time.Now()
	if n, err := zmq.Poll(nil, 20*time.Millisecond); n != 0 || err != nil {
		t.Fatalf("zmq.Poll(nil) = %d, %v", n, err)
	}
	if took := time.Since(start); took < 18*time.Millisecond {
		t.Errorf("zmq.Poll(nil, 20ms) returned after %v", took)
	}
}
