package zmq_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// ctxCall is one of the Context calls, made uniform: a receive returns the
// frames it got, a send sends payload (as one frame, or as two frames
// for SendMessageContext) and returns nil frames.
type ctxCall struct {
	name string
	send bool
	call func(ctx context.Context, s *zmq.Socket, payload string) ([][]byte, error)
}

var ctxCalls = []ctxCall{
	{"RecvContext", false, func(ctx context.Context, s *zmq.Socket, _ string) ([][]byte, error) {
		b, err := s.RecvContext(ctx, 0)
		if err != nil {
			return nil, err
		}
		return [][]byte{b}, nil
	}},
	{"RecvMessageContext", false, func(ctx context.Context, s *zmq.Socket, _ string) ([][]byte, error) {
		return s.RecvMessageContext(ctx, 0)
	}},
	{"RecvMsgContext", false, func(ctx context.Context, s *zmq.Socket, _ string) ([][]byte, error) {
		var m zmq.Msg
		defer m.Close()
		if err := s.RecvMsgContext(ctx, &m, 0); err != nil {
			return nil, err
		}
		return [][]byte{append([]byte(nil), m.Bytes()...)}, nil
	}},
	{"SendContext", true, func(ctx context.Context, s *zmq.Socket, payload string) ([][]byte, error) {
		return nil, s.SendContext(ctx, []byte(payload), 0)
	}},
	{"SendMessageContext", true, func(ctx context.Context, s *zmq.Socket, payload string) ([][]byte, error) {
		return nil, s.SendMessageContext(ctx, [][]byte{[]byte(payload), []byte("tail")}, 0)
	}},
	{"SendMsgContext", true, func(ctx context.Context, s *zmq.Socket, payload string) ([][]byte, error) {
		m, err := zmq.NewMsg(len(payload))
		if err != nil {
			return nil, err
		}
		defer m.Close()
		copy(m.Bytes(), payload)
		return nil, s.SendMsgContext(ctx, m, 0)
	}},
}

// ctxPushPull returns a PUSH connected to a PULL over inproc, both made by
// zt.Socket (RCVTIMEO and SNDTIMEO of zt.Limit bound every plain call). A
// message sent on an inproc pipe is there for the peer's next receive.
func ctxPushPull(t *testing.T) (push, pull *zmq.Socket) {
	t.Helper()
	ctx := zt.Context(t)
	return typedPairOver(t, ctx, "inproc", zmq.PUSH, zmq.PULL)
}

// doneContexts are contexts that are done before the call starts: one
// cancelled, one past its deadline.
func doneContexts() map[string]context.Context {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	cancel2()
	return map[string]context.Context{"cancelled": cancelled, "expired": expired}
}

// expectQueued fails the test unless pull's next message, without
// waiting, is want (with the tail frame SendMessageContext adds).
func expectQueued(t *testing.T, pull *zmq.Socket, want string) {
	t.Helper()
	parts, err := pull.RecvMessage(zmq.DONTWAIT)
	if err != nil {
		t.Fatalf("the message %q is not queued: %v", want, err)
	}
	if string(parts[0]) != want {
		t.Fatalf("queued: %q, want %q first", parts, want)
	}
}

// A context already done makes every call return ctx.Err() before it
// touches libzmq: a queued message stays queued, nothing is sent.
func TestContextCallsDoneBeforeStart(t *testing.T) {
	for name, done := range doneContexts() {
		for _, c := range ctxCalls {
			t.Run(name+"/"+c.name, func(t *testing.T) {
				push, pull := ctxPushPull(t)
				if !c.send {
					if err := push.SendString("queued", 0); err != nil {
						t.Fatal(err)
					}
				}
				s := map[bool]*zmq.Socket{true: push, false: pull}[c.send]
				got, err := c.call(done, s, "refused")
				if !errors.Is(err, done.Err()) || got != nil {
					t.Fatalf("%s: %q, %v; want %v", c.name, got, err, done.Err())
				}
				if !c.send {
					expectQueued(t, pull, "queued")
					return
				}
				if err := push.SendString("after", 0); err != nil {
					t.Fatal(err)
				}
				expectQueued(t, pull, "after")
				if parts, err := pull.RecvMessage(zmq.DONTWAIT); !errors.Is(err, zmq.ErrAgain) {
					t.Fatalf("after the refused %s: %q, %v queued", c.name, parts, err)
				}
			})
		}
	}
}

// The context is looked at first: a done one wins over a closed socket
// and over a socket another goroutine is using, and a nil one is
// ErrInvalid whatever the socket.
func TestContextCallsCheckContextFirst(t *testing.T) {
	var nilCtx context.Context
	for _, c := range ctxCalls {
		t.Run(c.name, func(t *testing.T) {
			done := doneContexts()["cancelled"]
			zctx := zt.Context(t)
			s := zt.Socket(t, zctx, map[bool]zmq.Type{true: zmq.PUSH, false: zmq.PULL}[c.send])

			// Busy: a plain call waits on s (no peer) in another goroutine.
			if err := s.Bind(zt.Inproc(t)); err != nil {
				t.Fatal(err)
			}
			busy := make(chan error, 1)
			go func() {
				if c.send {
					busy <- s.SendString("waits: no peer", 0)
				} else {
					_, err := s.Recv(0)
					busy <- err
				}
			}()
			waitBusy(t, s)
			if _, err := c.call(done, s, "x"); !errors.Is(err, context.Canceled) {
				t.Errorf("done ctx, socket busy: %v, want context.Canceled", err)
			}
			if _, err := c.call(nilCtx, s, "x"); !errors.Is(err, zmq.ErrInvalid) {
				t.Errorf("nil ctx, socket busy: %v, want ErrInvalid", err)
			}
			if _, err := c.call(context.Background(), s, "x"); !errors.Is(err, zmq.ErrInUse) {
				t.Errorf("live ctx, socket busy: %v, want ErrInUse", err)
			}

			// Closed: Close wakes the plain call with ErrClosed.
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			zt.MustIs(t, waitFor(t, busy, zt.Limit, "the plain call woken by Close"), zmq.ErrClosed, "plain call")
			if _, err := c.call(done, s, "x"); !errors.Is(err, context.Canceled) {
				t.Errorf("done ctx, socket closed: %v, want context.Canceled", err)
			}
			if _, err := c.call(nilCtx, s, "x"); !errors.Is(err, zmq.ErrInvalid) {
				t.Errorf("nil ctx, socket closed: %v, want ErrInvalid", err)
			}
			if _, err := c.call(context.Background(), s, "x"); !errors.Is(err, zmq.ErrClosed) {
				t.Errorf("live ctx, socket closed: %v, want ErrClosed", err)
			}
		})
	}
}

// A nil context is ErrInvalid, and the call then leaves the socket as it
// was: the queued message is still queued, nothing was sent.
func TestContextCallsNilContext(t *testing.T) {
	var nilCtx context.Context
	for _, c := range ctxCalls {
		t.Run(c.name, func(t *testing.T) {
			push, pull := ctxPushPull(t)
			if err := push.SendString("queued", 0); err != nil {
				t.Fatal(err)
			}
			s := map[bool]*zmq.Socket{true: push, false: pull}[c.send]
			if _, err := c.call(nilCtx, s, "refused"); !errors.Is(err, zmq.ErrInvalid) {
				t.Fatalf("nil ctx: %v, want ErrInvalid", err)
			}
			expectQueued(t, pull, "queued")
			if parts, err := pull.RecvMessage(zmq.DONTWAIT); !errors.Is(err, zmq.ErrAgain) {
				t.Fatalf("after the nil ctx: %q, %v queued", parts, err)
			}
		})
	}
}

// fillPush queues messages on push without waiting until its high-water
// mark (1 on each side) refuses one, and returns how many it queued.
func fillPush(t *testing.T, push *zmq.Socket) int {
	t.Helper()
	for n := 0; ; n++ {
		err := push.SendString(fmt.Sprint("fill ", n), zmq.DONTWAIT)
		if errors.Is(err, zmq.ErrAgain) {
			if n == 0 {
				t.Fatal("the high-water mark refused the first message")
			}
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		if n > 100 {
			t.Fatal("100 messages queued at a high-water mark of 1")
		}
	}
}

// A call waiting (on an empty queue, at the high-water mark) returns
// ctx.Err() once its context is cancelled or its context's deadline
// passes; a send then queued nothing, SendMsgContext's message is
// unchanged, and the socket goes on working.
func TestContextCallsEndWaiting(t *testing.T) {
	for _, mode := range []string{"cancel", "timeout"} {
		for _, c := range ctxCalls {
			t.Run(mode+"/"+c.name, func(t *testing.T) {
				zctx := zt.Context(t)
				push, pull := zt.Socket(t, zctx, zmq.PUSH), zt.Socket(t, zctx, zmq.PULL)
				if err := push.SetSndHWM(1); err != nil {
					t.Fatal(err)
				}
				if err := pull.SetRcvHWM(1); err != nil {
					t.Fatal(err)
				}
				bindConnect(t, pull, push, zt.Inproc(t))
				fill := 0
				if c.send {
					fill = fillPush(t, push)
				}
				s := map[bool]*zmq.Socket{true: push, false: pull}[c.send]

				var m *zmq.Msg // SendMsgContext's, kept to look at afterwards
				call := c.call
				if c.name == "SendMsgContext" {
					var err error
					if m, err = zmq.NewMsg(len("cancelled")); err != nil {
						t.Fatal(err)
					}
					defer m.Close()
					copy(m.Bytes(), "cancelled")
					call = func(ctx context.Context, s *zmq.Socket, _ string) ([][]byte, error) {
						return nil, s.SendMsgContext(ctx, m, 0)
					}
				}

				cctx, cancel := context.WithCancel(context.Background())
				want := context.Canceled
				if mode == "timeout" {
					cctx, cancel = context.WithTimeout(context.Background(), 30*time.Millisecond)
					want = context.DeadlineExceeded
				}
				defer cancel()
				type result struct {
					parts [][]byte
					err   error
					at    time.Time
				}
				res := make(chan result, 1)
				start := time.Now()
				go func() {
					parts, err := call(cctx, s, "cancelled")
					res <- result{parts, err, time.Now()}
				}()
				var r result
				if mode == "cancel" {
					waitParked(t, 1)
					cancelled := time.Now()
					cancel()
					r = waitFor(t, res, time.Second, c.name+" woken by cancel()")
					t.Logf("returned %v after cancel()", r.at.Sub(cancelled))
				} else {
					r = waitFor(t, res, zt.Limit, c.name+" ended by its context's deadline")
					if dl, _ := cctx.Deadline(); r.at.Before(dl) {
						t.Errorf("returned %v before the context's deadline", dl.Sub(r.at))
					}
					t.Logf("returned %v after the call began", r.at.Sub(start))
				}
				if !errors.Is(r.err, want) || r.parts != nil {
					t.Fatalf("%s: %q, %v; want %v", c.name, r.parts, r.err, want)
				}
				if !errors.Is(r.err, cctx.Err()) {
					t.Fatalf("%v does not match ctx.Err() %v", r.err, cctx.Err())
				}
				if m != nil && string(m.Bytes()) != "cancelled" {
					t.Fatalf("SendMsgContext's message after the cancellation: %q", m.Bytes())
				}

				// The fill is all that was queued; then the socket works on.
				for i := range fill {
					expectQueued(t, pull, fmt.Sprint("fill ", i))
				}
				if m != nil {
					if err := push.SendMsg(m, 0); err != nil {
						t.Fatal(err)
					}
					expectQueued(t, pull, "cancelled")
				}
				if err := push.SendString("after", 0); err != nil {
					t.Fatal(err)
				}
				got, err := c.call(context.Background(), s, "later")
				if err != nil {
					t.Fatalf("%s after the cancellation: %v", c.name, err)
				}
				if c.send {
					expectQueued(t, pull, "after")
					expectQueued(t, pull, "later")
				} else if len(got) != 1 || string(got[0]) != "after" {
					t.Fatalf("%s after the cancellation: %q, want \"after\"", c.name, got)
				}
				if parts, err := pull.RecvMessage(zmq.DONTWAIT); !errors.Is(err, zmq.ErrAgain) {
					t.Fatalf("left queued: %q, %v", parts, err)
				}
			})
		}
	}
}
