// Command zmqgo measures this package the way bench/c/native.c measures
// libzmq from C: the same cases, arguments, timing and output line
// (bench/compare runs the three programs; see bench/README.md).
//
//	zmqgo pingself|pingself-alloc SIZE N
//	zmqgo stream|stream-batch|rtt SIZE N ENDPOINT
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	zmq "github.com/zmqgo/zmq"
)

const warmup = 10000 // pingself round trips before the clock starts, as native.c

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: zmqgo pingself|pingself-alloc|stream|stream-batch|rtt SIZE N [ENDPOINT]")
		os.Exit(2)
	}
	mode, size, n, ep := os.Args[1], atoi(os.Args[2]), atoi(os.Args[3]), "inproc://bench"
	if len(os.Args) > 4 {
		ep = os.Args[4]
	}
	ctx, err := zmq.NewContext()
	must(err)
	socket := func(t zmq.Type) *zmq.Socket {
		s, err := ctx.NewSocket(t)
		must(err)
		return s
	}
	buf := make([]byte, size)
	switch mode {
	case "pingself":
		a, b := socket(zmq.PAIR), socket(zmq.PAIR)
		must(a.Bind("inproc://pingself"))
		must(b.Connect("inproc://pingself"))
		in := make([]byte, size)
		for range warmup {
			must(a.Send(buf, 0))
			_, err := b.RecvInto(in, 0)
			must(err)
		}
		t0 := time.Now()
		for range n {
			must(a.Send(buf, 0))
			k, err := b.RecvInto(in, 0)
			check(k, size, err)
		}
		fmt.Printf("impl=zmqgo case=pingself size=%d ns_op=%.1f\n", size, float64(time.Since(t0).Nanoseconds())/float64(n))
		a.Close()
		b.Close()
	case "pingself-alloc":
		a, b := socket(zmq.PAIR), socket(zmq.PAIR)
		must(a.Bind("inproc://pingself"))
		must(b.Connect("inproc://pingself"))
		for range warmup {
			must(a.Send(buf, 0))
			_, err := b.Recv(0)
			must(err)
		}
		t0 := time.Now()
		for range n {
			must(a.Send(buf, 0))
			m, err := b.Recv(0)
			check(len(m), size, err)
		}
		fmt.Printf("impl=zmqgo case=pingself-alloc size=%d ns_op=%.1f\n", size, float64(time.Since(t0).Nanoseconds())/float64(n))
		a.Close()
		b.Close()
	case "stream":
		push, pull := socket(zmq.PUSH), socket(zmq.PULL)
		must(pull.Bind(ep))
		must(push.Connect(ep))
		done := make(chan struct{})
		t0 := time.Now()
		go func() {
			in := make([]byte, size)
			for range n {
				k, err := pull.RecvInto(in, 0)
				check(k, size, err)
			}
			close(done)
		}()
		for range n {
			must(push.Send(buf, 0))
		}
		<-done
		fmt.Printf("impl=zmqgo case=stream size=%d ep=%s msgs_s=%.0f\n", size, ep, float64(n)/time.Since(t0).Seconds())
		push.Close()
		pull.Close()
	case "stream-batch":
		// The batch API: up to 64 messages per call on each side.
		push, pull := socket(zmq.PUSH), socket(zmq.PULL)
		must(pull.Bind(ep))
		must(push.Connect(ep))
		done := make(chan struct{})
		t0 := time.Now()
		go func() {
			bufs, sizes := make([][]byte, 64), make([]int, 64)
			for i := range bufs {
				bufs[i] = make([]byte, size)
			}
			for got := 0; got < n; {
				k, err := pull.RecvBatch(bufs, sizes, 0)
				must(err)
				for _, sz := range sizes[:k] {
					check(sz, size, nil)
				}
				got += k
			}
			close(done)
		}()
		batch := make([][]byte, 64)
		for i := range batch {
			batch[i] = buf
		}
		for sent := 0; sent < n; {
			b := batch
			if n-sent < len(b) {
				b = b[:n-sent]
			}
			k, err := push.SendBatch(b, 0)
			must(err)
			sent += k
		}
		<-done
		fmt.Printf("impl=zmqgo case=stream-batch size=%d ep=%s msgs_s=%.0f\n", size, ep, float64(n)/time.Since(t0).Seconds())
		push.Close()
		pull.Close()
	case "rtt":
		req, rep := socket(zmq.REQ), socket(zmq.REP)
		must(rep.Bind(ep))
		must(req.Connect(ep))
		replied := make(chan struct{})
		go func() {
			in := make([]byte, size)
			for range n {
				k, err := rep.RecvInto(in, 0)
				check(k, size, err)
				must(rep.Send(in[:k], 0))
			}
			close(replied)
		}()
		in := make([]byte, size)
		t0 := time.Now()
		for range n {
			must(req.Send(buf, 0))
			k, err := req.RecvInto(in, 0)
			check(k, size, err)
		}
		fmt.Printf("impl=zmqgo case=rtt size=%d ep=%s ns_op=%.1f\n", size, ep, float64(time.Since(t0).Nanoseconds())/float64(n))
		<-replied // as native.c joins its thread: rep is closed once unused
		req.Close()
		rep.Close()
	default:
		fmt.Fprintln(os.Stderr, "unknown case", mode)
		os.Exit(2)
	}
	must(ctx.Term())
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// check fails the run on an error or a message of the wrong size, as
// native.c aborts when zmq_recv does not return SIZE.
func check(got, want int, err error) {
	must(err)
	if got != want {
		fmt.Fprintf(os.Stderr, "received %d bytes, want %d\n", got, want)
		os.Exit(1)
	}
}

func atoi(s string) int {
	v, err := strconv.Atoi(s)
	if err != nil || v <= 0 {
		fmt.Fprintf(os.Stderr, "%q: want a positive number\n", s)
		os.Exit(2)
	}
	return v
}
