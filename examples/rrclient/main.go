// Rrclient is the Guide's "Request-reply client": a hello world client
// that talks to the services through a broker (rrbroker or msgqueue).
// It connects a REQ socket to tcp://localhost:5559, sends "Hello" ten
// times and prints each "World" it gets back.
//
// An optional argument sets how many requests to send (10 by default).
package main

import (
	"fmt"
	"log"
	"os"
	"strconv"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("rrclient: ")
	requests := 10
	if len(os.Args) > 1 {
		n, err := strconv.Atoi(os.Args[1])
		if err != nil || n < 0 || len(os.Args) > 2 {
			log.Fatalf("usage: rrclient [requests]")
		}
		requests = n
	}

	context, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}

	// Socket to talk to the broker's frontend
	requester, err := context.NewSocket(zmq.REQ)
	if err != nil {
		log.Fatal(err)
	}
	if err := requester.Connect(zhelpers.Endpoint("tcp://localhost:5559")); err != nil {
		log.Fatal(err)
	}

	for requestNbr := 0; requestNbr != requests; requestNbr++ {
		if err := requester.SendString("Hello", 0); err != nil {
			log.Fatal(err)
		}
		reply, err := requester.RecvString(0)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("Received reply %d [%s]\n", requestNbr, reply)
	}

	if err := requester.Close(); err != nil {
		log.Fatal(err)
	}
	if err := context.Term(); err != nil {
		log.Fatal(err)
	}
}
