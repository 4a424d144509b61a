// Rrbroker is the Guide's "Request-reply broker": a simple broker that
// binds a ROUTER for clients (tcp://*:5559) and a DEALER for services
// (tcp://*:5560), polls both and shuttles every message from one to the
// other, frame by frame, keeping multipart messages whole. It runs until
// interrupted (Ctrl-C or SIGTERM).
//
// The book's XREP and XREQ are ROUTER and DEALER (zmq.XREP and zmq.XREQ
// are still accepted as aliases).
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
	log.SetPrefix("rrbroker: ")

	// Prepare our context and sockets
	context, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}
	// The book's broker never stops. Here Ctrl-C shuts the context down:
	// Poll, Recv and Send return ErrTerm and the broker cleans up.
	stop := zmq.CatchSignals(context)
	defer stop()

	frontend, err := context.NewSocket(zmq.ROUTER)
	if err != nil {
		log.Fatal(err)
	}
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

	// Initialize poll set
	items := []zmq.PollItem{
		{Socket: frontend, Events: zmq.POLLIN},
		{Socket: backend, Events: zmq.POLLIN},
	}
	// Switch messages between sockets
	for {
		_, err := zmq.Poll(items, -1)
		if err == nil && items[0].REvents&zmq.POLLIN != 0 {
			err = relay(frontend, backend)
		}
		if err == nil && items[1].REvents&zmq.POLLIN != 0 {
			err = relay(backend, frontend)
		}
		if errors.Is(err, zmq.ErrTerm) {
			break // interrupted
		}
		if err != nil {
			log.Fatal(err)
		}
	}

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

// relay passes one whole message from one socket to the other: every
// frame goes on with SNDMORE as long as more frames follow it. The first
// frames a ROUTER reads are the envelope that says where the reply goes;
// the broker passes them through without looking at them.
func relay(from, to *zmq.Socket) error {
	for {
		// Process all parts of the message
		frame, err := from.Recv(0)
		if err != nil {
			return err
		}
		// The book reads ZMQ_RCVMORE into an int64_t, its 0MQ 2.x type;
		// since 3.0 it is an int, and RcvMore returns it as a bool.
		more, err := from.RcvMore()
		if err != nil {
			return err
		}
		var flags zmq.Flag
		if more {
			flags = zmq.SNDMORE
		}
		if err := to.Send(frame, flags); err != nil {
			return err
		}
		if !more {
			return nil // last message part
		}
	}
}
