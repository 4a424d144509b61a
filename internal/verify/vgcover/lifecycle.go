package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/zmqgo/zmq"
)

// lifecycle covers the orders of Close, Term, Shutdown and Destroy, with
// calls blocked in other goroutines.
func lifecycle() {
	// Close then Term; Term twice; calls after Term.
	ctx := newCtx()
	s := newSock(ctx, zmq.PAIR)
	check(s.Close())
	check(ctx.Term())
	check(ctx.Term())
	_, err := ctx.NewSocket(zmq.PAIR)
	want(err, zmq.ErrClosed)
	ctx.Shutdown()

	// Shutdown, then calls return ErrTerm, then Close, then Term.
	ctx = newCtx()
	a, b := pair(ctx, zmq.PAIR, zmq.PAIR, "inproc://order")
	check(ctx.Shutdown())
	_, err = a.Recv(0)
	want(err, zmq.ErrTerm)
	want(b.Send([]byte("x"), 0), zmq.ErrTerm)
	check(a.Close())
	check(b.Close())
	check(ctx.Term())

	// Term while a socket is open; closing it lets Term return. Term from
	// two goroutines at once.
	ctx = newCtx()
	s = newSock(ctx, zmq.PUSH)
	check(s.Connect("tcp://127.0.0.1:9")) // nobody there: a queued message
	check(s.Send([]byte("undeliverable"), zmq.DONTWAIT))
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			check(ctx.Term())
		}()
	}
	time.Sleep(50 * time.Millisecond)
	check(s.Close())
	wg.Wait()

	// A Recv blocked in another goroutine: Term makes it return ErrTerm;
	// that goroutine closes its socket and Term returns.
	ctx = newCtx()
	s = newSock(ctx, zmq.PULL)
	check(s.Bind("inproc://blocked"))
	got := make(chan error, 1)
	go func() {
		_, err := s.Recv(0)
		got <- err
		s.Close()
	}()
	time.Sleep(50 * time.Millisecond)
	check(ctx.Term())
	want(<-got, zmq.ErrTerm)

	// Close from here while the Recv waits in another goroutine: the Recv
	// returns ErrClosed, its end closes the socket, and Term returns.
	ctx = newCtx()
	s = newSock(ctx, zmq.PULL)
	check(s.Bind("inproc://blocked-close"))
	go func() {
		_, err := s.Recv(0)
		got <- err
	}()
	time.Sleep(50 * time.Millisecond)
	check(s.Close())
	want(<-got, zmq.ErrClosed)
	check(ctx.Term())

	// Destroy: open sockets, one of them in a blocked Recv, one with a
	// message queued for nobody.
	ctx = newCtx()
	idle := newSock(ctx, zmq.DEALER)
	check(idle.Connect("tcp://127.0.0.1:9"))
	check(idle.Send(bytes.Repeat([]byte("q"), 5000), zmq.DONTWAIT))
	busy, err := ctx.NewSocket(zmq.REP)
	check(err)
	check(busy.Bind("tcp://127.0.0.1:*"))
	go func() {
		_, err := busy.Recv(0)
		got <- err
	}()
	time.Sleep(50 * time.Millisecond)
	check(ctx.Destroy(0))
	want(<-got, zmq.ErrTerm)
	check(idle.Close())
	check(busy.Close())
	want(idle.Send([]byte("x"), 0), zmq.ErrClosed)

	// Init(0): inproc only.
	ctx, err = zmq.Init(0)
	check(err)
	a, b = pair(ctx, zmq.PAIR, zmq.PAIR, "inproc://zero-io")
	check(a.SendString("x", 0))
	_, err = b.RecvString(0)
	check(err)
	check(ctx.Destroy(-1))

	// A socket used by two goroutines at once.
	ctx = newCtx()
	s = newSock(ctx, zmq.PULL)
	check(s.Bind("inproc://inuse"))
	go func() {
		_, err := s.Recv(0)
		got <- err
	}()
	time.Sleep(50 * time.Millisecond)
	_, err = s.Recv(zmq.DONTWAIT)
	want(err, zmq.ErrInUse)
	check(ctx.Shutdown())
	want(<-got, zmq.ErrTerm)
	check(s.Close())
	check(ctx.Term())
}

// cleanups drops Msgs, Sockets and Contexts without closing them and lets
// their cleanups release them.
func cleanups() {
	for i := 0; i < 200; i++ {
		m, err := zmq.NewMsg(i * 50)
		check(err)
		m.Bytes()
	}
	ctx := newCtx()
	for i := 0; i < 50; i++ {
		a, b := pair(ctx, zmq.PAIR, zmq.PAIR, fmt.Sprintf("inproc://dropped-%d", i))
		check(a.SendString("left in the queue", 0))
		_ = b
		m := new(zmq.Msg)
		check(a.SendString("received into a Msg dropped", 0))
		check(b.RecvMsg(m, 0))
	}
	for i := 0; i < 5; i++ {
		c := newCtx()
		s := newSock(c, zmq.DEALER)
		check(s.Bind("tcp://127.0.0.1:*"))
		check(s.Connect("tcp://127.0.0.1:9")) // nobody there: the message stays queued
		check(s.Send([]byte("queued"), zmq.DONTWAIT))
	}
	gcUntilQuiet()
	// The sockets of ctx are gone: Term returns. Under valgrind a few
	// collections may not yet have found every dropped socket (the
	// runtime would find them at its next forced collection, two minutes
	// on), so collections go on while Term waits.
	termed := make(chan error, 1)
	go func() { termed <- ctx.Term() }()
	for deadline := time.Now().Add(2 * time.Minute); ; {
		select {
		case err := <-termed:
			check(err)
			gcUntilQuiet()
			return
		case <-time.After(200 * time.Millisecond):
			runtime.GC()
		}
		assert(time.Now().Before(deadline), "Term still waiting for dropped sockets after 2 minutes of collections")
	}
}

// gcUntilQuiet collects a few times, pausing between, so that the cleanups
// of dropped objects have run.
func gcUntilQuiet() {
	for i := 0; i < 5; i++ {
		runtime.GC()
		time.Sleep(100 * time.Millisecond)
	}
}

// signals covers CatchSignals with a real SIGINT.
func signals() {
	// Start and stop without a signal.
	ctx := newCtx()
	stop := zmq.CatchSignals(ctx)
	stop()
	stop = zmq.CatchSignals()
	stop()
	assert(!zmq.Interrupted(), "Interrupted without a signal")

	// A real SIGINT: a blocked Recv returns ErrTerm.
	stop = zmq.CatchSignals(ctx)
	defer stop()
	s := newSock(ctx, zmq.REP)
	check(s.Bind("tcp://127.0.0.1:*"))
	got := make(chan error, 1)
	go func() {
		_, err := s.Recv(0)
		got <- err
	}()
	time.Sleep(50 * time.Millisecond)
	check(syscall.Kill(os.Getpid(), syscall.SIGINT))
	want(<-got, zmq.ErrTerm)
	assert(zmq.Interrupted(), "not Interrupted after SIGINT")
	check(s.Close())
	check(ctx.Term())
}
