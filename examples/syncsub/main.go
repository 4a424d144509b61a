// Syncsub is the Guide's "Synchronized subscriber": it subscribes to
// syncpub, tells it that it is ready, and counts the updates until "END".
package main

import (
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
		log.Fatal(err)
	}

	// First, connect our subscriber socket
	subscriber, err := context.NewSocket(zmq.SUB)
	if err != nil {
		log.Fatal(err)
	}
	if err := subscriber.Connect(zhelpers.Endpoint("tcp://localhost:5561")); err != nil {
		log.Fatal(err)
	}
	if err := subscriber.SetSubscribe(""); err != nil {
		log.Fatal(err)
	}

	// 0MQ is so fast, we need to wait a while...
	// Connects finish in no particular order, so without this pause the
	// REQ/REP handshake below could complete before the SUB connection
	// (and its subscription) reaches the publisher, and the first updates
	// would be lost. A brute-force guard, as the book says.
	time.Sleep(time.Second)

	// Second, synchronize with publisher
	syncclient, err := context.NewSocket(zmq.REQ)
	if err != nil {
		log.Fatal(err)
	}
	if err := syncclient.Connect(zhelpers.Endpoint("tcp://localhost:5562")); err != nil {
		log.Fatal(err)
	}
	// - send a synchronization request
	if err := syncclient.SendString("", 0); err != nil {
		log.Fatal(err)
	}
	// - wait for synchronization reply
	if _, err := syncclient.Recv(0); err != nil {
		log.Fatal(err)
	}

	// Third, get our updates and report how many we got
	updates := 0
	for {
		msg, err := subscriber.RecvString(0)
		if err != nil {
			log.Fatal(err)
		}
		if msg == "END" {
			break
		}
		updates++
	}
	fmt.Printf("Received %d updates\n", updates)

	if err := subscriber.Close(); err != nil {
		log.Fatal(err)
	}
	if err := syncclient.Close(); err != nil {
		log.Fatal(err)
	}
	if err := context.Term(); err != nil {
		log.Fatal(err)
	}
}
