package zmq_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log"

	"github.com/zmqgo/zmq"
)

// An option by its number in zmq.h, for an option the typed setters do
// not cover. A draft option, such as ZMQ_ROUTER_NOTIFY, exists only in a
// libzmq built with the draft API; elsewhere it is refused with
// ErrInvalid.
func ExampleSocket_SetOptionInt() {
	const (
		zmqRouterMandatory = 33 // ZMQ_ROUTER_MANDATORY
		zmqRouterNotify    = 97 // ZMQ_ROUTER_NOTIFY, draft
		zmqNotifyConnect   = 1  // ZMQ_NOTIFY_CONNECT
	)
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	router, err := ctx.NewSocket(zmq.ROUTER)
	if err != nil {
		log.Fatal(err)
	}
	defer router.Close()

	if err := router.SetOptionInt(zmqRouterMandatory, 1); err != nil {
		log.Fatal(err)
	}
	if zmq.Has("draft") {
		if err := router.SetOptionInt(zmqRouterNotify, zmqNotifyConnect); err != nil {
			log.Fatal(err)
		}
	}
	// With ROUTER_MANDATORY, a message to an unknown peer is an error.
	err = router.SendMessage([][]byte{[]byte("nobody"), []byte("Hello")}, zmq.DONTWAIT)
	fmt.Println(errors.Is(err, zmq.ErrHostUnreachable))
	// Output:
	// true
}

// Reading an option by its number gives what the typed getter gives.
func ExampleSocket_OptionInt() {
	const zmqSndHWM = 23 // ZMQ_SNDHWM
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	if err := s.SetSndHWM(5000); err != nil {
		log.Fatal(err)
	}
	hwm, err := s.OptionInt(zmqSndHWM)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(hwm)

	_, err = s.OptionInt(9999)
	fmt.Println(err)
	// Output:
	// 5000
	// zmq: getsockopt option 9999: Invalid argument
}

// An option that is not a C int takes its bytes: a string without a NUL,
// an int64_t in the machine's byte order.
func ExampleSocket_SetOptionBytes() {
	const (
		zmqRoutingID  = 5  // ZMQ_ROUTING_ID
		zmqMaxMsgSize = 22 // ZMQ_MAXMSGSIZE, an int64_t
	)
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	s, err := ctx.NewSocket(zmq.DEALER)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	if err := s.SetOptionBytes(zmqRoutingID, []byte("worker-1")); err != nil {
		log.Fatal(err)
	}
	size := binary.NativeEndian.AppendUint64(nil, 1<<20)
	if err := s.SetOptionBytes(zmqMaxMsgSize, size); err != nil {
		log.Fatal(err)
	}
	id, err := s.RoutingID()
	if err != nil {
		log.Fatal(err)
	}
	max, err := s.MaxMsgSize()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s %d\n", id, max)
	// Output:
	// worker-1 1048576
}

// A string option comes with the NUL libzmq counts in its length. A value
// longer than the buffer is refused, not cut.
func ExampleSocket_OptionBytes() {
	const zmqLastEndpoint = 32 // ZMQ_LAST_ENDPOINT
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()
	s, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	if err := s.Bind("inproc://raw-options"); err != nil {
		log.Fatal(err)
	}

	endpoint, err := s.OptionBytes(zmqLastEndpoint, 256)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", endpoint)

	_, err = s.OptionBytes(zmqLastEndpoint, 8)
	fmt.Println(err)
	// Output:
	// "inproc://raw-options\x00"
	// zmq: getsockopt option 32: Invalid argument
}
