// Durasub is the Guide's "Durable subscriber": it tells durapub (or
// durapub2) that it is ready, then prints every update until "END".
//
// In the book, setting an identity on the SUB socket made the publisher
// keep a queue for it while it was away, so a restarted durasub picked up
// where it left off. libzmq 3.0 removed durable sockets: on 4.3 the
// identity (now ZMQ_ROUTING_ID) only routes messages to ROUTER peers. On
// a SUB it is accepted and does nothing, and a restarted durasub misses
// every update published while it was gone.
package main

import (
	"fmt"
	"log"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)
	context, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}

	// Connect our subscriber socket
	subscriber, err := context.NewSocket(zmq.SUB)
	if err != nil {
		log.Fatal(err)
	}
	// The book's durability. On libzmq 4.3 it succeeds but has no effect
	// on a SUB socket: the publisher keeps nothing for us while we are
	// gone. Comment it out and nothing changes.
	if err := subscriber.SetIdentity([]byte("Hello")); err != nil {
		log.Fatal(err)
	}
	if err := subscriber.SetSubscribe(""); err != nil {
		log.Fatal(err)
	}
	if err := subscriber.Connect(zhelpers.Endpoint("tcp://localhost:5565")); err != nil {
		log.Fatal(err)
	}

	// Synchronize with publisher
	// Since 3.0 subscriptions travel to the publisher, and the sync below
	// may reach it first: then "Update 0" is published before it knows
	// about us, and is lost.
	sync, err := context.NewSocket(zmq.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	if err := sync.Connect(zhelpers.Endpoint("tcp://localhost:5564")); err != nil {
		log.Fatal(err)
	}
	if err := sync.SendString("", 0); err != nil {
		log.Fatal(err)
	}

	// Get updates, exit when told to do so
	for {
		msg, err := subscriber.RecvString(0)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(msg)
		if msg == "END" {
			break
		}
	}

	if err := subscriber.Close(); err != nil {
		log.Fatal(err)
	}
	if err := sync.Close(); err != nil {
		log.Fatal(err)
	}
	if err := context.Term(); err != nil {
		log.Fatal(err)
	}
}
