package examples

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// TestRRBroker and TestMsgQueue guard the request-reply broker and the
// message queue alike: each serves rrclients and rrservers, and passes a
// 3-frame message between python3-zmq peers untouched.
func TestRRBroker(t *testing.T) {
	t.Parallel()
	testBroker(t, "rrbroker")
}

func TestMsgQueue(t *testing.T) {
	t.Parallel()
	testBroker(t, "msgqueue")
}

func testBroker(t *testing.T, broker string) {
	t.Run("clients", func(t *testing.T) {
		t.Parallel()
		testBrokerClients(t, broker)
	})
	t.Run("multipart", func(t *testing.T) {
		t.Parallel()
		testBrokerMultipart(t, broker)
	})
}

// testBrokerClients starts broker, 2 rrservers and 2 rrclients at once:
// every client gets its 10 replies, in order, the servers share the 20
// requests between them, and broker and servers exit 0 on SIGINT.
func testBrokerClients(t *testing.T, broker string) {
	top := newTopology(t)
	b := top.start(broker)
	servers := []*zmqtest.Proc{top.start("rrserver"), top.start("rrserver")}
	clients := []*zmqtest.Proc{top.start("rrclient"), top.start("rrclient")}

	var want strings.Builder
	for n := range 10 {
		fmt.Fprintf(&want, "Received reply %d [World]\n", n)
	}
	// 20 requests over 2 servers take about 10 s; 30 s only guards hangs.
	for _, c := range clients {
		c.ExpectExit(t, 0, 30*time.Second)
		if got := c.Stdout(); got != want.String() {
			t.Errorf("rrclient printed %q, want %q", got, want.String())
		}
		if e := c.Stderr(); e != "" {
			t.Errorf("rrclient stderr: %q", e)
		}
	}

	// Broker and servers leave cleanly on Ctrl-C, at once: nothing
	// lingers, nothing waits.
	procs := append([]*zmqtest.Proc{b}, servers...)
	for _, p := range procs {
		if err := p.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range procs {
		p.ExpectExit(t, 0, time.Second)
		if e := p.Stderr(); e != "" {
			t.Errorf("%s stderr: %q", p.Name, e)
		}
	}
	if out := b.Stdout(); out != "" {
		t.Errorf("%s printed %q, want nothing", broker, out)
	}

	// The servers' output is complete now that they have exited.
	total := 0
	for i, s := range servers {
		n := 0
		for line := range strings.Lines(s.Stdout()) {
			if line != "Received request: [Hello]\n" {
				t.Errorf("rrserver %d printed %q", i, line)
				continue
			}
			n++
		}
		if n == 0 {
			t.Errorf("rrserver %d got no request: the broker did not share the load", i)
		}
		total += n
	}
	if total != 20 {
		t.Errorf("the rrservers printed %d requests, want 20 (2 clients × 10)", total)
	}
}

// brokerPeers is a python3-zmq REQ on the broker's frontend and a REP on
// its backend that echoes what it got. It sends the frames given as hex
// arguments and prints, as JSON, what the REP received and what the REQ
// got back.
const brokerPeers = `
import json, sys, zmq
frontend, backend = sys.argv[1], sys.argv[2]
frames = [bytes.fromhex(h) for h in sys.argv[3:]]
ctx = zmq.Context()
rep = ctx.socket(zmq.REP)
req = ctx.socket(zmq.REQ)
for s in (rep, req):
    s.linger = 0
    s.rcvtimeo = 10000
rep.connect(backend)
req.connect(frontend)
req.send_multipart(frames)
request = rep.recv_multipart()
rep.send_multipart(request)
reply = req.recv_multipart()
print(json.dumps({"request": [f.hex() for f in request], "reply": [f.hex() for f in reply]}))
ctx.destroy(linger=0)
`

// testBrokerMultipart passes a 3-frame request, with an empty frame and
// binary bytes, through the broker to a python REP and back to a python
// REQ: both must see the same 3 frames, in order.
func testBrokerMultipart(t *testing.T, broker string) {
	top := newTopology(t)
	b := top.start(broker)

	frames := [][]byte{[]byte("Hello"), {}, {0, 1, 2, 0xfe, 0xff, 0, 'x'}}
	args := []string{top.endpoint("localhost", 5559), top.endpoint("localhost", 5560)}
	for _, f := range frames {
		args = append(args, hex.EncodeToString(f))
	}
	py := startPython(t, brokerPeers, args...)
	if err := py.ExitWith(0, 30*time.Second); err != nil {
		t.Fatalf("python peers: %v; %s stderr %q", err, broker, b.Stderr())
	}
	out := []byte(py.Stdout())
	var got struct{ Request, Reply []string }
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("python peers printed %q: %v", out, err)
	}
	for _, side := range []struct {
		name   string
		frames []string
	}{{"the REP received", got.Request}, {"the REQ got back", got.Reply}} {
		if !sameFrames(side.frames, frames) {
			t.Errorf("%s %q, want %q", side.name, side.frames, frames)
		}
	}

	if err := b.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	b.ExpectExit(t, 0, time.Second)
}

// sameFrames reports whether hex-encoded frames equal want.
func sameFrames(frames []string, want [][]byte) bool {
	if len(frames) != len(want) {
		return false
	}
	for i, h := range frames {
		f, err := hex.DecodeString(h)
		if err != nil || !bytes.Equal(f, want[i]) {
			return false
		}
	}
	return true
}
