// Command compare runs the benchmark programs that make compare builds
// (native, from bench/c/native.c; zmqgo, from bench/zmqgo; pebbe, from
// bench/pebbe) round by round and prints the median of each case for
// libzmq from C, this package and pebbe/zmq4, with each binding's cost
// relative to C. See bench/README.md.
//
//	compare [-bin DIR] [-rounds N]
package main

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A benchCase is one line of the table: the arguments every program gets.
type benchCase struct {
	name string // pingself, pingself-alloc, stream, stream-batch, rtt
	size int    // bytes per message
	n    int    // messages (or round trips) per run
	ep   string // endpoint; "" for pingself's own inproc pair
}

// The cases, in the order of the table; each round runs them in this
// order, every case by C, zmqgo and pebbe in turn.
var cases = []benchCase{
	{"pingself", 64, 1000000, ""},
	{"pingself", 1024, 500000, ""},
	{"pingself-alloc", 64, 1000000, ""},
	{"stream", 64, 2000000, "inproc://s"},
	{"stream-batch", 64, 2000000, "inproc://sb"},
	{"stream", 64, 1000000, "tcp://127.0.0.1:27101"},
	{"stream", 65536, 20000, "tcp://127.0.0.1:27102"},
	{"rtt", 64, 20000, "tcp://127.0.0.1:27103"},
}

// smallMax is the largest message of a small-message case, the cases that
// get the half-of-pebbe's-excess verdict.
const smallMax = 1024

// impls are the programs, by the file name make compare gives them, and
// the impl= their result lines carry.
var impls = []struct{ file, impl string }{
	{"native", "c"},
	{"zmqgo", "zmqgo"},
	{"pebbe", "pebbe"},
}

// runTimeout bounds one run of one program.
const runTimeout = 120 * time.Second

// rate tells the stream cases, which report messages per second (higher
// is better), from the others, which report ns per operation.
func (c benchCase) rate() bool { return strings.HasPrefix(c.name, "stream") }

func (c benchCase) args() []string {
	a := []string{c.name, strconv.Itoa(c.size), strconv.Itoa(c.n)}
	if c.ep != "" {
		a = append(a, c.ep)
	}
	return a
}

func (c benchCase) endpoint() string {
	if c.ep == "" {
		return "inproc"
	}
	return c.ep
}

func main() {
	bin := flag.String("bin", "bin/bench", "the directory holding the native, zmqgo and pebbe programs")
	rounds := flag.Int("rounds", 3, "rounds: every case runs this many times in each program, and the table shows medians")
	flag.Parse()
	if *rounds < 1 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	for _, im := range impls {
		if _, err := os.Stat(filepath.Join(*bin, im.file)); err != nil {
			fatalf("%v (make compare builds it)", err)
		}
	}

	// The stream cases run on one core: sender and receiver then take
	// turns, and the rate is the inverse of the CPU a message costs, which
	// is stable; on two cores libzmq's own inproc stream swings from run to
	// run by a factor of several and hides a binding's cost.
	taskset, err := exec.LookPath("taskset")
	pinned := err == nil

	header := headerLines(*bin, *rounds, pinned)

	results := map[[2]int][]float64{} // {case, impl} -> one value per round
	var failures []string
	for r := range *rounds {
		fmt.Fprintf(os.Stderr, "compare: round %d of %d\n", r+1, *rounds)
		for ci, c := range cases {
			for ii, im := range impls {
				argv := append([]string{filepath.Join(*bin, im.file)}, c.args()...)
				if c.rate() && pinned {
					argv = append([]string{taskset, "-c", "0"}, argv...)
				}
				v, err := run(argv, im.impl, c)
				if err != nil {
					failures = append(failures, fmt.Sprintf("round %d: %s: %v", r+1, strings.Join(argv, " "), err))
					continue
				}
				results[[2]int{ci, ii}] = append(results[[2]int{ci, ii}], v)
			}
		}
	}

	for _, l := range header {
		fmt.Println(l)
	}
	fmt.Println()
	fmt.Printf("%-16s%6s %-23s%13s%13s%13s%9s%9s  %s\n", "case", "size", "endpoint", "C", "zmqgo", "pebbe", "zmqgo/C", "pebbe/C", "half")
	for ci, c := range cases {
		var med [3]float64 // 0: no result
		cells := make([]string, 3)
		for ii := range impls {
			med[ii] = median(results[[2]int{ci, ii}])
			cells[ii] = value(c, med[ii])
		}
		ratio := func(ii int) float64 { // cost relative to C; 0: unknown
			switch {
			case med[0] == 0 || med[ii] == 0:
				return 0
			case c.rate():
				return med[0] / med[ii]
			default:
				return med[ii] / med[0]
			}
		}
		z, p := ratio(1), ratio(2)
		half := "" // the verdict only for small messages
		if c.size <= smallMax {
			switch {
			case z == 0 || p == 0:
				half = "-"
			case z-1 <= (p-1)/2:
				half = "yes"
			default:
				half = "no"
			}
		}
		line := fmt.Sprintf("%-16s%6d %-23s%13s%13s%13s%9s%9s  %s", c.name, c.size, c.endpoint(),
			cells[0], cells[1], cells[2], ratioCell(z), ratioCell(p), half)
		fmt.Println(strings.TrimRight(line, " "))
	}
	fmt.Println()
	fmt.Println("zmqgo/C, pebbe/C: cost relative to libzmq from C, from the medians (ns/op over C's ns/op, or C's")
	fmt.Println("  msg/s over the binding's msg/s): 1.00 = as fast as C, lower is better.")
	fmt.Printf("half: for messages up to %d bytes, yes when zmqgo's excess over C is at most half of pebbe's,\n", smallMax)
	fmt.Println("  zmqgo/C - 1 <= (pebbe/C - 1) / 2, computed from the unrounded medians.")
	if len(failures) > 0 {
		fmt.Println()
		for _, f := range failures {
			fmt.Println("FAILED", f)
		}
		os.Exit(1)
	}
}

// run runs one program once and returns the figure its result line
// reports: ns_op, or msgs_s for the stream cases.
func run(argv []string, impl string, c benchCase) (float64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return 0, fmt.Errorf("no result in %v", runTimeout)
	}
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			err = fmt.Errorf("%w: %s", err, msg)
		}
		return 0, err
	}
	key := "ns_op"
	if c.rate() {
		key = "msgs_s"
	}
	want := map[string]string{"impl": impl, "case": c.name, "size": strconv.Itoa(c.size)}
	if c.ep != "" {
		want["ep"] = c.ep
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		kv := map[string]string{}
		for _, f := range strings.Fields(line) {
			if k, v, ok := strings.Cut(f, "="); ok {
				kv[k] = v
			}
		}
		if _, ok := kv[key]; !ok {
			continue
		}
		for k, v := range want {
			if kv[k] != v {
				return 0, fmt.Errorf("result line %q: %s=%s, want %s", line, k, kv[k], v)
			}
		}
		f, err := strconv.ParseFloat(kv[key], 64)
		if err != nil || f <= 0 {
			return 0, fmt.Errorf("result line %q: bad %s", line, key)
		}
		return f, nil
	}
	return 0, fmt.Errorf("no %s= in its output %q", key, stdout.String())
}

// median of vs, 0 for none; the mean of the middle two for an even count.
func median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func value(c benchCase, v float64) string {
	switch {
	case v == 0:
		return "-"
	case c.rate():
		return thousands(v) + "/s"
	default:
		return thousands(v) + "ns"
	}
}

func ratioCell(r float64) string {
	if r == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", r)
}

// thousands formats v rounded to an integer with commas: 1,234,567.
func thousands(v float64) string {
	s := strconv.FormatFloat(v, 'f', 0, 64)
	var b strings.Builder
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// headerLines says what the table measured: the commit, the Go that built
// the two Go programs, libzmq, pebbe/zmq4, the machine and how it ran.
func headerLines(bin string, rounds int, pinned bool) []string {
	var h []string
	h = append(h, "commit:  "+commit(filepath.Join(bin, "zmqgo")))

	gos, pebbe := []string{}, "pebbe/zmq4 ?"
	for _, name := range []string{"zmqgo", "pebbe"} {
		info, err := buildinfo.ReadFile(filepath.Join(bin, name))
		if err != nil {
			gos = append(gos, "? ("+name+")")
			continue
		}
		gos = append(gos, info.GoVersion+" ("+name+")")
		for _, d := range info.Deps {
			if d.Path == "github.com/pebbe/zmq4" {
				pebbe = "pebbe/zmq4 " + d.Version
			}
		}
	}
	if len(gos) == 2 && strings.TrimSuffix(gos[0], " (zmqgo)") == strings.TrimSuffix(gos[1], " (pebbe)") {
		gos = []string{strings.TrimSuffix(gos[0], " (zmqgo)")}
	}
	h = append(h, "go:      "+strings.Join(gos, ", "))

	libzmq := "?"
	if out, err := exec.Command(filepath.Join(bin, "native"), "version").Output(); err == nil {
		libzmq = strings.TrimSpace(string(out))
	}
	h = append(h, "libzmq:  "+libzmq+"; "+pebbe)

	machine := fmt.Sprintf("%s/%s, %d CPUs", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	if model := cpuModel(); model != "" {
		machine += ", " + model
	}
	h = append(h, "machine: "+machine)

	how := fmt.Sprintf("%d (the table shows each case's median); stream cases ", rounds)
	if pinned {
		how += "pinned to CPU 0 (taskset -c 0)"
	} else {
		how += "NOT pinned to one CPU (no taskset on PATH)"
	}
	h = append(h, "rounds:  "+how)

	var env []string
	for _, k := range []string{"GOMAXPROCS", "GOGC", "GOMEMLIMIT", "GODEBUG"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	if len(env) > 0 {
		h = append(h, "env:     "+strings.Join(env, " "))
	}
	return h
}

// commit is git rev-parse --short HEAD, with -dirty when the work tree
// has changes (untracked files included, as go build's vcs.modified); out
// of a git checkout, the revision go build stamped into the zmqgo program,
// if any.
func commit(zmqgo string) string {
	if out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		rev := strings.TrimSpace(string(out))
		status, err := exec.Command("git", "status", "--porcelain").Output()
		switch {
		case err != nil:
			rev += " (work tree status unknown)"
		case len(bytes.TrimSpace(status)) > 0:
			rev += "-dirty"
		}
		return rev
	}
	if info, err := buildinfo.ReadFile(zmqgo); err == nil {
		var rev, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if len(rev) > 7 {
			rev = rev[:7]
		}
		if rev != "" {
			if modified == "true" {
				rev += "-dirty"
			}
			return rev
		}
	}
	return "unknown (not a git checkout)"
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return ""
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "compare: "+format+"\n", args...)
	os.Exit(1)
}
