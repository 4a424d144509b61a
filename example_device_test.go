package zmq_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/zmqgo/zmq"
)

// A STREAMER passes a pipeline along, from a PULL frontend to a PUSH
// backend, in its own goroutine until the context is shut down. The
// sockets are in use while it runs: the device's goroutine closes them
// after Device returns.
func ExampleDevice() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	front, _ := ctx.NewSocket(zmq.PULL)
	back, _ := ctx.NewSocket(zmq.PUSH)
	if err := front.Bind("inproc://example-device-in"); err != nil {
		log.Fatal(err)
	}
	if err := back.Bind("inproc://example-device-out"); err != nil {
		log.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		err := zmq.Device(zmq.STREAMER, front, back)
		front.Close()
		back.Close()
		done <- err
	}()

	producer, _ := ctx.NewSocket(zmq.PUSH)
	consumer, _ := ctx.NewSocket(zmq.PULL)
	if err := producer.Connect("inproc://example-device-in"); err != nil {
		log.Fatal(err)
	}
	if err := consumer.Connect("inproc://example-device-out"); err != nil {
		log.Fatal(err)
	}
	for _, task := range []string{"task 1", "task 2", "task 3"} {
		if err := producer.SendString(task, 0); err != nil {
			log.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		task, err := consumer.RecvString(0)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("received", task)
	}

	ctx.Shutdown()
	err = <-done
	fmt.Println("device ended with ErrTerm:", errors.Is(err, zmq.ErrTerm))
	producer.Close()
	consumer.Close()
	if err := ctx.Term(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// received task 1
	// received task 2
	// received task 3
	// device ended with ErrTerm: true
}

// A steerable proxy with a REP control socket, driven from another
// goroutine by a ProxyController: each command returns once the proxy
// has taken it.
func ExampleProxyController() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	front, _ := ctx.NewSocket(zmq.PULL)
	back, _ := ctx.NewSocket(zmq.PUSH)
	control, _ := ctx.NewSocket(zmq.REP)
	for s, ep := range map[*zmq.Socket]string{
		front:   "inproc://example-steer-in",
		back:    "inproc://example-steer-out",
		control: "inproc://example-steer-control",
	} {
		if err := s.Bind(ep); err != nil {
			log.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() {
		err := zmq.ProxySteerable(front, back, nil, control)
		front.Close()
		back.Close()
		control.Close()
		done <- err
	}()

	ctl, err := zmq.NewProxyController(ctx, "inproc://example-steer-control", 5*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	defer ctl.Close()
	producer, _ := ctx.NewSocket(zmq.PUSH)
	defer producer.Close()
	consumer, _ := ctx.NewSocket(zmq.PULL)
	defer consumer.Close()
	producer.Connect("inproc://example-steer-in")
	consumer.Connect("inproc://example-steer-out")

	if err := ctl.Pause(); err != nil {
		log.Fatal(err)
	}
	producer.SendString("held while paused", 0)
	consumer.SetRcvTimeo(100 * time.Millisecond)
	if _, err := consumer.RecvString(0); errors.Is(err, zmq.ErrAgain) {
		fmt.Println("paused: nothing arrives")
	}
	if err := ctl.Resume(); err != nil {
		log.Fatal(err)
	}
	consumer.SetRcvTimeo(-1)
	msg, _ := consumer.RecvString(0)
	fmt.Println("resumed:", msg)

	st, err := ctl.Statistics()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("frontend in: %d frames, %d bytes\n", st.FrontendIn, st.FrontendInBytes)
	fmt.Printf("backend out: %d frames, %d bytes\n", st.BackendOut, st.BackendOutBytes)

	if err := ctl.Terminate(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("proxy returned:", <-done)
	// Output:
	// paused: nothing arrives
	// resumed: held while paused
	// frontend in: 1 frames, 17 bytes
	// backend out: 1 frames, 17 bytes
	// proxy returned: <nil>
}

// ProxyContext passes a pipeline along until its context.Context is
// cancelled: no Shutdown is needed, and the sockets are still usable
// afterwards, so the program closes them and terminates the ZeroMQ
// context as usual.
func ExampleProxyContext() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	front, _ := zctx.NewSocket(zmq.PULL)
	back, _ := zctx.NewSocket(zmq.PUSH)
	if err := front.Bind("inproc://example-proxyctx-in"); err != nil {
		log.Fatal(err)
	}
	if err := back.Bind("inproc://example-proxyctx-out"); err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- zmq.ProxyContext(ctx, front, back, nil) }()

	producer, _ := zctx.NewSocket(zmq.PUSH)
	consumer, _ := zctx.NewSocket(zmq.PULL)
	if err := producer.Connect("inproc://example-proxyctx-in"); err != nil {
		log.Fatal(err)
	}
	if err := consumer.Connect("inproc://example-proxyctx-out"); err != nil {
		log.Fatal(err)
	}
	for _, task := range []string{"task 1", "task 2"} {
		if err := producer.SendString(task, 0); err != nil {
			log.Fatal(err)
		}
		got, err := consumer.RecvString(0)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("received", got)
	}

	cancel()
	fmt.Println("proxy returned:", <-done)
	for _, s := range []*zmq.Socket{front, back, producer, consumer} {
		if err := s.Close(); err != nil {
			log.Fatal(err)
		}
	}
	if err := zctx.Term(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// received task 1
	// received task 2
	// proxy returned: context canceled
}
