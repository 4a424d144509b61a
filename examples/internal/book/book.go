// Package book holds what the C listings of the ZeroMQ Guide's chapter 2
// (0MQ 2.x edition), and the chapter 1 programs they run with, print on
// stdout, for the example tests and the demo tour to compare each run
// with.
package book

import (
	"fmt"
	"regexp"
	"strings"
)

// Listing is what the C listing of one example, in the Guide's 0MQ 2.x
// edition, prints on stdout.
type Listing struct {
	// Printf holds the listing's printf formats, in order, for failure
	// messages; empty for a program that prints nothing.
	Printf []string
	// Stdout is a pattern that all a run's stdout must match: the
	// formats in their order and repetitions, with the tail that a
	// program stopped early (killed, or still waiting) has not printed yet
	// made optional.
	Stdout string
}

// Listings holds every example's listing, by program name. The Go
// programs print what the book's C programs print, and nothing else:
// diagnostics go to stderr, extra ones only under -v. The deviations the
// README lists change behaviour under libzmq 4.3, never these lines.
var Listings = map[string]Listing{
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

// patterns holds the listings' patterns, anchored at both ends.
var patterns = func() map[string]*regexp.Regexp {
	m := make(map[string]*regexp.Regexp, len(Listings))
	for name, l := range Listings {
		m[name] = regexp.MustCompile(`\A(?:` + l.Stdout + `)\z`)
	}
	return m
}()

// Check returns an error unless stdout, all that a run of program name
// printed on its standard output, is what the book's listing prints (or
// a beginning of it, for a run that was stopped early).
func Check(name, stdout string) error {
	l, ok := Listings[name]
	if !ok {
		return fmt.Errorf("%s: no listing of the book", name)
	}
	if patterns[name].MatchString(stdout) {
		return nil
	}
	want := "nothing"
	if len(l.Printf) > 0 {
		want = "only " + strings.Join(l.Printf, ", ")
	}
	return fmt.Errorf("%s printed %q on stdout; the book's listing prints %s", name, stdout, want)
}
