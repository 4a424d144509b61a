// Multithreaded service.
//
// The Hello World server with a pool of five workers in one process:
// clients talk to a ROUTER on tcp://*:5555, a QUEUE device passes their
// requests to a DEALER on inproc://workers, and each worker goroutine
// answers on its own REP socket. Ctrl-C (or SIGTERM) stops it cleanly.
package main

import (
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/examples/internal/zhelpers"
)

// workerRoutine answers requests on inproc://workers until the context is
// shut down. Its socket is created, used and closed in its own goroutine:
// sockets are never shared between threads.
func workerRoutine(context *zmq.Context, wg *sync.WaitGroup) {
	defer wg.Done()

	//  Socket to talk to dispatcher
	receiver, err := context.NewSocket(zmq.REP)
	if err != nil {
		log.Fatalln("E: worker socket:", err)
	}
	// A reply queued when the device stops must not hold up Term.
	if err := receiver.SetLinger(time.Second); err != nil {
		log.Fatalln("E: worker linger:", err)
	}
	if err := receiver.Connect("inproc://workers"); err != nil {
		log.Fatalln("E: worker connect:", err)
	}

	for {
		request, err := receiver.RecvString(0)
		if errors.Is(err, zmq.ErrTerm) {
			break // interrupted
		}
		if err != nil {
			log.Fatalln("E: worker recv:", err)
		}
		fmt.Printf("Received request: [%s]\n", request)

		//  Do some 'work'
		time.Sleep(time.Second)

		//  Send reply back to client
		if err := receiver.SendString("World", 0); err != nil {
			if errors.Is(err, zmq.ErrTerm) {
				break // interrupted
			}
			log.Fatalln("E: worker send:", err)
		}
	}
	if err := receiver.Close(); err != nil {
		log.Fatalln("E: worker close:", err)
	}
}

func main() {
	log.SetFlags(0)

	context, err := zmq.Init(1)
	if err != nil {
		log.Fatalln("E: init:", err)
	}
	// The book's device runs for ever. Here a signal shuts the context
	// down: the device returns ErrTerm, every worker's Recv (or Send)
	// returns ErrTerm, and everything is closed before Term.
	stop := zmq.CatchSignals(context)
	defer stop()

	//  Socket to talk to clients
	clients, err := context.NewSocket(zmq.ROUTER)
	if err != nil {
		log.Fatalln("E: socket:", err)
	}
	if err := clients.SetLinger(time.Second); err != nil {
		log.Fatalln("E: linger:", err)
	}
	if err := clients.Bind(zhelpers.Endpoint("tcp://*:5555")); err != nil {
		log.Fatalln("E: bind:", err)
	}

	//  Socket to talk to workers
	workers, err := context.NewSocket(zmq.DEALER)
	if err != nil {
		log.Fatalln("E: socket:", err)
	}
	if err := workers.SetLinger(time.Second); err != nil {
		log.Fatalln("E: linger:", err)
	}
	if err := workers.Bind("inproc://workers"); err != nil {
		log.Fatalln("E: bind:", err)
	}

	//  Launch pool of worker goroutines
	var wg sync.WaitGroup
	for threadNbr := 0; threadNbr < 5; threadNbr++ {
		wg.Add(1)
		go workerRoutine(context, &wg)
	}

	//  Connect work threads to client threads via a queue. zmq_device is
	//  zmq_proxy in libzmq 4.3; it returns only when the context is shut
	//  down, with ErrTerm.
	if err := zmq.Device(zmq.QUEUE, clients, workers); err != nil && !errors.Is(err, zmq.ErrTerm) {
		log.Fatalln("E: device:", err)
	}

	//  We only get here when interrupted: wait for the workers to close
	//  their sockets, then clean up.
	wg.Wait()
	if err := clients.Close(); err != nil {
		log.Fatalln("E: close:", err)
	}
	if err := workers.Close(); err != nil {
		log.Fatalln("E: close:", err)
	}
	if err := context.Term(); err != nil {
		log.Fatalln("E: term:", err)
	}
}
