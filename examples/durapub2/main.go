// Durapub2 is the Guide's "Durable but cynical publisher": durapub with a
// high-water mark of one message on the publisher, and a swap file for
// what does not fit.
//
// libzmq 3.0 removed the swap: there is nothing in 0MQ to hold messages
// on disk (persist them above 0MQ if you need to), and a PUB drops what
// is over its high-water mark. Setting it returns an error naming what
// replaced it; durapub2 prints that error and goes on.
package main

import (
	"errors"
	"fmt"
	"log"
	"os"
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

	// Prevent publisher overflow from slow subscribers
	// The book sets ZMQ_HWM after Bind. Since 3.0 the high-water marks
	// apply only to connections made after they are set, so set them
	// before Bind.
	if err := publisher.SetHWM(1); err != nil {
		log.Fatal(err)
	}

	// Specify swap space in bytes, this covers all subscribers
	// ZMQ_SWAP no longer exists: report why and carry on without it.
	//lint:ignore SA1019 the book's call, kept to show what libzmq 4 says to it
	if err := publisher.SetSwap(25000000); err != nil {
		if !errors.Is(err, zmq.ErrNotSupported) {
			log.Fatal(err)
		}
		fmt.Fprintln(os.Stderr, err)
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
