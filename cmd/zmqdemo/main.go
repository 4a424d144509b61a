// Command zmqdemo runs examples from chapter 2 of the ZeroMQ Guide with
// this package, each inside one process: the "server" and the "client" of
// an example are goroutines sharing one context, talking over tcp on
// 127.0.0.1 as the book's separate programs would.
//
// Usage:
//
//	zmqdemo [-n requests]
//
// Each example is an entry of the demos table below; adding one is
// writing a function and a line in the table.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/zmqgo/zmq"
)

// options are the settings shared by the demos.
type options struct {
	n int // how many requests a client sends
}

// demos are run in order, on one context.
var demos = []struct {
	name  string
	about string
	run   func(ctx *zmq.Context, opt options) error
}{
	{"hwserver/hwclient", "Hello World, a REQ-REP round trip", helloWorld},
}

func main() {
	n := flag.Int("n", 5, "number of requests each client sends")
	flag.Parse()
	if *n < 0 {
		fmt.Fprintln(os.Stderr, "zmqdemo: -n must not be negative")
		os.Exit(2)
	}
	if err := run(options{n: *n}); err != nil {
		fmt.Fprintln(os.Stderr, "zmqdemo:", err)
		os.Exit(1)
	}
}

func run(opt options) (err error) {
	major, minor, patch := zmq.Version()
	fmt.Printf("zmqdemo: libzmq %d.%d.%d\n", major, minor, patch)

	// One context per program, shared by every goroutine.
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	// Term waits until every socket of the context is closed: each demo
	// closes its own sockets before it returns.
	defer func() {
		if termErr := ctx.Term(); err == nil {
			err = termErr
		}
	}()

	for _, d := range demos {
		fmt.Printf("\n== %s: %s ==\n", d.name, d.about)
		if err := d.run(ctx, opt); err != nil {
			return fmt.Errorf("%s: %w", d.name, err)
		}
	}
	fmt.Println("\nzmqdemo: done")
	return nil
}

// linger bounds how long closing a socket keeps trying to deliver what it
// queued. The default (-1) waits forever, which would make Term hang if a
// peer went away; a short linger still lets the last reply leave.
const linger = time.Second

// newSocket creates a socket of type t with the demos' LINGER.
func newSocket(ctx *zmq.Context, t zmq.Type) (*zmq.Socket, error) {
	s, err := ctx.NewSocket(t)
	if err != nil {
		return nil, err
	}
	if err := s.SetLinger(linger); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return s, nil
}

// helloWorld is the Guide's hwserver and hwclient: the client sends
// "Hello", the server answers "World", opt.n times.
func helloWorld(ctx *zmq.Context, opt options) error {
	// The server binds first, to a port the system picks, and we read the
	// port back: no fixed port 5555 that another program may hold.
	server, err := newSocket(ctx, zmq.REP)
	if err != nil {
		return err
	}
	if err := server.Bind("tcp://127.0.0.1:*"); err != nil {
		return errors.Join(err, server.Close())
	}
	endpoint, err := server.LastEndpoint()
	if err != nil {
		return errors.Join(err, server.Close())
	}
	fmt.Printf("server: bound to %s\n", endpoint)

	// The server socket now moves to its own goroutine, which alone uses
	// it from here on (a socket belongs to one goroutine at a time).
	serverDone := make(chan error, 1)
	go func() { serverDone <- shutdownOnError(ctx, hwserver(server, opt.n)) }()

	clientErr := shutdownOnError(ctx, hwclient(ctx, endpoint, opt.n))
	return errors.Join(clientErr, <-serverDone)
}

// shutdownOnError shuts the context down when err is not nil: if one side
// of a demo fails, the other may be waiting for a message that will never
// come, and Shutdown makes its blocked call return ErrTerm.
func shutdownOnError(ctx *zmq.Context, err error) error {
	if err != nil {
		err = errors.Join(err, ctx.Shutdown())
	}
	return err
}

// hwserver answers n requests with "World", then closes its socket.
func hwserver(rep *zmq.Socket, n int) (err error) {
	defer func() { err = errors.Join(err, rep.Close()) }()
	for range n {
		// Wait for the next request from the client.
		request, err := rep.RecvString(0)
		if err != nil {
			return fmt.Errorf("server: receive: %w", err)
		}
		fmt.Printf("server: Received request [%s]\n", request)

		// (The Guide's server does some "work" here.)

		// Send the reply back to the client.
		if err := rep.SendString("World", 0); err != nil {
			return fmt.Errorf("server: send: %w", err)
		}
	}
	return nil
}

// hwclient connects to endpoint and sends n requests, waiting for the
// reply to each before sending the next: a REQ socket alternates send and
// receive.
func hwclient(ctx *zmq.Context, endpoint string, n int) (err error) {
	req, err := newSocket(ctx, zmq.REQ)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, req.Close()) }()

	fmt.Printf("client: connecting to %s\n", endpoint)
	if err := req.Connect(endpoint); err != nil {
		return err
	}
	for i := 1; i <= n; i++ {
		fmt.Printf("client: Sending Hello %d...\n", i)
		if err := req.SendString("Hello", 0); err != nil {
			return fmt.Errorf("client: send: %w", err)
		}
		reply, err := req.RecvString(0)
		if err != nil {
			return fmt.Errorf("client: receive: %w", err)
		}
		fmt.Printf("client: Received reply %d [%s]\n", i, reply)
	}
	return nil
}
