// Pub-sub envelope publisher: the Guide's psenvpub.
//
// Every second it publishes two messages on tcp://*:5563, each of two
// frames: an envelope (the subscription key, "A" or "B") and a body. It runs
// until it is interrupted (Ctrl-C or SIGTERM): then it exits 0.
package main

import (
	"errors"
	"log"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)
	// Prepare our context and publisher
	ctx, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}
	// Ctrl-C shuts the context down: the next Send returns ErrTerm (within
	// a second, once the sleep is over).
	stop := zmq.CatchSignals(ctx)
	defer stop()

	publisher, err := ctx.NewSocket(zmq.PUB)
	if err != nil {
		log.Fatal(err)
	}
	// Do not let Term wait for a subscriber that has stopped reading (the
	// default LINGER waits forever).
	if err := publisher.SetLinger(0); err != nil {
		log.Fatal(err)
	}
	if err := publisher.Bind(zhelpers.Endpoint("tcp://*:5563")); err != nil {
		log.Fatal(err)
	}

	for {
		// Write two messages, each with an envelope and content
		if err := send(publisher, "A", "We don't want to see this"); err != nil {
			if errors.Is(err, zmq.ErrTerm) {
				break // interrupted
			}
			log.Fatal(err)
		}
		if err := send(publisher, "B", "We would like to see this"); err != nil {
			if errors.Is(err, zmq.ErrTerm) {
				break
			}
			log.Fatal(err)
		}
		time.Sleep(time.Second)
	}

	if err := publisher.Close(); err != nil {
		log.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}

// send sends a two-frame message: the envelope with SNDMORE, then the
// content (the book's s_sendmore and s_send).
func send(publisher *zmq.Socket, envelope, content string) error {
	if err := publisher.SendString(envelope, zmq.SNDMORE); err != nil {
		return err
	}
	return publisher.SendString(content, 0)
}
