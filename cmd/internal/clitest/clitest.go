// Package clitest holds the checks that the tests of zmqcat and zmqdevice
// share: both tools document every flag in --help, and report a bad
// command line the same way (cli.UsageError).
package clitest

import (
	"regexp"
	"strings"
	"testing"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// ExpectHelp fails the test unless p, a run with --help, exits 0 with
// each of wants in what it printed on stdout.
func ExpectHelp(t testing.TB, p *zmqtest.Proc, wants ...string) {
	t.Helper()
	p.ExpectExit(t, 0, zmqtest.Limit)
	out := p.Stdout()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("--help does not mention %q", want)
		}
	}
}

// ExpectUsageError fails the test unless p exits with status 2, prints
// nothing on stdout, and ends stderr with one line "<name>: ..." that
// contains want. The lines before it must each match before; nil allows
// none.
func ExpectUsageError(t testing.TB, p *zmqtest.Proc, want string, before *regexp.Regexp) {
	t.Helper()
	p.ExpectExit(t, 2, zmqtest.Limit)
	stderr := p.Stderr()
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasSuffix(stderr, "\n") || !strings.HasPrefix(last, p.Name+": ") || !strings.Contains(last, want) {
		t.Errorf("stderr %q, want a last line containing %q", stderr, want)
	}
	for _, l := range lines[:len(lines)-1] {
		if before == nil || !before.MatchString(l) {
			t.Errorf("stderr has more than the error: %q", stderr)
			break
		}
	}
	if out := p.Stdout(); out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
}
