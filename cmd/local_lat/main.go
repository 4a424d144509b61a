// Command local_lat is the echoing side of libzmq's latency test, written
// in Go over this binding. It takes the arguments of libzmq 4.3.4's
// perf/local_lat, so it pairs with the C remote_lat as well as with this
// binding's cmd/remote_lat, which measures and prints the results.
//
// Usage:
//
//	local_lat <bind-to> <message-size> <roundtrip-count>
//
// It binds a REP socket to bind-to and, roundtrip-count times, receives a
// message, checks that it is message-size bytes long and sends the same
// message back (one Msg, received with zmq_msg_recv and returned with
// zmq_msg_send, without a copy, as the C tool does). Like the C tool it
// prints nothing.
//
// The C tool sleeps one second before closing its socket; this one closes
// at once, since closing with libzmq's default LINGER (forever) and
// terminating the context already wait until the last reply is out.
//
// Exit status: 0 after the last roundtrip; 1 for a wrong number of
// arguments (the usage line), or an argument that is not a number in
// range; 255 when a libzmq call fails or a message of the wrong size
// arrives, where the C tool returns -1. Diagnostics go to standard error,
// one line each (the C tool prints them on standard output).
//
// # Running it
//
// Start local_lat first, then remote_lat with the same size and count:
//
//	go build -o bin/ ./cmd/local_lat ./cmd/remote_lat
//	bin/local_lat tcp://127.0.0.1:5556 64 20000 &
//	bin/remote_lat tcp://127.0.0.1:5556 64 20000
//	wait
//
// # Pairing with libzmq's C tools
//
// Debian ships no binaries of libzmq's perf tools (libzmq3-dev has the
// library and headers only). Build them from the perf/ directory of the
// libzmq 4.3.4 source (the release tarball, or "apt-get source zeromq3"
// with a deb-src line), against the installed libzmq3-dev:
//
//	cd libzmq-4.3.4    # zeromq3-4.3.4 from apt-get source
//	for t in local_thr remote_thr local_lat remote_lat; do
//		g++ -O2 -o $t perf/$t.cpp $(pkg-config --cflags --libs libzmq)
//	done
//
// then run the C remote_lat against this local_lat, or this binding's
// remote_lat against the C local_lat, with the same arguments as above.
package main

import (
	"strconv"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/perf"
)

var tool = perf.Tool{
	Name:  "local_lat",
	Usage: "usage: local_lat <bind-to> <message-size> <roundtrip-count>",
}

func main() {
	args := tool.Args(3)
	bindTo := args[0]
	size := tool.Int("message-size", args[1], 0)
	count := tool.Int("roundtrip-count", args[2], 1)

	ctx, err := zmq.Init(1)
	tool.Check("zmq_init", err)
	s, err := ctx.NewSocket(zmq.REP)
	tool.Check("zmq_socket", err)
	tool.Check("zmq_bind "+strconv.Quote(bindTo), s.Bind(bindTo))

	var msg zmq.Msg
	for i := 0; i < count; i++ {
		if err := s.RecvMsg(&msg, 0); err != nil {
			tool.Check("zmq_msg_recv", err)
		}
		if n := msg.Len(); n != size {
			tool.CheckSize(n, size)
		}
		if err := s.SendMsg(&msg, 0); err != nil {
			tool.Check("zmq_msg_send", err)
		}
	}

	tool.Check("zmq_msg_close", msg.Close())
	tool.Check("zmq_close", s.Close())
	tool.Check("zmq_ctx_term", ctx.Term())
}
