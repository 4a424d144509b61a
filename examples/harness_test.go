package examples

import (
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// binDir holds the examples, built once for the whole test binary.
var binDir string

// The examples are built without -race: the package's own tests run the
// library under the race detector, and here it would only slow the
// topologies (the weather run tenfold) towards their time limits.
func TestMain(m *testing.M) {
	zmqtest.AfterTests = everyExampleCompared
	zmqtest.MainWithPrograms(m, &binDir, false, "./examples/...")
}

// topology is one test's set of example processes, sharing a port offset
// and a working directory; the test's end stops them all.
type topology struct {
	t      *testing.T
	offset int
	dir    string
}

// newTopology picks a port offset whose shifted book ports (5555-5565,
// 8100) are free, so that tests, and test runs, do not meet.
func newTopology(t *testing.T) *topology {
	t.Helper()
	offset, err := zmqtest.FreeOffset()
	if err != nil {
		t.Fatal(err)
	}
	return &topology{t: t, offset: offset, dir: t.TempDir()}
}

// start starts example name with args, in the topology's directory and
// port range. Once the test has stopped it, what it printed on stdout is
// compared with the book's listing (compareWithBook).
func (top *topology) start(name string, args ...string) *zmqtest.Proc {
	top.t.Helper()
	var p *zmqtest.Proc
	// Registered before StartWith's own cleanup, so it runs after the
	// process was stopped and its output collected.
	top.t.Cleanup(func() {
		if p != nil {
			compareWithBook(top.t, name, p)
		}
	})
	p = zmqtest.StartWith(top.t, zmqtest.Options{
		Name: name,
		Dir:  top.dir,
		Env:  []string{"ZGUIDE_PORT_OFFSET=" + strconv.Itoa(top.offset)},
	}, filepath.Join(binDir, name), args...)
	return p
}

// endpoint shifts a book endpoint into the topology's port range.
func (top *topology) endpoint(host string, port int) string {
	return fmt.Sprintf("tcp://%s:%d", host, port+top.offset)
}
