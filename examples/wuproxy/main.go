// Weather update proxy: the Guide's wuproxy.
//
// It sits between the weather server and subscribers on another network:
// its frontend, a SUB subscribed to everything, connects to the weather
// server, its backend PUB binds a public endpoint for subscribers, and the
// book's loop copies each frame with its RCVMORE flag, so the frames of a
// multipart message stay together. It runs until it is interrupted (Ctrl-C
// or SIGTERM): then it exits 0.
//
// Since 0MQ 3.0 subscriptions travel upstream and the publisher filters: a
// SUB "" pulls the whole stream across the network, whatever its own
// subscribers want. XSUB/XPUB with zmq.Proxy pass the subscriptions up too
// (see msgqueue for a proxy); this is the book's version, which works on
// 4.3 as it is.
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

	// This is where the weather server sits
	frontend, err := ctx.NewSocket(zmq.SUB)
	if err != nil {
		log.Fatal(err)
	}
	if err := frontend.Connect(zhelpers.Endpoint("tcp://localhost:5556")); err != nil {
		log.Fatal(err)
	}

	// This is our public endpoint for subscribers
	backend, err := ctx.NewSocket(zmq.PUB)
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

	//  Subscribe on everything
	if err := frontend.SetSubscribe(""); err != nil {
		log.Fatal(err)
	}

	//  Shunt messages out to our own subscribers
	var message zmq.Msg
	defer message.Close()
	for {
		for {
			//  Process all parts of the message
			if err := frontend.RecvMsg(&message, 0); err != nil {
				if errors.Is(err, zmq.ErrTerm) { // Ctrl-C
					shutdown(ctx, frontend, backend)
					return
				}
				log.Fatal(err)
			}
			more := message.More()
			flags := zmq.Flag(0)
			if more {
				flags = zmq.SNDMORE
			}
			if err := backend.SendMsg(&message, flags); err != nil {
				if errors.Is(err, zmq.ErrTerm) {
					shutdown(ctx, frontend, backend)
					return
				}
				log.Fatal(err)
			}
			if !more {
				break //  Last message part
			}
		}
	}
}

// shutdown closes the sockets and terminates the context, as the book's
// program would if its loop ended.
func shutdown(ctx *zmq.Context, sockets ...*zmq.Socket) {
	for _, s := range sockets {
		if err := s.Close(); err != nil {
			log.Fatal(err)
		}
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}
