package zmq_test

// Send and receive of single frames: every size boundary over every
// transport, empty frames, truncation by RecvInto, and DONTWAIT.

import (
	"bytes"
	"fmt"
	"syscall"
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// Frames of every size boundary arrive unchanged over every transport
// through Send and Recv, SendString and RecvString, and RecvInto, with no
// More flag.
func TestRoundTripSizes(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			ctx := zt.Context(t)
			a, b := pairOver(t, ctx, tr)
			for i, n := range frameSizes {
				want := pattern(n, byte(i+1))

				if err := a.Send(want, 0); err != nil {
					t.Fatalf("Send %d bytes: %v", n, err)
				}
				got, err := b.Recv(0)
				if err != nil {
					t.Fatalf("Recv %d bytes: %v", n, err)
				}
				sameBytes(t, fmt.Sprintf("Send/Recv %d", n), got, want)
				noMore(t, b, "Recv")

				// The other direction, as strings.
				if err := b.SendString(string(want), 0); err != nil {
					t.Fatalf("SendString %d bytes: %v", n, err)
				}
				str, err := a.RecvString(0)
				if err != nil {
					t.Fatalf("RecvString %d bytes: %v", n, err)
				}
				sameBytes(t, fmt.Sprintf("SendString/RecvString %d", n), []byte(str), want)
				noMore(t, a, "RecvString")

				// RecvInto, exact size.
				if err := a.Send(want, 0); err != nil {
					t.Fatalf("Send %d bytes: %v", n, err)
				}
				buf := make([]byte, n)
				got2, err := b.RecvInto(buf, 0)
				if err != nil || got2 != n {
					t.Fatalf("RecvInto(exact %d) = %d, %v", n, got2, err)
				}
				sameBytes(t, fmt.Sprintf("Send/RecvInto exact %d", n), buf, want)
				noMore(t, b, "RecvInto")

				// RecvInto, larger buffer: the tail is untouched.
				if err := a.Send(want, 0); err != nil {
					t.Fatalf("Send %d bytes: %v", n, err)
				}
				big := bytes.Repeat([]byte{0xEE}, n+17)
				got2, err = b.RecvInto(big, 0)
				if err != nil || got2 != n {
					t.Fatalf("RecvInto(%d-byte buffer) of %d = %d, %v", len(big), n, got2, err)
				}
				sameBytes(t, fmt.Sprintf("RecvInto larger buffer %d", n), big[:n], want)
				sameBytes(t, "RecvInto tail", big[n:], bytes.Repeat([]byte{0xEE}, 17))
			}
		})
	}
}

// nil, empty and zero-length sends each deliver one empty frame, whatever
// the receive call.
func TestEmptyFrames(t *testing.T) {
	ctx := zt.Context(t)
	a, b := pairOver(t, ctx, "inproc")
	sends := []func() error{
		func() error { return a.Send(nil, 0) },
		func() error { return a.Send([]byte{}, 0) },
		func() error { return a.Send(make([]byte, 10)[:0], 0) },
		func() error { return a.SendString("", 0) },
	}
	for i, send := range sends {
		if err := send(); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		got, err := b.Recv(0)
		if err != nil || len(got) != 0 {
			t.Fatalf("Recv after empty send %d = %q, %v", i, got, err)
		}
		if err := send(); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		str, err := b.RecvString(0)
		if err != nil || str != "" {
			t.Fatalf("RecvString after empty send %d = %q, %v", i, str, err)
		}
		if err := send(); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		n, err := b.RecvInto(nil, 0)
		if err != nil || n != 0 {
			t.Fatalf("RecvInto(nil) after empty send %d = %d, %v", i, n, err)
		}
	}
}

// RecvInto truncates a frame to its buffer, reports the full size, writes
// nothing past len(buf), and drops the rest of the frame.
func TestRecvIntoTruncation(t *testing.T) {
	ctx := zt.Context(t)
	a, b := pairOver(t, ctx, "inproc")
	for i, n := range []int{1, 33, 34, 1000, 70_000} {
		want := pattern(n, byte(0x40+i))
		for _, size := range []int{n - 1, n / 2, 1} {
			if err := a.Send(want, 0); err != nil {
				t.Fatal(err)
			}
			buf := bytes.Repeat([]byte{0xEE}, size+8)[:size]
			got, err := b.RecvInto(buf, 0)
			if err != nil || got != n {
				t.Fatalf("RecvInto(%d-byte buffer) of %d bytes = %d, %v; want the full size %d", size, n, got, err, n)
			}
			sameBytes(t, fmt.Sprintf("prefix of %d in %d", n, size), buf, want[:size])
			// Nothing written past len(buf), even with capacity there.
			sameBytes(t, "past len(buf)", buf[size:size+8], bytes.Repeat([]byte{0xEE}, 8))
			noMore(t, b, "truncated RecvInto")
		}

		// nil and zero-length buffers report the size and do not panic.
		for _, buf := range [][]byte{nil, {}, make([]byte, 0, 64)} {
			if err := a.Send(want, 0); err != nil {
				t.Fatal(err)
			}
			got, err := b.RecvInto(buf, 0)
			if err != nil || got != n {
				t.Fatalf("RecvInto(len 0, cap %d) of %d bytes = %d, %v", cap(buf), n, got, err)
			}
		}
	}

	// The rest of a truncated frame is dropped: the next receive gets the
	// next frame, not the remainder.
	if err := a.SendString("0123456789", 0); err != nil {
		t.Fatal(err)
	}
	if err := a.SendString("next", 0); err != nil {
		t.Fatal(err)
	}
	var small [4]byte
	if n, err := b.RecvInto(small[:], 0); err != nil || n != 10 || string(small[:]) != "0123" {
		t.Fatalf("RecvInto = %d %q, %v", n, small[:], err)
	}
	if s, err := b.RecvString(0); err != nil || s != "next" {
		t.Fatalf("after truncation RecvString = %q, %v; want \"next\"", s, err)
	}
}

// Every receive call with DONTWAIT on an empty socket returns ErrAgain,
// also as syscall.EAGAIN, and no data.
func TestRecvDontWaitEmpty(t *testing.T) {
	ctx := zt.Context(t)
	_, b := pairOver(t, ctx, "inproc")
	_, err := b.Recv(zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrAgain, "Recv(DONTWAIT)")
	zt.MustIs(t, err, syscall.EAGAIN, "Recv(DONTWAIT) as syscall.EAGAIN")
	_, err = b.RecvString(zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrAgain, "RecvString(DONTWAIT)")
	_, err = b.RecvInto(make([]byte, 8), zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrAgain, "RecvInto(DONTWAIT)")
	parts, err := b.RecvMessage(zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrAgain, "RecvMessage(DONTWAIT)")
	if parts != nil {
		t.Fatalf("RecvMessage(DONTWAIT) returned %d parts with its error", len(parts))
	}
	if !zmq.ErrAgain.Timeout() {
		t.Fatal("ErrAgain.Timeout() = false")
	}
}
