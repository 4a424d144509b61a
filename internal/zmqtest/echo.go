package zmqtest

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// prefixWriter writes output a whole line at a time, each with a prefix,
// so that processes printing at once do not cut into each other's lines.
// What is left of a line without a newline is written by flush, at exit.
type prefixWriter struct {
	mu      sync.Mutex
	w       io.Writer
	prefix  string
	pending []byte
}

func (pw *prefixWriter) Write(b []byte) (int, error) {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.pending = append(pw.pending, b...)
	var out []byte
	for {
		i := bytes.IndexByte(pw.pending, '\n')
		if i < 0 {
			break
		}
		out = append(out, pw.prefix...)
		out = append(out, pw.pending[:i+1]...)
		pw.pending = pw.pending[i+1:]
	}
	if len(out) > 0 {
		if _, err := pw.w.Write(out); err != nil {
			return len(b), err
		}
	}
	return len(b), nil
}

// flush writes an unfinished last line.
func (pw *prefixWriter) flush() {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	if len(pw.pending) > 0 {
		fmt.Fprintf(pw.w, "%s%s\n", pw.prefix, pw.pending)
		pw.pending = nil
	}
}
