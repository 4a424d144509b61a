package zmq_test

import (
	"fmt"
	"log"

	"github.com/zmqgo/zmq"
)

// The Guide's Hello World in one goroutine: a REQ socket's send is queued
// by libzmq, so the REP socket can then receive it. This is README.md's
// quick start; keep the two identical.
func Example() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term() // runs last: waits until every socket is closed

	server, err := ctx.NewSocket(zmq.REP)
	if err != nil {
		log.Fatal(err)
	}
	defer server.Close()
	if err := server.Bind("inproc://hello"); err != nil {
		log.Fatal(err)
	}

	client, err := ctx.NewSocket(zmq.REQ)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	if err := client.Connect("inproc://hello"); err != nil {
		log.Fatal(err)
	}

	if err := client.SendString("Hello", 0); err != nil {
		log.Fatal(err)
	}
	request, err := server.RecvString(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("server received", request)

	if err := server.SendString("World", 0); err != nil {
		log.Fatal(err)
	}
	reply, err := client.RecvString(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("client received", reply)
	// Output:
	// server received Hello
	// client received World
}
