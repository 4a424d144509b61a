// Msgqueue is the Guide's "Message queue broker": the request-reply
// broker (rrbroker) with its poll loop replaced by the built-in QUEUE
// device. It binds a ROUTER for clients (tcp://*:5559) and a DEALER for
// services (tcp://*:5560) and runs until interrupted (Ctrl-C or SIGTERM).
//
// libzmq 4.3 no longer has zmq_device: zmq.Device keeps the book's call
// and runs it as zmq_proxy, which passes whole messages both ways.
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
	log.SetPrefix("msgqueue: ")

	context, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}
	// The book never gets past zmq_device. Here Ctrl-C shuts the context
	// down, the device returns ErrTerm and the broker cleans up.
	stop := zmq.CatchSignals(context)
	defer stop()

	// Socket facing clients
	frontend, err := context.NewSocket(zmq.ROUTER)
	if err != nil {
		log.Fatal(err)
	}
	// Socket facing services
	backend, err := context.NewSocket(zmq.DEALER)
	if err != nil {
		log.Fatal(err)
	}
	// Messages still queued when the broker is interrupted get a second
	// to leave; a peer that never reads them must not hold Term for ever.
	for _, socket := range []*zmq.Socket{frontend, backend} {
		if err := socket.SetLinger(time.Second); err != nil {
			log.Fatal(err)
		}
	}
	if err := frontend.Bind(zhelpers.Endpoint("tcp://*:5559")); err != nil {
		log.Fatal(err)
	}
	if err := backend.Bind(zhelpers.Endpoint("tcp://*:5560")); err != nil {
		log.Fatal(err)
	}

	// Start built-in device
	err = zmq.Device(zmq.QUEUE, frontend, backend)
	if !errors.Is(err, zmq.ErrTerm) {
		log.Fatalf("device: %v", err)
	}

	// We get here when interrupted
	if err := frontend.Close(); err != nil {
		log.Fatal(err)
	}
	if err := backend.Close(); err != nil {
		log.Fatal(err)
	}
	if err := context.Term(); err != nil {
		log.Fatal(err)
	}
}
