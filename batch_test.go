package zmq_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// batchBufs returns n receive buffers of size bytes and their sizes.
func batchBufs(n, size int) ([][]byte, []int) {
	bufs := make([][]byte, n)
	for i := range bufs {
		bufs[i] = make([]byte, size)
	}
	return bufs, make([]int, n)
}

// recvAll receives frames with RecvBatch until want frames have come and
// returns them with the RcvMore of each call's last frame.
func recvAll(t *testing.T, s *zmq.Socket, want, bufSize int) [][]byte {
	t.Helper()
	var got [][]byte
	bufs, sizes := batchBufs(64, bufSize)
	for len(got) < want {
		n, err := s.RecvBatch(bufs, sizes, 0)
		if err != nil {
			t.Fatalf("RecvBatch after %d of %d frames: %v", len(got), want, err)
		}
		if n < 1 || n > len(bufs) {
			t.Fatalf("RecvBatch returned %d frames for %d buffers", n, len(bufs))
		}
		for i := range n {
			got = append(got, append([]byte{}, bufs[i][:min(sizes[i], bufSize)]...))
		}
	}
	return got
}

// SendBatch and RecvBatch carry 300 messages of mixed sizes, two larger
// than the packing buffer, over every transport, none lost, reordered or
// changed.
func TestSendBatchRecvBatch(t *testing.T) {
	for _, transport := range []string{"inproc", "ipc", "tcp"} {
		t.Run(transport, func(t *testing.T) {
			ctx := zt.Context(t)
			push, pull := typedPairOver(t, ctx, transport, zmq.PUSH, zmq.PULL)
			// 300 messages: several crossings of 64, sizes 0 to 1100
			// bytes, and two larger than the 64 KiB packing buffer.
			var msgs [][]byte
			for i := range 300 {
				size := (i * 37) % 1100
				if i == 100 || i == 201 {
					size = 70_000 + i
				}
				msgs = append(msgs, pattern(size, byte(i)))
			}
			zt.Within(t, 20*time.Second, "SendBatch and RecvBatch", func() {
				n, err := push.SendBatch(msgs, 0)
				if err != nil || n != len(msgs) {
					t.Errorf("SendBatch = %d, %v; want %d, nil", n, err, len(msgs))
					return
				}
				checkParts(t, recvAll(t, pull, len(msgs), 80_000), msgs)
				noMore(t, pull, "after the batch")
			})
		})
	}
}

// Messages that are already queued come in one call, up to len(bufs),
// beyond the 64 frames of one crossing.
func TestRecvBatchTakesWhatIsQueued(t *testing.T) {
	push, pull := hwmPair(t, func(push, pull *zmq.Socket) {})
	msgs := make([][]byte, 150)
	for i := range msgs {
		msgs[i] = []byte(fmt.Sprint(i))
	}
	if n, err := push.SendBatch(msgs, 0); err != nil || n != 150 {
		t.Fatalf("SendBatch = %d, %v", n, err)
	}
	bufs, sizes := batchBufs(200, 8)
	n, err := pull.RecvBatch(bufs, sizes, 0)
	if err != nil || n != 150 {
		t.Fatalf("RecvBatch = %d, %v; want all 150 queued messages", n, err)
	}
	for i := range n {
		if got := string(bufs[i][:sizes[i]]); got != fmt.Sprint(i) {
			t.Fatalf("frame %d = %q", i, got)
		}
	}
	// Nothing queued: a DONTWAIT batch is ErrAgain, not 0 frames.
	n, err = pull.RecvBatch(bufs, sizes, zmq.DONTWAIT)
	if n != 0 {
		t.Errorf("RecvBatch(DONTWAIT) on an empty queue = %d frames", n)
	}
	zt.MustIs(t, err, zmq.ErrAgain, "RecvBatch(DONTWAIT) on an empty queue")
}

// With DONTWAIT a batch stops at the high-water mark: what it reports
// queued is exactly what arrives, and the rest can be sent later.
func TestSendBatchDontWaitAtHWM(t *testing.T) {
	push, pull := hwmPair(t, func(push, pull *zmq.Socket) {
		if err := push.SetSndHWM(10); err != nil {
			t.Fatal(err)
		}
		if err := pull.SetRcvHWM(10); err != nil {
			t.Fatal(err)
		}
	})
	msgs := make([][]byte, 200)
	for i := range msgs {
		msgs[i] = []byte(fmt.Sprintf("m%03d", i))
	}
	n, err := push.SendBatch(msgs, zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrAgain, "SendBatch(DONTWAIT) of 200 into a queue of about 20")
	if n < 10 || n >= len(msgs) {
		t.Fatalf("SendBatch(DONTWAIT) queued %d of %d", n, len(msgs))
	}
	got := recvAll(t, pull, n, 8)
	if diff := cmp.Diff(msgs[:n], got); diff != "" {
		t.Fatalf("received (-queued +received):\n%s", diff)
	}
	noMore(t, pull, "after the queued part")
	if _, err := pull.RecvInto(nil, zmq.DONTWAIT); err == nil {
		t.Fatalf("a message beyond the %d reported queued arrived", n)
	}
	// The rest, blocking: the receiver drains concurrently.
	done := make(chan [][]byte, 1)
	go func() { done <- recvAll(t, pull, len(msgs)-n, 8) }()
	if k, err := push.SendBatch(msgs[n:], 0); err != nil || k != len(msgs)-n {
		t.Fatalf("SendBatch of the rest = %d, %v", k, err)
	}
	select {
	case rest := <-done:
		if diff := cmp.Diff(msgs[n:], rest); diff != "" {
			t.Fatalf("the rest (-sent +received):\n%s", diff)
		}
	case <-time.After(zt.Limit):
		t.Fatal("the rest of the batch did not arrive")
	}
}

// A batch ends after a frame that has more frames following, so a caller
// can tell where each message ends; no frame is lost or reordered.
func TestRecvBatchMultipartBoundaries(t *testing.T) {
	push, pull := hwmPair(t, func(push, pull *zmq.Socket) {})
	if err := push.SendString("a", 0); err != nil {
		t.Fatal(err)
	}
	if err := push.SendMessage([][]byte{[]byte("b1"), []byte("b2"), []byte("b3")}, 0); err != nil {
		t.Fatal(err)
	}
	if err := push.SendString("c", 0); err != nil {
		t.Fatal(err)
	}
	type batch struct {
		Frames []string
		More   bool
	}
	var got []batch
	bufs, sizes := batchBufs(10, 4)
	for frames := 0; frames < 5; {
		n, err := pull.RecvBatch(bufs, sizes, zmq.DONTWAIT)
		if err != nil {
			t.Fatalf("RecvBatch after %d frames: %v", frames, err)
		}
		more, err := pull.RcvMore()
		if err != nil {
			t.Fatal(err)
		}
		b := batch{More: more}
		for i := range n {
			b.Frames = append(b.Frames, string(bufs[i][:sizes[i]]))
		}
		got = append(got, b)
		frames += n
	}
	want := []batch{{[]string{"a", "b1"}, true}, {[]string{"b2"}, true}, {[]string{"b3", "c"}, false}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("batches (-want +got):\n%s", diff)
	}
}

// RecvBatch truncates a frame longer than its buffer and reports its full
// size in sizes, as RecvInto does.
func TestRecvBatchTruncates(t *testing.T) {
	push, pull := hwmPair(t, func(push, pull *zmq.Socket) {})
	msgs := [][]byte{pattern(10, 1), pattern(3, 2), pattern(100, 3)}
	if _, err := push.SendBatch(msgs, 0); err != nil {
		t.Fatal(err)
	}
	bufs, sizes := batchBufs(3, 5)
	n, err := pull.RecvBatch(bufs, sizes, 0)
	if err != nil || n != 3 {
		t.Fatalf("RecvBatch = %d, %v", n, err)
	}
	if diff := cmp.Diff([]int{10, 3, 100}, sizes); diff != "" {
		t.Errorf("sizes are the frames' full sizes (-want +got):\n%s", diff)
	}
	for i, m := range msgs {
		k := min(len(m), 5)
		sameBytes(t, fmt.Sprintf("frame %d", i), bufs[i][:k], m[:k])
	}
}

// SNDMORE, unknown flags, too few sizes and zero Sockets are refused before
// anything is sent or received; empty batches do nothing.
func TestBatchBadInput(t *testing.T) {
	ctx := zt.Context(t)
	push, pull := typedPairOver(t, ctx, "inproc", zmq.PUSH, zmq.PULL)

	n, err := push.SendBatch([][]byte{[]byte("x")}, zmq.SNDMORE)
	zt.MustIs(t, err, zmq.ErrInvalid, "SendBatch with SNDMORE")
	if n != 0 {
		t.Errorf("SendBatch with SNDMORE sent %d", n)
	}
	_, err = push.SendBatch([][]byte{[]byte("x")}, zmq.Flag(64))
	zt.MustIs(t, err, zmq.ErrInvalid, "SendBatch with an unknown flag")
	if n, err := push.SendBatch(nil, 0); n != 0 || err != nil {
		t.Errorf("SendBatch(nil) = %d, %v; want 0, nil", n, err)
	}

	bufs, sizes := batchBufs(4, 8)
	_, err = pull.RecvBatch(bufs, sizes[:3], 0)
	zt.MustIs(t, err, zmq.ErrInvalid, "RecvBatch with fewer sizes than buffers")
	if n, err := pull.RecvBatch(nil, nil, 0); n != 0 || err != nil {
		t.Errorf("RecvBatch(nil) = %d, %v; want 0, nil", n, err)
	}
	noMore(t, pull, "after refused calls")

	// A receive with a timeout and nothing to receive: ErrAgain.
	if err := pull.SetRcvTimeo(20 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	_, err = pull.RecvBatch(bufs, sizes, 0)
	zt.MustIs(t, err, zmq.ErrAgain, "RecvBatch with RCVTIMEO and nothing sent")

	var closed zmq.Socket
	_, err = closed.SendBatch([][]byte{nil}, 0)
	zt.MustIs(t, err, zmq.ErrClosed, "SendBatch on a zero Socket")
	_, err = closed.RecvBatch(bufs, sizes, 0)
	zt.MustIs(t, err, zmq.ErrClosed, "RecvBatch on a zero Socket")
}

// Shutdown wakes a RecvBatch waiting for its first frame.
func TestRecvBatchTerm(t *testing.T) {
	ctx := rawContext(t)
	pull := mustSocket(t, ctx, zmq.PULL)
	if err := pull.Bind(zt.Inproc(t)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		bufs, sizes := batchBufs(8, 8)
		_, err := pull.RecvBatch(bufs, sizes, 0)
		done <- err
	}()
	// Shutdown before the receive starts is fine too: it then fails at once.
	if err := ctx.Shutdown(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		zt.MustIs(t, err, zmq.ErrTerm, "RecvBatch during Shutdown")
	case <-time.After(zt.Limit):
		t.Fatal("RecvBatch did not return after Shutdown")
	}
	if err := pull.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		t.Fatal(err)
	}
}
