package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// root is the module root, where the generated files are committed.
const root = "../.."

// TestOptionTablesMatchGeneratedFiles fails when a table was edited without
// running go generate, or a generated file was edited by hand: the build
// would then use numbers or accessors the tables no longer describe.
func TestOptionTablesMatchGeneratedFiles(t *testing.T) {
	if err := moduleRoot(root); err != nil {
		t.Fatal(err)
	}
	files, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range genFiles {
		got, err := os.ReadFile(filepath.Join(root, f.name))
		if err != nil {
			t.Errorf("%s: %v; run go generate ./... at the root of the module", f.name, err)
			continue
		}
		if want := files[f.name]; !bytes.Equal(got, want) {
			t.Errorf("%s is stale (%s); run go generate ./... at the root of the module", f.name, firstDiff(got, want))
		}
	}
}

// firstDiff says where the committed file first differs from what the
// tables give.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d is %q, the tables give %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("it has %d lines, the tables give %d", len(g), len(w))
}

// TestOptionTablesConsistent guards the rules the emitters rely on: names and
// numbers agree across tables, and every socket option row can be emitted.
func TestOptionTablesConsistent(t *testing.T) {
	if _, err := numbers(); err != nil {
		t.Fatal(err)
	}
	goNames := map[string]string{}
	for _, o := range sockOpts {
		for _, name := range []string{"Set" + o.goName, o.goName} {
			if prev, ok := goNames[name]; ok {
				t.Errorf("%s is the Go name of both ZMQ_%s and ZMQ_%s", name, prev, o.zmq)
			}
			goNames[name] = o.zmq
		}
		if (o.kind == kEnum) != (o.enum != "") {
			t.Errorf("ZMQ_%s: enum %q with kind %d", o.zmq, o.enum, o.kind)
		}
		if (o.kind == kBytes || o.kind == kString) && o.acc != wo && o.max == 0 {
			t.Errorf("ZMQ_%s: a readable string or byte option needs max", o.zmq)
		}
	}
	for _, o := range ctxOpts {
		if o.set != "" && (o.param == "" || !strings.HasPrefix(o.setDoc, o.set+" ")) {
			t.Errorf("ZMQ_%s: setter %s needs a parameter and a doc that starts with its name", o.zmq, o.set)
		}
		if o.get != "" && !strings.HasPrefix(o.getDoc, o.get+" ") {
			t.Errorf("ZMQ_%s: the doc of getter %s must start with its name", o.zmq, o.get)
		}
	}
}
