// Handling Ctrl-C cleanly.
//
// A REP server on tcp://*:5555 that shows how to shut down when the user
// presses Ctrl-C or the process gets SIGTERM: print what happened, close
// the socket, terminate the context and exit normally.
//
// In C the book's s_catch_signals makes the blocking zmq_recv fail with
// EINTR. In Go the runtime owns the signals, and the Go way to be told of
// one is a context.Context: signal.NotifyContext ends it, and RecvContext,
// waiting on that context, returns at once. (zmq.CatchSignals, which
// shuts the zmq context down instead, suits code that cannot pass a
// context along.)
//
// It prints what the book prints and nothing else; -v adds what the
// server does, on stderr.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	verbose := flag.Bool("v", false, "say on stderr what the server does")
	flag.Parse()
	log.SetFlags(0)

	// Catch signals before binding: once the port accepts connections a
	// Ctrl-C is sure to be handled.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	zcontext, err := zmq.NewContext()
	if err != nil {
		log.Fatalln("E: context:", err)
	}
	socket, err := zcontext.NewSocket(zmq.REP)
	if err != nil {
		log.Fatalln("E: socket:", err)
	}
	// Do not let a reply to a client that went away hold up the exit.
	if err := socket.SetLinger(time.Second); err != nil {
		log.Fatalln("E: linger:", err)
	}
	if err := socket.Bind(zhelpers.Endpoint("tcp://*:5555")); err != nil {
		log.Fatalln("E: bind:", err)
	}

	for {
		//  Blocking read will block until a request or a signal
		request, err := socket.RecvContext(ctx, 0)
		if err == nil {
			if *verbose {
				log.Println("W: recv")
			}
			// The book's C never answers, which leaves the REP socket
			// (and its client) stuck after the first request: a REP must
			// send its reply before it can receive again. We echo the
			// request back.
			err = socket.SendContext(ctx, request, 0)
		}
		if ctx.Err() != nil {
			fmt.Println("W: interrupt received, killing server...")
			break
		}
		if err != nil {
			log.Fatalln("E:", err)
		}
	}
	// From here a second Ctrl-C kills the program, as it would without
	// the handler; LINGER bounds the wait for replies still queued.
	stop()
	if *verbose {
		log.Println("W: cleaning up")
	}
	if err := socket.Close(); err != nil {
		log.Fatalln("E: close:", err)
	}
	if err := zcontext.Term(); err != nil {
		log.Fatalln("E: term:", err)
	}
}
