package examples

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// listing is what the C listing of one example, in the Guide's 0MQ 2.x
// edition, prints on stdout.
type listing struct {
	// printf holds the listing's printf formats, in order, for failure
	// messages; empty for a program that prints nothing.
	printf []string
	// stdout is a pattern that all a run's stdout must match: the
	// formats in their order and repetitions, with the tail that a
	// program stopped early (killed, or still waiting) has not printed yet
	// made optional.
	stdout string
}

// book holds every example's listing. A test that starts an example
// (topology.start) compares its whole stdout with the entry once the
// program is stopped, so every run of every test checks that the Go
// program prints what the book's C program prints, and nothing else:
// diagnostics go to stderr, extra ones only under -v. The deviations the
// README lists change behaviour under libzmq 4.3, never these lines.
var book = map[string]listing{
	"version": {[]string{`"Current 0MQ version is %d.%d.%d\n"`},
		`Current 0MQ version is \d+\.\d+\.\d+\n`},
	"hwserver": {[]string{`"Received Hello\n"`},
		`(?:Received Hello\n)*`},
	"hwclient": {[]string{`"Connecting to hello world server...\n"`, `"Sending Hello %d...\n"`, `"Received World %d\n"`},
		`Connecting to hello world server\.\.\.\n(?:Sending Hello \d+\.\.\.\n(?:Received World \d+\n)?)*`},
	"wuserver": {nil, ``},
	"wuclient": {[]string{`"Collecting updates from weather server...\n"`, `"Average temperature for zipcode '%s' was %dF\n"`},
		`Collecting updates from weather server\.\.\.\n(?:Average temperature for zipcode '[^'\n]*' was -?\d+F\n)?`},
	"taskvent": {[]string{`"Press Enter when the workers are ready: "`, `"Sending tasks to workers...\n"`, `"Total expected cost: %d msec\n"`},
		`Press Enter when the workers are ready: (?:Sending tasks to workers\.\.\.\n(?:Total expected cost: \d+ msec\n)?)?`},
	"taskwork": {[]string{`"%s."`},
		`(?:\d+\.)*`},
	"tasksink": {[]string{`":"`, `"."`, `"Total elapsed time: %d msec\n"`},
		`[:.]*(?:Total elapsed time: \d+ msec\n)?`},
	"msreader":  {nil, ``},
	"mspoller":  {nil, ``},
	"taskwork2": {[]string{`"."`}, `\.*`},
	"tasksink2": {[]string{`":"`, `"."`, `"Total elapsed time: %d msec\n"`},
		`[:.]*(?:Total elapsed time: \d+ msec\n)?`},
	"interrupt": {[]string{`"W: interrupt received, killing server...\n"`},
		`(?:W: interrupt received, killing server\.\.\.\n)?`},
	"wuproxy": {nil, ``},
	"rrclient": {[]string{`"Received reply %d [%s]\n"`},
		`(?:Received reply \d+ \[[^\]\n]*\]\n)*`},
	"rrserver": {[]string{`"Received request: [%s]\n"`},
		`(?:Received request: \[[^\]\n]*\]\n)*`},
	"rrbroker": {nil, ``},
	"msgqueue": {nil, ``},
	"mtserver": {[]string{`"Received request: [%s]\n"`},
		`(?:Received request: \[[^\]\n]*\]\n)*`},
	"mtrelay": {[]string{`"Test successful!\n"`},
		`(?:Test successful!\n)?`},
	"syncpub": {nil, ``},
	"syncsub": {[]string{`"Received %d updates\n"`},
		`(?:Received \d+ updates\n)?`},
	"psenvpub": {nil, ``},
	"psenvsub": {[]string{`"[%s] %s\n"`},
		`(?:\[[^\]\n]*\] [^\n]*\n)*`},
	"durapub":  {nil, ``},
	"durapub2": {nil, ``},
	"durasub": {[]string{`"%s\n"`},
		`(?:Update \d+\n)*(?:END\n)?`},
}

// compiled holds book's patterns, anchored at both ends.
var compiled = func() map[string]*regexp.Regexp {
	m := make(map[string]*regexp.Regexp, len(book))
	for name, l := range book {
		m[name] = regexp.MustCompile(`\A(?:` + l.stdout + `)\z`)
	}
	return m
}()

// compared records which examples had their output compared with the
// book in this run.
var compared = struct {
	sync.Mutex
	names map[string]bool
}{names: map[string]bool{}}

// compareWithBook fails t unless p, a run of example name, printed on
// stdout only what the book's listing prints.
func compareWithBook(t testing.TB, name string, p *zmqtest.Proc) {
	t.Helper()
	l, ok := book[name]
	re := compiled[name]
	if !ok {
		t.Errorf("%s: no listing in book", name)
		return
	}
	compared.Lock()
	compared.names[name] = true
	compared.Unlock()
	if out := p.Stdout(); !re.MatchString(out) {
		want := "nothing"
		if len(l.printf) > 0 {
			want = "only " + strings.Join(l.printf, ", ")
		}
		t.Errorf("%s printed %q on stdout; the book's listing prints %s", p.Name, out, want)
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
	for name := range book {
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
			if _, ok := book[e.Name()]; !ok {
				t.Errorf("examples/%s has no listing in book", e.Name())
			}
		}
	}
	for name := range book {
		if !programs[name] {
			t.Errorf("book lists %s, which is not under examples/", name)
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
		if got := compiled[c.name].MatchString(c.out); got != c.want {
			t.Errorf("%s's pattern matches %q: %v, want %v", c.name, c.out, got, c.want)
		}
	}
}
