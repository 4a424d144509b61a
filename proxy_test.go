package zmq_test

// Proxy with a capture socket: every frame copied, and a blocked capture
// that a signal does not end.

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// TestProxyCapture: the capture socket gets a copy of every frame, with
// the same multipart structure, in both directions.
func TestProxyCapture(t *testing.T) {
	ctx := zt.Context(t)
	front, back, capture := zt.Socket(t, ctx, zmq.DEALER), zt.Socket(t, ctx, zmq.DEALER), zt.Socket(t, ctx, zmq.PUSH)
	feEP, beEP, capEP := bindInproc(t, front), bindInproc(t, back), bindInproc(t, capture)
	tap := zt.Socket(t, ctx, zmq.PULL)
	connect(t, tap, capEP)
	p := startProxy(t, ctx, func() error { return zmq.Proxy(front, back, capture) }, front, back, capture)

	client, worker := zt.Socket(t, ctx, zmq.DEALER), zt.Socket(t, ctx, zmq.DEALER)
	connect(t, client, feEP)
	connect(t, worker, beEP)

	var sent [][][]byte
	for i := 0; i < 50; i++ {
		parts := i%4 + 1
		m := make([][]byte, parts)
		for f := range m {
			m[f] = []byte(fmt.Sprintf("req-%d-%d", i, f))
		}
		m[0] = []byte{} // an empty frame, like an envelope delimiter
		if err := client.SendMessage(m, 0); err != nil {
			t.Fatal(err)
		}
		got, err := worker.RecvMessage(0)
		if err != nil {
			t.Fatal(err)
		}
		if !sameMessage(got, m) {
			t.Fatalf("worker got %q, want %q", strs(got), strs(m))
		}
		reply := append(m, []byte(fmt.Sprintf("rep-%d", i)))
		if err := worker.SendMessage(reply, 0); err != nil {
			t.Fatal(err)
		}
		got, err = client.RecvMessage(0)
		if err != nil {
			t.Fatal(err)
		}
		if !sameMessage(got, reply) {
			t.Fatalf("client got %q, want %q", strs(got), strs(reply))
		}
		sent = append(sent, m, reply)
	}
	for k, want := range sent {
		got, err := tap.RecvMessage(0)
		if err != nil {
			t.Fatalf("capture of message %d: %v", k, err)
		}
		if !sameMessage(got, want) {
			t.Fatalf("capture of message %d is %q, want %q", k, strs(got), strs(want))
		}
	}
	nothingArrives(t, tap, 50*time.Millisecond, "capture after the last message")
	p.shutdown(t, ctx)
}

// TestProxyCaptureBlockedUnderSignals: a capture socket that cannot take
// the copy (a PUSH with no peer yet) holds the proxy, like a full
// destination, and a signal must not end it: the proxy goes on when the
// capture's peer comes.
func TestProxyCaptureBlockedUnderSignals(t *testing.T) {
	ctx := zt.Context(t)
	front, back, capture := zt.Socket(t, ctx, zmq.PULL), zt.Socket(t, ctx, zmq.PUSH), zt.Socket(t, ctx, zmq.PUSH)
	feEP, beEP, capEP := bindInproc(t, front), bindInproc(t, back), bindInproc(t, capture)
	var sent int
	p := startProxy(t, ctx, func() error {
		var err error
		sent = zt.OnSignalledThread(syscall.SIGURG, zt.StormEvery, func() { err = zmq.Proxy(front, back, capture) })
		return err
	}, front, back, capture)
	push, pull := zt.Socket(t, ctx, zmq.PUSH), zt.Socket(t, ctx, zmq.PULL)
	connect(t, push, feEP)
	connect(t, pull, beEP)
	if err := push.SendMessage(frames("one", "two"), 0); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
		t.Fatalf("Proxy returned %v while its capture was blocked under signals (%d sent); a signal must not stop a proxy", p.err, sent)
	case <-time.After(300 * time.Millisecond):
	}
	tap := zt.Socket(t, ctx, zmq.PULL)
	connect(t, tap, capEP)
	for _, s := range []*zmq.Socket{tap, pull} {
		m, err := s.RecvMessage(0)
		if err != nil || !sameMessage(m, frames("one", "two")) {
			t.Fatalf("%v got %q, %v", s, strs(m), err)
		}
	}
	p.shutdown(t, ctx)
	t.Logf("%d SIGURG sent to the proxy's thread", sent)
}
