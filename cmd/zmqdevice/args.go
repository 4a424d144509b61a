package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/cli"
)

// side is the frontend, backend or capture: endpoints and how to use them.
type side struct {
	name      string
	endpoints []string
	connect   bool
}

// config is the command line, parsed and checked by parseArgs.
type config struct {
	kindName  string
	kind      zmq.DeviceType
	front     side
	back      side
	capture   side
	hwm       int
	hwmSet    bool
	subscribe []string // nil: XSUB/XPUB forwarder
	stats     time.Duration
	linger    time.Duration
	curve     cli.Curve // servers on the bound sides, clients on the connected ones
}

// modeFlag is bind or connect.
type modeFlag struct{ connect bool }

func (m *modeFlag) String() string {
	if m.connect {
		return "connect"
	}
	return "bind"
}

func (m *modeFlag) Set(s string) error {
	switch s {
	case "bind":
		m.connect = false
	case "connect":
		m.connect = true
	default:
		return fmt.Errorf("%q is neither bind nor connect", s)
	}
	return nil
}

var kinds = map[string]zmq.DeviceType{"queue": zmq.QUEUE, "forwarder": zmq.FORWARDER, "streamer": zmq.STREAMER}

// parseArgs reads the command line. The device kind may come before,
// after or among the flags.
func parseArgs(args []string) (*config, error) {
	cfg := &config{linger: time.Second}
	fs := flag.NewFlagSet("zmqdevice", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var front, back, capture string
	var frontMode, backMode, captureMode modeFlag
	var subscribe cli.StringList
	fs.StringVar(&front, "frontend", "", "")
	fs.StringVar(&back, "backend", "", "")
	fs.StringVar(&capture, "capture", "", "")
	fs.Var(&frontMode, "frontend-mode", "")
	fs.Var(&backMode, "backend-mode", "")
	fs.Var(&captureMode, "capture-mode", "")
	fs.IntVar(&cfg.hwm, "hwm", 0, "")
	fs.Var(&subscribe, "subscribe", "")
	fs.DurationVar(&cfg.stats, "stats", 0, "")
	fs.DurationVar(&cfg.linger, "linger", time.Second, "")
	cfg.curve.Register(fs)
	cfg.curve.BothRoles = true

	var positional []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, cli.Usagef("%v", err)
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		rest = rest[1:]
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	switch len(positional) {
	case 0:
		return nil, cli.Usagef("no device given: queue, forwarder or streamer")
	case 1:
	default:
		return nil, cli.Usagef("one device expected, got %q", positional)
	}
	cfg.kindName = strings.ToLower(positional[0])
	kind, ok := kinds[cfg.kindName]
	if !ok {
		return nil, cli.Usagef("unknown device %q: want queue, forwarder or streamer", positional[0])
	}
	cfg.kind = kind

	var err error
	if cfg.front.endpoints, err = splitEndpoints("--frontend", front, true); err != nil {
		return nil, err
	}
	if cfg.back.endpoints, err = splitEndpoints("--backend", back, true); err != nil {
		return nil, err
	}
	if cfg.capture.endpoints, err = splitEndpoints("--capture", capture, false); err != nil {
		return nil, err
	}
	cfg.front.name, cfg.front.connect = "frontend", frontMode.connect
	cfg.back.name, cfg.back.connect = "backend", backMode.connect
	cfg.capture.name, cfg.capture.connect = "capture", captureMode.connect
	if set["capture-mode"] && capture == "" {
		return nil, cli.Usagef("--capture-mode without --capture")
	}
	if cfg.hwmSet = set["hwm"]; cfg.hwmSet && cfg.hwm < 0 {
		return nil, cli.Usagef("--hwm %d: must be 0 (no limit) or more", cfg.hwm)
	}
	if set["subscribe"] {
		if kind != zmq.FORWARDER {
			return nil, cli.Usagef("--subscribe is for the forwarder, not the %s", cfg.kindName)
		}
		cfg.subscribe = subscribe
	}
	if cfg.stats < 0 || (set["stats"] && cfg.stats == 0) {
		return nil, cli.Usagef("--stats %v: must be a positive duration, e.g. 5s", cfg.stats)
	}
	if err := cfg.checkCurve(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// checkCurve checks the CURVE flags, and that a side takes them: a bound
// side for the server's, a connected side for the client's.
func (cfg *config) checkCurve() error {
	if err := cfg.curve.Check(); err != nil {
		return err
	}
	binds, connects := false, false
	for _, sd := range []side{cfg.front, cfg.back, cfg.capture} {
		if len(sd.endpoints) > 0 {
			binds, connects = binds || !sd.connect, connects || sd.connect
		}
	}
	if cfg.curve.Server() && !binds {
		return cli.Usagef("--curve-server-secret makes the bound sides CURVE servers, and no side binds")
	}
	if cfg.curve.Client() && !connects {
		return cli.Usagef("--curve-server-key makes the connected sides CURVE clients, and no side connects")
	}
	return nil
}

// splitEndpoints splits the comma-separated list of a flag that is given
// once; "" is no endpoint, which only a flag that is not required may be.
func splitEndpoints(flagName, list string, required bool) ([]string, error) {
	if list == "" {
		if required {
			return nil, cli.Usagef("%s is required", flagName)
		}
		return nil, nil
	}
	return cli.Endpoints(flagName, list)
}

// socketTypes returns the frontend and backend types of the device.
func (cfg *config) socketTypes() (front, back zmq.Type) {
	switch cfg.kind {
	case zmq.QUEUE:
		return zmq.ROUTER, zmq.DEALER
	case zmq.STREAMER:
		return zmq.PULL, zmq.PUSH
	}
	if cfg.subscribe != nil {
		return zmq.SUB, zmq.PUB
	}
	return zmq.XSUB, zmq.XPUB
}
