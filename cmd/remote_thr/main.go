// Command remote_thr is the sending side of libzmq's throughput test,
// written in Go over this binding. It takes the arguments of libzmq
// 4.3.4's perf/remote_thr, so it pairs with the C local_thr as well as
// with this binding's cmd/local_thr, which prints the results.
//
// Usage:
//
//	remote_thr <connect-to> <message-size> <message-count> [<enable_curve>]
//
// It connects a PUSH socket to connect-to, sends message-count messages of
// message-size bytes (zeros), closes the socket and terminates the
// context, which waits until every message has gone out (LINGER is
// libzmq's default, forever). Like the C tool it prints nothing.
//
// The C tool builds each message with zmq_msg_init_size and zmq_sendmsg;
// here each is one Send of the same []byte, the binding's path without
// allocation, which costs the same single zmq_send call (libzmq copies the
// bytes into its own message, inline in it when they are few).
//
// A non-zero enable_curve turns on CURVE encryption with the fixed key
// pairs of libzmq's perf tools, so a CURVE run pairs with the C local_thr
// too. The socket options are otherwise libzmq's defaults (SNDHWM 1000,
// one I/O thread), as the C tool leaves them.
//
// Connecting is asynchronous in libzmq: an address nobody listens on, or
// a host name that does not resolve, is not an error; libzmq keeps
// retrying and the tool waits, as the C tool does (interrupt it).
//
// Exit status: 0 once every message is sent; 1 for a wrong number of
// arguments (the usage line), or an argument that is not a number in
// range; 255 when a libzmq call fails, where the C tool returns -1.
// Diagnostics go to standard error, one line each.
//
// # Running it
//
// Start the receiver first (either way works: libzmq keeps retrying the
// connection, and Send waits until there is a peer), with the same size
// and count:
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
// then run this remote_thr against the C local_thr, or the C remote_thr
// against this binding's local_thr, with the same arguments as above.
package main

import (
	"strconv"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/perf"
)

var tool = perf.Tool{
	Name:  "remote_thr",
	Usage: "usage: remote_thr <connect-to> <message-size> <message-count> [<enable_curve>]",
}

func main() {
	args := tool.Args(3, 4)
	connectTo := args[0]
	size := tool.Int("message-size", args[1], 0)
	count := tool.Int("message-count", args[2], 1)
	curve := len(args) == 4 && tool.Flag("enable_curve", args[3])

	ctx, err := zmq.Init(1)
	tool.Check("zmq_init", err)
	s, err := ctx.NewSocket(zmq.PUSH)
	tool.Check("zmq_socket", err)
	if curve {
		tool.NeedCurve()
		// The client's own key pair, and the public key of the server
		// (whose secret key local_thr holds).
		tool.Check("zmq_setsockopt ZMQ_CURVE_SECRETKEY", s.SetCurveSecretKey([]byte(perf.ClientSecretKey)))
		tool.Check("zmq_setsockopt ZMQ_CURVE_PUBLICKEY", s.SetCurvePublicKey([]byte(perf.ClientPublicKey)))
		tool.Check("zmq_setsockopt ZMQ_CURVE_SERVERKEY", s.SetCurveServerKey([]byte(perf.ServerPublicKey)))
	}
	tool.Check("zmq_connect "+strconv.Quote(connectTo), s.Connect(connectTo))

	buf := make([]byte, size)
	for i := 0; i < count; i++ {
		if err := s.Send(buf, 0); err != nil {
			tool.Check("zmq_send", err)
		}
	}

	tool.Check("zmq_close", s.Close())
	tool.Check("zmq_ctx_term", ctx.Term())
}
