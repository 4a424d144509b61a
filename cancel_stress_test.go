package zmq_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// Issue 13's done-when item: cancellations at random moments against
// messages arriving, run under -race. Multipart messages of 1-5 numbered
// frames go over PUSH/PULL pairs (one pipe each, so order is kept): every
// message sent is received exactly once and whole, in order, by the
// cancelled calls or by the drain at the end; nothing is lost, nothing
// split. A few messages have more frames than one C call receives, a
// few sent ones frames too large to be sent in one C call with the
// others: a message then takes several calls, and only the first may
// wait or be cancelled. On the send side every message SendMessageContext (or
// SendContext, SendMsgContext) reported sent is received, and every one it
// reported cancelled is never seen.

const (
	stressPairs   = 4    // pairs per transport, each with its own two goroutines
	stressRecvN   = 3000 // messages per pair, receive side
	stressSendN   = 800  // messages per pair, send side (its receiver is slow)
	stressMaxWait = 300 * time.Microsecond
)

// stressFrames is message i: nf frames "i:j/nf|" followed by pad bytes.
func stressFrames(i, nf, pad int) [][]byte {
	parts := make([][]byte, nf)
	for j := range parts {
		parts[j] = append(fmt.Appendf(nil, "%d:%d/%d|", i, j, nf), bytes.Repeat([]byte{'.'}, pad)...)
	}
	return parts
}

// stressIndex checks that parts is one whole message of stressFrames and
// returns its number.
func stressIndex(parts [][]byte) (int, error) {
	i := -1
	for j, p := range parts {
		head, _, ok := strings.Cut(string(p), "|")
		var mi, mj, nf int
		if _, err := fmt.Sscanf(head, "%d:%d/%d", &mi, &mj, &nf); !ok || err != nil {
			return 0, fmt.Errorf("frame %d of %d is not a stress frame: %.40q", j, len(parts), p)
		}
		if j == 0 {
			i = mi
		}
		if mi != i || mj != j || nf != len(parts) {
			return 0, fmt.Errorf("split or mixed message: frame %d of %d is %q", j, len(parts), head)
		}
	}
	if i < 0 {
		return 0, errors.New("message without frames")
	}
	return i, nil
}

// randomContext is a context that ends at a random moment within
// stressMaxWait: already cancelled, by its own deadline, or cancelled by
// another goroutine (a timer's).
func randomContext(rng *rand.Rand) (context.Context, context.CancelFunc) {
	d := time.Duration(rng.Int64N(int64(stressMaxWait)))
	switch rng.IntN(10) {
	case 0:
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return ctx, cancel
	case 1, 2, 3, 4:
		return context.WithTimeout(context.Background(), d)
	default:
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(d, cancel)
		return ctx, cancel
	}
}

// cancelledBy reports whether err is ctx's own error, as a cancelled call
// must return it.
func cancelledBy(ctx context.Context, err error) bool {
	return err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err())
}

// stressSeed is logged so that a failing run can be replayed.
func stressSeed(t *testing.T) uint64 {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	return seed
}

// stressOver runs a stress over inproc and over tcp, each in a subtest of
// its own: it makes stressPairs PULL/PUSH pairs with pair, runs f for each
// pair in its own goroutine, then logs each pair's summary (what f
// returned, if anything) and the time n messages a pair took, and reports
// the pairs' errors.
func stressOver(t *testing.T, n int, pair func(t *testing.T, zctx *zmq.Context, tr string) (pull, push *zmq.Socket),
	f func(seed uint64, p int, pull, push *zmq.Socket) (summary string, err error)) {
	seed := stressSeed(t)
	for _, tr := range []string{"inproc", "tcp"} {
		t.Run(tr, func(t *testing.T) {
			zctx := zt.Context(t)
			pulls, pushes := make([]*zmq.Socket, stressPairs), make([]*zmq.Socket, stressPairs)
			for p := range stressPairs {
				pulls[p], pushes[p] = pair(t, zctx, tr)
			}
			start := time.Now()
			summaries, errs := make([]string, stressPairs), make([]error, stressPairs)
			var wg sync.WaitGroup
			for p := range stressPairs {
				wg.Go(func() { summaries[p], errs[p] = f(seed, p, pulls[p], pushes[p]) })
			}
			zt.Within(t, 2*zt.Limit, "the stress", wg.Wait)
			for p := range stressPairs {
				if summaries[p] != "" {
					t.Logf("pair %d: %s", p, summaries[p])
				}
				if errs[p] != nil {
					t.Errorf("pair %d: %v", p, errs[p])
				}
			}
			t.Logf("%d pairs × %d messages in %v", stressPairs, n, time.Since(start))
		})
	}
}

func TestCancelStressRecv(t *testing.T) {
	pair := func(t *testing.T, zctx *zmq.Context, tr string) (pull, push *zmq.Socket) {
		return typedPairOver(t, zctx, tr, zmq.PULL, zmq.PUSH)
	}
	stressOver(t, stressRecvN, pair, func(seed uint64, p int, pull, push *zmq.Socket) (string, error) {
		sendErr := make(chan error, 1)
		sent := make(chan struct{})
		go func() {
			defer close(sent)
			rng := rand.New(rand.NewPCG(seed, uint64(p)))
			for i := range stressRecvN {
				nf := 1 + rng.IntN(5)
				if rng.IntN(40) == 0 {
					nf = 65 + rng.IntN(6) // more than one C call takes
				}
				if err := push.SendMessage(stressFrames(i, nf, 0), 0); err != nil {
					sendErr <- fmt.Errorf("send %d: %w", i, err)
					return
				}
				if rng.IntN(4) == 0 { // pauses, for the receiver to wait
					time.Sleep(time.Duration(rng.Int64N(int64(stressMaxWait))))
				}
			}
		}()
		rng := rand.New(rand.NewPCG(seed, uint64(100+p)))
		next, nc := 0, 0
		take := func(parts [][]byte) error {
			i, err := stressIndex(parts)
			if err != nil {
				return err
			}
			if i != next {
				return fmt.Errorf("received message %d, want %d: lost or repeated", i, next)
			}
			next++
			return nil
		}
		for done := false; !done; {
			select {
			case <-sent:
				done = true // the drain below takes the rest
				continue
			default:
			}
			ctx, cancel := randomContext(rng)
			parts, err := pull.RecvMessageContext(ctx, 0)
			cancel()
			switch {
			case err == nil:
				if err := take(parts); err != nil {
					return "", err
				}
			case cancelledBy(ctx, err):
				if parts != nil {
					return "", fmt.Errorf("cancelled receive returned %d frames", len(parts))
				}
				nc++
			default:
				return "", fmt.Errorf("RecvMessageContext: %w", err)
			}
		}
		select {
		case err := <-sendErr:
			return "", err
		default:
		}
		summary := fmt.Sprintf("%d receives cancelled, %d of %d messages received before the drain", nc, next, stressRecvN)
		// The drain: what the cancelled calls left is still queued (or,
		// over tcp, still on its way), whole and in order.
		for next < stressRecvN {
			parts, err := pull.RecvMessage(0)
			if err != nil {
				return summary, fmt.Errorf("drain at message %d: %w", next, err)
			}
			if err := take(parts); err != nil {
				return summary, err
			}
		}
		if parts, err := pull.RecvMessage(zmq.DONTWAIT); !errors.Is(err, zmq.ErrAgain) {
			return summary, fmt.Errorf("after all %d messages: %q, %v", stressRecvN, parts, err)
		}
		return summary, nil
	})
}

// stressSlowPair is a PULL/PUSH pair of zctx over tr with high-water marks
// of 2 and, over tcp, small kernel buffers: its sender is at the
// high-water mark most of the time.
func stressSlowPair(t *testing.T, zctx *zmq.Context, tr string) (pull, push *zmq.Socket) {
	t.Helper()
	pull, push = zt.Socket(t, zctx, zmq.PULL), zt.Socket(t, zctx, zmq.PUSH)
	for _, err := range []error{pull.SetRcvHWM(2), push.SetSndHWM(2), pull.SetRcvBuf(4096), push.SetSndBuf(4096)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if tr == "inproc" {
		bindConnect(t, pull, push, zt.Inproc(t))
	} else if err := push.Connect(zt.BindLocal(t, pull)); err != nil {
		t.Fatal(err)
	}
	return pull, push
}

func TestCancelStressSend(t *testing.T) {
	stressOver(t, stressSendN, stressSlowPair, func(seed uint64, p int, pull, push *zmq.Socket) (string, error) {
		got := make(chan []int, 1)
		recvErr := make(chan error, 1)
		go func() { // the slow receiver
			rng := rand.New(rand.NewPCG(seed, uint64(200+p)))
			var seen []int
			for {
				parts, err := pull.RecvMessage(0)
				if err != nil {
					recvErr <- fmt.Errorf("receive after %d messages: %w", len(seen), err)
					return
				}
				if string(parts[0]) == "end" {
					got <- seen
					return
				}
				i, err := stressIndex(parts)
				if err != nil {
					recvErr <- err
					return
				}
				seen = append(seen, i)
				if rng.IntN(3) == 0 { // slow: the sender meets the high-water mark
					time.Sleep(time.Duration(rng.Int64N(int64(stressMaxWait))))
				}
			}
		}()
		rng := rand.New(rand.NewPCG(seed, uint64(300+p)))
		var sent []int
		nc := 0
		for i := range stressSendN {
			nf := 1 + rng.IntN(5)
			pad := 1000
			if rng.IntN(10) == 0 {
				pad = 70_000 // each frame its own C call
			}
			frames := stressFrames(i, nf, pad)
			ctx, cancel := randomContext(rng)
			var err error
			switch {
			case nf > 1:
				err = push.SendMessageContext(ctx, frames, 0)
			case i%2 == 0:
				err = push.SendContext(ctx, frames[0], 0)
			default:
				err = sendMsgUnchanged(ctx, push, frames[0])
			}
			cancel()
			switch {
			case err == nil:
				sent = append(sent, i)
			case cancelledBy(ctx, err):
				nc++
			default:
				return "", fmt.Errorf("send %d: %w", i, err)
			}
		}
		if err := push.SendString("end", 0); err != nil {
			return "", err
		}
		var seen []int
		select {
		case seen = <-got:
		case err := <-recvErr:
			return "", err
		case <-time.After(zt.Limit):
			return "", errors.New("the receiver did not get the end")
		}
		summary := fmt.Sprintf("%d sent, %d cancelled of %d", len(sent), nc, stressSendN)
		if !slices.Equal(seen, sent) {
			return summary, fmt.Errorf("sent %d messages %v...; received %d %v...", len(sent), head(sent), len(seen), head(seen))
		}
		return summary, nil
	})
}

// sendMsgUnchanged sends b as a Msg with SendMsgContext and checks that a
// cancelled send left the Msg as it was.
func sendMsgUnchanged(ctx context.Context, s *zmq.Socket, b []byte) error {
	m, err := zmq.NewMsg(len(b))
	if err != nil {
		return err
	}
	defer m.Close()
	copy(m.Bytes(), b)
	err = s.SendMsgContext(ctx, m, 0)
	if err != nil && !bytes.Equal(m.Bytes(), b) {
		return fmt.Errorf("SendMsgContext failed (%v) and changed its message to %.40q", err, m.Bytes())
	}
	return err
}

// head is the start of a list of message numbers, for an error message.
func head(xs []int) string {
	var b strings.Builder
	for i, x := range xs {
		if i == 10 {
			break
		}
		b.WriteString(strconv.Itoa(x) + " ")
	}
	return b.String()
}
