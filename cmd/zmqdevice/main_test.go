package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// binDir holds zmqdevice, built once for the test binary.
var binDir string

func TestMain(m *testing.M) {
	zmqtest.MainWithPrograms(m, &binDir, zmqtest.RaceEnabled, "./cmd/zmqdevice")
}

// device is a running zmqdevice and the endpoints it printed.
type device struct {
	*zmqtest.Proc
	endpoints map[string][]string // "frontend", "backend", "capture"
}

var endpointLine = regexp.MustCompile(`^zmqdevice: (frontend|backend|capture) [A-Z]+ (?:bound|connected) to (\S+)$`)

// startDevice starts zmqdevice with args and waits until it says it runs.
func startDevice(t *testing.T, args ...string) *device {
	t.Helper()
	p := zmqtest.Start(t, filepath.Join(binDir, "zmqdevice"), args...)
	if _, err := p.WaitStderr(regexp.MustCompile(`^zmqdevice: \w+ running$`), zmqtest.Limit); err != nil {
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
	d.ExpectExit(t, 0, zmqtest.Limit)
	if !strings.Contains(d.Stderr(), "zmqdevice: interrupted") {
		t.Errorf("no \"interrupted\" line: %v", d.Proc)
	}
}

// TestQueueREQtoREP guards the queue between REQ clients and REP
// services, and a clean exit (status 0) on SIGTERM while requests flow.
func TestQueueREQtoREP(t *testing.T) {
	d := startDevice(t, "queue", "--frontend", "tcp://127.0.0.1:*", "--backend", "tcp://127.0.0.1:*")
	ctx := zmqtest.Context(t)
	req := zmqtest.Socket(t, ctx, zmq.REQ)
	rep := zmqtest.Socket(t, ctx, zmq.REP)
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

// TestQueueConnectsToServices guards --backend-mode connect with an
// endpoint list: the queue reaches both services and spreads requests.
func TestQueueConnectsToServices(t *testing.T) {
	// Two REP services bound in the test, the queue connecting to both;
	// REQ clients on an ipc frontend.
	ctx := zmqtest.Context(t)
	rep1 := zmqtest.Socket(t, ctx, zmq.REP)
	rep2 := zmqtest.Socket(t, ctx, zmq.REP)
	eps := zmqtest.BindLocal(t, rep1) + "," + zmqtest.BindLocal(t, rep2)
	front := zmqtest.IPC(t, "front")
	d := startDevice(t, "queue", "--frontend", front, "--backend", eps, "--backend-mode", "connect")
	if got := len(d.endpoints["backend"]); got != 2 {
		t.Fatalf("%d backend endpoints, want 2: %v", got, d.Proc)
	}
	req := zmqtest.Socket(t, ctx, zmq.REQ)
	connect(t, req, front)
	seen := map[*zmq.Socket]bool{}
	for i := 0; i < 20 && len(seen) < 2; i++ {
		sendMessage(t, req, "ping")
		// The DEALER spreads requests over both services: poll for the
		// one that got it.
		p := zmq.NewPoller()
		p.Add(rep1, zmq.POLLIN)
		p.Add(rep2, zmq.POLLIN)
		ready, err := p.Poll(zmqtest.Limit)
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

// TestForwarderPUBtoSUB guards the XSUB/XPUB forwarder: a subscription
// travels up to the publisher and only matching envelopes come down.
func TestForwarderPUBtoSUB(t *testing.T) {
	front, back := zmqtest.IPC(t, "pubs"), zmqtest.IPC(t, "subs")
	d := startDevice(t, "forwarder", "--frontend", front, "--backend", back)
	if !strings.Contains(d.Stderr(), "frontend XSUB bound to") || !strings.Contains(d.Stderr(), "backend XPUB bound to") {
		t.Fatalf("not XSUB/XPUB: %v", d.Proc)
	}
	ctx := zmqtest.Context(t)
	sub := zmqtest.Socket(t, ctx, zmq.SUB)
	if err := sub.SetSubscribe("A"); err != nil {
		t.Fatal(err)
	}
	connect(t, sub, back)
	pub := zmqtest.Socket(t, ctx, zmq.PUB)
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

// TestForwarderSubscribe guards --subscribe: the forwarder becomes
// SUB/PUB and passes only its own prefixes, whatever its subscribers ask.
func TestForwarderSubscribe(t *testing.T) {
	front, back := zmqtest.IPC(t, "pubs"), zmqtest.IPC(t, "subs")
	d := startDevice(t, "forwarder", "--frontend", front, "--backend", back, "--subscribe", "A", "--subscribe", "C")
	if !strings.Contains(d.Stderr(), "frontend SUB bound to") || !strings.Contains(d.Stderr(), "backend PUB bound to") {
		t.Fatalf("not SUB/PUB: %v", d.Proc)
	}
	ctx := zmqtest.Context(t)
	sub := zmqtest.Socket(t, ctx, zmq.SUB)
	if err := sub.SetSubscribe(""); err != nil { // everything the forwarder passes
		t.Fatal(err)
	}
	connect(t, sub, back)
	pub := zmqtest.Socket(t, ctx, zmq.PUB)
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

// TestStreamerPUSHtoPULL guards the streamer: multipart tasks arrive
// whole and in order, and SIGTERM while tasks flow exits 0.
func TestStreamerPUSHtoPULL(t *testing.T) {
	d := startDevice(t, "streamer", "--frontend", "tcp://127.0.0.1:*", "--backend", zmqtest.IPC(t, "workers"), "--hwm", "100")
	ctx := zmqtest.Context(t)
	push := zmqtest.Socket(t, ctx, zmq.PUSH)
	pull := zmqtest.Socket(t, ctx, zmq.PULL)
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

// TestStreamerConnectsBothSides guards a streamer that connects on both
// sides (--frontend-mode and --backend-mode=connect).
func TestStreamerConnectsBothSides(t *testing.T) {
	ctx := zmqtest.Context(t)
	push := zmqtest.Socket(t, ctx, zmq.PUSH)
	pull := zmqtest.Socket(t, ctx, zmq.PULL)
	upstream, downstream := zmqtest.BindLocal(t, push), zmqtest.BindLocal(t, pull)
	d := startDevice(t, "streamer", "--frontend", upstream, "--frontend-mode", "connect",
		"--backend", downstream, "--backend-mode=connect")
	sendMessage(t, push, "through", "a connecting streamer")
	if got := recvMessage(t, pull); !cmp.Equal(got, []string{"through", "a connecting streamer"}) {
		t.Fatalf("got %q", got)
	}
	d.stopCleanly(t, syscall.SIGINT)
}

// TestStatsCountWholeMessages guards --stats: whole messages (not
// frames) and their bytes are counted each way, and the totals are
// printed once more at exit.
func TestStatsCountWholeMessages(t *testing.T) {
	d := startDevice(t, "queue", "--frontend", zmqtest.IPC(t, "clients"), "--backend", zmqtest.IPC(t, "services"), "--stats", "20ms")
	ctx := zmqtest.Context(t)
	req := zmqtest.Socket(t, ctx, zmq.REQ)
	rep := zmqtest.Socket(t, ctx, zmq.REP)
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
	if _, err := d.WaitStdout(want, zmqtest.Limit); err != nil {
		t.Fatal(err)
	}
	d.stopCleanly(t, syscall.SIGINT)
	lines := d.Lines()
	if len(lines) == 0 || !want.MatchString(lines[len(lines)-1]) {
		t.Errorf("last line %q, want the final totals", lines)
	}
}

// TestStatsStreamerMultipart guards --stats on a one-way device: three-frame
// messages count once each, with every frame's bytes.
func TestStatsStreamerMultipart(t *testing.T) {
	d := startDevice(t, "streamer", "--frontend", zmqtest.IPC(t, "in"), "--backend", zmqtest.IPC(t, "out"), "--stats", "20ms")
	ctx := zmqtest.Context(t)
	push := zmqtest.Socket(t, ctx, zmq.PUSH)
	pull := zmqtest.Socket(t, ctx, zmq.PULL)
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
	if _, err := d.WaitStdout(regexp.MustCompile(`^stats frontend->backend msgs=4 bytes=28 backend->frontend msgs=0 bytes=0$`), zmqtest.Limit); err != nil {
		t.Fatal(err)
	}
	d.stopCleanly(t, syscall.SIGTERM)
}

// TestCapture guards --capture: a subscriber to the capture endpoint
// sees a copy of what passes.
func TestCapture(t *testing.T) {
	capture := zmqtest.IPC(t, "capture")
	d := startDevice(t, "streamer", "--frontend", zmqtest.IPC(t, "in"), "--backend", zmqtest.IPC(t, "out"), "--capture", capture)
	ctx := zmqtest.Context(t)
	spy := zmqtest.Socket(t, ctx, zmq.SUB)
	if err := spy.SetSubscribe(""); err != nil {
		t.Fatal(err)
	}
	connect(t, spy, capture)
	push := zmqtest.Socket(t, ctx, zmq.PUSH)
	pull := zmqtest.Socket(t, ctx, zmq.PULL)
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
