package examples

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zmqgo/zmq/examples/internal/run"
)

// binDir holds the examples, built once for the whole test binary.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zguide-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := run.Build("..", dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// topology is one test's set of example processes, sharing a port offset
// and a working directory; Cleanup stops them all.
type topology struct {
	t      *testing.T
	offset int
	dir    string
	procs  []*run.Proc
}

// newTopology picks a port offset whose shifted book ports (5555-5565,
// 8100) are free, so that tests, and test runs, do not meet.
func newTopology(t *testing.T) *topology {
	t.Helper()
	top := &topology{t: t, dir: t.TempDir()}
	offset, err := run.FreeOffset()
	if err != nil {
		t.Fatal(err)
	}
	top.offset = offset
	t.Cleanup(func() {
		for _, p := range top.procs {
			p.Stop(2 * time.Second)
		}
	})
	return top
}

// start starts example name with args, in the topology's directory and
// port range.
func (top *topology) start(name string, args ...string) *run.Proc {
	top.t.Helper()
	p, err := run.Start(name, filepath.Join(binDir, name), run.Options{
		Dir: top.dir,
		Env: []string{fmt.Sprintf("ZGUIDE_PORT_OFFSET=%d", top.offset)},
	}, args...)
	if err != nil {
		top.t.Fatal(err)
	}
	top.procs = append(top.procs, p)
	return p
}

// endpoint shifts a book endpoint into the topology's port range.
func (top *topology) endpoint(host string, port int) string {
	return fmt.Sprintf("tcp://%s:%d", host, port+top.offset)
}

// exit0 waits for p to exit with status 0 within timeout.
func exit0(t *testing.T, p *run.Proc, timeout time.Duration) {
	t.Helper()
	code, err := p.Wait(timeout)
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 {
		t.Fatalf("%s exited with status %d; stdout %q, stderr %q", p.Name, code, p.Output(), p.Stderr())
	}
}
