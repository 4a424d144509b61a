package examples

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/zmqgo/zmq/examples/internal/book"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// compared records which examples had their output compared with the
// book in this run.
var compared = struct {
	sync.Mutex
	names map[string]bool
}{names: map[string]bool{}}

// compareWithBook fails t unless p, a run of example name, printed on
// stdout only what the book's listing prints. topology.start calls it
// for every example a test starts, once the test has stopped it.
func compareWithBook(t testing.TB, name string, p *zmqtest.Proc) {
	t.Helper()
	compared.Lock()
	compared.names[name] = true
	compared.Unlock()
	if err := book.Check(name, p.Stdout()); err != nil {
		t.Error(err)
	}
}

// everyExampleCompared fails a full run in which an example never ran:
// then its output was never compared with the book.
func everyExampleCompared() error {
	if !zmqtest.FullRun() {
		return nil
	}
	compared.Lock()
	defer compared.Unlock()
	var missing []string
	for name := range book.Listings {
		if !compared.names[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("no test ran %s: their output was not compared with the book", strings.Join(missing, ", "))
	}
	return nil
}

// TestBookHasEveryExample guards the table itself: each program under
// examples/ has a listing, and each listing a program.
func TestBookHasEveryExample(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	programs := map[string]bool{}
	for _, e := range entries {
		if e.IsDir() && e.Name() != "internal" {
			programs[e.Name()] = true
			if _, ok := book.Listings[e.Name()]; !ok {
				t.Errorf("examples/%s has no listing in book.Listings", e.Name())
			}
		}
	}
	for name := range book.Listings {
		if !programs[name] {
			t.Errorf("book.Listings has %s, which is not under examples/", name)
		}
	}
}

// TestBookPatterns guards the patterns against accepting what the book
// does not print: each rejects the lines the programs printed before
// they followed the listings, and accepts the book's lines.
func TestBookPatterns(t *testing.T) {
	for _, c := range []struct {
		name, out string
		want      bool
	}{
		{"mtrelay", "Test successful!\n", true},
		{"mtrelay", "Step 1 ready, signaling step 2\nStep 2 ready, signaling step 3\nTest successful!\n", false},
		{"syncpub", "", true},
		{"syncpub", "Waiting for subscribers\n", false},
		{"taskwork2", "...", true},
		{"taskwork2", "0.37.", false},
		{"msreader", "task: 37\n", false},
		{"interrupt", "W: recv\n", false},
		{"interrupt", "W: interrupt received, killing server...\n", true},
		{"hwclient", "Connecting to hello world server...\nSending Hello 0...\nReceived World 0\n", true},
		{"hwclient", "Sending Hello 0...\n", false},
		{"wuclient", "Collecting updates from weather server...\nAverage temperature for zipcode '10001 ' was 27F\n", true},
		{"durasub", "Update 3\nUpdate 4\nEND\n", true},
		{"durasub", "END\nUpdate 4\n", false},
	} {
		if err := book.Check(c.name, c.out); (err == nil) != c.want {
			t.Errorf("book.Check(%q, %q) = %v, want it to accept: %v", c.name, c.out, err, c.want)
		}
	}
}
