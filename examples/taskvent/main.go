// Parallel task ventilator: binds a PUSH socket to tcp://*:5557 and sends a
// batch of tasks to the workers through it, after a "0" that signals the
// start of the batch (to the sink, through a worker).
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("taskvent: ")

	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}

	// Socket to send messages on
	sender, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	if err := sender.Bind(zhelpers.Endpoint("tcp://*:5557")); err != nil {
		log.Fatal(err)
	}

	fmt.Print("Press Enter when the workers are ready: ")
	// End of input counts as Enter, so the ventilator also runs with its
	// input from a pipe or /dev/null.
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil && !errors.Is(err, io.EOF) {
		log.Fatal(err)
	}
	fmt.Println("Sending tasks to workers...")

	// The first message is "0" and signals start of batch. A worker takes
	// it as a task of 0 msec and its empty result is the sink's start: the
	// sink reads that one, then the 100 results.
	if err := sender.SendString("0", 0); err != nil {
		log.Fatal(err)
	}

	// Send 100 tasks
	totalMsec := 0 // Total expected cost in msecs
	for range 100 {
		// Random workload from 1 to 100 msecs
		workload := rand.IntN(100) + 1
		totalMsec += workload
		if err := sender.SendString(strconv.Itoa(workload), 0); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("Total expected cost: %d msec\n", totalMsec)

	// The book slept a second here to give 0MQ time to deliver. Not
	// needed: Term waits until the tasks have gone out (the workers'
	// socket keeps the default LINGER).
	if err := sender.Close(); err != nil {
		log.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
}
