// Hello World server.
//
// Binds a REP socket to tcp://*:5555, expects "Hello" from clients and
// replies with "World". Ctrl-C (or SIGTERM) stops it cleanly.
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

	context, err := zmq.Init(1)
	if err != nil {
		log.Fatalln("E: init:", err)
	}
	// The book's server loops forever and dies on Ctrl-C. Here the signal
	// shuts the context down, so the blocking Recv returns ErrTerm and the
	// server closes its socket and terminates the context before exiting.
	stop := zmq.CatchSignals(context)
	defer stop()

	//  Socket to talk to clients
	responder, err := context.NewSocket(zmq.REP)
	if err != nil {
		log.Fatalln("E: socket:", err)
	}
	// A reply queued for a client that went away must not hold Term
	// for ever once we are interrupted.
	if err := responder.SetLinger(time.Second); err != nil {
		log.Fatalln("E: linger:", err)
	}
	if err := responder.Bind(zhelpers.Endpoint("tcp://*:5555")); err != nil {
		log.Fatalln("E: bind:", err)
	}

	for {
		//  Wait for next request from client
		if _, err := responder.RecvString(0); err != nil {
			if errors.Is(err, zmq.ErrTerm) {
				break // interrupted
			}
			log.Fatalln("E: recv:", err)
		}
		fmt.Println("Received Hello")

		//  Do some 'work'
		time.Sleep(time.Second)

		//  Send reply back to client
		if err := responder.SendString("World", 0); err != nil {
			if errors.Is(err, zmq.ErrTerm) {
				break // interrupted
			}
			log.Fatalln("E: send:", err)
		}
	}
	if err := responder.Close(); err != nil {
		log.Fatalln("E: close:", err)
	}
	if err := context.Term(); err != nil {
		log.Fatalln("E: term:", err)
	}
}
