package main

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/cli"
	"github.com/zmqgo/zmq/cmd/internal/proctest"
)

// binDir holds zmqdevice, built once for the test binary.
var binDir string

func TestMain(m *testing.M) { proctest.Main(m, &binDir, "./cmd/zmqdevice") }

// device is a running zmqdevice and the endpoints it printed.
type device struct {
	*proctest.Proc
	endpoints map[string][]string // "frontend", "backend", "capture"
}

var endpointLine = regexp.MustCompile(`^zmqdevice: (frontend|backend|capture) [A-Z]+ (?:bound|connected) to (\S+)$`)

// startDevice starts zmqdevice with args and waits until it says it runs.
func startDevice(t *testing.T, args ...string) *device {
	t.Helper()
	p := proctest.Start(t, filepath.Join(binDir, "zmqdevice"), args...)
	if _, err := p.WaitStderr(regexp.MustCompile(`^zmqdevice: \w+ running$`), proctest.Limit); err != nil {
		t.Fatal(err)
	}
	d := &device{Proc: p, endpoints: map[string][]string{}}
	for _, line := range strings.Split(p.Stderr(), "\n") {
		if m := endpointLine.FindStringSubmatch(line); m != nil {
			d.endpoints[m[1]] = append(d.endpoints[m[1]], m[2])
		}
	}
	return d
}

// ep returns the one endpoint of a side.
func (d *device) ep(t *testing.T, side string) string {
	t.Helper()
	if len(d.endpoints[side]) != 1 {
		t.Fatalf("%s endpoints %q, want one: %v", side, d.endpoints[side], d.Proc)
	}
	return d.endpoints[side][0]
}

// stopCleanly sends sig and expects exit status 0.
func (d *device) stopCleanly(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := d.Signal(sig); err != nil {
		t.Fatal(err)
	}
	d.ExpectExit(t, 0, proctest.Limit)
	if !strings.Contains(d.Stderr(), "zmqdevice: interrupted") {
		t.Errorf("no \"interrupted\" line: %v", d.Proc)
	}
}

// traffic runs step over and over in a goroutine until the test ends or
// step fails. The goroutine has ended before the sockets step uses are
// closed (cleanups run last in, first out: call startTraffic after
// creating them).
type traffic struct {
	target  int64         // reached is closed after this many steps
	reached chan struct{} // closed after target steps
	done    int64         // steps that succeeded, touched by the goroutine only
	stop    chan struct{}
	ended   chan struct{}
	err     error // why step stopped, read after ended
}

func startTraffic(t *testing.T, target int64, step func() error) *traffic {
	tr := &traffic{target: target, reached: make(chan struct{}), stop: make(chan struct{}), ended: make(chan struct{})}
	go func() {
		defer close(tr.ended)
		for {
			select {
			case <-tr.stop:
				return
			default:
			}
			if tr.err = step(); tr.err != nil {
				return
			}
			if tr.done++; tr.done == tr.target {
				close(tr.reached)
			}
		}
	}()
	t.Cleanup(func() {
		close(tr.stop)
		select {
		case <-tr.ended:
		case <-time.After(proctest.Limit):
			t.Errorf("traffic goroutine still running after %v", proctest.Limit)
		}
	})
	return tr
}

// wait waits until the traffic has made its target number of steps.
func (tr *traffic) wait(t *testing.T) {
	t.Helper()
	select {
	case <-tr.reached:
	case <-tr.ended:
		t.Fatalf("traffic stopped before %d steps: %v", tr.target, tr.err)
	case <-time.After(proctest.Limit):
		t.Fatalf("traffic made fewer than %d steps in %v", tr.target, proctest.Limit)
	}
}

// shortTimeouts makes a traffic socket give up quickly once the device
// is gone, so that its goroutine ends soon after the test stops it.
func shortTimeouts(t *testing.T, socks ...*zmq.Socket) {
	t.Helper()
	for _, s := range socks {
		if err := s.SetRcvTimeo(500 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSndTimeo(500 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
}

func connect(t *testing.T, s *zmq.Socket, ep string) {
	t.Helper()
	if err := s.Connect(ep); err != nil {
		t.Fatalf("connect %s: %v", ep, err)
	}
}

func sendMessage(t *testing.T, s *zmq.Socket, parts ...string) {
	t.Helper()
	msg := make([][]byte, len(parts))
	for i, p := range parts {
		msg[i] = []byte(p)
	}
	if err := s.SendMessage(msg, 0); err != nil {
		t.Fatalf("send %q on %v: %v", parts, s, err)
	}
}

func recvMessage(t *testing.T, s *zmq.Socket) []string {
	t.Helper()
	msg, err := s.RecvMessage(0)
	if err != nil {
		t.Fatalf("receive on %v: %v", s, err)
	}
	parts := make([]string, len(msg))
	for i, p := range msg {
		parts[i] = string(p)
	}
	return parts
}

// echoStep is one round trip of a REQ client through the queue to a REP
// service that answers with the request.
func echoStep(req, rep *zmq.Socket, n int) error {
	want := [][]byte{[]byte("hello"), []byte(fmt.Sprint(n))}
	if err := req.SendMessage(want, 0); err != nil {
		return err
	}
	got, err := rep.RecvMessage(0)
	if err != nil {
		return err
	}
	if err := rep.SendMessage(got, 0); err != nil {
		return err
	}
	back, err := req.RecvMessage(0)
	if err != nil {
		return err
	}
	if !cmp.Equal(back, want) {
		return fmt.Errorf("reply %q, want %q", back, want)
	}
	return nil
}

func TestQueueREQtoREP(t *testing.T) {
	d := startDevice(t, "queue", "--frontend", "tcp://127.0.0.1:*", "--backend", "tcp://127.0.0.1:*")
	ctx := proctest.Context(t)
	req := proctest.Socket(t, ctx, zmq.REQ)
	rep := proctest.Socket(t, ctx, zmq.REP)
	connect(t, req, d.ep(t, "frontend"))
	connect(t, rep, d.ep(t, "backend"))
	for i := range 5 {
		if err := echoStep(req, rep, i); err != nil {
			t.Fatalf("round trip %d: %v", i, err)
		}
	}

	// SIGTERM while requests are flowing.
	shortTimeouts(t, req, rep)
	var n atomic.Int64
	startTraffic(t, 20, func() error { return echoStep(req, rep, int(n.Add(1))) }).wait(t)
	d.stopCleanly(t, syscall.SIGTERM)
}

func TestQueueConnectsToServices(t *testing.T) {
	// Two REP services bound in the test, the queue connecting to both;
	// REQ clients on an ipc frontend.
	ctx := proctest.Context(t)
	rep1 := proctest.Socket(t, ctx, zmq.REP)
	rep2 := proctest.Socket(t, ctx, zmq.REP)
	eps := proctest.BindLocal(t, rep1) + "," + proctest.BindLocal(t, rep2)
	front := proctest.IPC(t, "front")
	d := startDevice(t, "queue", "--frontend", front, "--backend", eps, "--backend-mode", "connect")
	if got := len(d.endpoints["backend"]); got != 2 {
		t.Fatalf("%d backend endpoints, want 2: %v", got, d.Proc)
	}
	req := proctest.Socket(t, ctx, zmq.REQ)
	connect(t, req, front)
	seen := map[*zmq.Socket]bool{}
	for i := 0; i < 20 && len(seen) < 2; i++ {
		sendMessage(t, req, "ping")
		// The DEALER spreads requests over both services: poll for the
		// one that got it.
		p := zmq.NewPoller()
		p.Add(rep1, zmq.POLLIN)
		p.Add(rep2, zmq.POLLIN)
		ready, err := p.Poll(proctest.Limit)
		if err != nil || len(ready) == 0 {
			t.Fatalf("no service got request %d (err %v)", i, err)
		}
		rep := ready[0].Socket
		seen[rep] = true
		if got := recvMessage(t, rep); !cmp.Equal(got, []string{"ping"}) {
			t.Fatalf("service got %q", got)
		}
		sendMessage(t, rep, "pong")
		if got := recvMessage(t, req); !cmp.Equal(got, []string{"pong"}) {
			t.Fatalf("client got %q", got)
		}
	}
	if len(seen) != 2 {
		t.Errorf("requests reached %d services, want 2", len(seen))
	}
	d.stopCleanly(t, syscall.SIGINT)
}

// publish keeps publishing envelopes [topic, "update N"] for each topic
// until the test ends.
func publish(t *testing.T, pub *zmq.Socket, topics ...string) *traffic {
	var n int
	tick := time.NewTicker(time.Millisecond)
	t.Cleanup(tick.Stop)
	return startTraffic(t, 1, func() error {
		<-tick.C
		n++
		for _, topic := range topics {
			if err := pub.SendMessage([][]byte{[]byte(topic), []byte(fmt.Sprintf("update %d", n))}, 0); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestForwarderPUBtoSUB(t *testing.T) {
	front, back := proctest.IPC(t, "pubs"), proctest.IPC(t, "subs")
	d := startDevice(t, "forwarder", "--frontend", front, "--backend", back)
	if !strings.Contains(d.Stderr(), "frontend XSUB bound to") || !strings.Contains(d.Stderr(), "backend XPUB bound to") {
		t.Fatalf("not XSUB/XPUB: %v", d.Proc)
	}
	ctx := proctest.Context(t)
	sub := proctest.Socket(t, ctx, zmq.SUB)
	if err := sub.SetSubscribe("A"); err != nil {
		t.Fatal(err)
	}
	connect(t, sub, back)
	pub := proctest.Socket(t, ctx, zmq.PUB)
	connect(t, pub, front)
	// The subscription travels up through the forwarder: publish until
	// the subscriber sees updates (its receive timeout bounds the wait).
	publish(t, pub, "B", "A", "AB")
	for range 10 {
		got := recvMessage(t, sub)
		if len(got) != 2 || !strings.HasPrefix(got[0], "A") || !strings.HasPrefix(got[1], "update ") {
			t.Fatalf("subscriber to A got %q, want an [A..., update N] envelope", got)
		}
	}
	d.stopCleanly(t, syscall.SIGTERM)
}

func TestForwarderSubscribe(t *testing.T) {
	front, back := proctest.IPC(t, "pubs"), proctest.IPC(t, "subs")
	d := startDevice(t, "forwarder", "--frontend", front, "--backend", back, "--subscribe", "A", "--subscribe", "C")
	if !strings.Contains(d.Stderr(), "frontend SUB bound to") || !strings.Contains(d.Stderr(), "backend PUB bound to") {
		t.Fatalf("not SUB/PUB: %v", d.Proc)
	}
	ctx := proctest.Context(t)
	sub := proctest.Socket(t, ctx, zmq.SUB)
	if err := sub.SetSubscribe(""); err != nil { // everything the forwarder passes
		t.Fatal(err)
	}
	connect(t, sub, back)
	pub := proctest.Socket(t, ctx, zmq.PUB)
	connect(t, pub, front)
	publish(t, pub, "A", "B", "C")
	seen := map[string]int{}
	for i := 0; i < 200 && (seen["A"] < 3 || seen["C"] < 3); i++ {
		got := recvMessage(t, sub)
		if len(got) != 2 || (got[0] != "A" && got[0] != "C") {
			t.Fatalf("got %q through a forwarder subscribed to A and C", got)
		}
		seen[got[0]]++
	}
	if seen["A"] < 3 || seen["C"] < 3 {
		t.Fatalf("got %v", seen)
	}
	d.stopCleanly(t, syscall.SIGTERM)
}

func TestStreamerPUSHtoPULL(t *testing.T) {
	d := startDevice(t, "streamer", "--frontend", "tcp://127.0.0.1:*", "--backend", proctest.IPC(t, "workers"), "--hwm", "100")
	ctx := proctest.Context(t)
	push := proctest.Socket(t, ctx, zmq.PUSH)
	pull := proctest.Socket(t, ctx, zmq.PULL)
	connect(t, push, d.ep(t, "frontend"))
	connect(t, pull, d.ep(t, "backend"))
	for i := range 10 {
		sendMessage(t, push, "task", fmt.Sprint(i), "")
	}
	for i := range 10 {
		if got, want := recvMessage(t, pull), []string{"task", fmt.Sprint(i), ""}; !cmp.Equal(got, want) {
			t.Fatalf("message %d: got %q, want %q", i, got, want)
		}
	}

	// SIGTERM while tasks are flowing.
	shortTimeouts(t, push, pull)
	tr := startTraffic(t, 50, func() error {
		if err := push.SendMessage([][]byte{[]byte("task"), []byte("more")}, 0); err != nil {
			return err
		}
		got, err := pull.RecvMessage(0)
		if err != nil {
			return err
		}
		if len(got) != 2 {
			return fmt.Errorf("got %q", got)
		}
		return nil
	})
	tr.wait(t)
	d.stopCleanly(t, syscall.SIGTERM)
}

func TestStreamerConnectsBothSides(t *testing.T) {
	ctx := proctest.Context(t)
	push := proctest.Socket(t, ctx, zmq.PUSH)
	pull := proctest.Socket(t, ctx, zmq.PULL)
	upstream, downstream := proctest.BindLocal(t, push), proctest.BindLocal(t, pull)
	d := startDevice(t, "streamer", "--frontend", upstream, "--frontend-mode", "connect",
		"--backend", downstream, "--backend-mode=connect")
	sendMessage(t, push, "through", "a connecting streamer")
	if got := recvMessage(t, pull); !cmp.Equal(got, []string{"through", "a connecting streamer"}) {
		t.Fatalf("got %q", got)
	}
	d.stopCleanly(t, syscall.SIGINT)
}

func TestStatsCountWholeMessages(t *testing.T) {
	d := startDevice(t, "queue", "--frontend", proctest.IPC(t, "clients"), "--backend", proctest.IPC(t, "services"), "--stats", "20ms")
	ctx := proctest.Context(t)
	req := proctest.Socket(t, ctx, zmq.REQ)
	rep := proctest.Socket(t, ctx, zmq.REP)
	connect(t, req, d.ep(t, "frontend"))
	connect(t, rep, d.ep(t, "backend"))
	for i := range 3 {
		if err := echoStep(req, rep, i); err != nil {
			t.Fatal(err)
		}
	}
	// Each request passes as [routing id (5 bytes), "", "hello", "N"]:
	// one message of 5+0+5+1 bytes, and its reply the same way back.
	want := regexp.MustCompile(`^stats frontend->backend msgs=3 bytes=33 backend->frontend msgs=3 bytes=33$`)
	if _, err := d.WaitStdout(want, proctest.Limit); err != nil {
		t.Fatal(err)
	}
	d.stopCleanly(t, syscall.SIGINT)
	lines := d.Lines()
	if len(lines) == 0 || !want.MatchString(lines[len(lines)-1]) {
		t.Errorf("last line %q, want the final totals", lines)
	}
}

func TestStatsStreamerMultipart(t *testing.T) {
	d := startDevice(t, "streamer", "--frontend", proctest.IPC(t, "in"), "--backend", proctest.IPC(t, "out"), "--stats", "20ms")
	ctx := proctest.Context(t)
	push := proctest.Socket(t, ctx, zmq.PUSH)
	pull := proctest.Socket(t, ctx, zmq.PULL)
	connect(t, push, d.ep(t, "frontend"))
	connect(t, pull, d.ep(t, "backend"))
	for range 4 {
		sendMessage(t, push, "abc", "", "defg") // 3 frames, 7 bytes
	}
	for range 4 {
		if got := recvMessage(t, pull); !cmp.Equal(got, []string{"abc", "", "defg"}) {
			t.Fatalf("got %q", got)
		}
	}
	if _, err := d.WaitStdout(regexp.MustCompile(`^stats frontend->backend msgs=4 bytes=28 backend->frontend msgs=0 bytes=0$`), proctest.Limit); err != nil {
		t.Fatal(err)
	}
	d.stopCleanly(t, syscall.SIGTERM)
}

func TestCapture(t *testing.T) {
	capture := proctest.IPC(t, "capture")
	d := startDevice(t, "streamer", "--frontend", proctest.IPC(t, "in"), "--backend", proctest.IPC(t, "out"), "--capture", capture)
	ctx := proctest.Context(t)
	spy := proctest.Socket(t, ctx, zmq.SUB)
	if err := spy.SetSubscribe(""); err != nil {
		t.Fatal(err)
	}
	connect(t, spy, capture)
	push := proctest.Socket(t, ctx, zmq.PUSH)
	pull := proctest.Socket(t, ctx, zmq.PULL)
	connect(t, push, d.ep(t, "frontend"))
	connect(t, pull, d.ep(t, "backend"))
	shortTimeouts(t, push, pull)
	// The capture socket is a PUB: send until the spy, which may connect
	// late, sees copies.
	startTraffic(t, 1, func() error {
		if err := push.SendMessage([][]byte{[]byte("copy"), []byte("me")}, 0); err != nil {
			return err
		}
		_, err := pull.RecvMessage(0)
		return err
	})
	for range 3 {
		if got := recvMessage(t, spy); !cmp.Equal(got, []string{"copy", "me"}) {
			t.Fatalf("capture got %q", got)
		}
	}
	d.stopCleanly(t, syscall.SIGTERM)
}

func TestHelp(t *testing.T) {
	p := proctest.Start(t, filepath.Join(binDir, "zmqdevice"), "--help")
	p.ExpectExit(t, 0, proctest.Limit)
	out := string(p.Stdout())
	for _, want := range []string{
		"--frontend", "--backend", "--frontend-mode", "--backend-mode", "--capture", "--capture-mode",
		"--hwm", "--subscribe", "--stats", "--linger", "--help",
		"zmqdevice queue --frontend", "zmqdevice forwarder --frontend", "zmqdevice streamer --frontend",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("--help does not mention %q", want)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	ctx := proctest.Context(t)
	taken := proctest.BindLocal(t, proctest.Socket(t, ctx, zmq.PULL))
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
			p := proctest.Start(t, filepath.Join(binDir, "zmqdevice"), tc.args...)
			p.ExpectExit(t, 2, proctest.Limit)
			stderr := p.Stderr()
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			last := lines[len(lines)-1]
			if !strings.HasPrefix(last, "zmqdevice: ") || !strings.Contains(last, tc.want) {
				t.Errorf("last line of stderr %q, want one containing %q", last, tc.want)
			}
			for _, l := range lines[:len(lines)-1] {
				if endpointLine.FindString(l) == "" {
					t.Errorf("stderr has more than the error: %q", stderr)
				}
			}
			if len(p.Stdout()) != 0 {
				t.Errorf("stdout %q, want nothing", p.Stdout())
			}
		})
	}
}

// TestParseArgs covers the command line without a process.
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

// TestRelayCountsMessages runs the --stats loop in process over inproc
// sockets.
func TestRelayCountsMessages(t *testing.T) {
	ctx := proctest.Context(t)
	front := proctest.Socket(t, ctx, zmq.PULL)
	back := proctest.Socket(t, ctx, zmq.PUSH)
	for _, s := range []struct {
		s  *zmq.Socket
		ep string
	}{{front, "inproc://relay-in"}, {back, "inproc://relay-out"}} {
		if err := s.s.Bind(s.ep); err != nil {
			t.Fatal(err)
		}
	}
	push := proctest.Socket(t, ctx, zmq.PUSH)
	pull := proctest.Socket(t, ctx, zmq.PULL)
	connect(t, push, "inproc://relay-in")
	connect(t, pull, "inproc://relay-out")

	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- relay(front, back, nil, true, false, time.Hour, &out) }()
	for range 5 {
		sendMessage(t, push, "x", "yz")
	}
	for range 5 {
		recvMessage(t, pull)
	}
	// Shut the relay down: it returns ErrTerm and prints its totals.
	ctx.Shutdown()
	select {
	case err := <-done:
		if !errors.Is(err, zmq.ErrTerm) {
			t.Fatalf("relay returned %v, want ErrTerm", err)
		}
	case <-time.After(proctest.Limit):
		t.Fatal("relay did not return after Shutdown")
	}
	if got, want := out.String(), "stats frontend->backend msgs=5 bytes=15 backend->frontend msgs=0 bytes=0\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
