package zmq_test

// Signals and EINTR: Go's runtime (SIGURG, SIGPROF) and a program's signal
// handling interrupt libzmq's poll(), and the binding must retry without
// surfacing EINTR and without restarting RCVTIMEO or SNDTIMEO.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// os/signal starts a goroutine at the first Notify that never ends; start
// it before TestMain counts goroutines, so that it is not taken for a leak.
func init() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGWINCH)
	signal.Stop(c)
}

// goLocked runs f on a new goroutine locked to its OS thread and returns
// that thread's id once f starts, for signals sent to it with tgkill.
func goLocked(t *testing.T, f func()) (tid int) {
	t.Helper()
	tidc := make(chan int, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tidc <- syscall.Gettid()
		f()
	}()
	return waitFor(t, tidc, zt.Limit, "locked goroutine start")
}

// underCPUProfile runs the CPU profiler until the test ends, with a
// goroutine burning CPU so that the profiler's SIGPROF keeps firing.
func underCPUProfile(t *testing.T) {
	t.Helper()
	var prof bytes.Buffer
	if err := pprof.StartCPUProfile(&prof); err != nil {
		t.Fatalf("StartCPUProfile: %v", err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go burnCPU(stop, &wg)
	t.Cleanup(func() {
		close(stop)
		wg.Wait()
		pprof.StopCPUProfile()
		t.Logf("CPU profile: %d bytes", prof.Len())
	})
}

// burnCPU keeps a goroutine busy until stop is closed, so that the CPU
// profiler's SIGPROF keeps firing.
func burnCPU(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	x := uint64(1)
	for {
		select {
		case <-stop:
			if x == 0 {
				fmt.Println(x)
			}
			return
		default:
		}
		for i := 0; i < 1e5; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
}

// Under the CPU profiler and a SIGURG storm, an EINTR restarts neither
// RCVTIMEO nor SNDTIMEO (the calls end on time), and a blocking Recv
// neither fails with EINTR nor returns before its message.
func TestEINTRUnderCPUProfile(t *testing.T) {
	underCPUProfile(t)
	ctx := zt.Context(t)

	// All run at once, under the same profile. The profiler's SIGPROF goes
	// to threads that burn CPU, so on its own it may never interrupt a
	// thread blocked in libzmq (the Raw subtests count it); the timed
	// subtests therefore also get SIGURG, Go's preemption signal, sent to
	// their own thread every zt.StormEvery.
	t.Run("group", func(t *testing.T) {
		raw := func(storm bool) func(t *testing.T) {
			return func(t *testing.T) {
				t.Parallel()
				s := zt.Socket(t, ctx, zmq.PULL)
				zt.BindLocal(t, s)
				if err := s.SetRcvTimeo(100 * time.Millisecond); err != nil {
					t.Fatal(err)
				}
				var eintr, eagain, sent int
				var err error
				count := func() { eintr, eagain, err = zmq.RawPollEINTRs(s, time.Second) }
				if storm {
					sent = zt.OnSignalledThread(syscall.SIGURG, zt.StormEvery, count)
				} else {
					count()
				}
				if err != nil {
					t.Fatal(err)
				}
				// Logged, not asserted: it shows whether the other subtests
				// were exposed to EINTR at all.
				t.Logf("raw zmq_poll for 1s under the profiler, %d SIGURG to its thread: %d EINTR, %d timeouts (100ms each)", sent, eintr, eagain)
				if storm && eintr == 0 {
					t.Errorf("%d signals sent to a thread blocked in zmq_poll, no EINTR: the subtests below prove nothing", sent)
				}
			}
		}
		t.Run("RawRecvProfilerOnly", raw(false))
		t.Run("RawRecvSignalled", raw(true))

		t.Run("RecvTimeout", func(t *testing.T) {
			t.Parallel()
			s := zt.Socket(t, ctx, zmq.PULL)
			zt.BindLocal(t, s)
			if err := s.SetRcvTimeo(2 * time.Second); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			var err error
			var sent int
			zt.Within(t, 6*time.Second, "Recv with RCVTIMEO 2s", func() {
				sent = zt.OnSignalledThread(syscall.SIGURG, zt.StormEvery, func() { _, err = s.Recv(0) })
			})
			took := time.Since(start)
			t.Logf("Recv returned %v after %v, %d signals sent to its thread", err, took, sent)
			zt.MustIs(t, err, zmq.ErrAgain, "Recv with RCVTIMEO 2s and no peer")
			if took < 1900*time.Millisecond {
				t.Errorf("Recv with RCVTIMEO 2s returned after %v", took)
			}
		})
		t.Run("SendTimeout", func(t *testing.T) {
			t.Parallel()
			s := zt.Socket(t, ctx, zmq.PUSH) // no peer, so no pipe: Send blocks whatever the HWM
			if err := s.SetSndTimeo(time.Second); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			var err error
			var sent int
			zt.Within(t, 6*time.Second, "Send with SNDTIMEO 1s", func() {
				sent = zt.OnSignalledThread(syscall.SIGURG, zt.StormEvery, func() { err = s.Send([]byte("x"), 0) })
			})
			took := time.Since(start)
			t.Logf("Send returned %v after %v, %d signals sent to its thread", err, took, sent)
			zt.MustIs(t, err, zmq.ErrAgain, "Send with SNDTIMEO 1s and no peer")
			if took < 900*time.Millisecond {
				t.Errorf("Send with SNDTIMEO 1s returned after %v", took)
			}
		})
		t.Run("BlockingRecv", func(t *testing.T) {
			t.Parallel()
			pull, push := typedPairOver(t, ctx, "inproc", zmq.PULL, zmq.PUSH)
			if err := pull.SetRcvTimeo(-1); err != nil { // block for ever
				t.Fatal(err)
			}
			sendErr := make(chan error, 1)
			go func() {
				time.Sleep(time.Second) // the point: Recv is blocked for 1s first
				sendErr <- push.SendString("late", 0)
			}()
			start := time.Now()
			var got string
			var err error
			var sent int
			zt.Within(t, 6*time.Second, "blocking Recv", func() {
				sent = zt.OnSignalledThread(syscall.SIGURG, zt.StormEvery, func() { got, err = pull.RecvString(0) })
			})
			took := time.Since(start)
			if serr := <-sendErr; serr != nil {
				t.Fatalf("Send: %v", serr)
			}
			t.Logf("blocking Recv returned %q, %v after %v, %d signals sent to its thread", got, err, took, sent)
			if err != nil || got != "late" {
				t.Fatalf("blocking Recv = %q, %v; want \"late\"", got, err)
			}
			if took < 900*time.Millisecond {
				t.Errorf("Recv returned after %v, before the message was sent", took)
			}
		})
	})
}

// Term waits in libzmq (here for LINGER) and is interrupted like any other
// wait; zmq_ctx_term(3) says it can be restarted, and Term must do so.
func TestTermUnderSignals(t *testing.T) {
	ctx := lingeringContext(t, 300*time.Millisecond)
	start := time.Now()
	var sent int
	var err error
	zt.Within(t, zt.Limit, "Term under signals", func() {
		sent = zt.OnSignalledThread(syscall.SIGURG, zt.StormEvery, func() { err = ctx.Term() })
	})
	took := time.Since(start)
	t.Logf("Term with LINGER 300ms returned %v after %v, %d signals sent to its thread", err, took, sent)
	if err != nil {
		t.Fatalf("Term: %v", err)
	}
	if took < 250*time.Millisecond {
		t.Errorf("Term returned after %v, before LINGER expired", took)
	}
}

// Signals to the process and to the receiving thread during a stream of
// 1000 messages never surface as ErrInterrupted and lose or reorder no
// message.
func TestSignalsDuringTraffic(t *testing.T) {
	for _, mode := range []string{"RCVTIMEO", "blocking"} {
		t.Run(mode, func(t *testing.T) {
			const messages, signals = 1000, 200
			sigs := []syscall.Signal{syscall.SIGWINCH, syscall.SIGCHLD, syscall.SIGURG}
			sigc := make(chan os.Signal, 16)
			signal.Notify(sigc, syscall.SIGWINCH, syscall.SIGCHLD)
			caught := make(chan int)
			go func() {
				n := 0
				for range sigc {
					n++
				}
				caught <- n
			}()
			defer func() {
				signal.Stop(sigc)
				close(sigc)
				t.Logf("%d signals sent, %d delivered to signal.Notify (they coalesce)", signals, <-caught)
			}()

			ctx := zt.Context(t)
			pull, push := zt.Pair(t, ctx, zmq.PULL, zmq.PUSH)
			if mode == "blocking" {
				if err := pull.SetRcvTimeo(-1); err != nil {
					t.Fatal(err)
				}
			}
			type result struct {
				n   int
				err error
			}
			done := make(chan result, 1)
			tid := goLocked(t, func() {
				buf := make([]byte, 16)
				for i := 0; i < messages; i++ {
					n, err := pull.RecvInto(buf, 0)
					if err != nil {
						done <- result{i, err}
						return
					}
					if got, want := string(buf[:n]), fmt.Sprint(i); got != want {
						done <- result{i, fmt.Errorf("message %d is %q", i, got)}
						return
					}
				}
				done <- result{messages, nil}
			})

			// Half the signals go to the process (the kernel picks a
			// thread), half to the receiver's thread.
			pid := os.Getpid()
			sent := 0
			for i := 0; i < messages; i++ {
				if err := push.SendString(fmt.Sprint(i), 0); err != nil {
					t.Fatalf("Send %d: %v", i, err)
				}
				if i%(messages/signals) == messages/signals-1 {
					sig := sigs[sent%len(sigs)]
					var err error
					if sent%2 == 0 {
						err = syscall.Kill(pid, sig)
					} else {
						err = syscall.Tgkill(pid, tid, sig)
					}
					if err != nil {
						t.Fatal(err)
					}
					sent++
					// Pace the flow so the receiver is often blocked in
					// libzmq when a signal comes.
					time.Sleep(200 * time.Microsecond)
				}
			}
			if sent != signals {
				t.Fatalf("sent %d signals", sent)
			}
			r := waitFor(t, done, zt.Limit, "receiving 1000 messages")
			if errors.Is(r.err, zmq.ErrInterrupted) {
				t.Fatalf("EINTR surfaced after %d messages: %v", r.n, r.err)
			}
			if r.err != nil || r.n != messages {
				t.Fatalf("received %d of %d: %v", r.n, messages, r.err)
			}
		})
	}
}

// TestSignalsMidMessage interrupts RecvMessage while it takes the later
// frames of a message: libzmq's inproc receive polls its mailbox every
// 100 frames, and a signal landing in that poll makes the receive fail
// with EINTR. The frames taken before must not be dropped with the error:
// every message arrives whole, in order, and EINTR never surfaces.
func TestSignalsMidMessage(t *testing.T) {
	const messages = 30000
	ctx := zt.Context(t)
	pull, push := zt.Pair(t, ctx, zmq.PULL, zmq.PUSH)
	msgs := make([][][]byte, messages)
	for i := range msgs {
		msgs[i] = [][]byte{[]byte(fmt.Sprint("a", i)), []byte(fmt.Sprint("b", i)), []byte(fmt.Sprint("c", i))}
	}
	// The sender gives up when the receiver has: SNDTIMEO lets it look.
	if err := push.SetSndTimeo(10 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	stop, sending := make(chan struct{}), make(chan struct{})
	defer func() { close(stop); waitFor(t, sending, zt.Limit, "sender end") }()
	go func() {
		defer close(sending)
		for _, m := range msgs {
			for err := push.SendMessage(m, 0); err != nil; err = push.SendMessage(m, 0) {
				select {
				case <-stop:
					return
				default:
				}
			}
		}
	}()
	type result struct {
		got int
		err error
	}
	done := make(chan result, 1)
	tid := goLocked(t, func() {
		for i := range msgs {
			parts, err := pull.RecvMessage(0)
			if err == nil && !slices.EqualFunc(parts, msgs[i], bytes.Equal) {
				err = fmt.Errorf("message %d is %q, want %q", i, parts, msgs[i])
			}
			if err != nil {
				done <- result{i, err}
				return
			}
		}
		done <- result{messages, nil}
	})
	// As many signals as the receiving thread can take, for as long as
	// it receives: each one that lands in libzmq's poll makes an EINTR.
	pid := os.Getpid()
	sent := 0
	var r result
storm:
	for {
		select {
		case r = <-done:
			break storm
		default:
			if syscall.Tgkill(pid, tid, syscall.SIGURG) == nil {
				sent++
			}
		}
	}
	t.Logf("%d signals sent to the receiving thread", sent)
	if r.err != nil || r.got != messages {
		t.Fatalf("after %d whole messages of %d: %v", r.got, messages, r.err)
	}
}
