package zmq_test

// NewMsgData: Go buffers sent without a copy, each free called exactly
// once after libzmq lets go of the buffer, however the message ends.

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// frees counts the free calls per buffer and signals when want have run.
type frees struct {
	count []atomic.Int32
	total atomic.Int64
	want  int64
	done  chan struct{}
}

func newFrees(n int) *frees {
	return &frees{count: make([]atomic.Int32, n), want: int64(n), done: make(chan struct{})}
}

// free returns buffer i's free function; after it has run, back (if not
// nil) gets the buffer.
func (f *frees) free(i int, back chan<- []byte) func([]byte) {
	return func(b []byte) {
		f.count[i].Add(1)
		if back != nil {
			back <- b[:cap(b)]
		}
		if f.total.Add(1) == f.want {
			close(f.done)
		}
	}
}

// wait waits until every free has run and checks each ran exactly once.
func (f *frees) wait(t *testing.T, what string) {
	t.Helper()
	select {
	case <-f.done:
	case <-time.After(zt.Limit):
		t.Fatalf("%s: %d of %d frees after %v", what, f.total.Load(), f.want, zt.Limit)
	}
	for i := range f.count {
		if n := f.count[i].Load(); n != 1 {
			t.Fatalf("%s: buffer %d freed %d times", what, i, n)
		}
	}
}

// gcEachMs forces a collection every millisecond until the test ends, so
// that buffers held only by libzmq would be collected if they were not
// pinned and referenced.
func gcEachMs(t *testing.T) {
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.GC()
			}
		}
	}()
	t.Cleanup(func() { close(stop); <-done })
}

// msgDataCount is how many buffers the stress test sends over transport:
// 100,000 (measured on two cores: some 2 s over inproc, 18 s over tcp,
// 18 GB through the loopback); 2,000 under -race or -short.
// ZMQ_MSGDATA_N overrides it.
func msgDataCount(t *testing.T) int {
	if s := os.Getenv("ZMQ_MSGDATA_N"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if testing.Short() || zt.RaceEnabled {
		return 2000
	}
	return 100000
}

// TestNewMsgDataStress sends Go buffers of 4 KiB to 1 MiB (log-uniform)
// from a pool that free refills: a buffer libzmq still held when its
// free ran would be overwritten by a later message, and arrive damaged.
func TestNewMsgDataStress(t *testing.T) {
	for _, transport := range []string{"inproc", "tcp"} {
		t.Run(transport, func(t *testing.T) { msgDataStress(t, transport, msgDataCount(t)) })
	}
}

func msgDataStress(t *testing.T, transport string, n int) {
	const maxSize, poolSize = 1 << 20, 32
	ctx := zt.Context(t)
	a, b := pairOver(t, ctx, transport)
	must(t, "options", a.SetSndHWM(8), b.SetRcvHWM(8), b.SetRcvTimeo(zt.Limit))
	gcEachMs(t)
	// Buffer i is template[i%4096:][:size] with i in its first 8 bytes.
	template := make([]byte, maxSize+4096)
	for i := range template {
		template[i] = byte(rand.Uint32())
	}
	pool := make(chan []byte, poolSize)
	for range poolSize {
		pool <- make([]byte, maxSize)
	}
	sizes := make([]int, n)
	for i := range sizes {
		sizes[i] = int(4096 * math.Exp2(8*rand.Float64()))
	}
	f := newFrees(n)
	received := make(chan error, 1)
	go func() {
		m := new(zmq.Msg)
		defer m.Close()
		for i := range n {
			if err := b.RecvMsg(m, 0); err != nil {
				received <- err
				return
			}
			got := m.Bytes()
			want := template[i%4096:][:sizes[i]]
			if len(got) != sizes[i] || binary.LittleEndian.Uint64(got) != uint64(i) || !bytes.Equal(got[8:], want[8:]) {
				received <- errDamaged(i, len(got))
				return
			}
		}
		received <- nil
	}()
	start := time.Now()
	for i := range n {
		var buf []byte
		select {
		case buf = <-pool:
		case <-time.After(zt.Limit):
			t.Fatalf("message %d: no buffer freed in %v", i, zt.Limit)
		}
		buf = buf[:sizes[i]]
		copy(buf, template[i%4096:][:sizes[i]])
		binary.LittleEndian.PutUint64(buf, uint64(i))
		m, err := zmq.NewMsgData(buf, f.free(i, pool))
		if err != nil {
			t.Fatal(err)
		}
		if err := a.SendMsg(m, 0); err != nil {
			t.Fatalf("SendMsg %d: %v", i, err)
		}
		m.Close()
	}
	if err := waitFor(t, received, zt.Limit, "receiver"); err != nil {
		t.Fatal(err)
	}
	f.wait(t, transport)
	t.Logf("%s: %d buffers in %v", transport, n, time.Since(start))
}

type damagedError struct{ i, n int }

func (e damagedError) Error() string {
	return "message " + strconv.Itoa(e.i) + " (" + strconv.Itoa(e.n) + " bytes) damaged or out of order"
}

func errDamaged(i, n int) error { return damagedError{i, n} }

// TestNewMsgDataDropped: a message PUB drops (no subscriber) and messages
// Term discards (LINGER 0, peer absent) are freed too.
func TestNewMsgDataDropped(t *testing.T) {
	const n = 100
	t.Run("pub", func(t *testing.T) {
		ctx := zt.Context(t)
		pub := zt.Socket(t, ctx, zmq.PUB)
		zt.BindLocal(t, pub)
		f := newFrees(n)
		for i := range n {
			m, err := zmq.NewMsgData(make([]byte, 5000), f.free(i, nil))
			if err != nil {
				t.Fatal(err)
			}
			if err := pub.SendMsg(m, 0); err != nil {
				t.Fatal(err)
			}
		}
		f.wait(t, "pub")
	})
	t.Run("term", func(t *testing.T) {
		ctx := rawContext(t)
		push := rawSocket(t, ctx, zmq.PUSH)
		if err := push.Connect("tcp://127.0.0.1:1"); err != nil {
			t.Fatal(err)
		}
		f := newFrees(n)
		for i := range n {
			m, err := zmq.NewMsgData(make([]byte, 100), f.free(i, nil))
			if err != nil {
				t.Fatal(err)
			}
			if err := push.SendMsg(m, zmq.DONTWAIT); err != nil {
				t.Fatalf("SendMsg %d: %v", i, err)
			}
		}
		// Queued to a peer that never comes: libzmq holds every buffer.
		if got := f.total.Load(); got != 0 {
			t.Fatalf("%d frees before Term", got)
		}
		must(t, "close", push.Close())
		must(t, "term", ctx.Term())
		f.wait(t, "term")
	})
}

// TestNewMsgDataClose: Close of an unsent message frees the buffer, and
// so does an empty buffer's message.
func TestNewMsgDataClose(t *testing.T) {
	f := newFrees(3)
	// A heap buffer, none, and memory outside the heap (which Pin skips).
	for i, data := range [][]byte{[]byte("unsent"), nil, staticData[:]} {
		m, err := zmq.NewMsgData(data, f.free(i, nil))
		if err != nil {
			t.Fatal(err)
		}
		if string(m.Bytes()) != string(data) {
			t.Fatalf("Bytes %q, want %q", m.Bytes(), data)
		}
		must(t, "close", m.Close())
	}
	f.wait(t, "close")
	// nil free: the buffer is only unpinned.
	m, err := zmq.NewMsgData([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	m.Close()
}

var staticData = [4]byte{'s', 't', 'a', 't'}

// TestNewMsgDataDroppedMsg: a Msg dropped without Close is released by
// its cleanup, which frees the buffer.
func TestNewMsgDataDroppedMsg(t *testing.T) {
	f := newFrees(1)
	m, err := zmq.NewMsgData(make([]byte, 100), f.free(0, nil))
	if err != nil {
		t.Fatal(err)
	}
	_ = m.Len()
	m = nil
	deadline := time.Now().Add(zt.Limit)
	for f.total.Load() == 0 && time.Now().Before(deadline) {
		runtime.GC()
		select { // a collection runs the cleanup later, on its own goroutine
		case <-f.done:
		case <-time.After(5 * time.Millisecond):
		}
	}
	f.wait(t, "dropped Msg")
}

// TestNewMsgDataCopy: a buffer shared by Copy is freed once, after the
// last of the two messages is delivered.
func TestNewMsgDataCopy(t *testing.T) {
	ctx := zt.Context(t)
	a, b := pairOver(t, ctx, "inproc")
	must(t, "rcvtimeo", b.SetRcvTimeo(zt.Limit))
	f := newFrees(1)
	data := bytes.Repeat([]byte("c"), 1000)
	m1, err := zmq.NewMsgData(data, f.free(0, nil))
	if err != nil {
		t.Fatal(err)
	}
	m2 := new(zmq.Msg)
	must(t, "copy", m2.Copy(m1))
	// Received into a Msg closed at once: Recv would keep the last frame
	// in the socket until the next receive.
	recv := func(what string) {
		got := new(zmq.Msg)
		if err := b.RecvMsg(got, 0); err != nil || !bytes.Equal(got.Bytes(), data) {
			t.Fatalf("%s: %d bytes, %v", what, got.Len(), err)
		}
		got.Close()
	}
	must(t, "send 1", a.SendMsg(m1, 0))
	recv("first")
	// m2 still holds the buffer, so its free cannot have been queued.
	if n := f.total.Load(); n != 0 {
		t.Fatalf("freed %d times while m2 holds the buffer", n)
	}
	must(t, "send 2", a.SendMsg(m2, 0))
	recv("second")
	f.wait(t, "copy")
	m1.Close()
	m2.Close()
}
