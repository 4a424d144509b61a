package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/cli"
	"github.com/zmqgo/zmq/cmd/internal/clitest"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// TestHelp guards --help: every flag and each device's example are
// documented, and it exits 0.
func TestHelp(t *testing.T) {
	clitest.ExpectHelp(t, zmqtest.Start(t, filepath.Join(binDir, "zmqdevice"), "--help"),
		"--frontend", "--backend", "--frontend-mode", "--backend-mode", "--capture", "--capture-mode",
		"--hwm", "--subscribe", "--stats", "--linger", "--help",
		"zmqdevice queue --frontend", "zmqdevice forwarder --frontend", "zmqdevice streamer --frontend",
	)
}

// TestUsageErrors guards the usage errors: status 2, the problem named on
// the last stderr line, nothing on stdout, for bad flags and endpoints.
func TestUsageErrors(t *testing.T) {
	ctx := zmqtest.Context(t)
	taken := zmqtest.BindLocal(t, zmqtest.Socket(t, ctx, zmq.PULL))
	free := "tcp://127.0.0.1:*"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no device given"},
		{[]string{"relay", "--frontend", free, "--backend", free}, `unknown device "relay"`},
		{[]string{"queue", "streamer", "--frontend", free, "--backend", free}, "one device expected"},
		{[]string{"queue", "--backend", free}, "--frontend is required"},
		{[]string{"queue", "--frontend", free}, "--backend is required"},
		{[]string{"queue", "--frontend", free + ",", "--backend", free}, "empty endpoint"},
		{[]string{"queue", "--frontend", free, "--backend", free, "--frontend-mode", "listen"}, "neither bind nor connect"},
		{[]string{"queue", "--frontend", free, "--backend", free, "--subscribe", "x"}, "--subscribe is for the forwarder"},
		{[]string{"queue", "--frontend", free, "--backend", free, "--hwm", "-1"}, "--hwm -1"},
		{[]string{"queue", "--frontend", free, "--backend", free, "--stats", "0s"}, "--stats"},
		{[]string{"queue", "--frontend", free, "--backend", free, "--capture-mode", "connect"}, "--capture-mode without --capture"},
		{[]string{"queue", "--frontend", free, "--backend", free, "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"queue", "--frontend", "nowhere", "--backend", free}, "frontend ROUTER bind nowhere: Invalid argument"},
		{[]string{"streamer", "--frontend", free, "--backend", "tcp://127.0.0.1:99999"}, "backend PUSH bind tcp://127.0.0.1:99999: port 99999 out of range"},
		{[]string{"streamer", "--frontend", taken, "--backend", free}, "frontend PULL bind " + taken + ": Address already in use"},
		{[]string{"forwarder", "--frontend", free, "--backend", free, "--capture", "bogus://x"}, "capture PUB bind bogus://x"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			// Endpoints bound before the failing one are reported first.
			p := zmqtest.Start(t, filepath.Join(binDir, "zmqdevice"), tc.args...)
			clitest.ExpectUsageError(t, p, tc.want, endpointLine)
		})
	}
}

// TestParseArgs guards the parsing of the command line, in process: flags
// before and after the device, lists, modes and the forwarder's types.
func TestParseArgs(t *testing.T) {
	cfg, err := parseArgs([]string{"--frontend", "ipc:///a,tcp://*:1", "forwarder", "--backend=ipc:///b",
		"--backend-mode", "connect", "--subscribe", "", "--subscribe", "x", "--hwm", "0", "--stats", "1s"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.kind != zmq.FORWARDER || !cmp.Equal(cfg.front.endpoints, []string{"ipc:///a", "tcp://*:1"}) ||
		cfg.front.connect || !cfg.back.connect || !cmp.Equal(cfg.subscribe, []string{"", "x"}) ||
		!cfg.hwmSet || cfg.hwm != 0 || cfg.stats != time.Second || cfg.linger != time.Second {
		t.Errorf("parsed %+v", cfg)
	}
	if f, b := cfg.socketTypes(); f != zmq.SUB || b != zmq.PUB {
		t.Errorf("forwarder with --subscribe is %v/%v, want SUB/PUB", f, b)
	}
	cfg, err = parseArgs([]string{"forwarder", "--frontend", "ipc:///a", "--backend", "ipc:///b"})
	if err != nil {
		t.Fatal(err)
	}
	if f, b := cfg.socketTypes(); f != zmq.XSUB || b != zmq.XPUB {
		t.Errorf("forwarder is %v/%v, want XSUB/XPUB", f, b)
	}
	var ue *cli.UsageError
	if _, err := parseArgs([]string{"queue"}); !errors.As(err, &ue) {
		t.Errorf("missing endpoints: %v, want a usage error", err)
	}
}
