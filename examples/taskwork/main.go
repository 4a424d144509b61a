// Parallel task worker: connects a PULL socket to tcp://localhost:5557 to
// collect workloads from the ventilator, and a PUSH socket to
// tcp://localhost:5558 to send results to the sink.
package main

import (
	"errors"
	"fmt"
	"log"
	"strconv"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("taskwork: ")

	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	// The book's worker runs until it is killed; here Ctrl-C (or SIGTERM)
	// makes the blocking calls return ErrTerm and the worker ends cleanly.
	stop := zmq.CatchSignals(ctx)
	defer stop()

	// Socket to receive messages on
	receiver, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	if err := receiver.Connect(zhelpers.Endpoint("tcp://localhost:5557")); err != nil {
		log.Fatal(err)
	}

	// Socket to send messages to
	sender, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	// A result still queued when we are interrupted (the sink is gone)
	// must not keep Term waiting for ever.
	if err := sender.SetLinger(time.Second); err != nil {
		log.Fatal(err)
	}
	if err := sender.Connect(zhelpers.Endpoint("tcp://localhost:5558")); err != nil {
		log.Fatal(err)
	}

	// Process tasks forever
	for {
		msg, err := receiver.RecvString(0)
		if errors.Is(err, zmq.ErrTerm) {
			break // interrupted
		}
		if err != nil {
			log.Fatal(err)
		}
		workload, err := strconv.Atoi(msg)
		if err != nil {
			log.Fatalf("bad workload %q: %v", msg, err)
		}
		fmt.Printf("%s.", msg) // Show progress (os.Stdout is not buffered)

		time.Sleep(time.Duration(workload) * time.Millisecond) // Do the work

		// Send results to sink
		err = sender.SendString("", 0)
		if errors.Is(err, zmq.ErrTerm) {
			break // interrupted
		}
		if err != nil {
			log.Fatal(err)
		}
	}

	if err := receiver.Close(); err != nil {
		log.Fatal(err)
	}
	if err := sender.Close(); err != nil {
		log.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}
