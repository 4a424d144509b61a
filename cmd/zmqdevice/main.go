// Command zmqdevice runs one of the ZeroMQ Guide's devices as a
// stand-alone process, between any peers:
//
//	zmqdevice queue|forwarder|streamer --frontend EP[,EP...] --backend EP[,EP...] [flags]
//
// A queue is a request-reply broker (ROUTER frontend for clients, DEALER
// backend for services), a forwarder a pub-sub proxy (XSUB frontend for
// publishers, XPUB backend for subscribers; SUB and PUB with --subscribe),
// a streamer a pipeline stage (PULL frontend, PUSH backend). Each side
// binds its endpoints, or connects to them with --frontend-mode connect /
// --backend-mode connect. Messages pass whole: the frames of a multipart
// message are never split or interleaved.
//
// Flags:
//
//	--frontend EP[,EP...]     endpoints of the frontend (required)
//	--backend EP[,EP...]      endpoints of the backend (required)
//	--frontend-mode MODE      bind (default) or connect
//	--backend-mode MODE       bind (default) or connect
//	--capture EP[,EP...]      a PUB socket that gets a copy of every message, both ways
//	--capture-mode MODE       bind (default) or connect
//	--hwm N                   SNDHWM and RCVHWM of every socket (0: no limit; default libzmq's 1000)
//	--subscribe PREFIX        forwarder only, repeatable: subscribe to PREFIX upstream ("" = all);
//	                          the forwarder is then SUB/PUB instead of XSUB/XPUB
//	--stats DURATION          print message and byte totals per direction every DURATION
//	--linger DURATION         at exit, how long undelivered messages may wait (default 1s; -1 = for ever)
//	--curve-server-secret KEY the bound sides are CURVE servers with this secret key
//	--curve-allow KEY[,KEY...] only CURVE clients with these public keys may connect to them
//	--curve-server-key KEY    the connected sides are CURVE clients of the server with this public key
//	--curve-secret KEY        their secret key (the public one is derived)
//	-h, --help                this help
//
// CURVE keys are 40 characters of Z85 text. The server's public key is
// printed on stderr at start. A CURVE server without --curve-allow lets
// in every client that knows its public key (and says so on stderr);
// with it, an authenticator (zmq.Authenticator) refuses the other keys,
// whose handshakes never complete.
//
// For example:
//
//	zmqdevice queue --frontend 'tcp://*:5559' --backend 'tcp://*:5560'
//	zmqdevice forwarder --frontend tcp://localhost:5556 --frontend-mode connect --backend 'tcp://*:8100'
//	zmqdevice streamer --frontend 'tcp://*:5557' --backend 'tcp://*:5558' --stats 5s
//
// On start it prints, on stderr, each endpoint as bound or connected (a
// wildcard port, "tcp://127.0.0.1:*", shows as the port it got), then
// "zmqdevice: KIND running". SIGINT or SIGTERM stops it: the device
// returns, the sockets are closed, the context is terminated and it exits
// 0. A bad flag or endpoint is reported on one line with exit status 2;
// a failure while running exits 1.
//
// With --stats, the totals go to stdout, one line each interval and one
// at exit:
//
//	stats frontend->backend msgs=12 bytes=480 backend->frontend msgs=12 bytes=360
//
// A multipart message counts once; bytes are the sum of its frames,
// routing envelopes included. Without --stats the device is zmq.Device
// (zmq.Proxy with --capture); with it, a poll loop over the same sockets
// that moves and counts whole messages.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/cli"
)

const usage = `zmqdevice runs a ZeroMQ device (the Guide's chapter 2) as a process.

Usage:
  zmqdevice queue|forwarder|streamer --frontend EP[,EP...] --backend EP[,EP...] [flags]

Devices:
  queue      request-reply broker: ROUTER frontend (clients), DEALER backend (services)
  forwarder  pub-sub proxy: XSUB frontend (publishers), XPUB backend (subscribers);
             subscriptions travel upstream. With --subscribe: SUB frontend
             subscribed to the prefixes, PUB backend.
  streamer   pipeline stage: PULL frontend (upstream), PUSH backend (downstream)

Flags:
  --frontend EP[,EP...]  endpoints of the frontend (required), e.g. tcp://*:5559,ipc:///tmp/q
  --backend EP[,EP...]   endpoints of the backend (required)
  --frontend-mode MODE   bind (default) or connect the frontend's endpoints
  --backend-mode MODE    bind (default) or connect the backend's endpoints
  --capture EP[,EP...]   a PUB socket that gets a copy of every message passing, both ways
  --capture-mode MODE    bind (default) or connect the capture endpoints
  --hwm N                SNDHWM and RCVHWM of every socket; 0 = no limit (default: libzmq's 1000)
  --subscribe PREFIX     forwarder only, repeatable: subscribe upstream to PREFIX ("" = all)
  --stats DURATION       print message and byte totals per direction every DURATION
                         (e.g. 5s) on stdout, and once more at exit
  --linger DURATION      at exit, how long undelivered messages may wait for their
                         peer (default 1s; -1 = for ever)
  -h, --help             this help

CURVE security (keys are 40 characters of Z85 text):
  --curve-server-secret KEY   every side that binds is a CURVE server with this
                              secret key; its public key, which clients need, is
                              printed on stderr at start
  --curve-allow KEY[,KEY...]  only clients with these public keys may connect to the
                              bound sides (repeatable). Without it, every client that
                              knows the server's public key may.
  --curve-server-key KEY      every side that connects is a CURVE client of the
                              server with this public key
  --curve-secret KEY          with --curve-server-key: the clients' secret key (its
                              public key, which the server allows, is derived)

Messages pass whole: a multipart message is never split. On start the bound
or connected endpoints are printed on stderr, then "zmqdevice: KIND running".
SIGINT or SIGTERM stops the device cleanly (exit 0). A bad flag or endpoint
exits 2, a failure while running exits 1.

Examples:
  # the Guide's msgqueue: clients connect to 5559, services to 5560
  zmqdevice queue --frontend 'tcp://*:5559' --backend 'tcp://*:5560'

  # the Guide's wuproxy: connect to the weather server, serve subscribers on 8100
  zmqdevice forwarder --frontend tcp://localhost:5556 --frontend-mode connect \
      --backend 'tcp://*:8100'
  # ... passing only the updates for zipcode 10001
  zmqdevice forwarder --frontend tcp://localhost:5556 --frontend-mode connect \
      --backend 'tcp://*:8100' --subscribe "10001 "

  # a pipeline stage between a ventilator and workers, with totals every 5s
  zmqdevice streamer --frontend 'tcp://*:5557' --backend 'tcp://*:5558' --stats 5s

  # a CURVE queue: only the clients and services with the allowed keys get in
  zmqdevice queue --frontend 'tcp://*:5559' --backend 'tcp://*:5560' \
      --curve-server-secret "$SECRET" --curve-allow "$CLIENT1,$CLIENT2,$SERVICE"
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "zmqdevice: %v (zmqdevice --help for usage)\n", err)
		return 2
	}
	code, err := serve(cfg, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "zmqdevice: %v\n", err)
	}
	return code
}

// serve runs the device until a signal stops it and returns the exit
// status.
func serve(cfg *config, stdout, stderr io.Writer) (int, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return 1, fmt.Errorf("new context: %w", err)
	}
	// SIGINT and SIGTERM shut the context down: the device returns
	// ErrTerm, and so does any call of the setup below.
	stop := zmq.CatchSignals(ctx)
	defer stop()

	// The authenticator runs before the first handshake, and is closed
	// after the sockets it guards: a CURVE server without it lets every
	// client in.
	auth, err := cfg.curve.Authenticate(ctx)
	if err != nil {
		ctx.Term()
		return 1, err
	}
	var sockets []*zmq.Socket
	cleanup := func() error {
		var first error
		for _, s := range sockets {
			if err := s.Close(); err != nil && first == nil {
				first = fmt.Errorf("close %v: %w", s, err)
			}
		}
		if auth != nil {
			if err := auth.Close(); err != nil && first == nil {
				first = fmt.Errorf("close authenticator: %w", err)
			}
		}
		if err := ctx.Term(); err != nil && first == nil {
			first = fmt.Errorf("terminate context: %w", err)
		}
		return first
	}
	// fail ends the run; a signal (the context shut down) is a clean
	// exit, also when it came during the setup.
	fail := func(code int, err error) (int, error) {
		if cerr := cleanup(); cerr != nil && err == nil {
			err = cerr
		}
		if zmq.Interrupted() && (err == nil || errors.Is(err, zmq.ErrTerm)) {
			fmt.Fprintln(stderr, "zmqdevice: interrupted")
			return 0, nil
		}
		return code, err
	}

	open := func(sd side, typ zmq.Type) (*zmq.Socket, error) {
		s, err := ctx.NewSocket(typ)
		if err != nil {
			return nil, fmt.Errorf("%s: new %v socket: %w", sd.name, typ, err)
		}
		sockets = append(sockets, s)
		if err := s.SetLinger(cfg.linger); err != nil {
			return nil, fmt.Errorf("%s: %w", sd.name, err)
		}
		if cfg.hwmSet {
			if err := s.SetHWM(cfg.hwm); err != nil {
				return nil, fmt.Errorf("%s: --hwm %d: %w", sd.name, cfg.hwm, err)
			}
		}
		if err := cfg.curve.Apply(s, !sd.connect, sd.connect); err != nil {
			return nil, fmt.Errorf("%s: %w", sd.name, err)
		}
		if typ == zmq.SUB {
			for _, prefix := range cfg.subscribe {
				if err := s.SetSubscribe(prefix); err != nil {
					return nil, fmt.Errorf("%s: subscribe %q: %w", sd.name, prefix, err)
				}
			}
		}
		for _, ep := range sd.endpoints {
			op, do := "bind", s.Bind
			if sd.connect {
				op, do = "connect", s.Connect
			}
			if err := do(ep); err != nil {
				return nil, &cli.UsageError{Msg: fmt.Sprintf("%s %v %s %s: %v", sd.name, typ, op, ep, cause(err)), Err: err}
			}
			shown := ep
			if !sd.connect {
				if last, err := s.LastEndpoint(); err == nil && last != "" {
					shown = last
				}
			}
			fmt.Fprintf(stderr, "zmqdevice: %s %v %s %s\n", sd.name, typ, map[bool]string{false: "bound to", true: "connected to"}[sd.connect], shown)
		}
		return s, nil
	}
	setupErr := func(err error) (int, error) {
		var ue *cli.UsageError
		if errors.As(err, &ue) {
			return fail(2, err)
		}
		return fail(1, err)
	}

	frontType, backType := cfg.socketTypes()
	front, err := open(cfg.front, frontType)
	if err != nil {
		return setupErr(err)
	}
	back, err := open(cfg.back, backType)
	if err != nil {
		return setupErr(err)
	}
	var capture *zmq.Socket
	if cfg.capture.endpoints != nil {
		if capture, err = open(cfg.capture, zmq.PUB); err != nil {
			return setupErr(err)
		}
	}
	if cfg.curve.Server() {
		fmt.Fprintf(stderr, "zmqdevice: CURVE server public key %s\n", cfg.curve.ServerPublic)
		if len(cfg.curve.Allowed) == 0 {
			fmt.Fprintln(stderr, "zmqdevice: no --curve-allow: every client that knows this public key may connect")
		}
	}
	fmt.Fprintf(stderr, "zmqdevice: %s running\n", cfg.kindName)

	switch {
	case cfg.stats > 0:
		err = relay(front, back, capture, true, backType != zmq.PUSH && backType != zmq.PUB, cfg.stats, stdout)
	case capture != nil:
		err = zmq.Proxy(front, back, capture)
	default:
		err = zmq.Device(cfg.kind, front, back)
	}
	if err == nil {
		err = errors.New("device returned without being interrupted")
	} else {
		err = fmt.Errorf("%s: %w", cfg.kindName, err)
	}
	return fail(1, err)
}

// cause is the reason inside a *zmq.OpError, whose own text repeats the
// operation and the endpoint.
func cause(err error) error {
	var op *zmq.OpError
	if errors.As(err, &op) {
		return op.Err
	}
	return err
}
