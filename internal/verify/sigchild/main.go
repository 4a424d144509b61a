// Command sigchild is the child process of the CatchSignals tests (the
// root's signals_test.go): a Guide-style server that blocks in a libzmq call
// and is then sent a real signal by the test.
//
// Usage: sigchild MODE, where MODE is
//
//	recv      CatchSignals, block in Recv on a REP socket
//	poll      CatchSignals, block in Poller.Poll(-1) over two sockets
//	device    CatchSignals, block in Device(QUEUE, ROUTER, DEALER)
//	stopped   CatchSignals then stop(), block in Recv (RCVTIMEO 30s)
//	hang      CatchSignals, block in Recv; after the signal, hang
//
// It prints "ready" right before blocking. After the blocking call it
// prints what it returned; in the first three modes it then prints the
// Guide's "W: interrupt received, killing server...", closes its
// sockets, terminates the context, stops the catcher and prints
// "goroutines: baseline=N final=M". It writes nothing to stderr itself:
// failures are reported on stdout, with exit status 2 (unexpected
// result) or 3 (goroutines left).
package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/zmqgo/zmq"
)

func fail(code int, format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(code)
}

func must(err error, what string) {
	if err != nil {
		fail(2, "%s: %v", what, err)
	}
}

func main() {
	if len(os.Args) != 2 {
		fail(2, "usage: sigchild recv|poll|device|stopped|hang")
	}
	mode := os.Args[1]

	// os/signal starts a goroutine at the first Notify that never ends;
	// start it before taking the baseline, so that only what CatchSignals
	// and the binding leave behind is counted.
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGWINCH)
	signal.Stop(c)
	baseline := runtime.NumGoroutine()

	if zmq.Interrupted() {
		fail(2, "Interrupted() is true before any signal")
	}

	ctx, err := zmq.NewContext()
	must(err, "NewContext")
	stop := zmq.CatchSignals(ctx)

	var sockets []*zmq.Socket
	newBound := func(t zmq.Type) *zmq.Socket {
		s, err := ctx.NewSocket(t)
		must(err, "NewSocket")
		must(s.Bind("tcp://127.0.0.1:*"), "Bind")
		sockets = append(sockets, s)
		return s
	}

	var block func() error
	switch mode {
	case "recv", "hang":
		rep := newBound(zmq.REP)
		block = func() error { _, err := rep.Recv(0); return err }
	case "stopped":
		stop()
		rep := newBound(zmq.REP)
		must(rep.SetRcvTimeo(30*time.Second), "SetRcvTimeo")
		block = func() error { _, err := rep.Recv(0); return err }
	case "poll":
		a, b := newBound(zmq.PULL), newBound(zmq.ROUTER)
		p := zmq.NewPoller()
		p.Add(a, zmq.POLLIN)
		p.Add(b, zmq.POLLIN)
		block = func() error { _, err := p.Poll(-1); return err }
	case "device":
		front, back := newBound(zmq.ROUTER), newBound(zmq.DEALER)
		block = func() error { return zmq.Device(zmq.QUEUE, front, back) }
	default:
		fail(2, "unknown mode %q", mode)
	}

	fmt.Println("ready")
	err = block()
	fmt.Printf("returned: %v\n", err)

	switch mode {
	case "stopped":
		fail(2, "still alive after the signal (stop() did not restore the default)")
	case "hang":
		if !errors.Is(err, zmq.ErrTerm) || !zmq.Interrupted() {
			fail(2, "got %v, Interrupted()=%v; want ErrTerm, true", err, zmq.Interrupted())
		}
		// Deliberately stuck: only the default action of a second signal
		// can end this process.
		fmt.Println("hanging")
		time.Sleep(time.Hour)
		fail(2, "slept an hour")
	}

	if !errors.Is(err, zmq.ErrTerm) {
		fail(2, "blocking call returned %v, want ErrTerm", err)
	}
	if !zmq.Interrupted() {
		fail(2, "Interrupted() is false after the blocking call returned ErrTerm")
	}
	fmt.Println("W: interrupt received, killing server...")
	for _, s := range sockets {
		must(s.Close(), "Close")
	}
	must(ctx.Term(), "Term")
	stop()

	final := runtime.NumGoroutine()
	for deadline := time.Now().Add(time.Second); final > baseline && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
		final = runtime.NumGoroutine()
	}
	fmt.Printf("goroutines: baseline=%d final=%d\n", baseline, final)
	if final > baseline {
		buf := make([]byte, 1<<16)
		fmt.Printf("%s\n", buf[:runtime.Stack(buf, true)])
		fail(3, "%d goroutines left behind", final-baseline)
	}
}
