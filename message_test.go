package zmq_test

// Msg: sent without a copy and reusable after, Copy, Move, properties,
// and a closed or failed Msg.

import (
	"fmt"
	"strconv"
	"syscall"
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
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

// SendMsg leaves the Msg empty and ready for RecvMsg and another SendMsg,
// at every size boundary.
func TestMsgSendLeavesEmptyAndReusable(t *testing.T) {
	ctx := zt.Context(t)
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

// The zero Msg can receive, and one Msg receives every size in turn, each
// message replacing the last.
func TestMsgRecvIntoZeroAndReused(t *testing.T) {
	ctx := zt.Context(t)
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

// Msg.More and RcvMore agree on every part of a multipart message.
func TestMsgMore(t *testing.T) {
	ctx := zt.Context(t)
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

// TestMsgCopySendBoth, the Guide's zmq_msg_copy fragment: the copy and
// the original are both sent whole, sending one leaves the other intact,
// a large content is shared as documented, and a Copy onto itself changes
// nothing.
func TestMsgCopySendBoth(t *testing.T) {
	ctx := zt.Context(t)
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

// Move hands the content over and leaves the source empty but usable; a
// Move onto itself changes nothing.
func TestMsgMove(t *testing.T) {
	ctx := zt.Context(t)
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

// Get returns the peer's properties of a message received over tcp, and
// refuses unknown names, names with a NUL byte and messages that have no
// properties.
func TestMsgGetProperties(t *testing.T) {
	ctx := zt.Context(t)
	router, dealer := zt.Pair(t, ctx, zmq.ROUTER, zmq.DEALER)
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
	zt.MustIs(t, err, zmq.ErrInvalid, "Get of an unknown property")
	_, err = m.Get("Socket-Type\x00x")
	zt.MustIs(t, err, zmq.ErrInvalid, "Get of a property with a NUL")

	// Nor does one received over inproc, where there is no handshake.
	a, b := pairOver(t, ctx, "inproc")
	if err := a.SendString("x", 0); err != nil {
		t.Fatal(err)
	}
	if err := b.RecvMsg(&m, 0); err != nil {
		t.Fatal(err)
	}
	_, err = m.Get(zmq.PropertySocketType)
	zt.MustIs(t, err, zmq.ErrInvalid, "Get on a message received over inproc")

	// A message never received has no properties.
	fresh := newMsg(t, []byte("x"))
	_, err = fresh.Get(zmq.PropertySocketType)
	zt.MustIs(t, err, zmq.ErrInvalid, "Get on a message that was not received")
}

// NewMsg refuses negative and impossible sizes without a message, and makes
// every other size exactly.
func TestNewMsgSizes(t *testing.T) {
	m, err := zmq.NewMsg(-1)
	zt.MustIs(t, err, zmq.ErrInvalid, "NewMsg(-1)")
	if m != nil {
		t.Fatal("NewMsg(-1) returned a message with its error")
	}
	for _, n := range []int{1 << 62, int(^uint(0) >> 1)} {
		m, err := zmq.NewMsg(n)
		zt.MustIs(t, err, syscall.ENOMEM, fmt.Sprintf("NewMsg(%d)", n))
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

// Every call refuses a closed Msg with ErrClosed, a second Close is fine,
// and a refused RecvMsg leaves the frame queued.
func TestMsgClosed(t *testing.T) {
	ctx := zt.Context(t)
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
	zt.MustIs(t, a.SendMsg(m, 0), zmq.ErrClosed, "SendMsg of a closed Msg")
	if err := b.SendString("x", 0); err != nil {
		t.Fatal(err)
	}
	zt.MustIs(t, a.RecvMsg(m, 0), zmq.ErrClosed, "RecvMsg into a closed Msg")
	var other zmq.Msg
	defer other.Close()
	zt.MustIs(t, other.Copy(m), zmq.ErrClosed, "Copy from a closed Msg")
	zt.MustIs(t, m.Copy(&other), zmq.ErrClosed, "Copy into a closed Msg")
	zt.MustIs(t, other.Move(m), zmq.ErrClosed, "Move from a closed Msg")
	_, err := m.Get(zmq.PropertySocketType)
	zt.MustIs(t, err, zmq.ErrClosed, "Get on a closed Msg")
	// The frame refused by the closed Msg is still queued.
	if s, err := a.RecvString(0); err != nil || s != "x" {
		t.Fatalf("RecvString = %q, %v", s, err)
	}
	var nilMsg *zmq.Msg
	zt.MustIs(t, nilMsg.Close(), zmq.ErrClosed, "Close of a nil Msg")
	zt.MustIs(t, a.SendMsg(nil, 0), zmq.ErrClosed, "SendMsg(nil)")
}

// A failed SendMsg leaves the message intact (zmq_msg_send(3)): it can be
// sent once a peer is there, or closed.
func TestMsgFailedSendKeepsContent(t *testing.T) {
	for i, n := range []int{7, 34, 70_000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			ctx := zt.Context(t)
			push := zt.Socket(t, ctx, zmq.PUSH)
			ep := zt.Inproc(t)
			if err := push.Bind(ep); err != nil {
				t.Fatal(err)
			}
			want := pattern(n, byte(0x60+i))
			m := newMsg(t, want)
			zt.MustIs(t, push.SendMsg(m, zmq.DONTWAIT), zmq.ErrAgain, "SendMsg(DONTWAIT) without a peer")
			sameBytes(t, "after the failed SendMsg", m.Bytes(), want)

			pull := zt.Socket(t, ctx, zmq.PULL)
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
			push2 := zt.Socket(t, ctx, zmq.PUSH)
			zt.MustIs(t, push2.SendMsg(m2, zmq.DONTWAIT), zmq.ErrAgain, "SendMsg(DONTWAIT) without a peer")
			sameBytes(t, "after the failed SendMsg", m2.Bytes(), want)
			if err := m2.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
