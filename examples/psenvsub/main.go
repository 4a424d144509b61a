// Pub-sub envelope subscriber: the Guide's psenvsub.
//
// It subscribes to messages whose envelope is "B" on tcp://localhost:5563
// and prints each as "[envelope] content", until it is interrupted (Ctrl-C
// or SIGTERM): then it exits 0.
package main

import (
	"errors"
	"fmt"
	"log"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)
	// Prepare our context and subscriber
	ctx, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}
	// Ctrl-C shuts the context down: the blocked Recv returns ErrTerm.
	stop := zmq.CatchSignals(ctx)
	defer stop()

	subscriber, err := ctx.NewSocket(zmq.SUB)
	if err != nil {
		log.Fatal(err)
	}
	if err := subscriber.Connect(zhelpers.Endpoint("tcp://localhost:5563")); err != nil {
		log.Fatal(err)
	}
	if err := subscriber.SetSubscribe("B"); err != nil {
		log.Fatal(err)
	}

	for {
		// Read envelope with address
		address, err := subscriber.RecvString(0)
		if errors.Is(err, zmq.ErrTerm) {
			break // interrupted
		}
		if err != nil {
			log.Fatal(err)
		}
		// Read message contents
		contents, err := subscriber.RecvString(0)
		if errors.Is(err, zmq.ErrTerm) {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("[%s] %s\n", address, contents)
	}

	if err := subscriber.Close(); err != nil {
		log.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}
