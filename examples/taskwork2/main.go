// Parallel task worker with kill signaling: the task worker, plus a SUB
// socket on tcp://localhost:5559 on which the sink tells it to stop. It
// waits on both sockets with a Poller.
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
	log.SetPrefix("taskwork2: ")

	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	// A worker whose sink never sends KILL can still be stopped cleanly
	// with Ctrl-C: the Poll returns ErrTerm.
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
	// After a KILL every result has reached the sink; only a result queued
	// when we are interrupted could wait, and it must not hold Term for
	// ever.
	if err := sender.SetLinger(time.Second); err != nil {
		log.Fatal(err)
	}
	if err := sender.Connect(zhelpers.Endpoint("tcp://localhost:5558")); err != nil {
		log.Fatal(err)
	}

	// Socket for control input
	controller, err := ctx.NewSocket(zmq.SUB)
	if err != nil {
		log.Fatal(err)
	}
	if err := controller.Connect(zhelpers.Endpoint("tcp://localhost:5559")); err != nil {
		log.Fatal(err)
	}
	if err := controller.SetSubscribe(""); err != nil {
		log.Fatal(err)
	}

	// Process messages from either socket
	poller := zmq.NewPoller()
	for _, s := range []*zmq.Socket{receiver, controller} {
		if _, err := poller.Add(s, zmq.POLLIN); err != nil {
			log.Fatal(err)
		}
	}
loop:
	for {
		polled, err := poller.Poll(-1)
		if errors.Is(err, zmq.ErrTerm) {
			break // interrupted
		}
		if err != nil {
			log.Fatal(err)
		}
		for _, item := range polled {
			switch item.Socket {
			case receiver:
				msg, err := receiver.RecvString(0)
				if err != nil {
					log.Fatal(err)
				}
				workload, err := strconv.Atoi(msg)
				if err != nil {
					log.Fatalf("bad workload %q: %v", msg, err)
				}
				time.Sleep(time.Duration(workload) * time.Millisecond) // Do the work

				// Send results to sink
				err = sender.SendString("", 0)
				if errors.Is(err, zmq.ErrTerm) {
					break loop // interrupted
				}
				if err != nil {
					log.Fatal(err)
				}

				// Simple progress indicator for the viewer
				fmt.Print(".")
			case controller:
				// Any waiting controller command acts as 'KILL'
				break loop
			}
		}
	}

	if err := receiver.Close(); err != nil {
		log.Fatal(err)
	}
	if err := sender.Close(); err != nil {
		log.Fatal(err)
	}
	if err := controller.Close(); err != nil {
		log.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}
