// Handling Ctrl-C cleanly.
//
// A REP server on tcp://*:5555 that shows how to shut down when the user
// presses Ctrl-C or the process gets SIGTERM: print what happened, close
// the socket, terminate the context and exit normally.
//
// In C the book's s_catch_signals makes the blocking zmq_recv fail with
// EINTR. In Go the runtime owns the signals and a blocking Recv is not
// interrupted by them, so zmq.CatchSignals shuts the context down instead:
// Recv returns ErrTerm and zmq.Interrupted tells us why.
package main

import (
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)

	context, err := zmq.Init(1)
	if err != nil {
		log.Fatalln("E: init:", err)
	}
	// Catch signals before binding: once the port accepts connections a
	// Ctrl-C is sure to be handled.
	stop := zmq.CatchSignals(context)
	defer stop()

	socket, err := context.NewSocket(zmq.REP)
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
		request, err := socket.Recv(0)
		if zmq.Interrupted() || errors.Is(err, zmq.ErrTerm) {
			fmt.Println("W: interrupt received, killing server...")
			break
		}
		if err != nil {
			log.Fatalln("E: recv:", err)
		}
		fmt.Println("W: recv")
		// The book's C never answers, which leaves the REP socket (and
		// its client) stuck after the first request; we echo it back.
		if err := socket.Send(request, 0); err != nil {
			if errors.Is(err, zmq.ErrTerm) {
				fmt.Println("W: interrupt received, killing server...")
				break
			}
			log.Fatalln("E: send:", err)
		}
	}
	fmt.Println("W: cleaning up")
	if err := socket.Close(); err != nil {
		log.Fatalln("E: close:", err)
	}
	if err := context.Term(); err != nil {
		log.Fatalln("E: term:", err)
	}
}
