// Syncpub is the Guide's "Synchronized publisher": it waits until the
// expected number of subscribers have told it they are ready, then
// broadcasts 1,000,000 updates followed by "END".
//
// Run ten syncsub first, then syncpub. For a quicker run, the counts can
// be reduced: syncpub -subscribers 3 -updates 100000. Like the book's, it
// prints nothing; -v says on stderr when it waits and when it broadcasts.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

// subscribersExpected is the book's magic number of subscribers.
const subscribersExpected = 10

func main() {
	log.SetFlags(0)
	subscribers := flag.Int("subscribers", subscribersExpected, "how many subscribers to wait for")
	updates := flag.Int("updates", 1000000, "how many updates to broadcast before END")
	verbose := flag.Bool("v", false, "say on stderr when it waits for subscribers and when it broadcasts")
	flag.Parse()
	if flag.NArg() > 0 || *subscribers < 0 || *updates < 0 {
		flag.Usage()
		log.Fatal("syncpub: bad arguments")
	}

	context, err := zmq.Init(1)
	if err != nil {
		log.Fatal(err)
	}
	// Ctrl-C while waiting for subscribers ends the program cleanly.
	stop := zmq.CatchSignals(context)
	defer stop()

	// Socket to talk to clients
	publisher, err := context.NewSocket(zmq.PUB)
	if err != nil {
		log.Fatal(err)
	}
	// The book relied on 0MQ 2.x, where a PUB queued without limit. Since
	// 3.x the send high-water mark defaults to 1000 and a PUB drops what
	// does not fit: measured on 4.3 with ten subscribers, each got only
	// 5% (in C) to 25% (this program) of the updates, and some or all
	// never saw END, so they waited forever. The modern Guide sets SNDHWM
	// to 1,100,000, enough for every update and END. It must be set before
	// Bind: it applies only to connections made after it.
	hwm := 1100000
	if *updates >= hwm { // -updates asked for more than the book
		hwm = *updates + 1
	}
	if err := publisher.SetSndHWM(hwm); err != nil {
		log.Fatal(err)
	}
	if err := publisher.Bind(zhelpers.Endpoint("tcp://*:5561")); err != nil {
		log.Fatal(err)
	}

	// Socket to receive signals
	syncservice, err := context.NewSocket(zmq.REP)
	if err != nil {
		log.Fatal(err)
	}
	if err := syncservice.Bind(zhelpers.Endpoint("tcp://*:5562")); err != nil {
		log.Fatal(err)
	}

	// Get synchronization from subscribers
	if *verbose {
		fmt.Fprintln(os.Stderr, "Waiting for subscribers")
	}
	for n := 0; n < *subscribers; n++ {
		// - wait for synchronization request
		if _, err := syncservice.Recv(0); err != nil {
			zhelpers.Fatal(context, err)
		}
		// - send synchronization reply
		if err := syncservice.SendString("", 0); err != nil {
			zhelpers.Fatal(context, err)
		}
	}

	// Now broadcast exactly 1M updates followed by END
	if *verbose {
		fmt.Fprintln(os.Stderr, "Broadcasting messages")
	}
	for n := 0; n < *updates; n++ {
		if err := publisher.SendString("Rhubarb", 0); err != nil {
			zhelpers.Fatal(context, err)
		}
	}
	if err := publisher.SendString("END", 0); err != nil {
		zhelpers.Fatal(context, err)
	}

	// Closing with the default LINGER (forever) lets Term wait until
	// every subscriber has been sent all it was queued.
	if err := publisher.Close(); err != nil {
		log.Fatal(err)
	}
	if err := syncservice.Close(); err != nil {
		log.Fatal(err)
	}
	if err := context.Term(); err != nil {
		log.Fatal(err)
	}
}
