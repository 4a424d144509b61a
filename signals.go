//go:build cgo

package zmq

import (
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
)

var interrupted atomic.Bool

// CatchSignals is the Guide's s_catch_signals: call it at the start of
// main. On the first SIGINT (Ctrl-C) or SIGTERM it records the signal
// (see Interrupted) and shuts every given context down, so that every
// blocking Recv, Send, Poll, Proxy and Device on their sockets returns
// ErrTerm at once. The program then closes its sockets, terminates its
// contexts and exits normally:
//
//	stop := zmq.CatchSignals(ctx)
//	defer stop()
//	for {
//		msg, err := sock.Recv(0)
//		if zmq.Interrupted() {
//			fmt.Println("W: interrupt received, killing server...")
//			break
//		}
//		...
//	}
//
// After the first signal the default behaviour comes back, so a second
// Ctrl-C ends a program that is stuck. stop restores the default
// behaviour at once and ends the goroutine CatchSignals started.
func CatchSignals(contexts ...*Context) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-ch:
			interrupted.Store(true)
			signal.Stop(ch)
			for _, c := range contexts {
				c.Shutdown()
			}
		case <-done:
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
			wg.Wait()
		})
	}
}

// Interrupted reports whether CatchSignals caught a SIGINT or SIGTERM: the
// Guide's s_interrupted. Check it when a blocking call returns ErrTerm.
func Interrupted() bool { return interrupted.Load() }
