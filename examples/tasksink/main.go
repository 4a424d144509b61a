// Parallel task sink: binds a PULL socket to tcp://*:5558 and collects the
// results of a batch from the workers through it.
package main

import (
	"fmt"
	"log"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("tasksink: ")

	// Prepare our context and socket
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	receiver, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	if err := receiver.Bind(zhelpers.Endpoint("tcp://*:5558")); err != nil {
		log.Fatal(err)
	}

	// Wait for start of batch
	if _, err := receiver.RecvString(0); err != nil {
		log.Fatal(err)
	}

	// Start our clock now
	start := time.Now()

	// Process 100 confirmations
	for taskNbr := range 100 {
		if _, err := receiver.RecvString(0); err != nil {
			log.Fatal(err)
		}
		if taskNbr%10 == 0 {
			fmt.Print(":")
		} else {
			fmt.Print(".")
		}
	}
	// Calculate and report duration of batch
	fmt.Printf("Total elapsed time: %d msec\n", time.Since(start).Milliseconds())

	if err := receiver.Close(); err != nil {
		log.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}
