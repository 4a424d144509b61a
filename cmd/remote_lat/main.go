// Command remote_lat is the measuring side of libzmq's latency test,
// written in Go over this binding. It takes the arguments of libzmq
// 4.3.4's perf/remote_lat and prints the same lines, so either side of a
// run can be the C tool or the Go one.
//
// Usage:
//
//	remote_lat <connect-to> <message-size> <roundtrip-count>
//
// It connects a REQ socket to connect-to and, roundtrip-count times, sends
// a message of message-size bytes (zeros) and waits for the echo, checking
// its size; the one Msg goes out with zmq_msg_send and comes back with
// zmq_msg_recv, without a copy, as in the C tool. The clock runs from
// before the first send to after the last reply, so the first roundtrip
// includes the wait for the connection, as in the C tool. Then it prints,
// on standard output:
//
//	message size: 64 [B]
//	roundtrip count: 20000
//	average latency: 31.247 [us]
//
// The latency is libzmq's one-way figure: the elapsed time in whole
// microseconds of a monotonic clock divided by twice the roundtrip count.
//
// Connecting is asynchronous in libzmq: an address nobody listens on, or
// a host name that does not resolve, is not an error; libzmq keeps
// retrying and the tool waits, as the C tool does (interrupt it).
//
// Exit status: 0 after a complete run; 1 for a wrong number of arguments
// (the usage line), or an argument that is not a number in range; 255 when
// a libzmq call fails or a reply of the wrong size arrives, where the C
// tool returns -1. Diagnostics go to standard error, one line each (the C
// tool prints them on standard output), so standard output holds only the
// three result lines.
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
// then run this remote_lat against the C local_lat, or the C remote_lat
// against this binding's local_lat, with the same arguments as above.
package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/perf"
)

var tool = perf.Tool{
	Name:  "remote_lat",
	Usage: "usage: remote_lat <connect-to> <message-size> <roundtrip-count>",
}

func main() {
	args := tool.Args(3)
	connectTo := args[0]
	size := tool.Int("message-size", args[1], 0)
	count := tool.Int("roundtrip-count", args[2], 1)

	ctx, err := zmq.Init(1)
	tool.Check("zmq_init", err)
	s, err := ctx.NewSocket(zmq.REQ)
	tool.Check("zmq_socket", err)
	tool.Check("zmq_connect "+strconv.Quote(connectTo), s.Connect(connectTo))

	msg, err := zmq.NewMsg(size)
	tool.Check("zmq_msg_init_size", err)
	clear(msg.Bytes()) // NewMsg does not zero; the C tool memsets to 0

	start := time.Now()
	for i := 0; i < count; i++ {
		if err := s.SendMsg(msg, 0); err != nil {
			tool.Check("zmq_msg_send", err)
		}
		if err := s.RecvMsg(msg, 0); err != nil {
			tool.Check("zmq_msg_recv", err)
		}
		if n := msg.Len(); n != size {
			tool.CheckSize(n, size)
		}
	}
	elapsed := time.Since(start).Microseconds()

	tool.Check("zmq_msg_close", msg.Close())

	latency := float64(elapsed) / (float64(count) * 2)
	fmt.Printf("message size: %d [B]\nroundtrip count: %d\naverage latency: %.3f [us]\n",
		size, count, latency)

	tool.Check("zmq_close", s.Close())
	tool.Check("zmq_ctx_term", ctx.Term())
}
