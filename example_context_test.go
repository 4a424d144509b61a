package zmq_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"time"

	"github.com/zmqgo/zmq"
)

// linked returns two sockets of zctx, a of type ta bound to the inproc
// endpoint ep and b of type tb connected to it.
func linked(zctx *zmq.Context, ep string, ta, tb zmq.Type) (a, b *zmq.Socket) {
	a, err := zctx.NewSocket(ta)
	if err != nil {
		log.Fatal(err)
	}
	b, err = zctx.NewSocket(tb)
	if err != nil {
		log.Fatal(err)
	}
	if err := a.Bind(ep); err != nil {
		log.Fatal(err)
	}
	if err := b.Connect(ep); err != nil {
		log.Fatal(err)
	}
	return a, b
}

// SetDeadline bounds a whole exchange, its sends and receives alike, as
// for a net.Conn. Here the peer does not answer in time: the error says
// so in the ways a net.Conn's does, and matches ErrAgain as a RCVTIMEO
// would. The zero time clears the deadline.
func ExampleSocket_SetDeadline() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	client, server := linked(zctx, "inproc://example-setdeadline", zmq.PAIR, zmq.PAIR)
	defer client.Close()
	defer server.Close()

	if err := client.SetDeadline(time.Now().Add(20 * time.Millisecond)); err != nil {
		log.Fatal(err)
	}
	if err := client.SendString("ping", 0); err != nil {
		log.Fatal(err)
	}
	_, err = client.Recv(0) // the server is not answering yet
	var ne net.Error
	fmt.Println("deadline exceeded:", errors.Is(err, os.ErrDeadlineExceeded))
	fmt.Println("ErrAgain:", errors.Is(err, zmq.ErrAgain))
	fmt.Println("timeout:", errors.As(err, &ne) && ne.Timeout())

	if err := client.SetDeadline(time.Time{}); err != nil {
		log.Fatal(err)
	}
	if _, err := server.Recv(0); err != nil {
		log.Fatal(err)
	}
	if err := server.SendString("pong", 0); err != nil {
		log.Fatal(err)
	}
	reply, err := client.RecvString(0)
	fmt.Println("without a deadline:", reply, err)
	// Output:
	// deadline exceeded: true
	// ErrAgain: true
	// timeout: true
	// without a deadline: pong <nil>
}

// Any goroutine may set a deadline, also while a Recv waits: a deadline
// of time.Now() stops a reader at once, as it does a net.Conn's.
func ExampleSocket_SetReadDeadline() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	pull, err := zctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	defer pull.Close()
	if err := pull.Bind("inproc://example-setreaddeadline"); err != nil {
		log.Fatal(err)
	}

	done := make(chan error)
	go func() {
		_, err := pull.Recv(0) // nothing will be sent
		done <- err
	}()
	// Whether the Recv waits already or starts after this, it ends.
	if err := pull.SetReadDeadline(time.Now()); err != nil {
		log.Fatal(err)
	}
	err = <-done
	fmt.Println("reader stopped:", errors.Is(err, os.ErrDeadlineExceeded))
	// Output:
	// reader stopped: true
}

// A write deadline bounds a Send that waits for room or, as here, for a
// peer; receives are not affected by it.
func ExampleSocket_SetWriteDeadline() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	push, err := zctx.NewSocket(zmq.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	defer push.Close()
	if err := push.Bind("inproc://example-setwritedeadline"); err != nil {
		log.Fatal(err)
	}

	if err := push.SetWriteDeadline(time.Now().Add(10 * time.Millisecond)); err != nil {
		log.Fatal(err)
	}
	err = push.SendString("anyone there?", 0) // no PULL is connected
	fmt.Println("send timed out:", errors.Is(err, os.ErrDeadlineExceeded))
	// Output:
	// send timed out: true
}

// RecvContext waits as long as its context lets it: here a timeout, as a
// request's context would have. Nothing was received then, and the
// socket goes on working.
func ExampleSocket_RecvContext() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	pull, push := linked(zctx, "inproc://example-recvcontext", zmq.PULL, zmq.PUSH)
	defer pull.Close()
	defer push.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = pull.RecvContext(ctx, 0)
	fmt.Println("gave up:", errors.Is(err, context.DeadlineExceeded))

	if err := push.SendString("work", 0); err != nil {
		log.Fatal(err)
	}
	b, err := pull.RecvContext(context.Background(), 0)
	fmt.Printf("then received %q, %v\n", b, err)
	// Output:
	// gave up: true
	// then received "work", <nil>
}

// RecvMessageContext returns a whole message or nothing: a cancellation
// never leaves part of a message taken. Here another goroutine cancels
// the first wait.
func ExampleSocket_RecvMessageContext() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	pull, push := linked(zctx, "inproc://example-recvmessagecontext", zmq.PULL, zmq.PUSH)
	defer pull.Close()
	defer push.Close()

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	_, err = pull.RecvMessageContext(ctx, 0)
	fmt.Println("cancelled:", errors.Is(err, context.Canceled))

	if err := push.SendMessage([][]byte{[]byte("header"), []byte("body")}, 0); err != nil {
		log.Fatal(err)
	}
	parts, err := pull.RecvMessageContext(context.Background(), 0)
	fmt.Printf("%q %v\n", parts, err)
	// Output:
	// cancelled: true
	// ["header" "body"] <nil>
}

// RecvMsgContext receives one frame into a Msg, without a copy into Go
// memory, unless its context ends first.
func ExampleSocket_RecvMsgContext() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	pull, push := linked(zctx, "inproc://example-recvmsgcontext", zmq.PULL, zmq.PUSH)
	defer pull.Close()
	defer push.Close()
	if err := push.SendString("hello", 0); err != nil {
		log.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	var m zmq.Msg // the zero Msg is ready to receive into
	defer m.Close()
	if err := pull.RecvMsgContext(ctx, &m, 0); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q, more: %v\n", m.Bytes(), m.More())
	// Output:
	// "hello", more: false
}

// A SendContext that its context ends has queued nothing: the message
// cancelled while no peer was there never arrives.
func ExampleSocket_SendContext() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	push, err := zctx.NewSocket(zmq.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	defer push.Close()
	if err := push.Bind("inproc://example-sendcontext"); err != nil {
		log.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	err = push.SendContext(ctx, []byte("too early"), 0) // no PULL yet
	fmt.Println("cancelled:", errors.Is(err, context.DeadlineExceeded))

	pull, err := zctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	defer pull.Close()
	if err := pull.Connect("inproc://example-sendcontext"); err != nil {
		log.Fatal(err)
	}
	if err := push.SendContext(context.Background(), []byte("on time"), 0); err != nil {
		log.Fatal(err)
	}
	got, err := pull.RecvString(0)
	fmt.Println("received:", got, err)
	// Output:
	// cancelled: true
	// received: on time <nil>
}

// SendMessageContext queues every part of a message or none: cancelled
// at the high-water mark, it leaves nothing of its message behind.
func ExampleSocket_SendMessageContext() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	push, err := zctx.NewSocket(zmq.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	defer push.Close()
	pull, err := zctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	defer pull.Close()
	if err := push.SetSndHWM(1); err != nil {
		log.Fatal(err)
	}
	if err := pull.SetRcvHWM(1); err != nil {
		log.Fatal(err)
	}
	if err := pull.Bind("inproc://example-sendmessagecontext"); err != nil {
		log.Fatal(err)
	}
	if err := push.Connect("inproc://example-sendmessagecontext"); err != nil {
		log.Fatal(err)
	}
	// Fill the pipe up to the high-water mark.
	for i := 0; ; i++ {
		if push.SendString(fmt.Sprint("queued ", i), zmq.DONTWAIT) != nil {
			break
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	err = push.SendMessageContext(ctx, [][]byte{[]byte("part 1"), []byte("part 2")}, 0)
	fmt.Println("cancelled:", errors.Is(err, context.DeadlineExceeded))
	for {
		parts, err := pull.RecvMessage(zmq.DONTWAIT)
		if err != nil {
			break
		}
		fmt.Printf("%q\n", parts)
	}
	// Output:
	// cancelled: true
	// ["queued 0"]
	// ["queued 1"]
}

// SendMsgContext leaves its Msg as it was when its context ends, so the
// same Msg can be sent later.
func ExampleSocket_SendMsgContext() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	push, err := zctx.NewSocket(zmq.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	defer push.Close()
	if err := push.Bind("inproc://example-sendmsgcontext"); err != nil {
		log.Fatal(err)
	}
	m, err := zmq.NewMsg(5)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	copy(m.Bytes(), "hello")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	err = push.SendMsgContext(ctx, m, 0) // no PULL yet
	fmt.Printf("cancelled: %v, message still %q\n", errors.Is(err, context.DeadlineExceeded), m.Bytes())

	pull, err := zctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	defer pull.Close()
	if err := pull.Connect("inproc://example-sendmsgcontext"); err != nil {
		log.Fatal(err)
	}
	if err := push.SendMsgContext(context.Background(), m, 0); err != nil {
		log.Fatal(err)
	}
	got, err := pull.RecvString(0)
	fmt.Printf("received %q, %v; the Msg now has %d bytes\n", got, err, m.Len())
	// Output:
	// cancelled: true, message still "hello"
	// received "hello", <nil>; the Msg now has 0 bytes
}
