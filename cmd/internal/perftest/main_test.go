package perftest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
)

// The output of libzmq 4.3.4's perf/local_thr.cpp and perf/remote_lat.cpp
// ("message size: %d [B]\n" and so on), with the numbers captured.
var (
	thrOutput = regexp.MustCompile(`^message size: (\d+) \[B\]\n` +
		`message count: (\d+)\n` +
		`mean throughput: (\d+) \[msg/s\]\n` +
		`mean throughput: (\d+\.\d{3}) \[Mb/s\]\n$`)
	latOutput = regexp.MustCompile(`^message size: (\d+) \[B\]\n` +
		`roundtrip count: (\d+)\n` +
		`average latency: (\d+\.\d{3}) \[us\]\n$`)
)

// The usage lines of libzmq 4.3.4's tools.
var usages = map[string]string{
	"local_thr":  "usage: local_thr <bind-to> <message-size> <message-count> [<enable_curve>]",
	"remote_thr": "usage: remote_thr <connect-to> <message-size> <message-count> [<enable_curve>]",
	"local_lat":  "usage: local_lat <bind-to> <message-size> <roundtrip-count>",
	"remote_lat": "usage: remote_lat <connect-to> <message-size> <roundtrip-count>",
}

var toolNames = []string{"local_thr", "remote_thr", "local_lat", "remote_lat"}

const (
	// runTimeout bounds every run of a tool or of a pair of them.
	runTimeout = 30 * time.Second
	// buildTimeout bounds the builds, which may start from a cold cache.
	buildTimeout = 5 * time.Minute
	// endpointArg stands for the endpoint in a side's arguments.
	endpointArg = "ENDPOINT"
)

func TestPerfTools(t *testing.T) {
	bin := t.TempDir()
	buildTools(t, bin)
	tool := func(name string) string { return filepath.Join(bin, name) }

	t.Run("Usage", func(t *testing.T) {
		for _, name := range toolNames {
			tooMany := []string{"a", "b", "c", "d", "e"}
			if strings.HasSuffix(name, "_lat") {
				tooMany = tooMany[:4] // the latency tools take no enable_curve
			}
			for _, args := range [][]string{nil, {"tcp://127.0.0.1:1"}, tooMany} {
				r := runTool(t, tool(name), args...)
				if r.code != 1 || r.stdout != "" || r.stderr != usages[name]+"\n" {
					t.Errorf("%s %q: exit %d, stdout %q, stderr %q; want exit 1 and the usage line %q on stderr",
						name, args, r.code, r.stdout, r.stderr, usages[name])
				}
			}
		}
	})

	t.Run("BadArguments", func(t *testing.T) {
		const ep = "tcp://127.0.0.1:1" // never reached: the arguments are refused first
		for _, c := range []struct {
			name string
			args []string
			code int
			want string // in the one stderr line
		}{
			{"local_thr", []string{ep, "abc", "10"}, 1, `message-size must be an integer from 0 to 2147483647, not "abc"`},
			{"local_thr", []string{ep, "64", "0"}, 1, `message-count must be an integer from 1`},
			{"local_thr", []string{ep, "64", "1e6"}, 1, `message-count must be an integer from 1`},
			{"local_thr", []string{ep, "64", "10", "on"}, 1, `enable_curve must be an integer`},
			{"remote_thr", []string{ep, "-1", "10"}, 1, `message-size must be an integer from 0`},
			{"remote_thr", []string{ep, "64", "3000000000"}, 1, `message-count must be an integer from 1 to 2147483647`},
			{"local_lat", []string{ep, "64", "0"}, 1, `roundtrip-count must be an integer from 1`},
			{"remote_lat", []string{ep, "64B", "10"}, 1, `message-size must be an integer`},
			{"local_thr", []string{"nope", "64", "10"}, 255, `local_thr: error in zmq_bind "nope": Invalid argument`},
			{"local_thr", []string{"tcp://127.0.0.1:99999", "64", "10"}, 255, `error in zmq_bind "tcp://127.0.0.1:99999": port 99999 out of range`},
			{"local_lat", []string{"tcp://", "64", "10"}, 255, `local_lat: error in zmq_bind "tcp://"`},
			{"remote_thr", []string{"tcp://127.0.0.1", "64", "10"}, 255, `remote_thr: error in zmq_connect "tcp://127.0.0.1": Invalid argument`},
			{"remote_lat", []string{"nosuch://x", "64", "10"}, 255, `remote_lat: error in zmq_connect "nosuch://x": Protocol not supported`},
		} {
			r := runTool(t, tool(c.name), c.args...)
			if r.code != c.code || r.stdout != "" || !oneLine(r.stderr) || !strings.Contains(r.stderr, c.want) {
				t.Errorf("%s %q: exit %d, stdout %q, stderr %q; want exit %d and one stderr line with %q",
					c.name, c.args, r.code, r.stdout, r.stderr, c.code, c.want)
			}
		}
	})

	t.Run("Throughput", func(t *testing.T) {
		for _, c := range []struct{ size, count int }{{64, 10000}, {0, 1000}, {1, 1}, {100 << 10, 200}} {
			args := []string{endpointArg, strconv.Itoa(c.size), strconv.Itoa(c.count)}
			local, remote := runPair(t,
				side{"local_thr", tool("local_thr"), args},
				side{"remote_thr", tool("remote_thr"), args})
			checkThroughput(t, local, c.size, c.count)
			wantSilent(t, remote)
		}
	})

	t.Run("ThroughputCurve", func(t *testing.T) {
		if !zmq.Has("curve") {
			t.Skip("libzmq was built without CURVE")
		}
		args := []string{endpointArg, "64", "2000", "1"}
		local, remote := runPair(t,
			side{"local_thr", tool("local_thr"), args},
			side{"remote_thr", tool("remote_thr"), args})
		checkThroughput(t, local, 64, 2000)
		wantSilent(t, remote)
	})

	t.Run("WrongSize", func(t *testing.T) {
		// The receiving side must stop at the first message of the wrong
		// size, as the C tools do; the other side is stopped then.
		for _, c := range []struct{ local, remote string }{{"local_thr", "remote_thr"}, {"local_lat", "remote_lat"}} {
			local, _ := runPair(t,
				side{c.local, tool(c.local), []string{endpointArg, "64", "10"}},
				side{c.remote, tool(c.remote), []string{endpointArg, "32", "10"}})
			want := c.local + ": message of incorrect size received: 32 bytes, expected 64\n"
			if local.code != 255 || local.stdout != "" || local.stderr != want {
				t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 255 and %q",
					c.local, local.code, local.stdout, local.stderr, want)
			}
		}
	})

	t.Run("Latency", func(t *testing.T) {
		for _, c := range []struct{ size, count int }{{64, 1000}, {0, 100}, {100 << 10, 50}} {
			args := []string{endpointArg, strconv.Itoa(c.size), strconv.Itoa(c.count)}
			local, remote := runPair(t,
				side{"local_lat", tool("local_lat"), args},
				side{"remote_lat", tool("remote_lat"), args})
			wantSilent(t, local)
			checkLatency(t, remote, c.size, c.count)
		}
	})

	t.Run("CPeer", func(t *testing.T) {
		cpeer := buildCPeer(t, bin)
		peer := func(mode string, size, count int) side {
			return side{"cpeer " + mode, cpeer, []string{mode, endpointArg, strconv.Itoa(size), strconv.Itoa(count)}}
		}
		goSide := func(name string, size, count int) side {
			return side{name, tool(name), []string{endpointArg, strconv.Itoa(size), strconv.Itoa(count)}}
		}
		t.Run("CPushToLocalThr", func(t *testing.T) {
			local, push := runPair(t, goSide("local_thr", 64, 10000), peer("push", 64, 10000))
			checkThroughput(t, local, 64, 10000)
			wantOutput(t, push, "push: 10000 messages of 64 bytes\n")
		})
		t.Run("RemoteThrToCPull", func(t *testing.T) {
			pull, remote := runPair(t, peer("pull", 64, 10000), goSide("remote_thr", 64, 10000))
			wantOutput(t, pull, "pull: 10000 messages of 64 bytes\n")
			wantSilent(t, remote)
		})
		t.Run("CReqToLocalLat", func(t *testing.T) {
			local, req := runPair(t, goSide("local_lat", 64, 1000), peer("req", 64, 1000))
			wantSilent(t, local)
			wantOutput(t, req, "req: 1000 messages of 64 bytes\n")
		})
		t.Run("RemoteLatToCRep", func(t *testing.T) {
			rep, remote := runPair(t, peer("rep", 64, 1000), goSide("remote_lat", 64, 1000))
			wantOutput(t, rep, "rep: 1000 messages of 64 bytes\n")
			checkLatency(t, remote, 64, 1000)
		})
	})

	// libzmq's own tools, when someone built them: each Go tool against
	// its C counterpart, and the same usage lines (the C tools print them
	// on stdout, the Go ones on stderr).
	t.Run("LibzmqPerfTools", func(t *testing.T) {
		dir := os.Getenv("ZMQGO_LIBZMQ_PERF_DIR")
		if dir == "" {
			t.Skip("set ZMQGO_LIBZMQ_PERF_DIR to a directory with libzmq's perf tools to pair with them")
		}
		c := func(name string) string { return filepath.Join(dir, name) }
		for _, name := range toolNames {
			r := runTool(t, c(name))
			if r.code != 1 || r.stdout != usages[name]+"\n" {
				t.Errorf("C %s without arguments: exit %d, stdout %q; want exit 1 and %q", name, r.code, r.stdout, usages[name])
			}
		}
		thr := []string{endpointArg, "64", "10000"}
		lat := []string{endpointArg, "64", "1000"}
		local, remote := runPair(t, side{"C local_thr", c("local_thr"), thr}, side{"remote_thr", tool("remote_thr"), thr})
		checkThroughput(t, local, 64, 10000)
		wantSilent(t, remote)
		local, remote = runPair(t, side{"local_thr", tool("local_thr"), thr}, side{"C remote_thr", c("remote_thr"), thr})
		checkThroughput(t, local, 64, 10000)
		wantSilent(t, remote)
		local, remote = runPair(t, side{"C local_lat", c("local_lat"), lat}, side{"remote_lat", tool("remote_lat"), lat})
		wantSilent(t, local)
		checkLatency(t, remote, 64, 1000)
		local, remote = runPair(t, side{"local_lat", tool("local_lat"), lat}, side{"C remote_lat", c("remote_lat"), lat})
		wantSilent(t, local)
		checkLatency(t, remote, 64, 1000)
		if zmq.Has("curve") {
			curve := []string{endpointArg, "64", "2000", "1"}
			local, remote = runPair(t, side{"C local_thr", c("local_thr"), curve}, side{"remote_thr", tool("remote_thr"), curve})
			checkThroughput(t, local, 64, 2000)
			wantSilent(t, remote)
			local, remote = runPair(t, side{"local_thr", tool("local_thr"), curve}, side{"C remote_thr", c("remote_thr"), curve})
			checkThroughput(t, local, 64, 2000)
			wantSilent(t, remote)
		}
	})
}

// buildTools builds the four commands into dir.
func buildTools(t *testing.T, dir string) {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the tools: %v", err)
	}
	args := []string{"build", "-o", dir + string(filepath.Separator)}
	for _, name := range toolNames {
		args = append(args, "github.com/zmqgo/zmq/cmd/"+name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	if out, err := exec.CommandContext(ctx, goCmd, args...).CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// buildCPeer compiles testdata/cpeer.c into dir, or skips the test when
// there is no gcc or no libzmq pkg-config file.
func buildCPeer(t *testing.T, dir string) string {
	t.Helper()
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("no gcc to build the C peer")
	}
	pkgConfig, err := exec.LookPath("pkg-config")
	if err != nil {
		t.Skip("no pkg-config to find libzmq for the C peer")
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	flags, err := exec.CommandContext(ctx, pkgConfig, "--cflags", "--libs", "libzmq").Output()
	if err != nil {
		t.Skipf("pkg-config --cflags --libs libzmq: %v", err)
	}
	out := filepath.Join(dir, "cpeer")
	args := append([]string{"-O2", "-Wall", "-Werror", "-o", out, filepath.Join("testdata", "cpeer.c")}, strings.Fields(string(flags))...)
	if b, err := exec.CommandContext(ctx, gcc, args...).CombinedOutput(); err != nil {
		t.Fatalf("gcc %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	return out
}

// result is how a run of a program ended.
type result struct {
	name           string
	stdout, stderr string
	code           int  // exit status; -1 when killed
	timedOut       bool // killed at runTimeout
}

func (r result) String() string {
	s := fmt.Sprintf("%s: exit %d, stdout %q, stderr %q", r.name, r.code, r.stdout, r.stderr)
	if r.timedOut {
		s += fmt.Sprintf(" (killed after %v)", runTimeout)
	}
	return s
}

// runTool runs one program to the end.
func runTool(t *testing.T, path string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	p := startProc(t, ctx, filepath.Base(path), path, args)
	return p.wait(ctx)
}

// side is one program of a pair: its arguments hold endpointArg where
// the endpoint goes.
type side struct {
	name string
	path string
	args []string
}

// runPair runs binder and connector together on a free tcp port of
// 127.0.0.1 until both have exited, and returns how each ended. When one
// fails, the other is killed: it would wait for ever for its peer. When
// the port was taken between picking it and binding it, the pair runs
// again on another.
func runPair(t *testing.T, binder, connector side) (b, c result) {
	t.Helper()
	for attempt := 1; ; attempt++ {
		endpoint := freeEndpoint(t)
		b, c = runPairOn(t, endpoint, binder, connector)
		if attempt < 3 && b.code != 0 && strings.Contains(b.stderr, "Address already in use") {
			t.Logf("%s: %s was taken, trying another port", binder.name, endpoint)
			continue
		}
		if b.timedOut || c.timedOut {
			t.Fatalf("pair on %s did not finish:\n%v\n%v", endpoint, b, c)
		}
		return b, c
	}
}

func runPairOn(t *testing.T, endpoint string, binder, connector side) (b, c result) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	bp := startProc(t, ctx, binder.name, binder.path, withEndpoint(binder.args, endpoint))
	cp := startProc(t, ctx, connector.name, connector.path, withEndpoint(connector.args, endpoint))
	type ended struct {
		first bool
		r     result
	}
	done := make(chan ended, 2)
	go func() { done <- ended{true, bp.wait(ctx)} }()
	go func() { done <- ended{false, cp.wait(ctx)} }()
	for range 2 {
		e := <-done
		if e.r.code != 0 {
			cancel()
		}
		if e.first {
			b = e.r
		} else {
			c = e.r
		}
	}
	return b, c
}

func withEndpoint(args []string, endpoint string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == endpointArg {
			a = endpoint
		}
		out[i] = a
	}
	return out
}

// freeEndpoint returns a tcp endpoint on 127.0.0.1 whose port was free a
// moment ago: libzmq picks it for a wildcard bind, which is then closed.
func freeEndpoint(t *testing.T) string {
	t.Helper()
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	s, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Bind("tcp://127.0.0.1:*"); err != nil {
		t.Fatal(err)
	}
	endpoint, err := s.LastEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Term returns once the socket, listener included, is closed.
	if err := ctx.Term(); err != nil {
		t.Fatal(err)
	}
	return endpoint
}

type proc struct {
	name           string
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
}

func startProc(t *testing.T, ctx context.Context, name, path string, args []string) *proc {
	t.Helper()
	p := &proc{name: name, cmd: exec.CommandContext(ctx, path, args...)}
	p.cmd.Stdout = &p.stdout
	p.cmd.Stderr = &p.stderr
	p.cmd.WaitDelay = 2 * time.Second
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	return p
}

// wait waits for the program, which ctx kills when it expires or is
// cancelled.
func (p *proc) wait(ctx context.Context) result {
	err := p.cmd.Wait()
	r := result{name: p.name, stdout: p.stdout.String(), stderr: p.stderr.String(), code: -1}
	if p.cmd.ProcessState != nil {
		r.code = p.cmd.ProcessState.ExitCode()
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		r.stderr += fmt.Sprintf("[wait: %v]", err)
	}
	r.timedOut = r.code == -1 && errors.Is(ctx.Err(), context.DeadlineExceeded)
	return r
}

// checkThroughput checks that r is a successful local_thr run of count
// messages of size bytes, whose output is libzmq's, numbers included.
func checkThroughput(t *testing.T, r result, size, count int) {
	t.Helper()
	if r.code != 0 || r.stderr != "" {
		t.Errorf("%v; want exit 0 and nothing on stderr", r)
		return
	}
	m := thrOutput.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Errorf("%s printed %q; want libzmq's four lines (%v)", r.name, r.stdout, thrOutput)
		return
	}
	if m[1] != strconv.Itoa(size) || m[2] != strconv.Itoa(count) {
		t.Errorf("%s printed size %s and count %s; want %d and %d", r.name, m[1], m[2], size, count)
	}
	msgs, _ := strconv.ParseFloat(m[3], 64)
	mbits, _ := strconv.ParseFloat(m[4], 64)
	if msgs < 1 {
		t.Errorf("%s printed a rate of %s msg/s", r.name, m[3])
	}
	// Mb/s is msg/s before its truncation to an integer, times the size
	// in bits, over 10^6, rounded to 3 decimals.
	lo := msgs * float64(size) * 8 / 1e6
	hi := (msgs + 1) * float64(size) * 8 / 1e6
	if mbits < lo-0.0005 || mbits > hi+0.0005 {
		t.Errorf("%s printed %s Mb/s for %s msg/s of %d B; want %.3f to %.3f", r.name, m[4], m[3], size, lo, hi)
	}
}

// checkLatency checks that r is a successful remote_lat run of count
// roundtrips of size bytes, whose output is libzmq's.
func checkLatency(t *testing.T, r result, size, count int) {
	t.Helper()
	if r.code != 0 || r.stderr != "" {
		t.Errorf("%v; want exit 0 and nothing on stderr", r)
		return
	}
	m := latOutput.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Errorf("%s printed %q; want libzmq's three lines (%v)", r.name, r.stdout, latOutput)
		return
	}
	if m[1] != strconv.Itoa(size) || m[2] != strconv.Itoa(count) {
		t.Errorf("%s printed size %s and count %s; want %d and %d", r.name, m[1], m[2], size, count)
	}
	if us, _ := strconv.ParseFloat(m[3], 64); us <= 0 {
		t.Errorf("%s printed a latency of %s us", r.name, m[3])
	}
}

// wantSilent checks that r exited 0 having printed nothing, as libzmq's
// remote_thr and local_lat do.
func wantSilent(t *testing.T, r result) {
	t.Helper()
	wantOutput(t, r, "")
}

func wantOutput(t *testing.T, r result, stdout string) {
	t.Helper()
	if r.code != 0 || r.stdout != stdout || r.stderr != "" {
		t.Errorf("%v; want exit 0, stdout %q and nothing on stderr", r, stdout)
	}
}

// oneLine reports whether s is exactly one line, newline included.
func oneLine(s string) bool {
	return strings.HasSuffix(s, "\n") && strings.Count(s, "\n") == 1
}
