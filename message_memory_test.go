package zmq_test

// Msg memory: dropped messages are freed by their cleanups, and received
// content stays put while goroutine stacks grow and shrink.

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

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
	ctx := zt.Context(t)
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
	deadline := time.Now().Add(zt.Limit)
	for {
		runtime.GC()
		grown := rssBytes(t) - before
		if grown < bound {
			t.Logf("RSS grew by %d MiB after %d MiB of dropped messages", grown>>20, count*size>>20)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("RSS still %d MiB above the start after %v: dropped messages were not freed", grown>>20, zt.Limit)
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
	ctx := zt.Context(t)
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
	case <-time.After(zt.Limit):
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
