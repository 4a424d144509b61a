package zmq_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/zmqgo/zmq"
)

// A multipart message goes out in one call and comes back whole: every
// part, empty ones included, in order.
func ExampleSocket_SendMessage() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	push, _ := ctx.NewSocket(zmq.PUSH)
	defer push.Close()
	pull, _ := ctx.NewSocket(zmq.PULL)
	defer pull.Close()
	if err := pull.Bind("inproc://example-sendmessage"); err != nil {
		log.Fatal(err)
	}
	if err := push.Connect("inproc://example-sendmessage"); err != nil {
		log.Fatal(err)
	}

	parts := [][]byte{[]byte("address"), {}, []byte("body")}
	if err := push.SendMessage(parts, 0); err != nil {
		log.Fatal(err)
	}
	got, err := pull.RecvMessage(0)
	if err != nil {
		log.Fatal(err)
	}
	for i, p := range got {
		fmt.Printf("part %d: %q\n", i, p)
	}
	// Output:
	// part 0: "address"
	// part 1: ""
	// part 2: "body"
}

// RecvInto reads into a buffer the caller owns, without allocating. It
// returns the frame's full size: more than len(buf) means the frame was
// truncated to fit.
func ExampleSocket_RecvInto() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	a, _ := ctx.NewSocket(zmq.PAIR)
	defer a.Close()
	b, _ := ctx.NewSocket(zmq.PAIR)
	defer b.Close()
	if err := a.Bind("inproc://example-recvinto"); err != nil {
		log.Fatal(err)
	}
	if err := b.Connect("inproc://example-recvinto"); err != nil {
		log.Fatal(err)
	}

	buf := make([]byte, 8)
	for _, s := range []string{"short", "longer than eight bytes"} {
		if err := a.SendString(s, 0); err != nil {
			log.Fatal(err)
		}
		n, err := b.RecvInto(buf, 0)
		if err != nil {
			log.Fatal(err)
		}
		if n > len(buf) {
			fmt.Printf("%d bytes, truncated to %q\n", n, buf)
		} else {
			fmt.Printf("%d bytes: %q\n", n, buf[:n])
		}
	}
	// Output:
	// 5 bytes: "short"
	// 23 bytes, truncated to "longer t"
}

// A Msg is filled in place, in C memory, and sent without a copy into
// libzmq. After SendMsg it is empty and can receive the next message.
func ExampleMsg() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	a, _ := ctx.NewSocket(zmq.PAIR)
	defer a.Close()
	b, _ := ctx.NewSocket(zmq.PAIR)
	defer b.Close()
	if err := a.Bind("inproc://example-msg"); err != nil {
		log.Fatal(err)
	}
	if err := b.Connect("inproc://example-msg"); err != nil {
		log.Fatal(err)
	}

	m, err := zmq.NewMsg(5)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	copy(m.Bytes(), "Hello")
	if err := a.SendMsg(m, 0); err != nil {
		log.Fatal(err)
	}
	fmt.Println("after SendMsg:", m.Len(), "bytes")

	var in zmq.Msg // the zero Msg is ready to receive into
	defer in.Close()
	if err := b.RecvMsg(&in, 0); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("received %q, more: %v\n", in.Bytes(), in.More())
	// Output:
	// after SendMsg: 0 bytes
	// received "Hello", more: false
}

// Shutdown wakes every call blocked on the context's sockets with ErrTerm;
// the goroutines then close their sockets and Term returns.
func ExampleContext_Shutdown() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	pull, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	if err := pull.Bind("inproc://example-shutdown"); err != nil {
		log.Fatal(err)
	}

	done := make(chan error)
	go func() {
		_, err := pull.Recv(0) // nothing will ever be sent
		pull.Close()
		done <- err
	}()

	if err := ctx.Shutdown(); err != nil {
		log.Fatal(err)
	}
	err = <-done
	fmt.Println("Recv returned ErrTerm:", errors.Is(err, zmq.ErrTerm))
	fmt.Println("Term:", ctx.Term())
	// Output:
	// Recv returned ErrTerm: true
	// Term: <nil>
}

// Close may come from another goroutine while a call waits, as with a
// net.Conn: the waiting Recv returns ErrClosed, and Term does not wait.
func ExampleSocket_Close() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	pull, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	if err := pull.Bind("inproc://example-close"); err != nil {
		log.Fatal(err)
	}

	done := make(chan error)
	go func() {
		_, err := pull.Recv(0) // nothing will ever be sent
		done <- err
	}()

	// Here the program decides to stop; the Recv may have begun or not.
	fmt.Println("Close:", pull.Close())
	err = <-done
	fmt.Println("Recv returned ErrClosed:", errors.Is(err, zmq.ErrClosed))
	fmt.Println("Term:", ctx.Term())
	// Output:
	// Close: <nil>
	// Recv returned ErrClosed: true
	// Term: <nil>
}
