// Rrserver is the Guide's "Request-reply service" (rrworker in later
// editions): the hello world server changed to sit behind a broker.
// Its REP socket connects to the broker's backend, tcp://localhost:5560,
// instead of binding; it prints each request, works for a second and
// replies "World". It runs until interrupted (Ctrl-C or SIGTERM).
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
	log.SetPrefix("rrserver: ")

	context, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}
	// The book's server runs until it is killed. Here Ctrl-C shuts the
	// context down, so the blocked Recv (or the Send after the sleep)
	// returns ErrTerm and the server cleans up and exits normally.
	stop := zmq.CatchSignals(context)
	defer stop()

	// Socket to talk to clients, through the broker
	responder, err := context.NewSocket(zmq.REP)
	if err != nil {
		log.Fatal(err)
	}
	// A reply already sent gets a second to reach the broker; without a
	// limit (LINGER -1, the default) Term would wait for ever for a
	// broker that has gone away.
	if err := responder.SetLinger(time.Second); err != nil {
		log.Fatal(err)
	}
	if err := responder.Connect(zhelpers.Endpoint("tcp://localhost:5560")); err != nil {
		log.Fatal(err)
	}

	for {
		// Wait for next request from client
		request, err := responder.RecvString(0)
		if errors.Is(err, zmq.ErrTerm) {
			break // interrupted
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("Received request: [%s]\n", request)

		// Do some 'work'
		time.Sleep(time.Second)

		// Send reply back to client
		err = responder.SendString("World", 0)
		if errors.Is(err, zmq.ErrTerm) {
			break // interrupted while working
		}
		if err != nil {
			log.Fatal(err)
		}
	}

	if err := responder.Close(); err != nil {
		log.Fatal(err)
	}
	if err := context.Term(); err != nil {
		log.Fatal(err)
	}
}
