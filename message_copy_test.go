package zmq_test

// A Msg copied by value shares its C message with the original; before
// the copy check, closing both freed it twice (glibc's "double free
// detected", SIGABRT). These tests copy the way go vet cannot see (through
// reflect) and check that a copy is refused and never frees anything, and
// that go vet reports the plain copy.

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// copyMsg returns a copy of *m made by value, as `c := *m` would.
func copyMsg(m *zmq.Msg) *zmq.Msg {
	c := new(zmq.Msg)
	reflect.ValueOf(c).Elem().Set(reflect.ValueOf(m).Elem())
	return c
}

// mustPanicCopied fails the test unless f panics with the copy message.
func mustPanicCopied(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if s, _ := r.(string); !strings.Contains(s, "copied by value") {
			t.Errorf("%s on a copied Msg: panic %v, want one naming the copy", what, r)
		}
	}()
	f()
}

// A Msg copied by value is refused by every method, whichever of the two is
// closed first, so that the C message is never freed twice.
func TestMsgCopiedByValue(t *testing.T) {
	ctx := zt.Context(t)
	a, b := zt.Pair(t, ctx, zmq.PAIR, zmq.PAIR)
	for _, order := range []string{"original closed first", "copy closed first"} {
		t.Run(order, func(t *testing.T) {
			m, err := zmq.NewMsg(64)
			if err != nil {
				t.Fatal(err)
			}
			copy(m.Bytes(), "content")
			c := copyMsg(m)

			if order == "original closed first" {
				if err := m.Close(); err != nil {
					t.Fatalf("Close of the original: %v", err)
				}
			}
			err = c.Close()
			zt.MustIs(t, err, zmq.ErrInvalid, "Close of a copy")
			if !strings.Contains(err.Error(), "copied by value") {
				t.Errorf("Close of a copy: %q does not say what was wrong", err)
			}
			mustPanicCopied(t, "Bytes", func() { c.Bytes() })
			mustPanicCopied(t, "Len", func() { c.Len() })
			mustPanicCopied(t, "More", func() { c.More() })
			zt.MustIs(t, a.SendMsg(c, zmq.DONTWAIT), zmq.ErrInvalid, "SendMsg of a copy")
			zt.MustIs(t, b.RecvMsg(c, zmq.DONTWAIT), zmq.ErrInvalid, "RecvMsg into a copy")
			_, err = c.Get(zmq.PropertySocketType)
			zt.MustIs(t, err, zmq.ErrInvalid, "Get on a copy")
			other, err := zmq.NewMsg(1)
			if err != nil {
				t.Fatal(err)
			}
			zt.MustIs(t, c.Copy(other), zmq.ErrInvalid, "Copy onto a copy")
			zt.MustIs(t, other.Copy(c), zmq.ErrInvalid, "Copy from a copy")
			zt.MustIs(t, c.Move(other), zmq.ErrInvalid, "Move onto a copy")
			zt.MustIs(t, other.Move(c), zmq.ErrInvalid, "Move from a copy")
			if err := other.Close(); err != nil {
				t.Fatal(err)
			}

			if order == "copy closed first" {
				// The original is untouched by everything done to the copy.
				if got := string(m.Bytes()[:7]); got != "content" {
					t.Errorf("original holds %q after the copy's misuse", got)
				}
				if err := a.SendMsg(m, 0); err != nil {
					t.Fatalf("SendMsg of the original: %v", err)
				}
				if got, err := b.RecvString(0); err != nil || got[:7] != "content" {
					t.Fatalf("Recv = %q, %v", got, err)
				}
				if err := m.Close(); err != nil {
					t.Fatalf("Close of the original: %v", err)
				}
			}
		})
	}
}

// TestMsgZeroCopiedBeforeUse: a zero Msg holds nothing yet, so copies of
// it made before its first use are independent messages.
func TestMsgZeroCopiedBeforeUse(t *testing.T) {
	ctx := zt.Context(t)
	a, b := zt.Pair(t, ctx, zmq.PAIR, zmq.PAIR)
	var zero zmq.Msg
	c := copyMsg(&zero)
	for i, m := range []*zmq.Msg{&zero, c} {
		if err := a.SendString("frame", 0); err != nil {
			t.Fatal(err)
		}
		if err := b.RecvMsg(m, 0); err != nil {
			t.Fatalf("RecvMsg into message %d: %v", i, err)
		}
		if string(m.Bytes()) != "frame" {
			t.Errorf("message %d holds %q", i, m.Bytes())
		}
		if err := m.Close(); err != nil {
			t.Errorf("Close of message %d: %v", i, err)
		}
	}
}

// TestMsgCopyVet checks that go vet reports a Msg copied by value (its
// copylocks check sees the noCopy field).
func TestMsgCopyVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet on a program of its own")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module vetcopy\n\ngo 1.26\n\nrequire github.com/zmqgo/zmq v0.0.0\n\nreplace github.com/zmqgo/zmq => " + root + "\n",
		"main.go": `package main

import "github.com/zmqgo/zmq"

func main() {
	m, _ := zmq.NewMsg(1)
	c := *m
	c.Close()
}
`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(goCmd, "vet", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || !strings.Contains(string(out), "copies lock value") {
		t.Fatalf("go vet of a program copying a Msg: %v\n%s\nwant a copylocks report", err, out)
	}
}
