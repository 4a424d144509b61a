// Weather update proxy: the Guide's wuproxy.
//
// It sits between the weather server and subscribers on another network:
// its frontend connects to the weather server, its backend binds a public
// endpoint for subscribers, and it passes every update along, whole (the
// frames of a multipart message stay together). It runs until it is
// interrupted (Ctrl-C or SIGTERM): then it exits 0.
//
// The book's addresses, tcp://192.168.55.210:5556 and tcp://10.1.1.0:8100,
// belong to the author's network: connecting waits forever and binding
// fails (EADDRNOTAVAIL). This version connects to tcp://localhost:5556 and
// binds tcp://*:8100, so it runs on one machine.
package main

import (
	"errors"
	"log"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)
	ctx, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}
	// Ctrl-C shuts the context down: Proxy returns ErrTerm.
	stop := zmq.CatchSignals(ctx)
	defer stop()

	// The book's proxy is a SUB subscribed to "" and a PUB, with a loop
	// copying each frame and its RCVMORE flag. Since 0MQ 3.0 subscriptions
	// travel upstream to the publisher, which filters: a SUB "" would pull
	// the whole stream across the network for subscribers that want a
	// part of it. XSUB and XPUB pass the subscribers' subscriptions
	// upstream too, and zmq.Proxy (zmq_proxy, which replaced the book's
	// loop in the modern Guide) forwards whole multipart messages.

	// This is where the weather server sits
	frontend, err := ctx.NewSocket(zmq.XSUB)
	if err != nil {
		log.Fatal(err)
	}
	if err := frontend.Connect(zhelpers.Endpoint("tcp://localhost:5556")); err != nil {
		log.Fatal(err)
	}

	// This is our public endpoint for subscribers
	backend, err := ctx.NewSocket(zmq.XPUB)
	if err != nil {
		log.Fatal(err)
	}
	// Updates are worth nothing once we stop: do not let Term wait for a
	// subscriber that has stopped reading (the default LINGER waits forever).
	if err := backend.SetLinger(0); err != nil {
		log.Fatal(err)
	}
	if err := backend.Bind(zhelpers.Endpoint("tcp://*:8100")); err != nil {
		log.Fatal(err)
	}

	// Shunt messages out to our own subscribers, and their subscriptions
	// back to the weather server, until interrupted.
	if err := zmq.Proxy(frontend, backend, nil); !errors.Is(err, zmq.ErrTerm) {
		log.Fatal(err)
	}

	if err := frontend.Close(); err != nil {
		log.Fatal(err)
	}
	if err := backend.Close(); err != nil {
		log.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}
