// Command zmqgen writes the generated files of package zmq from its tables:
// the socket options (sockopts.go), the context options (ctxopts.go) and
// the other libzmq constants the package uses (consts.go).
//
//	go generate ./...   (at the root of the module; options.go runs it)
//
// It writes, at the root of the module:
//
//	options_gen.go     the Socket option accessors (SetLinger, Linger...)
//	ctxoptions_gen.go  the Context option accessors (SetIOThreads...)
//	consts_gen.go      libzmq's numbers as Go constants, without cgo
//	consts_gen.c       a _Static_assert per number, against zmq.h
//
// The tables are the only place libzmq's option and constant numbers are
// written down; consts_gen.c makes the C compiler hold them to zmq.h.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"strings"
)

// genFile is one generated file: its name at the root of the module and
// the function that writes it.
type genFile struct {
	name   string
	render func() ([]byte, error)
}

var genFiles = []genFile{
	{"options_gen.go", socketOptions},
	{"ctxoptions_gen.go", ctxOptions},
	{"consts_gen.go", constsGo},
	{"consts_gen.c", constsC},
}

// generate returns the content of every generated file, by name.
func generate() (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, f := range genFiles {
		src, err := f.render()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		if strings.HasSuffix(f.name, ".go") {
			formatted, err := format.Source(src)
			if err != nil {
				return nil, fmt.Errorf("%s does not parse: %w\n%s", f.name, err, src)
			}
			src = formatted
		}
		out[f.name] = src
	}
	return out, nil
}

// moduleRoot is the directory of package zmq: go generate runs zmqgen
// there, and nowhere else should it write.
func moduleRoot(dir string) error {
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil || !bytes.HasPrefix(mod, []byte("module github.com/zmqgo/zmq\n")) {
		return fmt.Errorf("%s is not the root of module github.com/zmqgo/zmq: run go generate ./... there", dir)
	}
	return nil
}

func main() {
	if err := moduleRoot("."); err != nil {
		fmt.Fprintln(os.Stderr, "zmqgen:", err)
		os.Exit(1)
	}
	files, err := generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "zmqgen:", err)
		os.Exit(1)
	}
	for _, f := range genFiles {
		old, _ := os.ReadFile(f.name)
		if bytes.Equal(old, files[f.name]) {
			continue // leave its modification time alone
		}
		if err := os.WriteFile(f.name, files[f.name], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "zmqgen:", err)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, "zmqgen: wrote", f.name)
	}
}
