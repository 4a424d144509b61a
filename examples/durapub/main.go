// Durapub is the Guide's "Durable publisher": it waits for a subscriber
// to say it is ready, then publishes ten updates, one a second, and "END".
//
// The pause between updates is there for you to kill durasub, wait a few
// seconds and start it again. In the book the restarted subscriber got
// every update it missed; on libzmq 3.0 and later it does not (see
// durasub).
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
	context, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}
	// Ctrl-C while waiting for subscribers ends the program cleanly.
	stop := zmq.CatchSignals(context)
	defer stop()

	// Subscriber tells us when it's ready here
	sync, err := context.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	if err := sync.Bind(zhelpers.Endpoint("tcp://*:5564")); err != nil {
		log.Fatal(err)
	}

	// We send updates via this socket
	publisher, err := context.NewSocket(zmq.PUB)
	if err != nil {
		log.Fatal(err)
	}
	if err := publisher.Bind(zhelpers.Endpoint("tcp://*:5565")); err != nil {
		log.Fatal(err)
	}

	// Wait for synchronization request
	if _, err := sync.Recv(0); err != nil {
		zhelpers.Fatal(context, err)
	}

	// Now broadcast exactly 10 updates with pause
	for n := 0; n < 10; n++ {
		if err := publisher.SendString(fmt.Sprintf("Update %d", n), 0); err != nil {
			zhelpers.Fatal(context, err)
		}
		time.Sleep(time.Second)
	}
	if err := publisher.SendString("END", 0); err != nil {
		zhelpers.Fatal(context, err)
	}

	if err := sync.Close(); err != nil {
		log.Fatal(err)
	}
	if err := publisher.Close(); err != nil {
		log.Fatal(err)
	}
	if err := context.Term(); err != nil {
		log.Fatal(err)
	}
}
