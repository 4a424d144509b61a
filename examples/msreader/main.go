// Multiple socket reader: reads from two sockets with non-blocking
// receives. It is a worker for the task ventilator (PULL on
// tcp://localhost:5557) and a subscriber to the weather server (SUB on
// tcp://localhost:5556, zip code 10001) at the same time.
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
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

var verbose = flag.Bool("v", false, "print each message received, on stderr")

func main() {
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("msreader: ")

	// Prepare our context and sockets
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	// The book's loop never ends; Ctrl-C (or SIGTERM) ends this one.
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
	// We prioritize traffic from the task ventilator.
	//
	// Each inner loop reads until the socket has nothing left: a
	// non-blocking receive (the book's NOBLOCK, called DONTWAIT since 0MQ
	// 3.0) then fails with ErrAgain. A signal makes every call return
	// ErrTerm; we also check Interrupted after the sleep, which no signal
	// cuts short.
loop:
	for !zmq.Interrupted() {
		for {
			task, err := receiver.RecvString(zmq.DONTWAIT)
			if errors.Is(err, zmq.ErrAgain) {
				break
			}
			if errors.Is(err, zmq.ErrTerm) {
				break loop
			}
			if err != nil {
				log.Fatal(err)
			}
			// Process task
			if *verbose {
				fmt.Fprintf(os.Stderr, "task: %s\n", task)
			}
		}
		for {
			update, err := subscriber.RecvString(zmq.DONTWAIT)
			if errors.Is(err, zmq.ErrAgain) {
				break
			}
			if errors.Is(err, zmq.ErrTerm) {
				break loop
			}
			if err != nil {
				log.Fatal(err)
			}
			// Process weather update
			if *verbose {
				fmt.Fprintf(os.Stderr, "weather: %s\n", update)
			}
		}
		// No activity, so sleep for 1 msec
		time.Sleep(time.Millisecond)
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
