package examples

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// syncTopology runs the book's node coordination script: subs syncsub,
// then syncpub with args; every syncsub must count exactly updates.
func syncTopology(t *testing.T, subs, updates int, args ...string) {
	top := newTopology(t)
	var subscribers []*zmqtest.Proc
	for range subs {
		subscribers = append(subscribers, top.start("syncsub"))
	}
	begin := time.Now()
	// -v says on stderr when syncpub waits and when it broadcasts; like
	// the book's, it prints nothing on stdout.
	pub := top.start("syncpub", append([]string{"-v"}, args...)...)
	if _, err := pub.WaitStderr(regexp.MustCompile(`^Waiting for subscribers$`), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.WaitStderr(regexp.MustCompile(`^Broadcasting messages$`), 30*time.Second); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("Received %d updates\n", updates)
	deadline := time.Now().Add(60 * time.Second)
	for i, p := range subscribers {
		p.ExpectExit(t, 0, time.Until(deadline))
		if got := p.Stdout(); got != want {
			t.Errorf("syncsub %d printed %q, want %q", i, got, want)
		}
	}
	pub.ExpectExit(t, 0, time.Until(deadline)+5*time.Second)
	t.Logf("%d subscribers × %d updates: %v from syncpub's start until all exited (syncsub sleeps 1 s of it)",
		subs, updates, time.Since(begin).Round(time.Millisecond))
}

// TestSyncBook is the book's run, and the regression test for the 4.x
// send high-water mark: ten syncsub, one million
// updates each. Not parallel: it keeps both cores busy.
func TestSyncBook(t *testing.T) {
	syncTopology(t, 10, 1000000)
}

// TestSyncReduced is the quicker variant the demo tour runs.
func TestSyncReduced(t *testing.T) {
	t.Parallel()
	syncTopology(t, 3, 100000, "-subscribers", "3", "-updates", "100000")
}

var updateOrEnd = regexp.MustCompile(`(?m)^(?:Update (\d+)|(END))\n`)

// readUpdates reads durasub's lines up to END and returns the update
// numbers, checking that they increase.
func readUpdates(t *testing.T, p *zmqtest.Proc, timeout time.Duration) []int {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var ks []int
	for {
		m, err := p.Expect(updateOrEnd, time.Until(deadline))
		if err != nil {
			t.Fatal(err)
		}
		if m[2] == "END" {
			return ks
		}
		k, err := strconv.Atoi(m[1])
		if err != nil {
			t.Fatal(err)
		}
		if len(ks) > 0 && k <= ks[len(ks)-1] {
			t.Fatalf("%s printed Update %d after Update %d; output %q", p.Name, k, ks[len(ks)-1], p.Stdout())
		}
		ks = append(ks, k)
	}
}

// TestDuraRestart is the book's restart scenario on 4.3: the
// identity no longer makes the SUB durable, so the restarted
// durasub misses what was published while it was gone.
func TestDuraRestart(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	pub := top.start("durapub")
	sub1 := top.start("durasub")
	last := -1
	for range 2 {
		m, err := sub1.Expect(regexp.MustCompile(`(?m)^Update (\d+)\n`), 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		k, err := strconv.Atoi(m[1])
		if err != nil {
			t.Fatal(err)
		}
		if k <= last {
			t.Fatalf("durasub#1 printed Update %d after Update %d", k, last)
		}
		last = k
	}
	if err := sub1.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if _, err := sub1.Wait(5 * time.Second); err != nil && !sub1.Exited() {
		t.Fatal(err)
	}
	// The book's "count to three", part of the scenario: updates are
	// published while no subscriber is there.
	time.Sleep(3 * time.Second)

	sub2 := top.start("durasub")
	ks := readUpdates(t, sub2, 20*time.Second)
	sub2.ExpectExit(t, 0, 5*time.Second)
	pub.ExpectExit(t, 0, 10*time.Second)
	if len(ks) == 0 {
		t.Fatalf("durasub#2 printed no update before END: %q", sub2.Stdout())
	}
	if ks[0] <= last+1 {
		t.Errorf("durasub#2's first update is %d, right after #1's last (%d): the publisher kept updates for it", ks[0], last)
	}
	t.Logf("durasub#1 last saw Update %d, durasub#2 first saw Update %d: %d lost", last, ks[0], ks[0]-last-1)
}

// TestDurapub2 guards the cynical publisher, which runs without
// its swap and says why.
func TestDurapub2(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	pub := top.start("durapub2")
	sub := top.start("durasub")
	ks := readUpdates(t, sub, 20*time.Second)
	sub.ExpectExit(t, 0, 5*time.Second)
	pub.ExpectExit(t, 0, 10*time.Second)
	if len(ks) == 0 || ks[len(ks)-1] != 9 {
		t.Errorf("durasub saw updates %v, want them to end with 9", ks)
	}
	stderr := pub.Stderr()
	for _, want := range []string{"ZMQ_SWAP", "removed", "SetSndHWM"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("durapub2's stderr %q does not mention %q", stderr, want)
		}
	}
	if pub.Stdout() != "" {
		t.Errorf("durapub2 printed %q, want nothing", pub.Stdout())
	}
}
