// Package perf holds what the Go versions of libzmq's perf tools
// (cmd/local_thr, cmd/remote_thr, cmd/local_lat and cmd/remote_lat) have
// in common: the checks of their arguments, their exits on error, their
// exit statuses and the fixed CURVE keys of libzmq 4.3.4's perf/ sources.
//
// Every diagnostic is one line on standard error, prefixed with the
// tool's name ("local_thr: error in zmq_bind ..."), except the usage
// line, which stands alone as in the C tools. The statuses are the C
// tools' own: ExitUsage for their return 1, ExitFail for their return -1.
package perf

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"

	"github.com/zmqgo/zmq"
)

// Exit statuses of the perf tools.
const (
	// ExitUsage is the status for a wrong number of arguments or an
	// argument out of range: the C tool's return 1.
	ExitUsage = 1
	// ExitFail is the status for a failed libzmq call or a message of
	// the wrong size: the C tool's return -1.
	ExitFail = 255
)

// The CURVE keys, in Z85, of libzmq's perf/local_thr.cpp and
// perf/remote_thr.cpp. They have to be these very keys for a CURVE run
// with the C tools: the client knows the server by ServerPublicKey, the
// public half of ServerSecretKey.
const (
	// ServerSecretKey is the long-term secret key of the CURVE server,
	// the receiving side of the throughput test (local_thr).
	ServerSecretKey = "{X}#>t#jRGaQ}gMhv=30r(Mw+87YGs+5%kh=i@f8"
	// ServerPublicKey is the public key matching ServerSecretKey, by
	// which the client (remote_thr) knows the server.
	ServerPublicKey = "DX4nh=yUn{-9ugra0X3Src4SU-4xTgqxcYY.+<SH"
	// ClientPublicKey is the public half of the client's key pair.
	ClientPublicKey = "<n^oA}I:66W+*ds3tAmi1+KJzv-}k&fC2aA5Bj0K"
	// ClientSecretKey is the secret half of the client's key pair.
	ClientSecretKey = "9R9bV}[6z6DC-%$!jTVTKvWc=LEL{4i4gzUe$@Zx"
)

// Tool is one perf tool: the name that prefixes its diagnostics and the
// usage line it prints for a wrong number of arguments. Its methods that
// check something exit the program when the check fails.
type Tool struct {
	Name  string // "local_thr"
	Usage string // "usage: local_thr <bind-to> ..."
}

// Args returns the program's arguments (os.Args without the program
// name) when there are as many as one of counts, or prints the usage line
// on standard error and exits with ExitUsage.
func (t Tool) Args(counts ...int) []string {
	args := os.Args[1:]
	if !slices.Contains(counts, len(args)) {
		fmt.Fprintln(os.Stderr, t.Usage)
		os.Exit(ExitUsage)
	}
	return args
}

// Int parses the argument called name as an integer from min to the C
// tool's INT_MAX, or exits with ExitUsage and a line saying what is wrong
// with it.
func (t Tool) Int(name, s string, min int) int {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || n < int64(min) {
		fmt.Fprintf(os.Stderr, "%s: %s must be an integer from %d to %d, not %q\n", t.Name, name, min, math.MaxInt32, s)
		os.Exit(ExitUsage)
	}
	return int(n)
}

// Flag parses an integer switch: 0 is off, any other integer on, as the
// C tool's atoi(argv[4]) != 0 (which reads a non-number as 0; here it
// is an error, which exits with ExitUsage).
func (t Tool) Flag(name, s string) bool {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %s must be an integer (0 for off, 1 for on), not %q\n", t.Name, name, s)
		os.Exit(ExitUsage)
	}
	return n != 0
}

// NeedCurve exits with ExitFail unless libzmq was built with CURVE, for
// a run with enable_curve on.
func (t Tool) NeedCurve() {
	if !zmq.Has("curve") {
		t.Fail("enable_curve: this libzmq was built without CURVE support")
	}
}

// CheckSize exits with ExitFail unless a message of n bytes is of the
// expected size, want.
func (t Tool) CheckSize(n, want int) {
	if n != want {
		t.Fail("message of incorrect size received: %d bytes, expected %d", n, want)
	}
}

// Check exits with ExitFail if err is not nil, naming the libzmq call
// that failed.
func (t Tool) Check(call string, err error) {
	if err == nil {
		return
	}
	// An *OpError says "zmq: bind <endpoint>: <cause>" (or connect...);
	// the call named here already says as much.
	var op *zmq.OpError
	if errors.As(err, &op) {
		err = op.Err
	}
	t.Fail("error in %s: %v", call, err)
}

// Fail prints one line on standard error, the tool's name and then the
// message formatted as by fmt.Printf, and exits with ExitFail, as the C
// tool's return -1 does.
func (t Tool) Fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, t.Name+": "+format+"\n", args...)
	os.Exit(ExitFail)
}
