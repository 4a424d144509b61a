// Command zmqcat sends and receives ZeroMQ messages from the shell: cat
// for any ZeroMQ endpoint.
//
//	zmqcat -t TYPE (-b EP | -c EP)... [flags]
//
// For instance:
//
//	zmqcat -t push -c tcp://localhost:5557 < lines.txt      # each line is a message
//	zmqcat -t sub -c tcp://localhost:5556 -s "10001 " --count 5
//	zmqcat -t rep -b 'tcp://*:5555' --echo                   # an echo server
//	zmqcat -t req -c tcp://localhost:5555 -m "hello"         # prints the reply
//
// TYPE is pub, sub, push, pull, req, rep, dealer, router or pair. What
// zmqcat sends comes from the -m flags, or else from standard input, one
// message a line; what it receives is printed on standard output, one
// message a line. A pub or push sends its input and exits; a sub or pull
// prints what arrives; a req sends each message and prints its reply; a
// rep prints each request and answers it (with --echo, with the request
// itself; else with the next input message, the -m list being repeated);
// a dealer, router or pair sends its input and prints what arrives at the
// same time (with --echo, it sends back what arrives).
//
// Flags:
//
//	-t, --type TYPE           the socket type (required)
//	-b, --bind EP[,EP...]     bind to the endpoints (repeatable)
//	-c, --connect EP[,EP...]  connect to the endpoints (repeatable)
//	-s, --subscribe PREFIX    sub: subscribe to PREFIX (repeatable; default: everything)
//	-m, --message TEXT        send TEXT instead of reading standard input (repeatable)
//	--echo                    rep, dealer, router, pair: send back each message received
//	--multipart               split each input line (and -m) into frames at --delim
//	--delim D                 the frame delimiter, in input and output (default "|")
//	--raw                     binary messages in the length-prefixed form, in and out
//	--hex                     print every frame in hex
//	-n, --count N             stop after N messages (received; sent by pub and push; answered by rep)
//	--timeout D               give up after D (e.g. 5s)
//	--interval D              wait D between two messages sent
//	--linger D                after a complete run, how long unsent messages may wait (default 1s; -1 = for ever)
//	--curve-server-secret KEY be a CURVE server with this secret key (its public key is printed on stderr)
//	--curve-allow KEY[,KEY...] with --curve-server-secret: only clients with these public keys may connect
//	--curve-server-key KEY    be a CURVE client of the server with this public key (with --curve-secret)
//	--curve-secret KEY        the CURVE client's secret key (its public key is derived)
//	-h, --help                this help
//
// CURVE keys are 40 characters of Z85 text. A CURVE server without
// --curve-allow lets in every client that knows its public key (and says
// so on stderr); with it, an authenticator (zmq.Authenticator) refuses
// the other keys, whose handshakes never complete.
//
// A received frame is printed as it is when it is valid UTF-8 without
// control characters (tabs are allowed), else as 0x and its bytes in hex
// (0x00ff), and always in hex with --hex. The frames of a multipart
// message are separated by --delim, so that the output of zmqcat
// --multipart is input for zmqcat --multipart.
//
// With --raw, input and output are messages in a length-prefixed binary
// form: a 4-byte big-endian frame count (at least 1), then each frame as
// a 4-byte big-endian length and that many bytes, with nothing between
// messages.
//
// Exit status: 0 when the expected messages came through (--count of
// them; without --count, all the input for a sender or req, and at least
// one message for a receiver stopped by --timeout or Ctrl-C), 1 on
// --timeout, Ctrl-C or input that ended with fewer, or a failure; 2 for a
// usage error (a bad flag, type or endpoint, or malformed --raw input).
//
// A push or pub that connects has ZMQ_IMMEDIATE set, so that it waits
// for a live peer instead of queuing for one that is not there (bounded
// by --timeout). Sockets that receive do not: with ZMQ_IMMEDIATE, libzmq
// drops the messages that arrived but were not read yet when the peer
// disconnects (a rep that answers and exits).
//
// Binding a wildcard endpoint (tcp://127.0.0.1:*) prints the endpoint it
// got on stderr: "zmqcat: bound to tcp://127.0.0.1:41234". Quote such
// endpoints in the shell.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/cli"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "zmqcat: %v (zmqcat --help for usage)\n", err)
		return 2
	}
	code, err := cat(cfg, stdin, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "zmqcat: %v\n", err)
	}
	return code
}

// cat runs zmqcat and returns the exit status, and what to say about it.
func cat(cfg *config, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return 1, fmt.Errorf("new context: %w", err)
	}
	// SIGINT, SIGTERM and the --timeout timer shut the context down, which
	// ends any wait of the session with ErrTerm.
	stop := zmq.CatchSignals(ctx)
	defer stop()
	var timedOut atomic.Bool
	stopTimer := func() bool { return false }
	if cfg.timeout > 0 {
		timer := time.AfterFunc(cfg.timeout, func() {
			timedOut.Store(true)
			ctx.Shutdown()
		})
		stopTimer = timer.Stop
	}

	auth, err := cfg.curve.Authenticate(ctx)
	if err != nil {
		ctx.Term()
		return 1, err
	}
	sock, err := ctx.NewSocket(cfg.typ)
	if err != nil {
		if auth != nil {
			auth.Close()
		}
		ctx.Term()
		return 1, fmt.Errorf("new %v socket: %w", cfg.typ, err)
	}
	code, err := setupAndRun(cfg, sock, stdin, stdout, stderr)
	stopTimer()
	if !errors.Is(err, zmq.ErrTerm) {
		// Not stopped: what is still queued gets --linger to leave. (A
		// stopped run keeps LINGER 0: once a call has returned ErrTerm,
		// libzmq refuses to change LINGER.)
		if lerr := sock.SetLinger(cfg.linger); lerr != nil && !errors.Is(lerr, zmq.ErrTerm) && code == 0 {
			err, code = lerr, 1
		}
	}
	if errors.Is(err, zmq.ErrTerm) {
		// Stopped by a signal or the timeout before the run was complete.
		reason := "stopped"
		switch {
		case zmq.Interrupted():
			reason = "interrupted"
		case timedOut.Load():
			reason = fmt.Sprintf("timeout after %v", cfg.timeout)
		}
		var st *stoppedError
		if errors.As(err, &st) {
			err = fmt.Errorf("%s: %s", reason, st.progress)
		} else {
			err = fmt.Errorf("%s while setting up the socket", reason)
		}
	}
	if cerr := sock.Close(); cerr != nil && code == 0 {
		err, code = fmt.Errorf("close socket: %w", cerr), 1
	}
	// After the socket it guards: a CURVE server without its
	// authenticator lets every client in.
	if auth != nil {
		if aerr := auth.Close(); aerr != nil && code == 0 {
			err, code = fmt.Errorf("close authenticator: %w", aerr), 1
		}
	}
	if terr := ctx.Term(); terr != nil && code == 0 {
		err, code = fmt.Errorf("terminate context: %w", terr), 1
	}
	return code, err
}

// stoppedError is a run that a signal or the timeout ended early; it
// unwraps to ErrTerm.
type stoppedError struct{ progress string }

func (e *stoppedError) Error() string { return "stopped: " + e.progress }

func (e *stoppedError) Unwrap() error { return zmq.ErrTerm }

// setupAndRun sets the socket up and runs the session on it.
func setupAndRun(cfg *config, sock *zmq.Socket, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	// LINGER 0 until the run is complete, when cat sets --linger.
	if err := sock.SetLinger(0); err != nil {
		return 1, err
	}
	if err := cfg.curve.Apply(sock, true, true); err != nil {
		return 1, err
	}
	if len(cfg.connects) > 0 && cfg.role == sender {
		if err := sock.SetImmediate(true); err != nil {
			return 1, err
		}
	}
	if cfg.typ == zmq.SUB {
		prefixes := cfg.subscribe
		if len(prefixes) == 0 {
			prefixes = []string{""}
		}
		for _, p := range prefixes {
			if err := sock.SetSubscribe(p); err != nil {
				return 1, fmt.Errorf("subscribe %q: %w", p, err)
			}
		}
	}
	for _, ep := range cfg.binds {
		if err := sock.Bind(ep); err != nil {
			return endpointError(cfg, "bind", ep, err)
		}
		if strings.Contains(ep, "*") {
			if last, err := sock.LastEndpoint(); err == nil {
				fmt.Fprintf(stderr, "zmqcat: bound to %s\n", last)
			}
		}
	}
	for _, ep := range cfg.connects {
		if err := sock.Connect(ep); err != nil {
			return endpointError(cfg, "connect", ep, err)
		}
	}
	if cfg.curve.Server() {
		fmt.Fprintf(stderr, "zmqcat: CURVE server public key %s\n", cfg.curve.ServerPublic)
		if len(cfg.curve.Allowed) == 0 {
			fmt.Fprintln(stderr, "zmqcat: no --curve-allow: every client that knows this public key may connect")
		}
	}

	s := &session{cfg: cfg, role: cfg.role, sock: sock, out: bufio.NewWriter(stdout)}
	sends := cfg.role == sender || cfg.role == requester || ((cfg.role == replier || cfg.role == peer) && !cfg.echo)
	switch {
	case !sends:
	case cfg.messages != nil:
		cycle := cfg.role == replier || (cfg.count > 0 && (cfg.role == sender || cfg.role == requester))
		s.in = fixedInput(cfg.messages, cycle)
	default:
		read := func(br *bufio.Reader) ([][]byte, error) { return readLine(br, cfg.multipart, cfg.delim) }
		if cfg.raw {
			read = readRaw
		}
		in, err := streamInput(stdin, read)
		if err != nil {
			return 1, fmt.Errorf("input pipe: %w", err)
		}
		defer in.close()
		s.in = in
	}

	ok, err := s.run()
	switch {
	case errors.Is(err, zmq.ErrTerm):
		if s.stoppedOK() {
			return 0, nil
		}
		return 1, &stoppedError{s.progress()}
	case err != nil:
		var bad *badInputError
		if errors.As(err, &bad) {
			return 2, err
		}
		return 1, fmt.Errorf("%v: %w", cfg.typ, err)
	case !ok && s.inputEnded:
		return 1, fmt.Errorf("input ended: %s", s.progress())
	case !ok:
		return 1, errors.New(s.progress())
	}
	return 0, nil
}

// endpointError reports a failed bind or connect: a usage error, unless
// the context was shut down meanwhile (a signal, the timeout).
func endpointError(cfg *config, op, ep string, err error) (int, error) {
	if errors.Is(err, zmq.ErrTerm) {
		return 1, err
	}
	var oe *zmq.OpError
	if errors.As(err, &oe) {
		err = oe.Err
	}
	return 2, &cli.UsageError{Msg: fmt.Sprintf("%v %s %s: %v", cfg.typ, op, ep, err), Err: err}
}
