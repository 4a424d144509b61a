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
	"regexp"
	"strconv"
	"strings"
	"syscall"
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

func versionTour(t *tour) error {
	p, err := t.start("version", "version")
	if err != nil {
		return err
	}
	if _, err := p.Expect(regexp.MustCompile(`Current 0MQ version is 4\.\d+\.\d+`), 5*time.Second); err != nil {
		return err
	}
	return p.ExitWith(0, 5*time.Second)
}

func helloTour(t *tour) error {
	server, err := t.start("hwserver", "hwserver")
	if err != nil {
		return err
	}
	client, err := t.start("hwclient", "hwclient", "-n", "3")
	if err != nil {
		return err
	}
	for n := 0; n < 3; n++ {
		if err := client.ExpectLine(fmt.Sprintf("Received World %d", n), 10*time.Second); err != nil {
			return err
		}
	}
	if err := client.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	return interruptCleanly(server)
}

// weatherAverage waits for wuclient's average for zip code filter.
func weatherAverage(client *zmqtest.Proc, filter string) error {
	re := regexp.MustCompile(`(?m)^Average temperature for zipcode '` + regexp.QuoteMeta(filter) + `' was -?\d+F$`)
	if _, err := client.Expect(re, 60*time.Second); err != nil {
		return err
	}
	return client.ExitWith(0, 5*time.Second)
}

func weatherTour(t *tour) error {
	server, err := t.start("wuserver", "wuserver")
	if err != nil {
		return err
	}
	client, err := t.start("wuclient", "wuclient", "1")
	if err != nil {
		return err
	}
	if err := weatherAverage(client, "1"); err != nil {
		return err
	}
	return interruptCleanly(server)
}

func weatherProxyTour(t *tour) error {
	server, err := t.start("wuserver", "wuserver")
	if err != nil {
		return err
	}
	proxy, err := t.start("wuproxy", "wuproxy")
	if err != nil {
		return err
	}
	client, err := t.start("wuclient", "wuclient", "1", "tcp://localhost:8100")
	if err != nil {
		return err
	}
	if err := weatherAverage(client, "1"); err != nil {
		return err
	}
	if err := interruptCleanly(proxy); err != nil {
		return err
	}
	return interruptCleanly(server)
}

func queueTour(t *tour) error {
	queue, err := t.start("msgqueue", "msgqueue")
	if err != nil {
		return err
	}
	server, err := t.start("rrserver", "rrserver")
	if err != nil {
		return err
	}
	client, err := t.start("rrclient", "rrclient", "3")
	if err != nil {
		return err
	}
	if err := client.ExpectLine("Received reply 2 [World]", 30*time.Second); err != nil {
		return err
	}
	if err := client.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	if err := interruptCleanly(server); err != nil {
		return err
	}
	return interruptCleanly(queue)
}

func mtserverTour(t *tour) error {
	server, err := t.start("mtserver", "mtserver")
	if err != nil {
		return err
	}
	client, err := t.start("hwclient", "hwclient", "-n", "5")
	if err != nil {
		return err
	}
	if err := client.ExpectLine("Received World 4", 30*time.Second); err != nil {
		return err
	}
	if err := client.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	return interruptCleanly(server)
}

func interruptTour(t *tour) error {
	server, err := t.start("interrupt", "interrupt")
	if err != nil {
		return err
	}
	// A request answered shows the server is up (and its signal handling
	// set up, which comes before the bind); then Ctrl-C.
	client, err := t.start("hwclient", "hwclient", "-n", "1")
	if err != nil {
		return err
	}
	if err := client.ExitWith(0, 10*time.Second); err != nil {
		return err
	}
	if err := server.Signal(os.Interrupt); err != nil {
		return err
	}
	if err := server.ExpectLine("W: interrupt received, killing server...", 5*time.Second); err != nil {
		return err
	}
	return server.ExitWith(0, 5*time.Second)
}

func pipelineTour(t *tour) error {
	sink, err := t.start("tasksink2", "tasksink2")
	if err != nil {
		return err
	}
	var workers []*zmqtest.Proc
	for i := 1; i <= 3; i++ {
		w, err := t.start(fmt.Sprintf("taskwork2 #%d", i), "taskwork2")
		if err != nil {
			return err
		}
		workers = append(workers, w)
	}
	vent, err := t.start("taskvent", "taskvent")
	if err != nil {
		return err
	}
	// The book's ventilator waits for Enter "when the workers are ready".
	// The workers say nothing when they connect, so the tour does what a
	// reader would: give them a moment, then press Enter (end of input
	// does as well). Without it the first worker to connect gets every task.
	time.Sleep(time.Second)
	vent.Stdin().Close()
	total, err := vent.Expect(regexp.MustCompile(`Total expected cost: (\d+) msec`), 10*time.Second)
	if err != nil {
		return err
	}
	if err := vent.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	if _, err := sink.Expect(regexp.MustCompile(`Total elapsed time: \d+ msec`), 30*time.Second); err != nil {
		return err
	}
	if err := sink.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	// Each worker got KILL from the sink and left by itself, having
	// printed a dot per task: the start "0" and the 100 tasks.
	dots := 0
	for _, w := range workers {
		if err := w.ExitWith(0, 5*time.Second); err != nil {
			return err
		}
		dots += strings.Count(w.Stdout(), ".")
	}
	if dots != 101 {
		return fmt.Errorf("the workers did %d tasks, the ventilator sent 101 (%s msec of work)", dots, total[1])
	}
	return nil
}

// multipleSocketsTour runs reader (msreader or mspoller) with the weather
// server and the ventilator, as the only worker: it gets every task and
// the weather for zip code 10001. Like the book's, the reader prints
// nothing; -v shows each message it got.
func multipleSocketsTour(t *tour, reader string) error {
	server, err := t.start("wuserver", "wuserver")
	if err != nil {
		return err
	}
	r, err := t.start(reader, reader, "-v")
	if err != nil {
		return err
	}
	vent, err := t.start("taskvent", "taskvent")
	if err != nil {
		return err
	}
	vent.Stdin().Close()
	if err := vent.ExitWith(0, 10*time.Second); err != nil {
		return err
	}
	for i := 0; i < 101; i++ {
		if _, err := r.WaitStderr(regexp.MustCompile(`^task: \d+$`), 10*time.Second); err != nil {
			return err
		}
	}
	if _, err := r.WaitStderr(regexp.MustCompile(`^weather: 10001 `), 30*time.Second); err != nil {
		return err
	}
	if err := interruptCleanly(r); err != nil {
		return err
	}
	return interruptCleanly(server)
}

func brokerTour(t *tour) error {
	broker, err := t.start("rrbroker", "rrbroker")
	if err != nil {
		return err
	}
	var servers []*zmqtest.Proc
	for i := 1; i <= 2; i++ {
		s, err := t.start(fmt.Sprintf("rrserver #%d", i), "rrserver")
		if err != nil {
			return err
		}
		servers = append(servers, s)
	}
	var clients []*zmqtest.Proc
	for i := 1; i <= 2; i++ {
		c, err := t.start(fmt.Sprintf("rrclient #%d", i), "rrclient", "5")
		if err != nil {
			return err
		}
		clients = append(clients, c)
	}
	for _, c := range clients {
		if err := c.ExpectLine("Received reply 4 [World]", 30*time.Second); err != nil {
			return err
		}
		if err := c.ExitWith(0, 5*time.Second); err != nil {
			return err
		}
	}
	served := 0
	for _, s := range servers {
		served += strings.Count(s.Stdout(), "Received request: [Hello]")
		if err := interruptCleanly(s); err != nil {
			return err
		}
	}
	if served != 10 {
		return fmt.Errorf("the servers answered %d requests, the clients sent 10", served)
	}
	return interruptCleanly(broker)
}

func envelopeTour(t *tour) error {
	pub, err := t.start("psenvpub", "psenvpub")
	if err != nil {
		return err
	}
	sub, err := t.start("psenvsub", "psenvsub")
	if err != nil {
		return err
	}
	for i := 0; i < 3; i++ {
		if err := sub.ExpectLine("[B] We would like to see this", 10*time.Second); err != nil {
			return err
		}
	}
	if strings.Contains(sub.Stdout(), "[A]") {
		return fmt.Errorf("psenvsub received envelope A, which it did not subscribe to")
	}
	if err := interruptCleanly(sub); err != nil {
		return err
	}
	return interruptCleanly(pub)
}

// relayTour runs mtrelay with -v, which shows the steps on stderr.
func relayTour(t *tour) error {
	p, err := t.start("mtrelay", "mtrelay", "-v")
	if err != nil {
		return err
	}
	for _, line := range []string{"Step 1 ready, signaling step 2", "Step 2 ready, signaling step 3"} {
		if _, err := p.WaitStderr(regexp.MustCompile(`^`+regexp.QuoteMeta(line)+`$`), 5*time.Second); err != nil {
			return err
		}
	}
	if err := p.ExpectLine("Test successful!", 5*time.Second); err != nil {
		return err
	}
	return p.ExitWith(0, 5*time.Second)
}

func syncTour(t *tour) error {
	const subscribers, updates = 3, 100000
	var subs []*zmqtest.Proc
	for i := 1; i <= subscribers; i++ {
		s, err := t.start(fmt.Sprintf("syncsub #%d", i), "syncsub")
		if err != nil {
			return err
		}
		subs = append(subs, s)
	}
	pub, err := t.start("syncpub", "syncpub", "-v", "-subscribers", strconv.Itoa(subscribers), "-updates", strconv.Itoa(updates))
	if err != nil {
		return err
	}
	for _, s := range subs {
		if err := s.ExpectLine(fmt.Sprintf("Received %d updates", updates), 30*time.Second); err != nil {
			return err
		}
		if err := s.ExitWith(0, 5*time.Second); err != nil {
			return err
		}
	}
	return pub.ExitWith(0, 5*time.Second)
}

var updateOrEnd = regexp.MustCompile(`(?m)^(?:Update (\d+)|END)$`)

// updatesUntilEnd waits for durasub's lines up to END and returns the
// update numbers it printed.
func updatesUntilEnd(sub *zmqtest.Proc) ([]int, error) {
	var ks []int
	for {
		m, err := sub.WaitStdout(updateOrEnd, 20*time.Second)
		if err != nil {
			return nil, err
		}
		if m[1] == "" {
			return ks, nil
		}
		k, _ := strconv.Atoi(m[1])
		ks = append(ks, k)
	}
}

// durableTour is the book's scenario: start the subscriber, stop it,
// count to three, restart it. In 0MQ 2.x its identity made the publisher
// keep a queue for it while it was away; since 3.0 identities only route,
// so the restarted subscriber misses what was published meanwhile, and
// the tour shows how many updates that was.
func durableTour(t *tour) error {
	pub, err := t.start("durapub", "durapub")
	if err != nil {
		return err
	}
	first, err := t.start("durasub #1", "durasub")
	if err != nil {
		return err
	}
	for range 2 {
		if _, err := first.WaitStdout(regexp.MustCompile(`^Update \d+$`), 10*time.Second); err != nil {
			return err
		}
	}
	if err := first.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	if _, err := first.Wait(5 * time.Second); !first.Exited() {
		return err // still running; Wait's error for SIGKILL is expected
	}
	seen := updateOrEnd.FindAllStringSubmatch(first.Stdout(), -1)
	last, _ := strconv.Atoi(seen[len(seen)-1][1])
	fmt.Println("(durasub #1 stopped; counting to three)")
	time.Sleep(3 * time.Second)
	second, err := t.start("durasub #2", "durasub")
	if err != nil {
		return err
	}
	ks, err := updatesUntilEnd(second)
	if err != nil {
		return err
	}
	if err := second.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	if len(ks) > 0 {
		fmt.Printf("(libzmq 4.3: durasub #1 last saw Update %d, durasub #2 first saw Update %d; the identity kept no queue)\n", last, ks[0])
	}
	return pub.ExitWith(0, 10*time.Second)
}

// durableHWMTour runs the cynical publisher: a high-water mark of one
// message, and a swap file that libzmq 4.3 no longer has (it says so on
// stderr and goes on).
func durableHWMTour(t *tour) error {
	pub, err := t.start("durapub2", "durapub2")
	if err != nil {
		return err
	}
	sub, err := t.start("durasub", "durasub")
	if err != nil {
		return err
	}
	ks, err := updatesUntilEnd(sub)
	if err != nil {
		return err
	}
	if len(ks) == 0 || ks[len(ks)-1] != 9 {
		return fmt.Errorf("durasub saw updates %v, want them to end with Update 9", ks)
	}
	if err := sub.ExitWith(0, 5*time.Second); err != nil {
		return err
	}
	if !strings.Contains(pub.Stderr(), "ZMQ_SWAP") {
		return fmt.Errorf("durapub2 did not report that ZMQ_SWAP is gone: stderr %q", pub.Stderr())
	}
	return pub.ExitWith(0, 10*time.Second)
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
