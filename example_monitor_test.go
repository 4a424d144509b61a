package zmq_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/zmqgo/zmq"
)

// A server watches its peers come and go: the monitor reports the bind,
// each accepted connection, its handshake and its end.
func ExampleSocket_Monitor() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	server, _ := ctx.NewSocket(zmq.PULL)
	defer server.Close()
	mon, err := server.Monitor(zmq.EventListening | zmq.EventAccepted |
		zmq.EventHandshakeSucceeded | zmq.EventDisconnected)
	if err != nil {
		log.Fatal(err)
	}
	defer mon.Close()
	if err := server.Bind("tcp://127.0.0.1:*"); err != nil {
		log.Fatal(err)
	}
	endpoint, _ := server.LastEndpoint()

	client, _ := ctx.NewSocket(zmq.PUSH)
	client.Connect(endpoint)
	client.SendString("hello", 0)
	msg, _ := server.RecvString(0)
	fmt.Println("received", msg)
	client.Close()

	wait, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for range 4 {
		ev, err := mon.Next(wait)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ev.Kind, ev.Endpoint == endpoint)
	}
	// Output:
	// received hello
	// LISTENING true
	// ACCEPTED true
	// HANDSHAKE_SUCCEEDED true
	// DISCONNECTED true
}

// Next waits for the next event until its context is done; once the
// socket is closed it returns what is left, then an error matching
// ErrClosed.
func ExampleMonitor_Next() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	client, _ := ctx.NewSocket(zmq.DEALER)
	client.SetLinger(0)
	client.SetReconnectIvl(50 * time.Millisecond)
	mon, err := client.Monitor(zmq.EventConnectRetried | zmq.EventMonitorStopped)
	if err != nil {
		log.Fatal(err)
	}
	defer mon.Close()
	client.Connect("tcp://127.0.0.1:1") // nothing listens there

	wait, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ev, err := mon.Next(wait)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ev.Kind, ev.Endpoint)

	client.Close()
	for {
		ev, err := mon.Next(wait)
		if errors.Is(err, zmq.ErrClosed) {
			fmt.Println("monitor ended:", err)
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		if ev.Kind == zmq.EventMonitorStopped {
			fmt.Println(ev.Kind)
		}
	}
	// Output:
	// CONNECT_RETRIED tcp://127.0.0.1:1
	// MONITOR_STOPPED
	// monitor ended: zmq: monitor ended: its socket was closed
}

// An EventKind prints as libzmq names it; a set joins the names with "|".
func ExampleEventKind_String() {
	fmt.Println(zmq.EventHandshakeFailedAuth)
	fmt.Println(zmq.EventConnected | zmq.EventDisconnected)
	fmt.Println(zmq.EventAll)
	// Output:
	// HANDSHAKE_FAILED_AUTH
	// CONNECTED|DISCONNECTED
	// ALL
}
