// Command vgcover drives every path of package zmq that reaches C, so
// that `make valgrind` can watch them all under memcheck: every Msg
// operation (NewMsg, NewMsgData, Bytes, Len, More, Copy, Move, Get, Close, RecvMsg
// into the zero Msg, SendMsg), single and multipart Send and Recv over
// inproc, ipc and tcp, every socket and context option set and read back
// (a loop over reflection, so a new option is covered without an edit
// here), Poll and Poller on sockets and a pipe, Device, Proxy,
// ProxySteerable with a ProxyController, the orders of Close, Term,
// Shutdown and Destroy (with calls blocked in other goroutines), the
// Context calls, deadlines, PollContext and ProxyContext, CURVE keys, the
// authenticator and the monitor, the
// cleanups of dropped Sockets, Contexts and Msgs, and CatchSignals with a
// real SIGINT.
//
// It exits 0 when every step did what the package documents, and prints
// one line per section. Errors that a step expects (an option a socket
// type refuses) are part of the path and are not failures.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/verify/scrub"
)

func main() {
	scrubFreed := flag.Bool("scrub", false, "before exiting, clear freed Go memory of stale pointers to C memory (for a leak check)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("vgcover: ")
	dir, err := os.MkdirTemp("", "vgcover-")
	check(err)
	defer os.RemoveAll(dir)

	sections := []struct {
		name string
		fn   func()
	}{
		{"info", info},
		{"context options", contextOptions},
		{"socket options", socketOptions},
		{"messages", messages},
		{"transports", func() { transports(dir) }},
		{"poll", poll},
		{"devices", devices},
		{"waits", waits},
		{"security", security},
		{"lifecycle", lifecycle},
		{"cleanups", cleanups},
		{"signals", signals},
	}
	for _, s := range sections {
		start := time.Now()
		s.fn()
		fmt.Printf("vgcover: %-16s ok (%.1fs)\n", s.name, time.Since(start).Seconds())
	}
	if *scrubFreed {
		scrub.FreedGoMemory()
	}
	fmt.Println("vgcover: done")
}

func check(err error) {
	if err != nil {
		_, file, line, _ := runtime.Caller(1)
		log.Fatalf("%s:%d: %v", filepath.Base(file), line, err)
	}
}

func want(err, target error) {
	if !errors.Is(err, target) {
		_, file, line, _ := runtime.Caller(1)
		log.Fatalf("%s:%d: got error %v, want %v", filepath.Base(file), line, err, target)
	}
}

func assert(ok bool, format string, args ...any) {
	if !ok {
		_, file, line, _ := runtime.Caller(1)
		log.Fatalf("%s:%d: %s", filepath.Base(file), line, fmt.Sprintf(format, args...))
	}
}

func newCtx() *zmq.Context {
	ctx, err := zmq.NewContext()
	check(err)
	return ctx
}

func newSock(ctx *zmq.Context, t zmq.Type) *zmq.Socket {
	s, err := ctx.NewSocket(t)
	check(err)
	check(s.SetLinger(0))
	return s
}

// pair returns two connected sockets over endpoint.
func pair(ctx *zmq.Context, bt, ct zmq.Type, endpoint string) (*zmq.Socket, *zmq.Socket) {
	b := newSock(ctx, bt)
	check(b.Bind(endpoint))
	if strings.HasSuffix(endpoint, ":*") {
		ep, err := b.LastEndpoint()
		check(err)
		endpoint = ep
	}
	c := newSock(ctx, ct)
	check(c.Connect(endpoint))
	return b, c
}

// info covers the calls that only ask libzmq: the version, capabilities
// and error texts.
func info() {
	major, minor, patch := zmq.Version()
	assert(major == 4, "libzmq %d.%d.%d", major, minor, patch)
	for _, c := range []string{"ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft", "nothing"} {
		zmq.Has(c)
	}
	for _, e := range []error{zmq.ErrAgain, zmq.ErrTerm, zmq.ErrInterrupted, zmq.ErrFSM, zmq.ErrHostUnreachable,
		zmq.ErrNotSupported, zmq.ErrMTHREAD, zmq.ErrNoCompatProto, zmq.ErrInvalid, zmq.Errno(12345)} {
		assert(e.Error() != "", "empty text for %d", e)
	}
}
