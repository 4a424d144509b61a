package zmqtest

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Waits on what a process prints. Each stream has one cursor: a wait
// looks only past what earlier waits on that stream consumed, so a test
// can wait for one line, then the next. WaitStdout and WaitStderr match
// whole lines; Expect matches the stream as a whole, for programs that
// print progress without a newline (tasksink's ":" and ".").

// WaitStdout waits until a line of stdout past those consumed matches
// re, consumes the lines up to it and returns the submatches. It fails
// after timeout, or when the process exits first.
func (p *Proc) WaitStdout(re *regexp.Regexp, timeout time.Duration) ([]string, error) {
	return p.waitLine(0, re, timeout)
}

// WaitStderr is WaitStdout for stderr.
func (p *Proc) WaitStderr(re *regexp.Regexp, timeout time.Duration) ([]string, error) {
	return p.waitLine(1, re, timeout)
}

var streamNames = [2]string{"stdout", "stderr"}

func (p *Proc) waitLine(stream int, re *regexp.Regexp, timeout time.Duration) ([]string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		buf := p.stream(stream)
		exited := p.state != nil
		for pos := p.cursor[stream]; pos < len(buf); {
			end := strings.IndexByte(buf[pos:], '\n')
			next := pos + end + 1
			if end < 0 {
				if !exited {
					break // an unfinished line: wait for the rest
				}
				end, next = len(buf)-pos, len(buf)
			}
			if m := re.FindStringSubmatch(buf[pos : pos+end]); m != nil {
				p.cursor[stream] = next
				p.mu.Unlock()
				return m, nil
			}
			pos = next
		}
		changed := p.changed
		p.mu.Unlock()
		if exited {
			return nil, fmt.Errorf("%s exited without a line of %s matching %q: %v", p.Name, streamNames[stream], re, p)
		}
		select {
		case <-changed:
		case <-p.exited:
		case <-deadline.C:
			return nil, fmt.Errorf("%s printed no line on %s matching %q within %v: %v", p.Name, streamNames[stream], re, timeout, p)
		}
	}
}

// Expect waits until stdout, past what earlier waits consumed, matches
// re, consumes it up to the end of the match and returns the submatches.
// It fails after timeout, or when the process exits without a match.
func (p *Proc) Expect(re *regexp.Regexp, timeout time.Duration) ([]string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		rest := p.out.String()[p.cursor[0]:]
		exited := p.state != nil // read before the match: output is complete then
		if loc := re.FindStringSubmatchIndex(rest); loc != nil {
			p.cursor[0] += loc[1]
			p.mu.Unlock()
			m := make([]string, len(loc)/2)
			for i := range m {
				if loc[2*i] >= 0 {
					m[i] = rest[loc[2*i]:loc[2*i+1]]
				}
			}
			return m, nil
		}
		changed := p.changed
		p.mu.Unlock()
		if exited {
			return nil, fmt.Errorf("%s exited before printing %q: %v", p.Name, re, p)
		}
		select {
		case <-changed:
		case <-p.exited:
		case <-deadline.C:
			return nil, fmt.Errorf("%s did not print %q within %v: %v", p.Name, re, timeout, p)
		}
	}
}

// ExpectLine is Expect for a whole line of exactly text.
func (p *Proc) ExpectLine(text string, timeout time.Duration) error {
	_, err := p.Expect(regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(text)+`$`), timeout)
	return err
}

// stream returns what the process wrote to stdout (0) or stderr (1);
// p.mu must be held.
func (p *Proc) stream(n int) string {
	if n == 0 {
		return p.out.String()
	}
	return p.errb.String()
}
