package zmq_test

// The data path promises: sending a []byte or a string, RecvInto, and
// SendMsg/RecvMsg with a reused Msg do not allocate; Recv and RecvString
// allocate exactly their result; a would-block costs nothing. Each
// measured function makes a full send+receive over an inproc PAIR pair,
// so the queue never fills.

import (
	"fmt"
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

func allocPair(t *testing.T) (a, b *zmq.Socket) {
	t.Helper()
	ctx := zt.Context(t)
	return pairOver(t, ctx, "inproc")
}

func checkAllocs(t *testing.T, what string, want float64, f func()) {
	t.Helper()
	if sanitizerBuild {
		t.Skip("allocation counts are not the binding's under -asan/-msan (see sanitizerBuild)")
	}
	if got := testing.AllocsPerRun(200, f); got != want {
		t.Errorf("%s: %v allocations per run, want %v", what, got, want)
	}
}

// Send, SendString and RecvInto allocate nothing at any size: an allocation
// here would be garbage on every message of a hot loop.
func TestAllocsSendRecvInto(t *testing.T) {
	a, b := allocPair(t)
	for _, n := range []int{0, 33, 64, 70_000} {
		msg := pattern(n, 1)
		str := string(msg)
		buf := make([]byte, n)
		checkAllocs(t, fmt.Sprintf("Send+RecvInto, %d B", n), 0, func() {
			if err := a.Send(msg, 0); err != nil {
				t.Fatal(err)
			}
			if got, err := b.RecvInto(buf, 0); err != nil || got != n {
				t.Fatalf("RecvInto = %d, %v", got, err)
			}
		})
		checkAllocs(t, fmt.Sprintf("SendString+RecvInto, %d B", n), 0, func() {
			if err := a.SendString(str, 0); err != nil {
				t.Fatal(err)
			}
			if got, err := b.RecvInto(buf, 0); err != nil || got != n {
				t.Fatalf("RecvInto = %d, %v", got, err)
			}
		})
		checkAllocs(t, fmt.Sprintf("SendMessage(2 parts)+RecvInto×2, %d B", n), 0, func() {
			if err := a.Send(msg, zmq.SNDMORE); err != nil {
				t.Fatal(err)
			}
			if err := a.SendString(str, 0); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if _, err := b.RecvInto(buf, 0); err != nil {
					t.Fatal(err)
				}
			}
			if more, _ := b.RcvMore(); more {
				t.Fatal("RcvMore after the last part")
			}
		})
	}
}

// A Msg reused for RecvMsg and SendMsg allocates nothing per message.
func TestAllocsSendMsgRecvMsgReused(t *testing.T) {
	a, b := allocPair(t)
	for _, n := range []int{0, 33, 64, 70_000} {
		msg := pattern(n, 2)
		var m zmq.Msg
		buf := make([]byte, n)
		// a → b as bytes, b → a as the same Msg it received into.
		checkAllocs(t, fmt.Sprintf("RecvMsg+SendMsg on a reused Msg, %d B", n), 0, func() {
			if err := a.Send(msg, 0); err != nil {
				t.Fatal(err)
			}
			if err := b.RecvMsg(&m, 0); err != nil {
				t.Fatal(err)
			}
			if err := b.SendMsg(&m, 0); err != nil {
				t.Fatal(err)
			}
			if got, err := a.RecvInto(buf, 0); err != nil || got != n {
				t.Fatalf("RecvInto = %d, %v", got, err)
			}
		})
		m.Close()
	}
}

// Recv and RecvString allocate their result and nothing more.
func TestAllocsRecv(t *testing.T) {
	a, b := allocPair(t)
	for _, n := range []int{1, 33, 64, 70_000} {
		msg := pattern(n, 3)
		checkAllocs(t, fmt.Sprintf("Send+Recv, %d B", n), 1, func() {
			if err := a.Send(msg, 0); err != nil {
				t.Fatal(err)
			}
			if got, err := b.Recv(0); err != nil || len(got) != n {
				t.Fatalf("Recv = %d bytes, %v", len(got), err)
			}
		})
		// A one-byte string is one of the runtime's static strings.
		wantStr := 1.0
		if n == 1 {
			wantStr = 0
		}
		checkAllocs(t, fmt.Sprintf("Send+RecvString, %d B", n), wantStr, func() {
			if err := a.Send(msg, 0); err != nil {
				t.Fatal(err)
			}
			if got, err := b.RecvString(0); err != nil || len(got) != n {
				t.Fatalf("RecvString = %d bytes, %v", len(got), err)
			}
		})
	}
	// An empty frame needs no backing array.
	checkAllocs(t, "Send+Recv of an empty frame", 0, func() {
		if err := a.Send(nil, 0); err != nil {
			t.Fatal(err)
		}
		if got, err := b.Recv(0); err != nil || len(got) != 0 {
			t.Fatalf("Recv = %q, %v", got, err)
		}
	})
}

// A would-block (ErrAgain) allocates nothing: DONTWAIT loops meet it all
// the time.
func TestAllocsWouldBlock(t *testing.T) {
	_, b := allocPair(t)
	var buf [8]byte
	var m zmq.Msg
	defer m.Close()
	if err := b.RecvMsg(&m, zmq.DONTWAIT); err == nil {
		t.Fatal("RecvMsg(DONTWAIT) on an empty socket succeeded")
	}
	checkAllocs(t, "RecvInto(DONTWAIT) → ErrAgain", 0, func() {
		if _, err := b.RecvInto(buf[:], zmq.DONTWAIT); err != zmq.ErrAgain {
			t.Fatalf("RecvInto = %v", err)
		}
	})
	checkAllocs(t, "RecvMsg(DONTWAIT) → ErrAgain", 0, func() {
		if err := b.RecvMsg(&m, zmq.DONTWAIT); err != zmq.ErrAgain {
			t.Fatalf("RecvMsg = %v", err)
		}
	})
	checkAllocs(t, "Recv(DONTWAIT) → ErrAgain", 0, func() {
		if _, err := b.Recv(zmq.DONTWAIT); err != zmq.ErrAgain {
			t.Fatalf("Recv = %v", err)
		}
	})
}

// SendMessage packs its parts and crosses once; RecvMessage crosses once
// and puts a message of up to 64 KiB in two allocations: the part slices
// and one array their bytes share.
func TestAllocsMultipart(t *testing.T) {
	a, b := allocPair(t)
	parts := [][]byte{[]byte("identity"), {}, pattern(64, 5)}
	checkAllocs(t, "SendMessage(3 parts)+RecvMessage", 2, func() {
		if err := a.SendMessage(parts, 0); err != nil {
			t.Fatal(err)
		}
		if got, err := b.RecvMessage(0); err != nil || len(got) != 3 {
			t.Fatalf("RecvMessage = %d parts, %v", len(got), err)
		}
	})
	big := [][]byte{pattern(40_000, 1), pattern(40_000, 2)}
	bufs := [][]byte{make([]byte, 40_000), make([]byte, 40_000)}
	sizes := make([]int, 2)
	checkAllocs(t, "SendMessage(2 parts of 40 KB, one unpacked)+RecvBatch", 0, func() {
		if err := a.SendMessage(big, 0); err != nil {
			t.Fatal(err)
		}
		for got := 0; got < 2; {
			n, err := b.RecvBatch(bufs[got:], sizes[got:], 0)
			if err != nil {
				t.Fatal(err)
			}
			got += n
		}
	})
}

// The batch calls make no allocation per call once the socket's packing
// buffer has grown.
func TestAllocsBatch(t *testing.T) {
	a, b := allocPair(t)
	msgs := make([][]byte, 100)
	bufs := make([][]byte, 100)
	for i := range msgs {
		msgs[i], bufs[i] = pattern(64, byte(i)), make([]byte, 64)
	}
	sizes := make([]int, 100)
	checkAllocs(t, "SendBatch(100)+RecvBatch", 0, func() {
		if n, err := a.SendBatch(msgs, 0); err != nil || n != 100 {
			t.Fatalf("SendBatch = %d, %v", n, err)
		}
		if n, err := b.RecvBatch(bufs, sizes, 0); err != nil || n != 100 {
			t.Fatalf("RecvBatch = %d, %v", n, err)
		}
	})
}
