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
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"time"

	"github.com/zmqgo/zmq"
)

const (
	prog  = "local_thr"
	usage = "usage: local_thr <bind-to> <message-size> <message-count> [<enable_curve>]"
)

// The long-term secret key of the CURVE server, in Z85: the one
// libzmq's perf/local_thr.cpp uses. It has to be that very key for a
// CURVE run with the C remote_thr, which knows the server by the
// matching public key.
const serverSecretKey = "{X}#>t#jRGaQ}gMhv=30r(Mw+87YGs+5%kh=i@f8"

// Exit statuses.
const (
	exitUsage = 1   // the C tool's return 1
	exitFail  = 255 // the C tool's return -1
)

func main() {
	args := os.Args[1:]
	if len(args) != 3 && len(args) != 4 {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(exitUsage)
	}
	bindTo := args[0]
	size := intArg("message-size", args[1], 0)
	count := intArg("message-count", args[2], 1)
	curve := len(args) == 4 && flagArg("enable_curve", args[3])

	ctx, err := zmq.Init(1)
	check("zmq_init", err)
	s, err := ctx.NewSocket(zmq.PULL)
	check("zmq_socket", err)
	if curve {
		if !zmq.Has("curve") {
			fail("enable_curve: this libzmq was built without CURVE support")
		}
		check("zmq_setsockopt ZMQ_CURVE_SECRETKEY", s.SetCurveSecretKey([]byte(serverSecretKey)))
		check("zmq_setsockopt ZMQ_CURVE_SERVER", s.SetCurveServer(true))
	}
	check("zmq_bind "+strconv.Quote(bindTo), s.Bind(bindTo))

	// One Msg receives every message, as the C tool's zmq_msg_t does:
	// zmq_msg_recv without a copy into Go memory, and no allocation.
	var msg zmq.Msg
	check("zmq_msg_recv", s.RecvMsg(&msg, 0))
	checkSize(msg.Len(), size)

	start := time.Now()
	for i := 1; i < count; i++ {
		if err := s.RecvMsg(&msg, 0); err != nil {
			check("zmq_msg_recv", err)
		}
		if n := msg.Len(); n != size {
			checkSize(n, size)
		}
	}
	elapsed := time.Since(start).Microseconds()
	if elapsed == 0 {
		elapsed = 1
	}

	check("zmq_msg_close", msg.Close())

	throughput := float64(count) / float64(elapsed) * 1000000
	megabits := throughput * float64(size) * 8 / 1000000
	fmt.Printf("message size: %d [B]\nmessage count: %d\nmean throughput: %d [msg/s]\nmean throughput: %.3f [Mb/s]\n",
		size, count, int64(throughput), megabits)

	check("zmq_close", s.Close())
	check("zmq_ctx_term", ctx.Term())
}

// intArg parses the argument called name as an integer from min to the
// C tool's INT_MAX, or exits with a line saying what is wrong with it.
func intArg(name, s string, min int) int {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || n < int64(min) {
		fmt.Fprintf(os.Stderr, "%s: %s must be an integer from %d to %d, not %q\n", prog, name, min, math.MaxInt32, s)
		os.Exit(exitUsage)
	}
	return int(n)
}

// flagArg parses an integer switch: 0 is off, any other integer on, as
// the C tool's atoi(argv[4]) != 0 (which reads a non-number as 0; here it
// is an error).
func flagArg(name, s string) bool {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %s must be an integer (0 for off, 1 for on), not %q\n", prog, name, s)
		os.Exit(exitUsage)
	}
	return n != 0
}

// checkSize exits unless a message of n bytes is of the expected size.
func checkSize(n, want int) {
	if n != want {
		fail("message of incorrect size received: %d bytes, expected %d", n, want)
	}
}

// check exits if err is not nil, naming the libzmq call that failed.
func check(call string, err error) {
	if err == nil {
		return
	}
	// An *OpError says "zmq: bind <endpoint>: <cause>"; the call named
	// here already says as much.
	var op *zmq.OpError
	if errors.As(err, &op) {
		err = op.Err
	}
	fail("error in %s: %v", call, err)
}

// fail prints one line on standard error and exits as the C tool's
// return -1 does.
func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, prog+": "+format+"\n", args...)
	os.Exit(exitFail)
}
