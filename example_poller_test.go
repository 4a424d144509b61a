package zmq_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/zmqgo/zmq"
)

// One goroutine serves two sockets with a Poller: each Poll returns the
// ready entries in the order they were added, and the result is reused
// by the next Poll, so the loop does not allocate.
func ExamplePoller() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()

	// Two PULL sockets, each fed by a PUSH socket.
	var pulls, pushes [2]*zmq.Socket
	for i, name := range []string{"inproc://tasks", "inproc://control"} {
		if pulls[i], err = ctx.NewSocket(zmq.PULL); err != nil {
			log.Fatal(err)
		}
		defer pulls[i].Close()
		if err := pulls[i].Bind(name); err != nil {
			log.Fatal(err)
		}
		if pushes[i], err = ctx.NewSocket(zmq.PUSH); err != nil {
			log.Fatal(err)
		}
		defer pushes[i].Close()
		if err := pushes[i].Connect(name); err != nil {
			log.Fatal(err)
		}
	}
	tasks, control := pulls[0], pulls[1]

	poller := zmq.NewPoller()
	poller.Add(tasks, zmq.POLLIN)
	poller.Add(control, zmq.POLLIN)

	if err := pushes[0].SendString("task 1", 0); err != nil {
		log.Fatal(err)
	}
	if err := pushes[1].SendString("stop", 0); err != nil {
		log.Fatal(err)
	}

	for stopped := false; !stopped; {
		ready, err := poller.Poll(-1)
		if err != nil {
			log.Fatal(err)
		}
		for _, r := range ready {
			msg, err := r.Socket.RecvString(0)
			if err != nil {
				log.Fatal(err)
			}
			switch r.Socket {
			case tasks:
				fmt.Println("task socket:", msg)
			case control:
				fmt.Println("control socket:", msg)
				stopped = true
			}
		}
	}
	// Output:
	// task socket: task 1
	// control socket: stop
}

// The Guide's mspoller with the package-level Poll: read from a PULL and
// a SUB socket in one loop, each item's REvents saying what is ready.
func ExamplePoll() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()

	// Connect to the task ventilator.
	receiver, _ := ctx.NewSocket(zmq.PULL)
	defer receiver.Close()
	receiver.Bind("inproc://ventilator")
	ventilator, _ := ctx.NewSocket(zmq.PUSH)
	defer ventilator.Close()
	ventilator.Connect("inproc://ventilator")

	// Connect to the weather server.
	weather, _ := ctx.NewSocket(zmq.PUB)
	defer weather.Close()
	weather.Bind("inproc://weather")
	subscriber, _ := ctx.NewSocket(zmq.SUB)
	defer subscriber.Close()
	subscriber.Connect("inproc://weather")
	subscriber.SetSubscribe("10001 ")

	ventilator.SendString("task 1", 0)
	weather.SendString("10001 75 40", 0)

	// Process messages from both sockets.
	items := []zmq.PollItem{
		{Socket: receiver, Events: zmq.POLLIN},
		{Socket: subscriber, Events: zmq.POLLIN},
	}
	for served := 0; served < 2; {
		if _, err := zmq.Poll(items, -1); err != nil {
			log.Fatal(err)
		}
		if items[0].REvents&zmq.POLLIN != 0 {
			task, _ := receiver.RecvString(0)
			fmt.Println("process task:", task)
			served++
		}
		if items[1].REvents&zmq.POLLIN != 0 {
			update, _ := subscriber.RecvString(0)
			fmt.Println("process weather update:", update)
			served++
		}
	}
	// Output:
	// process task: task 1
	// process weather update: 10001 75 40
}

// PollContext waits like Poll, and gives up when its context is done: here
// a deadline, as a request's context or signal.NotifyContext would give.
// The goroutine is parked meanwhile, holding no OS thread.
func ExamplePoller_PollContext() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()

	pull, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	defer pull.Close()
	if err := pull.Bind("inproc://jobs"); err != nil {
		log.Fatal(err)
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	defer push.Close()
	if err := push.Connect("inproc://jobs"); err != nil {
		log.Fatal(err)
	}

	poller := zmq.NewPoller()
	poller.Add(pull, zmq.POLLIN)
	if err := push.SendString("job 1", 0); err != nil {
		log.Fatal(err)
	}

	// Serve jobs until the deadline passes.
	idle, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	for {
		ready, err := poller.PollContext(idle, -1)
		if errors.Is(err, context.DeadlineExceeded) {
			fmt.Println("no more jobs")
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		for _, r := range ready {
			job, err := r.Socket.RecvString(0)
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println("got", job)
		}
	}
	// Output:
	// got job 1
	// no more jobs
}

// Add refuses a socket that is already closed, and AddFD a negative file
// descriptor, when they are called: the error names the call, rather than
// every later Poll failing.
func ExamplePoller_Add() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	s, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	poller := zmq.NewPoller()
	id, err := poller.Add(s, zmq.POLLIN)
	fmt.Println(id, err)

	s.Close()
	_, err = poller.Add(s, zmq.POLLIN)
	fmt.Println(errors.Is(err, zmq.ErrClosed))
	_, err = poller.AddFD(-1, zmq.POLLIN)
	fmt.Println(errors.Is(err, zmq.ErrInvalid))
	// Output:
	// 0 <nil>
	// true
	// true
}
