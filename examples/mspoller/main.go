// Multiple socket poller: reads from two sockets with Poll. It is a worker
// for the task ventilator (PULL on tcp://localhost:5557) and a subscriber
// to the weather server (SUB on tcp://localhost:5556, zip code 10001) at
// the same time.
//
// As the book's program, it prints nothing: it discards what it reads.
// With -v it shows each message on stderr ("task: <workload>",
// "weather: <update>").
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

var verbose = flag.Bool("v", false, "print each message received, on stderr")

func main() {
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("mspoller: ")

	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	// The book's loop never ends; Ctrl-C (or SIGTERM) makes Poll return
	// ErrTerm and ends this one.
	stop := zmq.CatchSignals(ctx)
	defer stop()

	// Connect to task ventilator
	receiver, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	if err := receiver.Connect(zhelpers.Endpoint("tcp://localhost:5557")); err != nil {
		log.Fatal(err)
	}

	// Connect to weather server
	subscriber, err := ctx.NewSocket(zmq.SUB)
	if err != nil {
		log.Fatal(err)
	}
	if err := subscriber.Connect(zhelpers.Endpoint("tcp://localhost:5556")); err != nil {
		log.Fatal(err)
	}
	if err := subscriber.SetSubscribe("10001 "); err != nil {
		log.Fatal(err)
	}

	// Process messages from both sockets.
	// The timeout is a time.Duration (microseconds in 0MQ 2.x,
	// milliseconds since 3.0); negative waits for ever.
	items := []zmq.PollItem{
		{Socket: receiver, Events: zmq.POLLIN},
		{Socket: subscriber, Events: zmq.POLLIN},
	}
	for {
		_, err := zmq.Poll(items, -1)
		if errors.Is(err, zmq.ErrTerm) {
			break // interrupted
		}
		if err != nil {
			log.Fatal(err)
		}
		if items[0].REvents&zmq.POLLIN != 0 {
			task, err := receiver.RecvString(0)
			if errors.Is(err, zmq.ErrTerm) {
				break
			}
			if err != nil {
				log.Fatal(err)
			}
			// Process task
			if *verbose {
				fmt.Fprintf(os.Stderr, "task: %s\n", task)
			}
		}
		if items[1].REvents&zmq.POLLIN != 0 {
			update, err := subscriber.RecvString(0)
			if errors.Is(err, zmq.ErrTerm) {
				break
			}
			if err != nil {
				log.Fatal(err)
			}
			// Process weather update
			if *verbose {
				fmt.Fprintf(os.Stderr, "weather: %s\n", update)
			}
		}
	}

	if err := receiver.Close(); err != nil {
		log.Fatal(err)
	}
	if err := subscriber.Close(); err != nil {
		log.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}
