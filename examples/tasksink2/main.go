// Parallel task sink with kill signaling: the task sink, plus a PUB socket
// on tcp://*:5559 on which it tells the workers to stop once the batch is
// done.
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
	log.SetPrefix("tasksink2: ")

	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}

	// Socket to receive messages on
	receiver, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	if err := receiver.Bind(zhelpers.Endpoint("tcp://*:5558")); err != nil {
		log.Fatal(err)
	}

	// Socket for worker control
	controller, err := ctx.NewSocket(zmq.PUB)
	if err != nil {
		log.Fatal(err)
	}
	if err := controller.Bind(zhelpers.Endpoint("tcp://*:5559")); err != nil {
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
	fmt.Printf("Total elapsed time: %d msec\n", time.Since(start).Milliseconds())

	// Send kill signal to workers
	if err := controller.SendString("KILL", 0); err != nil {
		log.Fatal(err)
	}

	// The book slept a second here to give 0MQ time to deliver the KILL.
	// No need: the PUB keeps the default LINGER (wait for ever), so Term
	// returns only once the KILL has been written to every worker
	// connected. Each of them subscribed when it connected, long before
	// the batch ended, so the PUB does not filter it out.
	if err := receiver.Close(); err != nil {
		log.Fatal(err)
	}
	if err := controller.Close(); err != nil {
		log.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}
