package perftest_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

var toolNames = []string{"local_thr", "remote_thr", "local_lat", "remote_lat"}

// binDir holds the four tools, built once for the test binary.
var binDir string

func TestMain(m *testing.M) {
	zmqtest.MainWithPrograms(m, &binDir, zmqtest.RaceEnabled, "./cmd/local_thr", "./cmd/remote_thr", "./cmd/local_lat", "./cmd/remote_lat")
}

const (
	// runTimeout bounds every run of a tool or of a pair of them.
	runTimeout = 30 * time.Second
	// endpointArg stands for the endpoint in a side's arguments.
	endpointArg = "ENDPOINT"
)

// TestPerfTools guards the Go perf tools' compatibility with libzmq's C
// ones: the same usage lines, errors and exit statuses, output in the C
// tools' format with consistent numbers, and pairing with plain libzmq
// peers over the wire.
func TestPerfTools(t *testing.T) {
	tool := func(name string) string { return filepath.Join(binDir, name) }

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
		cpeer := buildCPeer(t)
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
