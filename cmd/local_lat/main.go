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
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"

	"github.com/zmqgo/zmq"
)

const (
	prog  = "local_lat"
	usage = "usage: local_lat <bind-to> <message-size> <roundtrip-count>"
)

// Exit statuses.
const (
	exitUsage = 1   // the C tool's return 1
	exitFail  = 255 // the C tool's return -1
)

func main() {
	args := os.Args[1:]
	if len(args) != 3 {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(exitUsage)
	}
	bindTo := args[0]
	size := intArg("message-size", args[1], 0)
	count := intArg("roundtrip-count", args[2], 1)

	ctx, err := zmq.Init(1)
	check("zmq_init", err)
	s, err := ctx.NewSocket(zmq.REP)
	check("zmq_socket", err)
	check("zmq_bind "+strconv.Quote(bindTo), s.Bind(bindTo))

	var msg zmq.Msg
	for i := 0; i < count; i++ {
		if err := s.RecvMsg(&msg, 0); err != nil {
			check("zmq_msg_recv", err)
		}
		if n := msg.Len(); n != size {
			fail("message of incorrect size received: %d bytes, expected %d", n, size)
		}
		if err := s.SendMsg(&msg, 0); err != nil {
			check("zmq_msg_send", err)
		}
	}

	check("zmq_msg_close", msg.Close())
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
