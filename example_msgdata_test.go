package zmq_test

import (
	"fmt"
	"log"

	"github.com/zmqgo/zmq"
)

// The Guide's zero-copy send (zmq_msg_init_data with my_free): libzmq
// sends the Go buffer itself, and my_free runs once libzmq is done with
// it, here once the receiver has closed the message that shared it.
func ExampleNewMsgData() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	receiver, err := ctx.NewSocket(zmq.PAIR)
	if err != nil {
		log.Fatal(err)
	}
	defer receiver.Close()
	if err := receiver.Bind("inproc://zerocopy"); err != nil {
		log.Fatal(err)
	}
	sender, err := ctx.NewSocket(zmq.PAIR)
	if err != nil {
		log.Fatal(err)
	}
	defer sender.Close()
	if err := sender.Connect("inproc://zerocopy"); err != nil {
		log.Fatal(err)
	}

	freed := make(chan struct{})
	myFree := func(data []byte) {
		fmt.Printf("my_free: %d bytes back\n", len(data))
		close(freed)
	}
	buffer := make([]byte, 1000)
	copy(buffer, "zero copy")
	msg, err := zmq.NewMsgData(buffer, myFree)
	if err != nil {
		log.Fatal(err)
	}
	if err := sender.SendMsg(msg, 0); err != nil {
		log.Fatal(err)
	}

	in := new(zmq.Msg)
	if err := receiver.RecvMsg(in, 0); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("received %d bytes: %q...\n", in.Len(), in.Bytes()[:9])
	in.Close() // the last reference: my_free runs now
	<-freed
	// Output:
	// received 1000 bytes: "zero copy"...
	// my_free: 1000 bytes back
}
