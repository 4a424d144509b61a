// Hello World client.
//
// Connects a REQ socket to tcp://localhost:5555, sends "Hello" to the
// server and expects "World" back, ten times (or -n times).
package main

import (
	"flag"
	"fmt"
	"log"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)
	requests := flag.Int("n", 10, "number of requests to send")
	flag.Parse()

	context, err := zmq.Init(1)
	if err != nil {
		log.Fatalln("E: init:", err)
	}

	//  Socket to talk to server
	fmt.Println("Connecting to hello world server...")
	requester, err := context.NewSocket(zmq.REQ)
	if err != nil {
		log.Fatalln("E: socket:", err)
	}
	if err := requester.Connect(zhelpers.Endpoint("tcp://localhost:5555")); err != nil {
		log.Fatalln("E: connect:", err)
	}

	for requestNbr := 0; requestNbr != *requests; requestNbr++ {
		fmt.Printf("Sending Hello %d...\n", requestNbr)
		if err := requester.SendString("Hello", 0); err != nil {
			log.Fatalln("E: send:", err)
		}
		if _, err := requester.RecvString(0); err != nil {
			log.Fatalln("E: recv:", err)
		}
		fmt.Printf("Received World %d\n", requestNbr)
	}
	if err := requester.Close(); err != nil {
		log.Fatalln("E: close:", err)
	}
	if err := context.Term(); err != nil {
		log.Fatalln("E: term:", err)
	}
}
