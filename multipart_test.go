package zmq_test

// Multipart messages: sent and received whole, in loops of parts, never
// glued to the next message or left half sent.

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// fiveParts includes empty parts at the start, in the middle and at the
// end, a VSM-sized one and one above the release threshold.
func fiveParts() [][]byte {
	return [][]byte{{}, []byte("first"), {}, pattern(70_000, 5), nil}
}

// SendMessage and RecvMessage carry empty, small and large parts whole over
// every transport, and nothing follows the message.
func TestSendMessageRecvMessage(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			ctx := zt.Context(t)
			a, b := pairOver(t, ctx, tr)
			want := fiveParts()
			if err := a.SendMessage(want, 0); err != nil {
				t.Fatalf("SendMessage: %v", err)
			}
			got, err := b.RecvMessage(0)
			if err != nil {
				t.Fatalf("RecvMessage: %v", err)
			}
			checkParts(t, got, want)
			noMore(t, b, "after RecvMessage")
		})
	}
}

// Parts sent one by one with SNDMORE arrive as one message, and RcvMore is
// right after every part, whichever receive call takes them.
func TestMultipartLoops(t *testing.T) {
	ctx := zt.Context(t)
	a, b := pairOver(t, ctx, "inproc")
	want := fiveParts()

	// SNDMORE loop, Recv + RcvMore loop.
	for i, p := range want {
		f := zmq.SNDMORE
		if i == len(want)-1 {
			f = 0
		}
		if err := a.Send(p, f); err != nil {
			t.Fatalf("Send part %d: %v", i, err)
		}
	}
	var got [][]byte
	for {
		p, err := b.Recv(0)
		if err != nil {
			t.Fatalf("Recv part %d: %v", len(got), err)
		}
		got = append(got, p)
		more, err := b.RcvMore()
		if err != nil {
			t.Fatal(err)
		}
		if wantMore := len(got) < len(want); more != wantMore {
			t.Fatalf("RcvMore after part %d = %v, want %v", len(got)-1, more, wantMore)
		}
		if !more {
			break
		}
	}
	checkParts(t, got, want)

	// SendMessage, received by RecvInto and RecvString loops.
	if err := a.SendMessage(want, 0); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		buf := make([]byte, len(want[i]))
		n, err := b.RecvInto(buf, 0)
		if err != nil || n != len(want[i]) {
			t.Fatalf("RecvInto part %d = %d, %v", i, n, err)
		}
		sameBytes(t, fmt.Sprintf("RecvInto part %d", i), buf, want[i])
		more, _ := b.RcvMore()
		if more != (i < len(want)-1) {
			t.Fatalf("RcvMore after RecvInto part %d = %v", i, more)
		}
	}
	if err := a.SendMessage(want, 0); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		s, err := b.RecvString(0)
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, fmt.Sprintf("RecvString part %d", i), []byte(s), want[i])
		more, _ := b.RcvMore()
		if more != (i < len(want)-1) {
			t.Fatalf("RcvMore after RecvString part %d = %v", i, more)
		}
	}
}

// Consecutive multipart messages arrive apart, none glued to the next.
func TestMultipartNotGlued(t *testing.T) {
	ctx := zt.Context(t)
	a, b := pairOver(t, ctx, "tcp")
	m1 := [][]byte{[]byte("one"), []byte("two")}
	m2 := [][]byte{{}, []byte("three"), pattern(100, 3)}
	m3 := [][]byte{[]byte("single")}
	for _, m := range [][][]byte{m1, m2, m3} {
		if err := a.SendMessage(m, 0); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range [][][]byte{m1, m2, m3} {
		got, err := b.RecvMessage(0)
		if err != nil {
			t.Fatalf("RecvMessage %d: %v", i, err)
		}
		checkParts(t, got, want)
	}
	_, err := b.RecvMessage(zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrAgain, "RecvMessage after the three messages")
}

// SendMessage with no parts is refused with ErrInvalid and starts no
// message.
func TestSendMessageNoParts(t *testing.T) {
	ctx := zt.Context(t)
	a, b := pairOver(t, ctx, "inproc")
	for _, parts := range [][][]byte{nil, {}} {
		err := a.SendMessage(parts, 0)
		zt.MustIs(t, err, zmq.ErrInvalid, "SendMessage with no parts")
		zt.MustIs(t, err, syscall.EINVAL, "SendMessage with no parts as syscall.EINVAL")
	}
	// Nothing was started: the next message arrives alone.
	if err := a.SendMessage([][]byte{[]byte("ok")}, 0); err != nil {
		t.Fatal(err)
	}
	got, err := b.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, got, [][]byte{[]byte("ok")})
}

// A SendMessage that fails on its first part (DONTWAIT, no peer) must not
// leave the socket mid-message: the next message is not glued onto it.
func TestSendMessageAgainNotHalfSent(t *testing.T) {
	ctx := zt.Context(t)
	push := zt.Socket(t, ctx, zmq.PUSH)
	ep := zt.Inproc(t)
	if err := push.Bind(ep); err != nil {
		t.Fatal(err)
	}
	err := push.SendMessage([][]byte{[]byte("lost"), []byte("parts")}, zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrAgain, "SendMessage(DONTWAIT) without a peer")

	pull := zt.Socket(t, ctx, zmq.PULL)
	if err := pull.Connect(ep); err != nil {
		t.Fatal(err)
	}
	want := [][]byte{[]byte("kept"), {}, []byte("message")}
	if err := push.SendMessage(want, 0); err != nil {
		t.Fatal(err)
	}
	got, err := pull.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, got, want)
}

// More frames than one crossing takes, and parts larger than the packing
// buffer, keep their order and content.
func TestMultipartLargeAndMany(t *testing.T) {
	ctx := zt.Context(t)
	a, b := pairOver(t, ctx, "inproc")
	many := make([][]byte, 150)
	for i := range many {
		many[i] = pattern(i%50, byte(i))
	}
	mixed := [][]byte{[]byte("id"), {}, pattern(100_000, 9), []byte("tail"), pattern(70_000, 8)}
	for _, msg := range [][][]byte{many, mixed} {
		if err := a.SendMessage(msg, 0); err != nil {
			t.Fatal(err)
		}
		got, err := b.RecvMessage(0)
		if err != nil {
			t.Fatal(err)
		}
		checkParts(t, got, msg)
		noMore(t, b, "after the message")
	}
}

// The parts RecvMessage returns do not share capacity: appending to one
// does not write into the next.
func TestRecvMessagePartsIndependent(t *testing.T) {
	ctx := zt.Context(t)
	a, b := pairOver(t, ctx, "inproc")
	if err := a.SendMessage([][]byte{[]byte("one"), []byte("two")}, 0); err != nil {
		t.Fatal(err)
	}
	got, err := b.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	_ = append(got[0], "XXX"...)
	if string(got[1]) != "two" {
		t.Errorf("appending to part 0 changed part 1 to %q", got[1])
	}
}
