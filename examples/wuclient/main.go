// Weather update client: the Guide's wuclient.
//
// It connects a SUB socket to the weather server, collects 100 updates for
// one zipcode and prints their average temperature.
//
//	wuclient [filter [endpoint]]
//
// The filter defaults to "10001 " (New York City); the endpoint to the
// book's tcp://localhost:5556. Give tcp://localhost:8100 to read through
// wuproxy. Like every endpoint of the examples, its port is shifted by
// ZGUIDE_PORT_OFFSET.
package main

import (
	"fmt"
	"log"
	"os"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) > 3 {
		log.Fatal("usage: wuclient [filter [endpoint]]")
	}
	ctx, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}

	// Socket to talk to server
	fmt.Println("Collecting updates from weather server...")
	subscriber, err := ctx.NewSocket(zmq.SUB)
	if err != nil {
		log.Fatal(err)
	}
	endpoint := "tcp://localhost:5556"
	if len(os.Args) > 2 {
		endpoint = os.Args[2]
	}
	if err := subscriber.Connect(zhelpers.Endpoint(endpoint)); err != nil {
		log.Fatal(err)
	}

	// Subscribe to zipcode, default is NYC, 10001
	filter := "10001 "
	if len(os.Args) > 1 {
		filter = os.Args[1]
	}
	if err := subscriber.SetSubscribe(filter); err != nil {
		log.Fatal(err)
	}

	// Process 100 updates
	var updateNbr, totalTemp int
	for updateNbr = 0; updateNbr < 100; updateNbr++ {
		update, err := subscriber.RecvString(0)
		if err != nil {
			log.Fatal(err)
		}
		var zipcode, temperature, relhumidity int
		if _, err := fmt.Sscanf(update, "%d %d %d", &zipcode, &temperature, &relhumidity); err != nil {
			log.Fatalf("bad update %q: %v", update, err)
		}
		totalTemp += temperature
	}
	fmt.Printf("Average temperature for zipcode '%s' was %dF\n", filter, totalTemp/updateNbr)

	if err := subscriber.Close(); err != nil {
		log.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}
