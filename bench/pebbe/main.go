// Command pebbe measures pebbe/zmq4, the incumbent Go binding, the way
// bench/c/native.c measures libzmq from C and bench/zmqgo this package:
// the same cases, arguments, timing and output line (bench/compare runs
// the three programs; see bench/README.md). It is a module of its own, so
// that pebbe/zmq4 stays out of the package's go.mod.
//
//	pebbe pingself|pingself-alloc SIZE N
//	pebbe stream|stream-batch|rtt SIZE N ENDPOINT
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	zmq "github.com/pebbe/zmq4"
)

const warmup = 10000 // pingself round trips before the clock starts, as native.c

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: pebbe pingself|pingself-alloc|stream|stream-batch|rtt SIZE N [ENDPOINT]")
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
			send(a, buf)
			_, err := recvInto(b, in)
			must(err)
		}
		t0 := time.Now()
		for range n {
			send(a, buf)
			k, err := recvInto(b, in)
			check(k, size, err)
		}
		fmt.Printf("impl=pebbe case=pingself size=%d ns_op=%.1f\n", size, float64(time.Since(t0).Nanoseconds())/float64(n))
		a.Close()
		b.Close()
	case "pingself-alloc":
		a, b := socket(zmq.PAIR), socket(zmq.PAIR)
		must(a.Bind("inproc://pingself"))
		must(b.Connect("inproc://pingself"))
		for range warmup {
			send(a, buf)
			_, err := b.RecvBytes(0)
			must(err)
		}
		t0 := time.Now()
		for range n {
			send(a, buf)
			m, err := b.RecvBytes(0)
			check(len(m), size, err)
		}
		fmt.Printf("impl=pebbe case=pingself-alloc size=%d ns_op=%.1f\n", size, float64(time.Since(t0).Nanoseconds())/float64(n))
		a.Close()
		b.Close()
	case "stream", "stream-batch": // no batch API: the ordinary stream is the best a pebbe user can do
		push, pull := socket(zmq.PUSH), socket(zmq.PULL)
		must(pull.Bind(ep))
		must(push.Connect(ep))
		done := make(chan struct{})
		t0 := time.Now()
		go func() {
			in := make([]byte, size)
			for range n {
				k, err := recvInto(pull, in)
				check(k, size, err)
			}
			close(done)
		}()
		for range n {
			send(push, buf)
		}
		<-done
		fmt.Printf("impl=pebbe case=%s size=%d ep=%s msgs_s=%.0f\n", mode, size, ep, float64(n)/time.Since(t0).Seconds())
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
				k, err := recvInto(rep, in)
				check(k, size, err)
				send(rep, in[:k])
			}
			close(replied)
		}()
		in := make([]byte, size)
		t0 := time.Now()
		for range n {
			send(req, buf)
			k, err := recvInto(req, in)
			check(k, size, err)
		}
		fmt.Printf("impl=pebbe case=rtt size=%d ep=%s ns_op=%.1f\n", size, ep, float64(time.Since(t0).Nanoseconds())/float64(n))
		<-replied // as native.c joins its thread: rep is closed once unused
		req.Close()
		rep.Close()
	default:
		fmt.Fprintln(os.Stderr, "unknown case", mode)
		os.Exit(2)
	}
	must(ctx.Term())
}

func send(s *zmq.Socket, b []byte) {
	_, err := s.SendBytes(b, 0)
	must(err)
}

// recvInto: pebbe has no receive into a caller's buffer; RecvBytes
// allocates, then the bytes are copied, as a pebbe user would.
func recvInto(s *zmq.Socket, in []byte) (int, error) {
	b, err := s.RecvBytes(0)
	return copy(in, b), err
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
