// Command local_thr is the receiving side of libzmq's throughput test,
// written in Go over this binding. It takes the arguments of libzmq
// 4.3.4's perf/local_thr and prints the same lines, so either side of a
// run can be the C tool or the Go one.
//
// Usage:
//
//	local_thr <bind-to> <message-size> <message-count> [<enable_curve>]
//
// It binds a PULL socket to bind-to, receives message-count messages and
// checks that each is message-size bytes long. The clock starts when the
// first message has arrived and stops after the last, so connection set-up
// is not counted (while the count in the rate includes the first message,
// as in the C tool). Then it prints, on standard output:
//
//	message size: 64 [B]
//	message count: 1000000
//	mean throughput: 2581471 [msg/s]
//	mean throughput: 1321.713 [Mb/s]
//
// The formulas are libzmq's: the elapsed time is counted in whole
// microseconds of a monotonic clock (at least 1), msg/s is count divided
// by it, truncated to an integer for printing, and Mb/s is msg/s (before
// truncation) times message-size times 8 divided by 10^6.
//
// A non-zero enable_curve turns on CURVE encryption with the fixed key
// pairs of libzmq's perf tools, so a CURVE run pairs with the C
// remote_thr too. The socket options are otherwise libzmq's defaults
// (RCVHWM 1000, one I/O thread), as the C tool leaves them.
//
// Exit status: 0 after a complete run; 1 for a wrong number of arguments
// (the usage line), or an argument that is not a number in range; 255 when
// a libzmq call fails or a message of the wrong size arrives, where the C
// tool returns -1. Diagnostics go to standard error, one line each (the C
// tool prints them on standard output), so standard output holds only the
// four result lines.
//
// # Running it
//
// Start local_thr first, then the sender with the same size and count;
// local_thr prints when the last message is in:
//
//	go build -o bin/ ./cmd/local_thr ./cmd/remote_thr
//	bin/local_thr tcp://127.0.0.1:5555 64 1000000 &
//	bin/remote_thr tcp://127.0.0.1:5555 64 1000000
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
// then run the C remote_thr against this local_thr, or this binding's
// remote_thr against the C local_thr, with the same arguments as above.
package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/perf"
)

var tool = perf.Tool{
	Name:  "local_thr",
	Usage: "usage: local_thr <bind-to> <message-size> <message-count> [<enable_curve>]",
}

func main() {
	args := tool.Args(3, 4)
	bindTo := args[0]
	size := tool.Int("message-size", args[1], 0)
	count := tool.Int("message-count", args[2], 1)
	curve := len(args) == 4 && tool.Flag("enable_curve", args[3])

	ctx, err := zmq.Init(1)
	tool.Check("zmq_init", err)
	s, err := ctx.NewSocket(zmq.PULL)
	tool.Check("zmq_socket", err)
	if curve {
		tool.NeedCurve()
		// The C remote_thr knows the server by the matching public key.
		tool.Check("zmq_setsockopt ZMQ_CURVE_SECRETKEY", s.SetCurveSecretKey([]byte(perf.ServerSecretKey)))
		tool.Check("zmq_setsockopt ZMQ_CURVE_SERVER", s.SetCurveServer(true))
	}
	tool.Check("zmq_bind "+strconv.Quote(bindTo), s.Bind(bindTo))

	// One Msg receives every message, as the C tool's zmq_msg_t does:
	// zmq_msg_recv without a copy into Go memory, and no allocation.
	var msg zmq.Msg
	tool.Check("zmq_msg_recv", s.RecvMsg(&msg, 0))
	tool.CheckSize(msg.Len(), size)

	start := time.Now()
	for i := 1; i < count; i++ {
		if err := s.RecvMsg(&msg, 0); err != nil {
			tool.Check("zmq_msg_recv", err)
		}
		if n := msg.Len(); n != size {
			tool.CheckSize(n, size)
		}
	}
	elapsed := time.Since(start).Microseconds()
	if elapsed == 0 {
		elapsed = 1
	}

	tool.Check("zmq_msg_close", msg.Close())

	throughput := float64(count) / float64(elapsed) * 1000000
	megabits := throughput * float64(size) * 8 / 1000000
	fmt.Printf("message size: %d [B]\nmessage count: %d\nmean throughput: %d [msg/s]\nmean throughput: %.3f [Mb/s]\n",
		size, count, int64(throughput), megabits)

	tool.Check("zmq_close", s.Close())
	tool.Check("zmq_ctx_term", ctx.Term())
}
