package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// binDir holds zmqcat, built once for the test binary.
var binDir string

func TestMain(m *testing.M) {
	zmqtest.MainWithPrograms(m, &binDir, zmqtest.RaceEnabled, "./cmd/zmqcat")
}

func zmqcat(t *testing.T, args ...string) *zmqtest.Proc {
	t.Helper()
	return zmqtest.Start(t, filepath.Join(binDir, "zmqcat"), args...)
}

// zmqcatInput is zmqcat with stdin read from input.
func zmqcatInput(t *testing.T, input string, args ...string) *zmqtest.Proc {
	t.Helper()
	return zmqtest.StartWith(t, zmqtest.Options{Stdin: strings.NewReader(input)}, filepath.Join(binDir, "zmqcat"), args...)
}

var boundLine = regexp.MustCompile(`^zmqcat: bound to (\S+)$`)

// boundEndpoint waits for the endpoint a wildcard bind got.
func boundEndpoint(t *testing.T, p *zmqtest.Proc) string {
	t.Helper()
	m, err := p.WaitStderr(boundLine, zmqtest.Limit)
	if err != nil {
		t.Fatal(err)
	}
	return m[1]
}

// sendSeen sends msg on s and waits until p, a receiving zmqcat, has
// printed it as a line.
func sendSeen(t *testing.T, s *zmq.Socket, p *zmqtest.Proc, msg string) {
	t.Helper()
	if err := s.SendString(msg, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitStdout(regexp.MustCompile("^"+regexp.QuoteMeta(msg)+"$"), zmqtest.Limit); err != nil {
		t.Fatal(err)
	}
}

// expectLines waits for p to exit with status code and checks its stdout.
func expectLines(t *testing.T, p *zmqtest.Proc, code int, want ...string) {
	t.Helper()
	p.ExpectExit(t, code, zmqtest.Limit)
	if diff := cmp.Diff(want, p.Lines()); diff != "" {
		t.Errorf("%s printed (-want +got):\n%s\n%v", p.Name, diff, p)
	}
}

// TestReqRepEcho guards the request-reply loop between two zmqcat
// processes over ipc: each -m message, an empty one included, comes back
// as sent, and both sides stop at --count.
func TestReqRepEcho(t *testing.T) {
	ep := zmqtest.IPC(t, "echo")
	rep := zmqcat(t, "-t", "rep", "-b", ep, "--echo", "--count", "3", "--timeout", "10s")
	req := zmqcat(t, "-t", "req", "-c", ep, "--multipart", "-m", "hello", "-m", "two|frames", "-m", "", "--timeout", "10s")
	expectLines(t, req, 0, "hello", "two|frames", "")
	expectLines(t, rep, 0, "hello", "two|frames", "")
}

// TestPushPullFromStdin guards line input: each stdin line is one
// message, empty lines and tabs kept, and a last line without a newline
// is not lost.
func TestPushPullFromStdin(t *testing.T) {
	pull := zmqcat(t, "-t", "pull", "-b", "tcp://127.0.0.1:*", "--count", "4", "--timeout", "10s")
	ep := boundEndpoint(t, pull)
	push := zmqcatInput(t, "first line\n\nwith\ttab\nlast, without newline", "-t", "push", "-c", ep, "--timeout", "10s")
	expectLines(t, push, 0)
	expectLines(t, pull, 0, "first line", "", "with\ttab", "last, without newline")
}

// TestMultipartDelimAndHex guards frame splitting at --delim and the
// printing of frames that are not plain text (hex), on input and output.
func TestMultipartDelimAndHex(t *testing.T) {
	ep := zmqtest.IPC(t, "pipe")
	pull := zmqcat(t, "-t", "pull", "-b", ep, "--count", "3", "--timeout", "10s", "--delim", " / ")
	push := zmqcatInput(t, "a / b / c\n\xff\x00 / text\nline\rbreak\n", "-t", "push", "-c", ep, "--multipart", "--delim", " / ", "--timeout", "10s")
	expectLines(t, push, 0)
	// Not UTF-8, or a control character: hex.
	expectLines(t, pull, 0, "a / b / c", "0xff00 / text", "0x6c696e650d627265616b")

	hexed := zmqcat(t, "-t", "pull", "-b", ep, "--count", "1", "--timeout", "10s", "--hex")
	push = zmqcat(t, "-t", "push", "-c", ep, "--multipart", "-m", "AB||z", "--timeout", "10s")
	expectLines(t, push, 0)
	expectLines(t, hexed, 0, "0x4142|0x|0x7a")
}

// rawMessages encodes messages in zmqcat's --raw form.
func rawMessages(msgs ...[][]byte) []byte {
	var b []byte
	for _, m := range msgs {
		b = binary.BigEndian.AppendUint32(b, uint32(len(m)))
		for _, f := range m {
			b = binary.BigEndian.AppendUint32(b, uint32(len(f)))
			b = append(b, f...)
		}
	}
	return b
}

// TestRawRoundTrip guards --raw: binary frames, empty ones and a 100 kB
// one, cross from one zmqcat to another byte for byte.
func TestRawRoundTrip(t *testing.T) {
	msgs := [][][]byte{
		{[]byte("one frame")},
		{{0, 1, 2, '\n', 0xff}, {}, []byte("third\nframe")},
		{bytes.Repeat([]byte{0xa5}, 100000)},
	}
	ep := zmqtest.IPC(t, "raw")
	pull := zmqcat(t, "-t", "pull", "-b", ep, "--count", "3", "--raw", "--timeout", "10s")
	push := zmqcatInput(t, string(rawMessages(msgs...)), "-t", "push", "-c", ep, "--raw", "--timeout", "10s")
	push.ExpectExit(t, 0, zmqtest.Limit)
	pull.ExpectExit(t, 0, zmqtest.Limit)
	var got [][][]byte
	br := bufio.NewReader(strings.NewReader(pull.Stdout()))
	for {
		m, err := readRaw(br)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading zmqcat's raw output: %v", err)
		}
		got = append(got, m)
	}
	// bytes.Equal for the frames: cmp's reflection takes seconds over
	// 100000 bytes under the race detector.
	if diff := cmp.Diff(msgs, got, cmp.Comparer(bytes.Equal)); diff != "" {
		t.Errorf("raw messages (-sent +received):\n%s", diff)
	}
}

// TestRawInputMalformed guards the usage status (2) and a raw input
// error for --raw input that is cut short or claims no frames.
func TestRawInputMalformed(t *testing.T) {
	for name, input := range map[string][]byte{
		"no frames":       {0, 0, 0, 0},
		"truncated count": {0, 0},
		"truncated frame": {0, 0, 0, 1, 0, 0, 0, 9, 'x'},
	} {
		t.Run(name, func(t *testing.T) {
			p := zmqcatInput(t, string(input), "-t", "push", "-b", zmqtest.IPC(t, "nobody"), "--raw", "--timeout", "10s")
			p.ExpectExit(t, 2, zmqtest.Limit)
			if !strings.Contains(p.Stderr(), "raw input:") {
				t.Errorf("stderr %q, want a raw input error", p.Stderr())
			}
		})
	}
}

// TestDealerRouterEcho guards --echo on a router: the dealer gets its
// multipart messages back and the router prints the routing id first.
func TestDealerRouterEcho(t *testing.T) {
	ep := zmqtest.IPC(t, "router")
	router := zmqcat(t, "-t", "router", "-b", ep, "--echo", "--count", "2", "--timeout", "10s")
	dealer := zmqcat(t, "-t", "dealer", "-c", ep, "--multipart", "-m", "a|b", "-m", "c", "--count", "2", "--timeout", "10s")
	expectLines(t, dealer, 0, "a|b", "c")
	router.ExpectExit(t, 0, zmqtest.Limit)
	// The router prints the dealer's routing id (5 bytes libzmq made up,
	// in hex) before each message.
	lines := router.Lines()
	if len(lines) != 2 || !regexp.MustCompile(`^0x00[0-9a-f]{8}\|a\|b$`).MatchString(lines[0]) || !strings.HasSuffix(lines[1], "|c") {
		t.Errorf("router printed %q", lines)
	}
}

// TestPubSubWithInterval guards a subscriber that joins a running
// publisher, --subscribe filtering, and a publisher interrupted before
// its --count exiting 1.
func TestPubSubWithInterval(t *testing.T) {
	ep := zmqtest.IPC(t, "pub")
	// The publisher repeats its messages until the subscriber, which
	// joins at some point, has had enough.
	pub := zmqcat(t, "-t", "pub", "-b", ep, "-m", "news|today", "-m", "sport|today", "--multipart", "--count", "100000", "--interval", "2ms", "--timeout", "20s")
	sub := zmqcat(t, "-t", "sub", "-c", ep, "-s", "news", "--count", "3", "--timeout", "10s")
	expectLines(t, sub, 0, "news|today", "news|today", "news|today")
	if err := pub.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	pub.ExpectExit(t, 1, zmqtest.Limit) // interrupted before its --count
	if !strings.Contains(pub.Stderr(), "zmqcat: interrupted:") {
		t.Errorf("stderr %q", pub.Stderr())
	}
}
