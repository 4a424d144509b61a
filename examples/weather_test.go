package examples

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// The weather tests run wuserver, which publishes as fast as it can and
// keeps a core busy: they do not run in parallel with other tests.

// expectAverage waits for wuclient's two lines for filter, checks the
// average is a temperature wuserver can send, and that wuclient exits 0.
func expectAverage(t *testing.T, p *zmqtest.Proc, filter string, timeout time.Duration) {
	t.Helper()
	if err := p.ExpectLine("Collecting updates from weather server...", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	m, err := p.Expect(regexp.MustCompile(`(?m)^Average temperature for zipcode '`+regexp.QuoteMeta(filter)+`' was (-?\d+)F\n`), timeout)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n < -80 || n > 134 {
		t.Errorf("%s: average %q is not within -80..134", p.Name, m[1])
	}
	p.ExpectExit(t, 0, 10*time.Second)
	if got := p.Stdout(); strings.Count(got, "\n") != 2 {
		t.Errorf("%s printed %q, want exactly its two lines", p.Name, got)
	}
}

// interrupt0 sends SIGINT to p and waits for it to exit 0.
func interrupt0(t *testing.T, p *zmqtest.Proc, timeout time.Duration) {
	t.Helper()
	if err := p.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	p.ExpectExit(t, 0, timeout)
}

// TestWeather: wuserver with two wuclients at once, the book's default
// filter "10001 " (1 zipcode in 100,000: about 10 million updates published
// for its 100, some 10 s here) and "1"; and one reading over ipc.
func TestWeather(t *testing.T) {
	top := newTopology(t)
	server := top.start("wuserver")
	nyc := top.start("wuclient")
	ones := top.start("wuclient", "1")
	expectAverage(t, ones, "1", 60*time.Second)
	ipc := top.start("wuclient", "2", "ipc://weather.ipc")
	expectAverage(t, ipc, "2", 60*time.Second)
	expectAverage(t, nyc, "10001 ", 120*time.Second)
	if fi, err := os.Stat(filepath.Join(top.dir, "weather.ipc")); err != nil {
		t.Error(err)
	} else if fi.Mode()&os.ModeSocket == 0 {
		t.Errorf("weather.ipc is %v, not a socket", fi.Mode())
	}
	interrupt0(t, server, 5*time.Second)
	if out := server.Stdout() + server.Stderr(); out != "" {
		t.Errorf("wuserver printed %q", out)
	}
}

// TestWUProxy: wuserver → wuproxy → wuclient, the client on the proxy's
// backend (8100).
func TestWUProxy(t *testing.T) {
	top := newTopology(t)
	server := top.start("wuserver")
	proxy := top.start("wuproxy")
	// wuclient shifts the endpoint it is given, as every example does.
	client := top.start("wuclient", "1", "tcp://localhost:8100")
	expectAverage(t, client, "1", 60*time.Second)
	interrupt0(t, proxy, 5*time.Second)
	interrupt0(t, server, 5*time.Second)
}

// python runs script with Debian's python3-zmq and args, within timeout,
// and returns its stdout.
func python(t *testing.T, timeout time.Duration, script string, args ...string) string {
	t.Helper()
	py := startPython(t, script, args...)
	py.ExpectExit(t, 0, timeout)
	return py.Stdout()
}

// envelopes publishes 2-frame A and B messages on argv[1] (bound) every
// 100 ms while a SUB "B" connected to argv[2] has not received 3 messages
// (subscriptions reach a publisher, through a proxy too, some time after
// the SUB connects), then prints what the SUB received, one repr a line.
const envelopes = `
import sys, time, zmq
ctx = zmq.Context()
pub = ctx.socket(zmq.PUB)
pub.bind(sys.argv[1])
sub = ctx.socket(zmq.SUB)
sub.setsockopt(zmq.SUBSCRIBE, b"B")
sub.connect(sys.argv[2])
got = []
deadline = time.time() + 20
while len(got) < 3 and time.time() < deadline:
    pub.send_multipart([b"A", b"We don't want to see this"])
    pub.send_multipart([b"B", b"We would like to see this"])
    while sub.poll(100):
        got.append(sub.recv_multipart())
for m in got:
    print(repr(m))
pub.close(0); sub.close(0); ctx.term()
`

// checkB checks that the python SUB of envelopes got at least 3 messages,
// each exactly the 2 frames of B.
func checkB(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if out == "" || len(lines) < 3 {
		t.Fatalf("python SUB got %q, want at least 3 messages", out)
	}
	for _, l := range lines {
		if l != `[b'B', b'We would like to see this']` {
			t.Errorf("python SUB got %s, want [b'B', b'We would like to see this']", l)
		}
	}
}

// TestWUProxyMultipart: a python PUB where the weather server would be,
// wuproxy, and a python SUB "B" on its backend: 2-frame messages arrive
// whole, and only B.
func TestWUProxyMultipart(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	proxy := top.start("wuproxy")
	checkB(t, python(t, 30*time.Second, envelopes,
		top.endpoint("127.0.0.1", 5556), top.endpoint("localhost", 8100)))
	interrupt0(t, proxy, 5*time.Second)
}

// TestPSEnv: psenvpub and psenvsub print B lines only.
func TestPSEnv(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	pub := top.start("psenvpub")
	sub := top.start("psenvsub")
	for i := 0; i < 3; i++ {
		if err := sub.ExpectLine("[B] We would like to see this", 10*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	interrupt0(t, sub, 5*time.Second)
	interrupt0(t, pub, 5*time.Second)
	out := sub.Stdout()
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l != "[B] We would like to see this" {
			t.Errorf("psenvsub printed %q, want only [B] lines", l)
		}
	}
	if strings.Contains(out, "[A]") || strings.Contains(out, "don't") {
		t.Errorf("psenvsub printed an A message: %q", out)
	}
	if pub.Stdout() != "" {
		t.Errorf("psenvpub printed %q", pub.Stdout())
	}
}

// TestPSEnvInterop: a python SUB "B" gets psenvpub's B messages as 2
// frames; psenvsub prints a python PUB's B messages only.
func TestPSEnvInterop(t *testing.T) {
	t.Parallel()
	t.Run("psenvpub", func(t *testing.T) {
		t.Parallel()
		top := newTopology(t)
		pub := top.start("psenvpub")
		out := python(t, 30*time.Second, `
import sys, zmq
ctx = zmq.Context()
sub = ctx.socket(zmq.SUB)
sub.setsockopt(zmq.SUBSCRIBE, b"B")
sub.setsockopt(zmq.RCVTIMEO, 10000)
sub.connect(sys.argv[1])
for i in range(2):
    print(repr(sub.recv_multipart()))
sub.close(0); ctx.term()
`, top.endpoint("localhost", 5563))
		want := "[b'B', b'We would like to see this']\n"
		if out != want+want {
			t.Errorf("python SUB got %q, want twice %q", out, want)
		}
		interrupt0(t, pub, 5*time.Second)
	})
	t.Run("psenvsub", func(t *testing.T) {
		t.Parallel()
		top := newTopology(t)
		sub := top.start("psenvsub")
		out := python(t, 30*time.Second, `
import sys, time, zmq
ctx = zmq.Context()
pub = ctx.socket(zmq.PUB)
pub.bind(sys.argv[1])
for i in range(20):
    pub.send_multipart([b"A", b"We don't want to see this"])
    pub.send_multipart([b"B", b"We would like to see this"])
    time.sleep(0.1)
pub.close(1000); ctx.term()
print("done")
`, top.endpoint("*", 5563))
		if out != "done\n" {
			t.Fatalf("python PUB: %q", out)
		}
		if err := sub.ExpectLine("[B] We would like to see this", 10*time.Second); err != nil {
			t.Fatal(err)
		}
		interrupt0(t, sub, 5*time.Second)
		for _, l := range strings.Split(strings.TrimSuffix(sub.Stdout(), "\n"), "\n") {
			if l != "[B] We would like to see this" {
				t.Errorf("psenvsub printed %q, want only [B] lines", l)
			}
		}
	})
}
