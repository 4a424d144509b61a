package zmq_test

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
)

// newMsg returns a message of len(content) bytes filled with content,
// closed when the test ends.
func newMsg(t testing.TB, content []byte) *zmq.Msg {
	t.Helper()
	m, err := zmq.NewMsg(len(content))
	if err != nil {
		t.Fatalf("NewMsg(%d): %v", len(content), err)
	}
	t.Cleanup(func() { m.Close() })
	if n := copy(m.Bytes(), content); n != len(content) || m.Len() != len(content) {
		t.Fatalf("NewMsg(%d): Bytes holds %d, Len %d", len(content), n, m.Len())
	}
	return m
}

func TestMsgSendLeavesEmptyAndReusable(t *testing.T) {
	ctx := newContext(t)
	a, b := pairOver(t, ctx, "inproc")
	for i, n := range frameSizes {
		want := pattern(n, byte(0x10+i))
		m := newMsg(t, want)
		if err := a.SendMsg(m, 0); err != nil {
			t.Fatalf("SendMsg %d bytes: %v", n, err)
		}
		if m.Len() != 0 || len(m.Bytes()) != 0 || m.More() {
			t.Fatalf("after SendMsg of %d bytes: Len %d, More %v; want an empty message", n, m.Len(), m.More())
		}
		got, err := b.Recv(0)
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, fmt.Sprintf("SendMsg/Recv %d", n), got, want)

		// Reuse the sent Msg: receive into it and send it on.
		if err := b.Send(want, 0); err != nil {
			t.Fatal(err)
		}
		if err := a.RecvMsg(m, 0); err != nil {
			t.Fatalf("RecvMsg into a sent Msg: %v", err)
		}
		sameBytes(t, fmt.Sprintf("RecvMsg into reused %d", n), m.Bytes(), want)
		if err := a.SendMsg(m, 0); err != nil {
			t.Fatalf("SendMsg of a received Msg: %v", err)
		}
		got, err = b.Recv(0)
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, fmt.Sprintf("forwarded %d", n), got, want)
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMsgRecvIntoZeroAndReused(t *testing.T) {
	ctx := newContext(t)
	a, b := pairOver(t, ctx, "tcp")
	var m zmq.Msg // the zero Msg is ready for RecvMsg
	defer m.Close()
	if m.Len() != 0 || m.Bytes() != nil || m.More() {
		t.Fatalf("zero Msg: Len %d, Bytes %v, More %v", m.Len(), m.Bytes(), m.More())
	}
	for i, n := range frameSizes {
		want := pattern(n, byte(0x20+i))
		if err := a.Send(want, 0); err != nil {
			t.Fatal(err)
		}
		if err := b.RecvMsg(&m, 0); err != nil {
			t.Fatalf("RecvMsg %d bytes: %v", n, err)
		}
		sameBytes(t, fmt.Sprintf("RecvMsg %d", n), m.Bytes(), want)
		if m.More() {
			t.Fatalf("More() on a single-frame message")
		}
		noMore(t, b, "RecvMsg")
	}
	// Bytes is a view that the next receive replaces.
	if err := a.SendString("last", 0); err != nil {
		t.Fatal(err)
	}
	if err := b.RecvMsg(&m, 0); err != nil {
		t.Fatal(err)
	}
	if string(m.Bytes()) != "last" {
		t.Fatalf("RecvMsg = %q, want \"last\"", m.Bytes())
	}
}

func TestMsgMore(t *testing.T) {
	ctx := newContext(t)
	a, b := pairOver(t, ctx, "inproc")
	want := fiveParts()
	if err := a.SendMessage(want, 0); err != nil {
		t.Fatal(err)
	}
	var m zmq.Msg
	defer m.Close()
	for i := range want {
		if err := b.RecvMsg(&m, 0); err != nil {
			t.Fatal(err)
		}
		sameBytes(t, fmt.Sprintf("part %d", i), m.Bytes(), want[i])
		wantMore := i < len(want)-1
		if m.More() != wantMore {
			t.Fatalf("part %d: More() = %v, want %v", i, m.More(), wantMore)
		}
		if more, _ := b.RcvMore(); more != wantMore {
			t.Fatalf("part %d: RcvMore = %v, want %v", i, more, wantMore)
		}
	}
}

// The Guide's fragment: zmq_msg_copy, then send both.
func TestMsgCopySendBoth(t *testing.T) {
	ctx := newContext(t)
	a, b := pairOver(t, ctx, "inproc")
	for i, n := range []int{0, 5, 33, 34, 70_000} {
		want := pattern(n, byte(0x30+i))
		m := newMsg(t, want)
		var c zmq.Msg
		if err := c.Copy(m); err != nil {
			t.Fatalf("Copy: %v", err)
		}
		sameBytes(t, "copy", c.Bytes(), want)
		if err := a.SendMsg(m, zmq.SNDMORE); err != nil {
			t.Fatal(err)
		}
		// Sending the original leaves the copy's content alone.
		sameBytes(t, "copy after sending the original", c.Bytes(), want)
		if err := a.SendMsg(&c, 0); err != nil {
			t.Fatal(err)
		}
		got, err := b.RecvMessage(0)
		if err != nil {
			t.Fatal(err)
		}
		checkParts(t, got, [][]byte{want, want})
		c.Close()
	}

	// As documented, a large content is shared, not copied: writing
	// through one message's Bytes changes the other.
	big := newMsg(t, pattern(100, 1))
	var shared zmq.Msg
	defer shared.Close()
	if err := shared.Copy(big); err != nil {
		t.Fatal(err)
	}
	big.Bytes()[0] ^= 0xFF
	if shared.Bytes()[0] != big.Bytes()[0] {
		t.Fatal("Copy of a 100-byte message does not share its content, as its doc says")
	}

	// Copy onto itself is a no-op.
	m := newMsg(t, []byte("self"))
	if err := m.Copy(m); err != nil || string(m.Bytes()) != "self" {
		t.Fatalf("m.Copy(m) = %v, content %q", err, m.Bytes())
	}
}

func TestMsgMove(t *testing.T) {
	ctx := newContext(t)
	a, b := pairOver(t, ctx, "inproc")
	for i, n := range []int{3, 34, 70_000} {
		want := pattern(n, byte(0x50+i))
		src := newMsg(t, want)
		var dst zmq.Msg
		if err := dst.Move(src); err != nil {
			t.Fatal(err)
		}
		if src.Len() != 0 {
			t.Fatalf("Move left %d bytes in src", src.Len())
		}
		sameBytes(t, "moved", dst.Bytes(), want)
		if err := a.SendMsg(&dst, 0); err != nil {
			t.Fatal(err)
		}
		got, err := b.Recv(0)
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "moved and sent", got, want)
		// src is still a usable (empty) message.
		if err := a.SendMsg(src, 0); err != nil {
			t.Fatal(err)
		}
		if got, err := b.Recv(0); err != nil || len(got) != 0 {
			t.Fatalf("sent the emptied src: got %q, %v", got, err)
		}
		dst.Close()
	}
	m := newMsg(t, []byte("self"))
	if err := m.Move(m); err != nil || string(m.Bytes()) != "self" {
		t.Fatalf("m.Move(m) = %v, content %q", err, m.Bytes())
	}
}

func TestMsgGetProperties(t *testing.T) {
	ctx := newContext(t)
	router, dealer := connectedPair(t, ctx, zmq.ROUTER, zmq.DEALER)
	if err := dealer.SendString("hello", 0); err != nil {
		t.Fatal(err)
	}
	var m zmq.Msg
	defer m.Close()
	if err := router.RecvMsg(&m, 0); err != nil { // the identity frame
		t.Fatal(err)
	}
	if !m.More() {
		t.Fatal("ROUTER's identity frame has More() = false")
	}
	if err := router.RecvMsg(&m, 0); err != nil {
		t.Fatal(err)
	}
	if string(m.Bytes()) != "hello" {
		t.Fatalf("body = %q", m.Bytes())
	}
	if v, err := m.Get(zmq.PropertySocketType); err != nil || v != "DEALER" {
		t.Fatalf("Get(Socket-Type) = %q, %v; want DEALER", v, err)
	}
	if v, err := m.Get("Peer-Address"); err != nil || v != "127.0.0.1" {
		t.Fatalf("Get(Peer-Address) = %q, %v; want 127.0.0.1", v, err)
	}
	_, err := m.Get("No-Such-Property")
	mustIs(t, err, zmq.ErrInvalid, "Get of an unknown property")
	_, err = m.Get("Socket-Type\x00x")
	mustIs(t, err, zmq.ErrInvalid, "Get of a property with a NUL")

	// Nor does one received over inproc, where there is no handshake.
	a, b := pairOver(t, ctx, "inproc")
	if err := a.SendString("x", 0); err != nil {
		t.Fatal(err)
	}
	if err := b.RecvMsg(&m, 0); err != nil {
		t.Fatal(err)
	}
	_, err = m.Get(zmq.PropertySocketType)
	mustIs(t, err, zmq.ErrInvalid, "Get on a message received over inproc")

	// A message never received has no properties.
	fresh := newMsg(t, []byte("x"))
	_, err = fresh.Get(zmq.PropertySocketType)
	mustIs(t, err, zmq.ErrInvalid, "Get on a message that was not received")
}

func TestNewMsgSizes(t *testing.T) {
	m, err := zmq.NewMsg(-1)
	mustIs(t, err, zmq.ErrInvalid, "NewMsg(-1)")
	if m != nil {
		t.Fatal("NewMsg(-1) returned a message with its error")
	}
	for _, n := range []int{1 << 62, int(^uint(0) >> 1)} {
		m, err := zmq.NewMsg(n)
		mustIs(t, err, syscall.ENOMEM, fmt.Sprintf("NewMsg(%d)", n))
		if m != nil {
			t.Fatalf("NewMsg(%d) returned a message with its error", n)
		}
	}
	for _, n := range []int{0, 1, 33, 34, 1 << 20} {
		m, err := zmq.NewMsg(n)
		if err != nil || m.Len() != n || len(m.Bytes()) != n {
			t.Fatalf("NewMsg(%d): Len %d, %v", n, m.Len(), err)
		}
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMsgClosed(t *testing.T) {
	ctx := newContext(t)
	a, b := pairOver(t, ctx, "inproc")
	m := newMsg(t, []byte("content"))
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if m.Bytes() != nil || m.Len() != 0 || m.More() {
		t.Fatal("closed Msg still shows content")
	}
	mustIs(t, a.SendMsg(m, 0), zmq.ErrClosed, "SendMsg of a closed Msg")
	if err := b.SendString("x", 0); err != nil {
		t.Fatal(err)
	}
	mustIs(t, a.RecvMsg(m, 0), zmq.ErrClosed, "RecvMsg into a closed Msg")
	var other zmq.Msg
	defer other.Close()
	mustIs(t, other.Copy(m), zmq.ErrClosed, "Copy from a closed Msg")
	mustIs(t, m.Copy(&other), zmq.ErrClosed, "Copy into a closed Msg")
	mustIs(t, other.Move(m), zmq.ErrClosed, "Move from a closed Msg")
	_, err := m.Get(zmq.PropertySocketType)
	mustIs(t, err, zmq.ErrClosed, "Get on a closed Msg")
	// The frame refused by the closed Msg is still queued.
	if s, err := a.RecvString(0); err != nil || s != "x" {
		t.Fatalf("RecvString = %q, %v", s, err)
	}
	var nilMsg *zmq.Msg
	mustIs(t, nilMsg.Close(), zmq.ErrClosed, "Close of a nil Msg")
	mustIs(t, a.SendMsg(nil, 0), zmq.ErrClosed, "SendMsg(nil)")
}

// A failed SendMsg leaves the message intact (zmq_msg_send(3)): it can be
// sent once a peer is there, or closed.
func TestMsgFailedSendKeepsContent(t *testing.T) {
	for i, n := range []int{7, 34, 70_000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			ctx := newContext(t)
			push := newSocket(t, ctx, zmq.PUSH)
			ep := inprocName(t)
			if err := push.Bind(ep); err != nil {
				t.Fatal(err)
			}
			want := pattern(n, byte(0x60+i))
			m := newMsg(t, want)
			mustIs(t, push.SendMsg(m, zmq.DONTWAIT), zmq.ErrAgain, "SendMsg(DONTWAIT) without a peer")
			sameBytes(t, "after the failed SendMsg", m.Bytes(), want)

			pull := newSocket(t, ctx, zmq.PULL)
			if err := pull.Connect(ep); err != nil {
				t.Fatal(err)
			}
			if err := push.SendMsg(m, 0); err != nil { // waits for the peer, up to SNDTIMEO
				t.Fatalf("SendMsg once a peer connected: %v", err)
			}
			if m.Len() != 0 {
				t.Fatalf("Len after a successful SendMsg = %d", m.Len())
			}
			got, err := pull.Recv(0)
			if err != nil {
				t.Fatal(err)
			}
			sameBytes(t, "delivered after the retry", got, want)

			// Failed, then closed instead of retried.
			m2 := newMsg(t, want)
			push2 := newSocket(t, ctx, zmq.PUSH)
			mustIs(t, push2.SendMsg(m2, zmq.DONTWAIT), zmq.ErrAgain, "SendMsg(DONTWAIT) without a peer")
			sameBytes(t, "after the failed SendMsg", m2.Bytes(), want)
			if err := m2.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// rssBytes returns the process's resident set size.
func rssBytes(t testing.TB) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Fatalf("reading statm: %v", err)
	}
	f := strings.Fields(string(b))
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return pages * int64(os.Getpagesize())
}

// Messages dropped without Close are freed by their cleanup: 400 MiB of
// filled, dropped 1 MiB messages must not stay resident, and the churn
// must not crash.
func TestMsgDroppedIsFreed(t *testing.T) {
	const (
		size  = 1 << 20
		count = 400
		bound = 150 << 20 // well below count*size
	)
	ctx := newContext(t)
	a, b := pairOver(t, ctx, "inproc")
	runtime.GC()
	before := rssBytes(t)
	for i := range count {
		m, err := zmq.NewMsg(size)
		if err != nil {
			t.Fatal(err)
		}
		buf := m.Bytes()
		for j := 0; j < len(buf); j += 4096 {
			buf[j] = byte(i)
		}
		if i%4 == 0 {
			// Some go through a socket and are dropped full after RecvMsg.
			if err := a.SendMsg(m, 0); err != nil {
				t.Fatal(err)
			}
			r := new(zmq.Msg)
			if err := b.RecvMsg(r, 0); err != nil {
				t.Fatal(err)
			}
			if r.Len() != size || r.Bytes()[4096] != byte(i) {
				t.Fatalf("message %d arrived with %d bytes", i, r.Len())
			}
		}
		if i%16 == 0 {
			runtime.GC()
		}
	}
	deadline := time.Now().Add(waitLimit)
	for {
		runtime.GC()
		grown := rssBytes(t) - before
		if grown < bound {
			t.Logf("RSS grew by %d MiB after %d MiB of dropped messages", grown>>20, count*size>>20)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("RSS still %d MiB above the start after %v: dropped messages were not freed", grown>>20, waitLimit)
		}
		time.Sleep(10 * time.Millisecond) // cleanups run on their own goroutine
	}
}

// grow forces the goroutine's stack to grow (and be copied) by recursing
// depth times with a frame that cannot be optimised away.
//
//go:noinline
func grow(depth int) byte {
	var pad [256]byte
	pad[depth%256] = byte(depth)
	if depth == 0 {
		return pad[0]
	}
	return grow(depth-1) + pad[(depth*7)%256]
}

// ≤33-byte messages are stored inside zmq_msg_t: a zmq_msg_t or a buffer
// on a goroutine stack would move when the stack grows. Receive while the
// stack grows and shrinks between calls, and check every byte.
func TestRecvWhileStacksGrow(t *testing.T) {
	ctx := newContext(t)
	a, b := pairOver(t, ctx, "inproc")
	done := make(chan string, 1)
	go func() {
		done <- func() string {
			var m zmq.Msg
			defer m.Close()
			for round := range 200 {
				for _, n := range []int{1, 32, 33, 34, 100} {
					want := pattern(n, byte(round))
					if err := a.Send(want, 0); err != nil {
						return err.Error()
					}
					if err := a.Send(want, 0); err != nil {
						return err.Error()
					}
					// A stack buffer for RecvInto.
					var buf [128]byte
					got, err := b.RecvInto(buf[:], 0)
					if err != nil || got != n {
						return fmt.Sprintf("RecvInto = %d, %v", got, err)
					}
					if err := b.RecvMsg(&m, 0); err != nil {
						return err.Error()
					}
					grow(200 + round*10) // the stack is copied to a bigger one
					if string(buf[:n]) != string(want) {
						return fmt.Sprintf("round %d, %d bytes: RecvInto buffer changed after stack growth", round, n)
					}
					if string(m.Bytes()) != string(want) {
						return fmt.Sprintf("round %d, %d bytes: Msg content changed after stack growth: %x", round, n, m.Bytes())
					}
					if round%50 == 0 {
						runtime.GC() // shrinks stacks
					}
					// And receive from deep in a freshly grown stack.
					if err := a.Send(want, 0); err != nil {
						return err.Error()
					}
					if s := recvDeep(b, &m, 100, n); s != "" {
						return s
					}
					if string(m.Bytes()) != string(want) {
						return fmt.Sprintf("round %d, %d bytes: Msg received deep changed after unwinding", round, n)
					}
				}
			}
			return ""
		}()
	}()
	select {
	case s := <-done:
		if s != "" {
			t.Fatal(s)
		}
	case <-time.After(waitLimit):
		t.Fatal("stack-growth receive loop did not finish")
	}
}

//go:noinline
func recvDeep(s *zmq.Socket, m *zmq.Msg, depth, n int) string {
	var pad [512]byte
	if depth > 0 {
		pad[depth] = 1
		r := recvDeep(s, m, depth-1, n)
		if pad[depth] != 1 {
			return "stack frame corrupted"
		}
		return r
	}
	if err := s.RecvMsg(m, 0); err != nil {
		return err.Error()
	}
	if m.Len() != n {
		return fmt.Sprintf("deep RecvMsg: %d bytes, want %d", m.Len(), n)
	}
	grow(300)
	return ""
}
