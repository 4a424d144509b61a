// Command tour runs the examples of chapter 2 of the ZeroMQ Guide
// together, topology by topology, shows what each program prints (prefixed
// by its name, in colour on a terminal) and ends with a line per
// topology saying whether it did what the book says, and printed what the
// book's listings print. `make demo` runs it.
//
//	tour -bin DIR     DIR holds the built examples (go build -o DIR/ ./examples/...)
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/zmqgo/zmq/examples/internal/book"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// A topology is one of the book's arrangements of programs.
type topology struct {
	title string
	run   func(*tour) error
}

var topologies = []topology{
	{"version reporting", versionTour},
	{"hello world (REQ-REP)", helloTour},
	{"weather updates (PUB-SUB)", weatherTour},
	{"weather updates through wuproxy", weatherProxyTour},
	{"pipeline with kill signalling (PUSH-PULL, PUB-SUB)", pipelineTour},
	{"reading two sockets without blocking (msreader)", func(t *tour) error { return multipleSocketsTour(t, "msreader") }},
	{"polling two sockets (mspoller)", func(t *tour) error { return multipleSocketsTour(t, "mspoller") }},
	{"request-reply broker (ROUTER-DEALER)", brokerTour},
	{"queue device (msgqueue)", queueTour},
	{"multithreaded server (mtserver)", mtserverTour},
	{"Ctrl-C handling (interrupt)", interruptTour},
	{"pub-sub envelopes", envelopeTour},
	{"multithreaded relay (PAIR over inproc)", relayTour},
	{"node coordination (synchronized publisher)", syncTour},
	{"durable subscriber, restarted (durapub)", durableTour},
	{"durable subscriber with a high-water mark (durapub2)", durableHWMTour},
}

func main() {
	bin := flag.String("bin", "bin/examples", "directory holding the built examples")
	flag.Parse()
	colour := isTerminal(os.Stdout)
	// The programs run in a directory of their own (wuserver makes
	// weather.ipc there), so the path to them must not be relative.
	dir, err := filepath.Abs(*bin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
	*bin = dir

	type result struct {
		title string
		err   error
		took  time.Duration
	}
	var results []result
	for _, top := range topologies {
		fmt.Printf("\n== %s ==\n", top.title)
		t, err := newTour(*bin, colour)
		if err == nil {
			start := time.Now()
			err = top.run(t)
			t.stopAll()
			if err == nil {
				err = t.checkBook()
			}
			results = append(results, result{top.title, err, time.Since(start)})
		} else {
			results = append(results, result{top.title, err, 0})
		}
	}

	fmt.Println("\n== summary ==")
	failed := 0
	for _, r := range results {
		verdict := "passed"
		if r.err != nil {
			verdict = "FAILED: " + r.err.Error()
			failed++
		}
		fmt.Printf("%-55s %s (%.1fs)\n", r.title, verdict, r.took.Seconds())
	}
	if failed > 0 {
		os.Exit(1)
	}
}

// tour runs the programs of one topology in their own port range and
// working directory.
type tour struct {
	bin, dir string
	offset   int
	colour   bool
	procs    []*zmqtest.Proc
	programs []string // procs[i] runs programs[i]
}

func newTour(bin string, colour bool) (*tour, error) {
	offset, err := zmqtest.FreeOffset()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "zguidetour-")
	if err != nil {
		return nil, err
	}
	return &tour{bin: bin, dir: dir, offset: offset, colour: colour}, nil
}

var palette = []string{"\033[36m", "\033[33m", "\033[35m", "\033[32m", "\033[34m", "\033[91m", "\033[96m", "\033[93m"}

// start starts an example; label tells copies of one program apart.
func (t *tour) start(label, name string, args ...string) (*zmqtest.Proc, error) {
	prefix := fmt.Sprintf("%-12s| ", label)
	if t.colour {
		prefix = palette[len(t.procs)%len(palette)] + fmt.Sprintf("%-12s", label) + "\033[0m| "
	}
	p, err := zmqtest.Launch(zmqtest.Options{
		Name:   label,
		Dir:    t.dir,
		Env:    []string{"ZGUIDE_PORT_OFFSET=" + strconv.Itoa(t.offset)},
		Echo:   os.Stdout,
		Prefix: prefix,
	}, filepath.Join(t.bin, name), args...)
	if err != nil {
		return nil, err
	}
	t.procs = append(t.procs, p)
	t.programs = append(t.programs, name)
	return p, nil
}

// checkBook says whether every program printed on stdout what the book's
// listing prints, and nothing else.
func (t *tour) checkBook() error {
	for i, p := range t.procs {
		if err := book.Check(t.programs[i], p.Stdout()); err != nil {
			return err
		}
	}
	return nil
}

// stopAll interrupts what is still running, as a person would with Ctrl-C.
func (t *tour) stopAll() {
	for _, p := range t.procs {
		p.Stop(2 * time.Second)
	}
	os.RemoveAll(t.dir)
}

// interruptCleanly sends SIGINT and expects a clean exit. A program in the
// middle of one of the book's one-second sleeps notices at the end of it.
func interruptCleanly(p *zmqtest.Proc) error {
	if err := p.Signal(os.Interrupt); err != nil {
		return err
	}
	return p.ExitWith(0, 3*time.Second)
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
