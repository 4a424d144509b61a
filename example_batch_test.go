package zmq_test

import (
	"fmt"
	"log"

	"github.com/zmqgo/zmq"
)

// A stream of small messages in batches: one cgo crossing for up to 64
// messages on each side.
func ExampleSocket_SendBatch() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	push, _ := ctx.NewSocket(zmq.PUSH)
	defer push.Close()
	pull, _ := ctx.NewSocket(zmq.PULL)
	defer pull.Close()
	if err := pull.Bind("inproc://example-batch"); err != nil {
		log.Fatal(err)
	}
	if err := push.Connect("inproc://example-batch"); err != nil {
		log.Fatal(err)
	}

	msgs := [][]byte{[]byte("one"), []byte("two"), []byte("three")}
	if n, err := push.SendBatch(msgs, 0); err != nil {
		log.Fatalf("sent %d of %d: %v", n, len(msgs), err)
	}

	bufs, sizes := make([][]byte, 8), make([]int, 8)
	for i := range bufs {
		bufs[i] = make([]byte, 16)
	}
	for got := 0; got < len(msgs); {
		n, err := pull.RecvBatch(bufs, sizes, 0)
		if err != nil {
			log.Fatal(err)
		}
		for i := range n {
			fmt.Printf("%s\n", bufs[i][:sizes[i]])
		}
		got += n
	}
	// Output:
	// one
	// two
	// three
}
