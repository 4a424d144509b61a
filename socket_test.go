package zmq_test

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
)

// frameSizes cross the boundaries the binding cares about: empty, VSM
// (≤33 bytes live inside zmq_msg_t) and the first heap-allocated size,
// the stack buffer of Recv and RecvString (256 bytes), releaseHeld's
// 64 KiB threshold, and a large frame.
var frameSizes = []int{0, 1, 33, 34, 255, 256, 257, 1000, 70_000, 1 << 20}

// transports are the transports every libzmq build here has.
var transports = []string{"inproc", "ipc", "tcp"}

// pairOver returns two PAIR sockets of ctx, a bound and b connected to it
// over transport ("inproc", "ipc" in a temporary directory, "tcp" on
// 127.0.0.1).
func pairOver(t testing.TB, ctx *zmq.Context, transport string) (a, b *zmq.Socket) {
	t.Helper()
	return typedPairOver(t, ctx, transport, zmq.PAIR, zmq.PAIR)
}

// typedPairOver is pairOver for any two socket types.
func typedPairOver(t testing.TB, ctx *zmq.Context, transport string, ta, tb zmq.Type) (a, b *zmq.Socket) {
	t.Helper()
	var dir string
	if transport == "ipc" {
		// Before the sockets, so it is removed after they are closed.
		dir = t.TempDir()
	}
	a, b = newSocket(t, ctx, ta), newSocket(t, ctx, tb)
	var ep string
	switch transport {
	case "inproc":
		ep = inprocName(t)
	case "ipc":
		ep = "ipc://" + filepath.Join(dir, "sock")
		if len(ep) > 100 { // sun_path holds 107 bytes
			t.Fatalf("ipc endpoint too long for sun_path: %s", ep)
		}
	case "tcp":
		ep = bindLocal(t, a)
	default:
		t.Fatalf("unknown transport %q", transport)
	}
	if transport != "tcp" {
		if err := a.Bind(ep); err != nil {
			t.Fatalf("Bind %s: %v", ep, err)
		}
	}
	if err := b.Connect(ep); err != nil {
		t.Fatalf("Connect %s: %v", ep, err)
	}
	return a, b
}

// pattern returns n bytes that differ from one position and one seed to
// the next, so a shifted, truncated or stale frame does not compare equal.
func pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7+i>>8) ^ seed
	}
	return b
}

// sameBytes fails the test unless got equals want, naming the first
// differing byte rather than printing megabytes.
func sameBytes(t testing.TB, what string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	if len(got) != len(want) {
		t.Fatalf("%s: got %d bytes, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: byte %d of %d is %#x, want %#x", what, i, len(want), got[i], want[i])
		}
	}
}

// noMore fails the test if s reports that more frames follow.
func noMore(t testing.TB, s *zmq.Socket, what string) {
	t.Helper()
	more, err := s.RcvMore()
	if err != nil {
		t.Fatalf("%s: RcvMore: %v", what, err)
	}
	if more {
		t.Fatalf("%s: RcvMore = true after a single-frame message", what)
	}
}

func TestRoundTripSizes(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			ctx := newContext(t)
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

func TestEmptyFrames(t *testing.T) {
	ctx := newContext(t)
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

func TestRecvIntoTruncation(t *testing.T) {
	ctx := newContext(t)
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

func TestRecvDontWaitEmpty(t *testing.T) {
	ctx := newContext(t)
	_, b := pairOver(t, ctx, "inproc")
	_, err := b.Recv(zmq.DONTWAIT)
	mustIs(t, err, zmq.ErrAgain, "Recv(DONTWAIT)")
	mustIs(t, err, syscall.EAGAIN, "Recv(DONTWAIT) as syscall.EAGAIN")
	_, err = b.RecvString(zmq.DONTWAIT)
	mustIs(t, err, zmq.ErrAgain, "RecvString(DONTWAIT)")
	_, err = b.RecvInto(make([]byte, 8), zmq.DONTWAIT)
	mustIs(t, err, zmq.ErrAgain, "RecvInto(DONTWAIT)")
	parts, err := b.RecvMessage(zmq.DONTWAIT)
	mustIs(t, err, zmq.ErrAgain, "RecvMessage(DONTWAIT)")
	if parts != nil {
		t.Fatalf("RecvMessage(DONTWAIT) returned %d parts with its error", len(parts))
	}
	if !zmq.ErrAgain.Timeout() {
		t.Fatal("ErrAgain.Timeout() = false")
	}
}

// fiveParts includes empty parts at the start, in the middle and at the
// end, a VSM-sized one and one above the release threshold.
func fiveParts() [][]byte {
	return [][]byte{{}, []byte("first"), {}, pattern(70_000, 5), nil}
}

func TestSendMessageRecvMessage(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			ctx := newContext(t)
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

func checkParts(t testing.TB, got, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d parts, want %d", len(got), len(want))
	}
	for i := range want {
		sameBytes(t, fmt.Sprintf("part %d", i), got[i], want[i])
	}
}

func TestMultipartLoops(t *testing.T) {
	ctx := newContext(t)
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

func TestMultipartNotGlued(t *testing.T) {
	ctx := newContext(t)
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
	mustIs(t, err, zmq.ErrAgain, "RecvMessage after the three messages")
}

func TestSendMessageNoParts(t *testing.T) {
	ctx := newContext(t)
	a, b := pairOver(t, ctx, "inproc")
	for _, parts := range [][][]byte{nil, {}} {
		err := a.SendMessage(parts, 0)
		mustIs(t, err, zmq.ErrInvalid, "SendMessage with no parts")
		mustIs(t, err, syscall.EINVAL, "SendMessage with no parts as syscall.EINVAL")
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
	ctx := newContext(t)
	push := newSocket(t, ctx, zmq.PUSH)
	ep := inprocName(t)
	if err := push.Bind(ep); err != nil {
		t.Fatal(err)
	}
	err := push.SendMessage([][]byte{[]byte("lost"), []byte("parts")}, zmq.DONTWAIT)
	mustIs(t, err, zmq.ErrAgain, "SendMessage(DONTWAIT) without a peer")

	pull := newSocket(t, ctx, zmq.PULL)
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

func TestRouterDealerEnvelope(t *testing.T) {
	ctx := newContext(t)
	router, dealer := connectedPair(t, ctx, zmq.ROUTER, zmq.DEALER)

	if err := dealer.SendMessage([][]byte{{}, []byte("request")}, 0); err != nil {
		t.Fatal(err)
	}
	got, err := router.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("ROUTER received %d frames, want 3 (identity, empty delimiter, body)", len(got))
	}
	id := got[0]
	if len(id) == 0 {
		t.Fatal("ROUTER's identity frame is empty")
	}
	checkParts(t, got[1:], [][]byte{{}, []byte("request")})

	// The reply is routed by the identity frame, which the DEALER does not see.
	if err := router.SendMessage([][]byte{id, {}, []byte("reply")}, 0); err != nil {
		t.Fatal(err)
	}
	back, err := dealer.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, back, [][]byte{{}, []byte("reply")})

	// A second DEALER gets a different identity, and replies do not cross.
	d2 := newSocket(t, ctx, zmq.DEALER)
	ep, err := router.LastEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	if err := d2.Connect(ep); err != nil {
		t.Fatal(err)
	}
	if err := d2.SendString("from d2", 0); err != nil {
		t.Fatal(err)
	}
	got2, err := router.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got2) != 2 || string(got2[1]) != "from d2" || bytes.Equal(got2[0], id) {
		t.Fatalf("second DEALER's message = %q (first identity %q)", got2, id)
	}
	if err := router.SendMessage([][]byte{got2[0], []byte("to d2")}, 0); err != nil {
		t.Fatal(err)
	}
	if s, err := d2.RecvString(0); err != nil || s != "to d2" {
		t.Fatalf("d2 RecvString = %q, %v", s, err)
	}
	_, err = dealer.Recv(zmq.DONTWAIT)
	mustIs(t, err, zmq.ErrAgain, "first DEALER after the reply to the second")
}

// queueDepth counts the empty messages push accepts with DONTWAIT before
// ErrAgain, then receives them all on pull and checks nothing else came.
func queueDepth(t *testing.T, push, pull *zmq.Socket, max int) int {
	t.Helper()
	n := 0
	for ; n < max; n++ {
		err := push.Send(nil, zmq.DONTWAIT)
		if err != nil {
			mustIs(t, err, zmq.ErrAgain, fmt.Sprintf("Send(DONTWAIT) #%d", n))
			break
		}
	}
	for i := range n {
		if _, err := pull.RecvInto(nil, 0); err != nil {
			t.Fatalf("receiving queued message %d of %d: %v", i, n, err)
		}
	}
	_, err := pull.RecvInto(nil, zmq.DONTWAIT)
	mustIs(t, err, zmq.ErrAgain, "RecvInto after draining the queue")
	return n
}

// hwmPair returns PUSH connected to PULL over inproc, set up by setup
// before the connection is made (HWMs apply to later connections).
func hwmPair(t *testing.T, setup func(push, pull *zmq.Socket)) (push, pull *zmq.Socket) {
	t.Helper()
	ctx := newContext(t)
	push, pull = newSocket(t, ctx, zmq.PUSH), newSocket(t, ctx, zmq.PULL)
	setup(push, pull)
	ep := inprocName(t)
	if err := pull.Bind(ep); err != nil {
		t.Fatal(err)
	}
	if err := push.Connect(ep); err != nil {
		t.Fatal(err)
	}
	return push, pull
}

// libzmq's test_hwm: over inproc the send and receive HWMs add up.
func TestHWM(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup func(push, pull *zmq.Socket) error
		want  int
	}{
		{"defaults", func(push, pull *zmq.Socket) error { return nil }, 2000},
		{"SNDHWM=RCVHWM=1", func(push, pull *zmq.Socket) error {
			if err := push.SetSndHWM(1); err != nil {
				return err
			}
			return pull.SetRcvHWM(1)
		}, 2},
		{"SetHWM(1) both", func(push, pull *zmq.Socket) error {
			if err := push.SetHWM(1); err != nil {
				return err
			}
			return pull.SetHWM(1)
		}, 2},
		{"SNDHWM=3 RCVHWM=5", func(push, pull *zmq.Socket) error {
			if err := push.SetSndHWM(3); err != nil {
				return err
			}
			return pull.SetRcvHWM(5)
		}, 8},
		{"0 is no limit", func(push, pull *zmq.Socket) error {
			if err := push.SetHWM(0); err != nil {
				return err
			}
			return pull.SetHWM(0)
		}, 10_000}, // the cap of the count, as in test_hwm
	} {
		t.Run(c.name, func(t *testing.T) {
			push, pull := hwmPair(t, func(push, pull *zmq.Socket) {
				if err := c.setup(push, pull); err != nil {
					t.Fatal(err)
				}
			})
			if got := queueDepth(t, push, pull, 10_000); got != c.want {
				t.Fatalf("%d messages queued before ErrAgain, want %d", got, c.want)
			}
			// Drained: the queue takes messages again. (Not with DONTWAIT:
			// the reader's "room again" command reaches the PUSH through
			// its mailbox, which a DONTWAIT send reads only if 3 ms passed
			// since it last did, in socket_base::process_commands.)
			if err := push.SendString("again", 0); err != nil {
				t.Fatalf("Send after draining: %v", err)
			}
			if s, err := pull.RecvString(0); err != nil || s != "again" {
				t.Fatalf("RecvString = %q, %v", s, err)
			}
		})
	}
}

// The Guide's mousetrap fragment: a PULL with HWM 10000 connecting to a
// PUSH and receiving. SetHWM sets both marks.
func TestSetHWMOnPull(t *testing.T) {
	ctx := newContext(t)
	pull := newSocket(t, ctx, zmq.PULL)
	if err := pull.SetHWM(10000); err != nil {
		t.Fatalf("SetHWM: %v", err)
	}
	if v, err := pull.SndHWM(); err != nil || v != 10000 {
		t.Fatalf("SndHWM = %d, %v", v, err)
	}
	if v, err := pull.RcvHWM(); err != nil || v != 10000 {
		t.Fatalf("RcvHWM = %d, %v", v, err)
	}
	push := newSocket(t, ctx, zmq.PUSH)
	ep := bindLocal(t, push)
	if err := pull.Connect(ep); err != nil {
		t.Fatal(err)
	}
	if err := push.SendString("squeak", 0); err != nil {
		t.Fatal(err)
	}
	if s, err := pull.RecvString(0); err != nil || s != "squeak" {
		t.Fatalf("RecvString = %q, %v", s, err)
	}
	mustIs(t, pull.SetHWM(-1), zmq.ErrInvalid, "SetHWM(-1)")
}

func TestRouterMandatoryRouting(t *testing.T) {
	ctx := newContext(t)
	router := newSocket(t, ctx, zmq.ROUTER)
	ep := bindLocal(t, router)

	// Without ROUTER_MANDATORY a message to an unknown peer is dropped.
	if err := router.SendMessage([][]byte{[]byte("nobody"), []byte("lost")}, 0); err != nil {
		t.Fatalf("send to an unknown peer without ROUTER_MANDATORY: %v", err)
	}
	if err := router.SetRouterMandatory(true); err != nil {
		t.Fatal(err)
	}
	err := router.SendMessage([][]byte{[]byte("nobody"), []byte("lost")}, 0)
	mustIs(t, err, zmq.ErrHostUnreachable, "send to an unknown peer with ROUTER_MANDATORY")
	mustIs(t, err, syscall.EHOSTUNREACH, "as syscall.EHOSTUNREACH")
	err = router.SendMessage([][]byte{[]byte("nobody"), []byte("lost")}, zmq.DONTWAIT)
	mustIs(t, err, zmq.ErrHostUnreachable, "DONTWAIT send to an unknown peer with ROUTER_MANDATORY")

	// The Guide's identity fragment: a DEALER named "Lucy".
	dealer := newSocket(t, ctx, zmq.DEALER)
	if err := dealer.SetIdentity([]byte("Lucy")); err != nil {
		t.Fatal(err)
	}
	if id, err := dealer.Identity(); err != nil || string(id) != "Lucy" {
		t.Fatalf("Identity = %q, %v", id, err)
	}
	if err := dealer.Connect(ep); err != nil {
		t.Fatal(err)
	}
	if err := dealer.SendString("hi", 0); err != nil {
		t.Fatal(err)
	}
	got, err := router.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, got, [][]byte{[]byte("Lucy"), []byte("hi")})
	// The failed sends left nothing half-sent: this message is routed whole.
	if err := router.SendMessage([][]byte{[]byte("Lucy"), []byte("hello"), []byte("Lucy")}, 0); err != nil {
		t.Fatal(err)
	}
	back, err := dealer.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, back, [][]byte{[]byte("hello"), []byte("Lucy")})
}

// libzmq's test_conflate: a CONFLATE PULL keeps only the newest message.
func TestConflate(t *testing.T) {
	const count = 20
	t.Run("inproc", func(t *testing.T) {
		// The sender writes into the receiver's pipe itself: once the 20
		// sends returned, one receive returns the 20th. Over inproc libzmq
		// 4.3.4 takes CONFLATE from the connecting side only
		// (socket_base.cpp connect), so the PULL connects.
		ctx := newContext(t)
		push, pull := newSocket(t, ctx, zmq.PUSH), newSocket(t, ctx, zmq.PULL)
		if err := pull.SetConflate(true); err != nil {
			t.Fatal(err)
		}
		ep := inprocName(t)
		if err := push.Bind(ep); err != nil {
			t.Fatal(err)
		}
		if err := pull.Connect(ep); err != nil {
			t.Fatal(err)
		}
		for i := range count {
			if err := push.SendString(fmt.Sprint(i), 0); err != nil {
				t.Fatal(err)
			}
		}
		if s, err := pull.RecvString(0); err != nil || s != fmt.Sprint(count-1) {
			t.Fatalf("RecvString = %q, %v; want %q", s, err, fmt.Sprint(count-1))
		}
		_, err := pull.RecvString(zmq.DONTWAIT)
		mustIs(t, err, zmq.ErrAgain, "second RecvString")
	})
	t.Run("tcp", func(t *testing.T) {
		// Over tcp the messages reach the pipe on libzmq's I/O thread, and
		// nothing tells when the last has (test_conflate sleeps). A first
		// receive returns the 20th in about 19 runs of 20 (measured); so
		// receive until the 20th, bounded, and check that what came was
		// conflated: increasing, fewer than 20, nothing after the last.
		//
		// libzmq 4.3.4's conflate buffer (dbuffer.hpp) publishes a write
		// only if it gets the buffer's lock with try_lock: a write that
		// meets a receive in progress stays behind, unseen until the next
		// write (about 1 run in 300 here, when it is the 20th). A receive
		// that finds nothing for 200 ms therefore sends the 20th again.
		//
		// That next write also leaks: dbuffer_t::write overwrites the
		// stranded message without closing it (fixed upstream by
		// zeromq/libzmq#4925, in no release yet), and over tcp every
		// message holds a reference to its connection's metadata, so
		// LeakSanitizer reports that metadata at exit (344 bytes in 4
		// allocations, all indirect, from stream_engine_base_t::
		// mechanism_ready) in one full -asan run in 5 to 40, depending
		// on load. The leak is libzmq's, its frames have no symbols to
		// suppress it by, and no receive can rule out the race, so the
		// asan pass leaves this subtest out.
		if sanitizerBuild {
			t.Skip("libzmq 4.3.4 leaks a CONFLATE message that loses dbuffer's try_lock race (zeromq/libzmq#4925)")
		}
		ctx := newContext(t)
		pull := newSocket(t, ctx, zmq.PULL)
		if err := pull.SetConflate(true); err != nil {
			t.Fatal(err)
		}
		if on, err := pull.Conflate(); err != nil || !on {
			t.Fatalf("Conflate = %v, %v", on, err)
		}
		if err := pull.SetRcvTimeo(200 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
		push := newSocket(t, ctx, zmq.PUSH)
		if err := push.Connect(bindLocal(t, pull)); err != nil {
			t.Fatal(err)
		}
		for i := range count {
			if err := push.SendString(fmt.Sprint(i), 0); err != nil {
				t.Fatal(err)
			}
		}
		last := fmt.Sprint(count - 1)
		var got []string
		resent := 0
		for len(got) == 0 || got[len(got)-1] != last {
			s, err := pull.RecvString(0)
			switch {
			case errors.Is(err, zmq.ErrAgain) && resent < 10:
				resent++
				if err := push.SendString(last, 0); err != nil {
					t.Fatal(err)
				}
				continue
			case err != nil:
				t.Fatalf("RecvString after %q: %v", got, err)
			}
			got = append(got, s)
		}
		if len(got) >= count {
			t.Fatalf("received all %d messages %q: not conflated", len(got), got)
		}
		for i := 1; i < len(got); i++ {
			if len(got[i]) < len(got[i-1]) || (len(got[i]) == len(got[i-1]) && got[i] <= got[i-1]) {
				t.Fatalf("received %q: not in sending order", got)
			}
		}
		// Nothing after the last but, if it was sent again, its copy.
		for {
			s, err := pull.RecvString(zmq.DONTWAIT)
			if err != nil {
				mustIs(t, err, zmq.ErrAgain, "RecvString after the last")
				break
			}
			if s != last || resent == 0 {
				t.Fatalf("received %q after %q", s, got)
			}
			resent--
		}
		if len(got) > 1 {
			t.Logf("conflated to %q (the first receive raced the I/O thread)", got)
		}
	})
}

func TestPubSubPrefix(t *testing.T) {
	ctx := newContext(t)
	pub, sub := connectedPair(t, ctx, zmq.PUB, zmq.SUB)
	for _, p := range []string{"A", "\x00bin"} {
		if err := sub.SetSubscribe(p); err != nil {
			t.Fatal(err)
		}
	}
	// Subscriptions reach the PUB asynchronously: publish a probe until
	// the SUB sees one.
	if err := sub.SetRcvTimeo(10 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(waitLimit)
	for {
		if err := pub.SendString("A-probe", 0); err != nil {
			t.Fatal(err)
		}
		_, err := sub.RecvString(0)
		if err == nil {
			break
		}
		mustIs(t, err, zmq.ErrAgain, "waiting for the subscription")
		if time.Now().After(deadline) {
			t.Fatal("subscription did not reach the PUB")
		}
	}
	if err := sub.SetRcvTimeo(waitLimit); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"B-1", "A-1", "a-2", "AB-2", "", "bin", "\x00bin-3", "\x00bi", "A-end"} {
		if err := pub.SendString(s, 0); err != nil {
			t.Fatal(err)
		}
	}
	// Multipart messages are filtered on their first frame only.
	if err := pub.SendMessage([][]byte{[]byte("B"), []byte("A")}, 0); err != nil {
		t.Fatal(err)
	}
	if err := pub.SendMessage([][]byte{[]byte("A-multi"), []byte("B")}, 0); err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	for {
		parts, err := sub.RecvMessage(0)
		if err != nil {
			t.Fatalf("RecvMessage after %q: %v", got, err)
		}
		if len(parts) == 1 && string(parts[0]) == "A-probe" {
			continue // probes still in flight
		}
		got = append(got, parts...)
		if string(parts[0]) == "A-multi" {
			break
		}
	}
	checkParts(t, got, [][]byte{[]byte("A-1"), []byte("AB-2"), []byte("\x00bin-3"), []byte("A-end"), []byte("A-multi"), []byte("B")})
}
