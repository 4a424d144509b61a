package main

import (
	"errors"
	"flag"
	"io"
	"strings"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/cli"
)

// config is the command line, parsed and checked by parseArgs.
type config struct {
	typeName  string
	typ       zmq.Type
	role      role
	binds     []string
	connects  []string
	subscribe []string
	messages  [][][]byte // from -m; nil: standard input
	echo      bool
	multipart bool
	delim     string
	raw       bool
	hex       bool
	count     int
	timeout   time.Duration
	interval  time.Duration
	linger    time.Duration
	curve     cli.Curve
}

// types maps the -t names to socket types and what zmqcat does with them.
var types = map[string]struct {
	typ  zmq.Type
	role role
}{
	"pub": {zmq.PUB, sender}, "push": {zmq.PUSH, sender},
	"sub": {zmq.SUB, receiver}, "pull": {zmq.PULL, receiver},
	"req": {zmq.REQ, requester}, "rep": {zmq.REP, replier},
	"dealer": {zmq.DEALER, peer}, "router": {zmq.ROUTER, peer}, "pair": {zmq.PAIR, peer},
}

// parseArgs reads the command line; a bad one is a *cli.UsageError.
func parseArgs(args []string) (*config, error) {
	cfg := &config{}
	fs := flag.NewFlagSet("zmqcat", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var binds, connects, subscribe, messages cli.StringList
	for _, name := range []string{"t", "type"} {
		fs.StringVar(&cfg.typeName, name, "", "")
	}
	for _, name := range []string{"b", "bind"} {
		fs.Var(&binds, name, "")
	}
	for _, name := range []string{"c", "connect"} {
		fs.Var(&connects, name, "")
	}
	for _, name := range []string{"s", "subscribe"} {
		fs.Var(&subscribe, name, "")
	}
	for _, name := range []string{"m", "message"} {
		fs.Var(&messages, name, "")
	}
	for _, name := range []string{"n", "count"} {
		fs.IntVar(&cfg.count, name, 0, "")
	}
	fs.BoolVar(&cfg.echo, "echo", false, "")
	fs.BoolVar(&cfg.multipart, "multipart", false, "")
	fs.StringVar(&cfg.delim, "delim", "|", "")
	fs.BoolVar(&cfg.raw, "raw", false, "")
	fs.BoolVar(&cfg.hex, "hex", false, "")
	fs.DurationVar(&cfg.timeout, "timeout", 0, "")
	fs.DurationVar(&cfg.interval, "interval", 0, "")
	fs.DurationVar(&cfg.linger, "linger", time.Second, "")
	cfg.curve.Register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, cli.Usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return nil, cli.Usagef("unexpected argument %q", fs.Arg(0))
	}

	if cfg.typeName == "" {
		return nil, cli.Usagef("-t TYPE is required: pub, sub, push, pull, req, rep, dealer, router or pair")
	}
	t, ok := types[strings.ToLower(cfg.typeName)]
	if !ok {
		return nil, cli.Usagef("unknown socket type %q: want pub, sub, push, pull, req, rep, dealer, router or pair", cfg.typeName)
	}
	cfg.typ, cfg.role = t.typ, t.role
	var err error
	if cfg.binds, err = cli.Endpoints("-b", binds...); err != nil {
		return nil, err
	}
	if cfg.connects, err = cli.Endpoints("-c", connects...); err != nil {
		return nil, err
	}
	if len(cfg.binds)+len(cfg.connects) == 0 {
		return nil, cli.Usagef("no endpoint: give -b EP or -c EP")
	}
	if len(subscribe) > 0 && cfg.typ != zmq.SUB {
		return nil, cli.Usagef("-s is for sub, not %s", cfg.typeName)
	}
	cfg.subscribe = subscribe
	if cfg.delim == "" {
		return nil, cli.Usagef("--delim must not be empty")
	}
	if cfg.raw && (cfg.multipart || cfg.hex) {
		return nil, cli.Usagef("--raw already keeps frames apart: no --multipart or --hex with it")
	}
	if cfg.echo {
		if cfg.role != replier && cfg.role != peer {
			return nil, cli.Usagef("--echo is for rep, dealer, router and pair, not %s", cfg.typeName)
		}
		if len(messages) > 0 {
			return nil, cli.Usagef("--echo sends back what arrives: no -m with it")
		}
	}
	if len(messages) > 0 {
		if cfg.role == receiver {
			return nil, cli.Usagef("-m: %s does not send", cfg.typeName)
		}
		for _, m := range messages {
			cfg.messages = append(cfg.messages, splitMessage([]byte(m), cfg.multipart, cfg.delim))
		}
	}
	if cfg.count < 0 {
		return nil, cli.Usagef("--count %d: must be 0 (no limit) or more", cfg.count)
	}
	if cfg.timeout < 0 || cfg.interval < 0 {
		return nil, cli.Usagef("--timeout and --interval must not be negative")
	}
	if err := cfg.curve.Check(); err != nil {
		return nil, err
	}
	return cfg, nil
}
