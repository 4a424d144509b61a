package main

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/clitest"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// binDir holds zmqkeygen, built once for the test binary.
var binDir string

func TestMain(m *testing.M) {
	zmqtest.MainWithPrograms(m, &binDir, zmqtest.RaceEnabled, "./cmd/zmqkeygen")
}

func zmqkeygen(t *testing.T, args ...string) *zmqtest.Proc {
	t.Helper()
	return zmqtest.Start(t, filepath.Join(binDir, "zmqkeygen"), args...)
}

// keygenTail is how curve_keygen's output ends (tools/curve_keygen.cpp
// puts "\n== CURVE PUBLIC KEY ==", the key, "\n== CURVE SECRET KEY ==",
// the key), with the keys as "PUBLIC" and "SECRET".
var keygenTail = []string{"", "== CURVE PUBLIC KEY ==", "PUBLIC", "", "== CURVE SECRET KEY ==", "SECRET"}

// TestKeysWork guards the output: curve_keygen's layout after a paragraph,
// nothing on stderr, and keys that are a pair: 40 characters of Z85
// each, and CurvePublic of the secret key is the public key. Two runs
// give two pairs.
func TestKeysWork(t *testing.T) {
	if !zmq.Has("curve") {
		t.Skip("libzmq was built without CURVE")
	}
	seen := map[string]bool{}
	for range 2 {
		p := zmqkeygen(t)
		p.ExpectExit(t, 0, zmqtest.Limit)
		if p.Stderr() != "" {
			t.Errorf("stderr %q, want nothing", p.Stderr())
		}
		lines := p.Lines()
		if len(lines) < len(keygenTail)+1 || lines[0] == "" {
			t.Fatalf("output %q: want a paragraph, then curve_keygen's key lines", p.Stdout())
		}
		tail := lines[len(lines)-len(keygenTail):]
		public, secret := tail[2], tail[5]
		shape := append([]string(nil), tail...)
		shape[2], shape[5] = "PUBLIC", "SECRET"
		if strings.Join(shape, "\n") != strings.Join(keygenTail, "\n") || lines[len(lines)-len(keygenTail)-1] == "" {
			t.Fatalf("output ends %q, want curve_keygen's %q after the paragraph", tail, keygenTail)
		}
		for _, key := range []string{public, secret} {
			if raw, err := zmq.Z85Decode(key); err != nil || len(raw) != 32 {
				t.Errorf("key %q: Z85Decode = % x, %v; want 32 bytes", key, raw, err)
			}
			if seen[key] {
				t.Errorf("key %q printed twice", key)
			}
			seen[key] = true
		}
		if got, err := zmq.CurvePublic(secret); err != nil || got != public {
			t.Errorf("CurvePublic(%q) = %q, %v; want the printed public key %q", secret, got, err, public)
		}
	}
}

// TestHelp guards --help and -h: the usage on stdout, status 0.
func TestHelp(t *testing.T) {
	for _, arg := range []string{"--help", "-h"} {
		clitest.ExpectHelp(t, zmqkeygen(t, arg), "usage: zmqkeygen", "== CURVE PUBLIC KEY ==", "== CURVE SECRET KEY ==")
	}
}

// TestUsageError guards arguments, which zmqkeygen does not take: status
// 2, one line on stderr, no keys.
func TestUsageError(t *testing.T) {
	clitest.ExpectUsageError(t, zmqkeygen(t, "--public"), `unexpected argument "--public"`, nil)
	clitest.ExpectUsageError(t, zmqkeygen(t, "-h", "extra"), `unexpected argument "-h"`, nil)
}

// TestWithoutCurve guards a libzmq without CURVE, which this machine's
// is not, by handing run the error NewCurveKeypair gives there: status 1
// (curve_keygen's too), nothing on stdout, the reason on stderr.
func TestWithoutCurve(t *testing.T) {
	var stdout, stderr bytes.Buffer
	noCurve := func() (string, string, error) {
		return "", "", fmt.Errorf("zmq: NewCurveKeypair: libzmq was built without CURVE: %w", zmq.ErrNotSupported)
	}
	if code := run(nil, &stdout, &stderr, noCurve); code != 1 {
		t.Errorf("run without CURVE = %d, want 1", code)
	}
	if stdout.Len() != 0 || !strings.HasPrefix(stderr.String(), "zmqkeygen: ") ||
		!strings.Contains(stderr.String(), "without CURVE") || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("run without CURVE printed %q on stdout, %q on stderr", stdout.String(), stderr.String())
	}
}

// TestWriteError guards a stdout that fails (a closed pipe, a full disk):
// status 1, not 0 with a key half written.
func TestWriteError(t *testing.T) {
	var stderr bytes.Buffer
	keys := func() (string, string, error) { return "public", "secret", nil }
	if code := run(nil, failingWriter{}, &stderr, keys); code != 1 || !strings.Contains(stderr.String(), "writing the keys") {
		t.Errorf("run with a failing stdout = %d, stderr %q; want 1 and the reason", code, stderr.String())
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
