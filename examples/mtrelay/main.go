// Multithreaded relay.
//
// Three goroutines signal each other in a chain over PAIR sockets on
// inproc://, sharing one context: step 1 tells step 2 it is ready, step 2
// then tells step 3 (main). It prints the book's one line, "Test
// successful!"; -v also says on stderr when each step signals the next.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/zmqgo/zmq"
)

var verbose = flag.Bool("v", false, "say on stderr when each step signals the next")

// progress prints a step's line on stderr under -v.
func progress(line string) {
	if *verbose {
		fmt.Fprintln(os.Stderr, line)
	}
}

func step1(context *zmq.Context) {
	//  Connect to step2 and tell it we're ready
	xmitter, err := context.NewSocket(zmq.PAIR)
	if err != nil {
		log.Fatalln("E: step1 socket:", err)
	}
	if err := xmitter.Connect("inproc://step2"); err != nil {
		log.Fatalln("E: step1 connect:", err)
	}
	progress("Step 1 ready, signaling step 2")
	if err := xmitter.SendString("READY", 0); err != nil {
		log.Fatalln("E: step1 send:", err)
	}
	if err := xmitter.Close(); err != nil {
		log.Fatalln("E: step1 close:", err)
	}
}

func step2(context *zmq.Context) {
	//  Bind inproc socket before starting step1. (libzmq 4 also accepts a
	//  connect before the bind, but the book's order is still the clear one.)
	receiver, err := context.NewSocket(zmq.PAIR)
	if err != nil {
		log.Fatalln("E: step2 socket:", err)
	}
	if err := receiver.Bind("inproc://step2"); err != nil {
		log.Fatalln("E: step2 bind:", err)
	}
	go step1(context)

	//  Wait for signal and pass it on
	if _, err := receiver.RecvString(0); err != nil {
		log.Fatalln("E: step2 recv:", err)
	}
	if err := receiver.Close(); err != nil {
		log.Fatalln("E: step2 close:", err)
	}

	//  Connect to step3 and tell it we're ready
	xmitter, err := context.NewSocket(zmq.PAIR)
	if err != nil {
		log.Fatalln("E: step2 socket:", err)
	}
	if err := xmitter.Connect("inproc://step3"); err != nil {
		log.Fatalln("E: step2 connect:", err)
	}
	progress("Step 2 ready, signaling step 3")
	if err := xmitter.SendString("READY", 0); err != nil {
		log.Fatalln("E: step2 send:", err)
	}
	if err := xmitter.Close(); err != nil {
		log.Fatalln("E: step2 close:", err)
	}
}

func main() {
	log.SetFlags(0)
	flag.Parse()

	context, err := zmq.Init(1)
	if err != nil {
		log.Fatalln("E: init:", err)
	}

	//  Bind inproc socket before starting step2
	receiver, err := context.NewSocket(zmq.PAIR)
	if err != nil {
		log.Fatalln("E: socket:", err)
	}
	if err := receiver.Bind("inproc://step3"); err != nil {
		log.Fatalln("E: bind:", err)
	}
	go step2(context)

	//  Wait for signal
	if _, err := receiver.RecvString(0); err != nil {
		log.Fatalln("E: recv:", err)
	}
	if err := receiver.Close(); err != nil {
		log.Fatalln("E: close:", err)
	}

	fmt.Println("Test successful!")
	// Term waits until the goroutines have closed their sockets too.
	if err := context.Term(); err != nil {
		log.Fatalln("E: term:", err)
	}
}
