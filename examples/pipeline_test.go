package examples

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// The parallel pipeline of chapter 1 and its kill-signalling variant of
// chapter 2, and the two programs that read the pipeline and the weather
// feed at once.

var (
	ventTotal   = regexp.MustCompile(`(?m)^Total expected cost: (\d+) msec$`)
	sinkOutput  = regexp.MustCompile(`^([:.]*)Total elapsed time: \d+ msec\n$`)
	workerToken = regexp.MustCompile(`(\d+)\.`)
	workerOut   = regexp.MustCompile(`^(\d+\.)*$`)
)

// startVent starts taskvent and presses Enter, or closes its input when
// eof is set.
func startVent(t *testing.T, top *topology, eof bool) *zmqtest.Proc {
	t.Helper()
	vent := top.start("taskvent")
	if _, err := vent.Expect(regexp.MustCompile(`^Press Enter when the workers are ready: `), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if eof {
		if err := vent.Stdin().Close(); err != nil {
			t.Fatal(err)
		}
	} else {
		if _, err := vent.Stdin().Write([]byte("\n")); err != nil {
			t.Fatal(err)
		}
	}
	if err := vent.ExpectLine("Sending tasks to workers...", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	return vent
}

// ventCost waits for taskvent's total and its exit with status 0.
func ventCost(t *testing.T, vent *zmqtest.Proc) int {
	t.Helper()
	m, err := vent.Expect(ventTotal, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	vent.ExpectExit(t, 0, 10*time.Second)
	total, err := strconv.Atoi(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return total
}

// checkSink checks a sink's whole output: ":" for results 0, 10, ..., 90
// and "." for the others, then the elapsed time.
func checkSink(t *testing.T, sink *zmqtest.Proc) {
	t.Helper()
	out := sink.Stdout()
	m := sinkOutput.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("%s printed %q, want 100 progress marks and the elapsed time", sink.Name, out)
	}
	if colons, dots := strings.Count(m[1], ":"), strings.Count(m[1], "."); colons != 10 || dots != 90 {
		t.Errorf("%s printed %d ':' and %d '.', want 10 and 90: %q", sink.Name, colons, dots, out)
	}
	if m[1] != strings.Repeat(":.........", 10) {
		t.Errorf("%s progress %q: want ':' for results 0, 10, ..., 90", sink.Name, m[1])
	}
}

// workerTokens waits until the workers have printed want "<workload>."
// tokens between them and returns their number and sum. Each worker
// prints before it sends its result, so they are all on their way once the
// sink is done.
func workerTokens(t *testing.T, workers []*zmqtest.Proc, want int) (n, sum int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, sum = 0, 0
		for _, w := range workers {
			out := w.Stdout()
			if !workerOut.MatchString(out) {
				t.Fatalf("%s printed %q, want only <workload>. tokens", w.Name, out)
			}
			for _, m := range workerToken.FindAllStringSubmatch(out, -1) {
				k, err := strconv.Atoi(m[1])
				if err != nil {
					t.Fatal(err)
				}
				n++
				sum += k
			}
		}
		if n >= want || time.Now().After(deadline) {
			return n, sum
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPipeline guards the chapter 1 pipeline, started by Enter or by end
// of input: the workers share the 100 tasks, the sink sees them all, and
// the workers end cleanly on SIGINT.
func TestPipeline(t *testing.T) {
	t.Parallel()
	for _, eof := range []bool{false, true} {
		name := "Enter"
		if eof {
			name = "EOF"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			top := newTopology(t)
			sink := top.start("tasksink")
			var workers []*zmqtest.Proc
			for range 3 {
				workers = append(workers, top.start("taskwork"))
			}
			vent := startVent(t, top, eof)
			total := ventCost(t, vent)

			if _, err := sink.Expect(regexp.MustCompile(`Total elapsed time: \d+ msec\n`), 30*time.Second); err != nil {
				t.Fatal(err)
			}
			sink.ExpectExit(t, 0, 10*time.Second)
			checkSink(t, sink)

			n, sum := workerTokens(t, workers, 101)
			if n != 101 || sum != total {
				t.Errorf("workers printed %d tokens summing to %d, want 101 (the start \"0\" and 100 tasks) summing to taskvent's %d", n, sum, total)
			}
			// The workers run until interrupted, and then end cleanly.
			for _, w := range workers {
				if w.Exited() {
					t.Fatalf("%s exited before it was interrupted: stderr %q", w.Name, w.Stderr())
				}
				if err := w.Signal(syscall.SIGINT); err != nil {
					t.Fatal(err)
				}
			}
			for _, w := range workers {
				w.ExpectExit(t, 0, 5*time.Second)
			}
		})
	}
}

// TestPipelineNoSink: with a worker and no sink, the ventilator still
// sends its batch and ends.
func TestPipelineNoSink(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	top.start("taskwork")
	vent := startVent(t, top, true)
	ventCost(t, vent)
}

// TestKill guards the kill signalling of chapter 2: once the sink has
// every result, its KILL message ends the workers by themselves.
func TestKill(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	sink := top.start("tasksink2")
	var workers []*zmqtest.Proc
	for range 3 {
		workers = append(workers, top.start("taskwork2"))
	}
	vent := startVent(t, top, false)
	total := ventCost(t, vent)

	if _, err := sink.Expect(regexp.MustCompile(`Total elapsed time: \d+ msec\n`), 30*time.Second); err != nil {
		t.Fatal(err)
	}
	// No signal is sent: the sink's KILL ends every worker.
	killed := time.Now().Add(5 * time.Second)
	sink.ExpectExit(t, 0, 10*time.Second)
	checkSink(t, sink)
	for _, w := range workers {
		w.ExpectExit(t, 0, time.Until(killed))
	}
	// taskwork2 prints a bare "." per task, as the book's does, so only
	// the count can be checked: the start "0" and the 100 tasks, each
	// done once. (The sum is checked with taskwork, which prints each
	// workload.)
	dots := 0
	for _, w := range workers {
		dots += strings.Count(w.Stdout(), ".")
	}
	if dots != 101 {
		t.Errorf("workers printed %d dots, want 101 (the start \"0\" and 100 tasks); taskvent's total was %d", dots, total)
	}
}

// TestKillWithoutSink: with no sink, no KILL comes, and the worker keeps
// waiting until it is interrupted.
func TestKillWithoutSink(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	w := top.start("taskwork2")
	time.Sleep(2 * time.Second)
	if w.Exited() {
		t.Fatalf("taskwork2 exited with no sink: output %q, stderr %q", w.Stdout(), w.Stderr())
	}
	if err := w.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	w.ExpectExit(t, 0, 5*time.Second)
}

// weatherFeed publishes weather updates on the topology's shifted 5556,
// as wuserver does but slower, with zip code 10001 every third update,
// until the test ends.
func weatherFeed(t *testing.T, top *topology) {
	t.Helper()
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ctx.NewSocket(zmq.PUB)
	if err != nil {
		t.Fatal(err)
	}
	if err := pub.SetLinger(0); err != nil {
		t.Fatal(err)
	}
	if err := pub.Bind(top.endpoint("*", 5556)); err != nil {
		t.Fatal(err)
	}
	done, stopped := make(chan struct{}), make(chan error, 1)
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-done:
				stopped <- pub.Close()
				return
			case <-tick.C:
			}
			zip := []int{10001, 10002, 1000}[i%3]
			if err := pub.SendString(fmt.Sprintf("%05d %d %d", zip, i%215-80, i%50+10), 0); err != nil {
				stopped <- err
				return
			}
		}
	}()
	t.Cleanup(func() {
		close(done)
		if err := <-stopped; err != nil {
			t.Error(err)
		}
		if err := ctx.Term(); err != nil {
			t.Error(err)
		}
	})
}

var (
	taskLine    = regexp.MustCompile(`(?m)^task: (\d+)$`)
	weatherLine = regexp.MustCompile(`(?m)^weather: (.*)$`)
)

// testMultipleSockets runs reader (msreader or mspoller) with the
// weather feed and the ventilator.
func testMultipleSockets(t *testing.T, reader string) {
	t.Parallel()
	top := newTopology(t)
	weatherFeed(t, top)
	// -v shows each message on stderr; like the book's, the program itself
	// prints nothing.
	r := top.start(reader, "-v")
	vent := startVent(t, top, false)
	total := ventCost(t, vent)

	// The reader is the only worker: it gets the start "0" and all 100 tasks.
	deadline := time.Now().Add(30 * time.Second)
	for {
		out := r.Stderr()
		tasks := taskLine.FindAllStringSubmatch(out, -1)
		weather := weatherLine.FindAllStringSubmatch(out, -1)
		if len(tasks) >= 101 && len(weather) >= 1 {
			sum := 0
			for _, m := range tasks {
				k, err := strconv.Atoi(m[1])
				if err != nil {
					t.Fatal(err)
				}
				sum += k
			}
			if len(tasks) != 101 || sum != total {
				t.Errorf("%s printed %d tasks summing to %d, want 101 summing to taskvent's %d", reader, len(tasks), sum, total)
			}
			for _, m := range weather {
				if !strings.HasPrefix(m[1], "10001 ") {
					t.Errorf("%s printed an update it did not subscribe to: %q", reader, m[0])
				}
			}
			break
		}
		if r.Exited() || time.Now().After(deadline) {
			t.Fatalf("%s -v printed %d task lines and %d weather lines (want 101 and at least 1); stderr %q, stdout %q",
				reader, len(tasks), len(weather), out, r.Stdout())
		}
		time.Sleep(20 * time.Millisecond)
	}

	if err := r.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	r.ExpectExit(t, 0, time.Second)
	if s := r.Stdout(); s != "" {
		t.Errorf("%s printed %q; the book's program prints nothing", reader, s)
	}
}

// TestMSReader and TestMSPoller guard reading two sockets at once, by
// alternating non-blocking reads and by polling.
func TestMSReader(t *testing.T) { testMultipleSockets(t, "msreader") }

func TestMSPoller(t *testing.T) { testMultipleSockets(t, "mspoller") }
