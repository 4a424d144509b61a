package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/proctest"
)

// binDir holds zmqcat, built once for the test binary.
var binDir string

func TestMain(m *testing.M) { proctest.Main(m, &binDir, "./cmd/zmqcat") }

func zmqcat(t *testing.T, args ...string) *proctest.Proc {
	t.Helper()
	return proctest.Start(t, filepath.Join(binDir, "zmqcat"), args...)
}

// zmqcatInput is zmqcat with stdin read from input.
func zmqcatInput(t *testing.T, input string, args ...string) *proctest.Proc {
	t.Helper()
	return proctest.StartWith(t, proctest.Options{Stdin: strings.NewReader(input)}, filepath.Join(binDir, "zmqcat"), args...)
}

var boundLine = regexp.MustCompile(`^zmqcat: bound to (\S+)$`)

// boundEndpoint waits for the endpoint a wildcard bind got.
func boundEndpoint(t *testing.T, p *proctest.Proc) string {
	t.Helper()
	m, err := p.WaitStderr(boundLine, proctest.Limit)
	if err != nil {
		t.Fatal(err)
	}
	return m[1]
}

// expectLines waits for p to exit with status code and checks its stdout.
func expectLines(t *testing.T, p *proctest.Proc, code int, want ...string) {
	t.Helper()
	p.ExpectExit(t, code, proctest.Limit)
	if diff := cmp.Diff(want, p.Lines()); diff != "" {
		t.Errorf("%s printed (-want +got):\n%s\n%v", p.Name, diff, p)
	}
}

func TestReqRepEcho(t *testing.T) {
	ep := proctest.IPC(t, "echo")
	rep := zmqcat(t, "-t", "rep", "-b", ep, "--echo", "--count", "3", "--timeout", "10s")
	req := zmqcat(t, "-t", "req", "-c", ep, "--multipart", "-m", "hello", "-m", "two|frames", "-m", "", "--timeout", "10s")
	expectLines(t, req, 0, "hello", "two|frames", "")
	expectLines(t, rep, 0, "hello", "two|frames", "")
}

func TestPushPullFromStdin(t *testing.T) {
	pull := zmqcat(t, "-t", "pull", "-b", "tcp://127.0.0.1:*", "--count", "4", "--timeout", "10s")
	ep := boundEndpoint(t, pull)
	push := zmqcatInput(t, "first line\n\nwith\ttab\nlast, without newline", "-t", "push", "-c", ep, "--timeout", "10s")
	expectLines(t, push, 0)
	expectLines(t, pull, 0, "first line", "", "with\ttab", "last, without newline")
}

func TestMultipartDelimAndHex(t *testing.T) {
	ep := proctest.IPC(t, "pipe")
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

func TestRawRoundTrip(t *testing.T) {
	msgs := [][][]byte{
		{[]byte("one frame")},
		{{0, 1, 2, '\n', 0xff}, {}, []byte("third\nframe")},
		{bytes.Repeat([]byte{0xa5}, 100000)},
	}
	ep := proctest.IPC(t, "raw")
	pull := zmqcat(t, "-t", "pull", "-b", ep, "--count", "3", "--raw", "--timeout", "10s")
	push := zmqcatInput(t, string(rawMessages(msgs...)), "-t", "push", "-c", ep, "--raw", "--timeout", "10s")
	push.ExpectExit(t, 0, proctest.Limit)
	pull.ExpectExit(t, 0, proctest.Limit)
	var got [][][]byte
	br := bufio.NewReader(bytes.NewReader(pull.Stdout()))
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

func TestRawInputMalformed(t *testing.T) {
	for name, input := range map[string][]byte{
		"no frames":       {0, 0, 0, 0},
		"truncated count": {0, 0},
		"truncated frame": {0, 0, 0, 1, 0, 0, 0, 9, 'x'},
	} {
		t.Run(name, func(t *testing.T) {
			p := zmqcatInput(t, string(input), "-t", "push", "-b", proctest.IPC(t, "nobody"), "--raw", "--timeout", "10s")
			p.ExpectExit(t, 2, proctest.Limit)
			if !strings.Contains(p.Stderr(), "raw input:") {
				t.Errorf("stderr %q, want a raw input error", p.Stderr())
			}
		})
	}
}

func TestDealerRouterEcho(t *testing.T) {
	ep := proctest.IPC(t, "router")
	router := zmqcat(t, "-t", "router", "-b", ep, "--echo", "--count", "2", "--timeout", "10s")
	dealer := zmqcat(t, "-t", "dealer", "-c", ep, "--multipart", "-m", "a|b", "-m", "c", "--count", "2", "--timeout", "10s")
	expectLines(t, dealer, 0, "a|b", "c")
	router.ExpectExit(t, 0, proctest.Limit)
	// The router prints the dealer's routing id (5 bytes libzmq made up,
	// in hex) before each message.
	lines := router.Lines()
	if len(lines) != 2 || !regexp.MustCompile(`^0x00[0-9a-f]{8}\|a\|b$`).MatchString(lines[0]) || !strings.HasSuffix(lines[1], "|c") {
		t.Errorf("router printed %q", lines)
	}
}

func TestPubSubWithInterval(t *testing.T) {
	ep := proctest.IPC(t, "pub")
	// The publisher repeats its messages until the subscriber, which
	// joins at some point, has had enough.
	pub := zmqcat(t, "-t", "pub", "-b", ep, "-m", "news|today", "-m", "sport|today", "--multipart", "--count", "100000", "--interval", "2ms", "--timeout", "20s")
	sub := zmqcat(t, "-t", "sub", "-c", ep, "-s", "news", "--count", "3", "--timeout", "10s")
	expectLines(t, sub, 0, "news|today", "news|today", "news|today")
	if err := pub.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	pub.ExpectExit(t, 1, proctest.Limit) // interrupted before its --count
	if !strings.Contains(pub.Stderr(), "zmqcat: interrupted:") {
		t.Errorf("stderr %q", pub.Stderr())
	}
}

// TestSubscriberAgainstGoPublisher is the README's check that the weather
// server is alive, against a publisher in the test.
func TestSubscriberAgainstGoPublisher(t *testing.T) {
	ctx := proctest.Context(t)
	pub := proctest.Socket(t, ctx, zmq.PUB)
	ep := proctest.BindLocal(t, pub)
	sub := zmqcat(t, "-t", "sub", "-c", strings.Replace(ep, "127.0.0.1", "localhost", 1), "-s", "10001 ", "--count", "5")
	// Publish until zmqcat has what it wants and exits.
	deadline := time.Now().Add(proctest.Limit)
	for n := 0; !sub.Exited(); n++ {
		for _, zip := range []string{"10000", "10001", "10002"} {
			if err := pub.SendString(fmt.Sprintf("%s %d %d", zip, n, n%100), 0); err != nil {
				t.Fatal(err)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("zmqcat still running after %d updates: %v", n, sub)
		}
		time.Sleep(time.Millisecond) // pace the updates, as wuserver does not
	}
	sub.ExpectExit(t, 0, proctest.Limit)
	lines := sub.Lines()
	if len(lines) != 5 {
		t.Fatalf("printed %q, want 5 updates", lines)
	}
	for _, l := range lines {
		if !regexp.MustCompile(`^10001 \d+ \d+$`).MatchString(l) {
			t.Errorf("update %q is not for 10001", l)
		}
	}
}

func TestRepAgainstGoRequester(t *testing.T) {
	ep := proctest.IPC(t, "rep")
	rep := zmqcat(t, "-t", "rep", "-b", ep, "-m", "World", "--count", "3", "--timeout", "10s")
	ctx := proctest.Context(t)
	req := proctest.Socket(t, ctx, zmq.REQ)
	if err := req.Connect(ep); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := req.SendMessage([][]byte{[]byte("Hello"), {byte(i), 0xfe}}, 0); err != nil {
			t.Fatal(err)
		}
		reply, err := req.RecvString(0)
		if err != nil {
			t.Fatalf("reply %d: %v", i, err)
		}
		if reply != "World" {
			t.Errorf("reply %d is %q, want World (the -m list repeated)", i, reply)
		}
	}
	expectLines(t, rep, 0, "Hello|0x00fe", "Hello|0x01fe", "Hello|0x02fe")
}

func TestReqAgainstGoReplier(t *testing.T) {
	ctx := proctest.Context(t)
	rep := proctest.Socket(t, ctx, zmq.REP)
	ep := proctest.BindLocal(t, rep)
	req := zmqcatInput(t, "hello\nworld\n", "-t", "req", "-c", ep, "--timeout", "10s")
	for range 2 {
		msg, err := rep.RecvMessage(0)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.SendMessage([][]byte{bytes.ToUpper(msg[0]), {0, 0xff}}, 0); err != nil {
			t.Fatal(err)
		}
	}
	expectLines(t, req, 0, "HELLO|0x00ff", "WORLD|0x00ff")
}

func TestTimeout(t *testing.T) {
	start := time.Now()
	pull := zmqcat(t, "-t", "pull", "-b", proctest.IPC(t, "silent"), "--count", "1", "--timeout", "200ms")
	pull.ExpectExit(t, 1, proctest.Limit)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("--timeout 200ms took %v", took)
	}
	if !strings.Contains(pull.Stderr(), "zmqcat: timeout after 200ms: 0 of 1 messages received") {
		t.Errorf("stderr %q", pull.Stderr())
	}

	// A req with nobody to answer, and a push with nobody to take its
	// messages (ZMQ_IMMEDIATE holds them): the timeout ends the wait.
	req := zmqcat(t, "-t", "req", "-c", proctest.IPC(t, "nobody"), "-m", "anyone?", "--timeout", "200ms")
	req.ExpectExit(t, 1, proctest.Limit)
	if !strings.Contains(req.Stderr(), "timeout after 200ms: 0 replies received") {
		t.Errorf("stderr %q", req.Stderr())
	}
	push := zmqcat(t, "-t", "push", "-c", proctest.IPC(t, "nobody"), "-m", "anyone?", "--timeout", "200ms")
	push.ExpectExit(t, 1, proctest.Limit)
	if !strings.Contains(push.Stderr(), "timeout after 200ms: 0 messages sent") {
		t.Errorf("stderr %q", push.Stderr())
	}
}

func TestStopAndExitStatus(t *testing.T) {
	ctx := proctest.Context(t)
	push := proctest.Socket(t, ctx, zmq.PUSH)

	// Without --count, a receiver stopped after messages arrived: 0.
	ep := proctest.IPC(t, "a")
	pull := zmqcat(t, "-t", "pull", "-b", ep)
	if err := push.Connect(ep); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"one", "two"} {
		if err := push.SendString(m, 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pull.WaitStdout(regexp.MustCompile(`^two$`), proctest.Limit); err != nil {
		t.Fatal(err)
	}
	if err := pull.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	expectLines(t, pull, 0, "one", "two")

	// With --count, fewer than asked: 1. (A new PUSH: the first one
	// still queues for the zmqcat that is gone.)
	push = proctest.Socket(t, ctx, zmq.PUSH)
	ep = proctest.IPC(t, "b")
	pull = zmqcat(t, "-t", "pull", "-b", ep, "--count", "3")
	if err := push.Connect(ep); err != nil {
		t.Fatal(err)
	}
	if err := push.SendString("only one", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := pull.WaitStdout(regexp.MustCompile(`^only one$`), proctest.Limit); err != nil {
		t.Fatal(err)
	}
	if err := pull.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	expectLines(t, pull, 1, "only one")
	if !strings.Contains(pull.Stderr(), "zmqcat: interrupted: 1 of 3 messages received") {
		t.Errorf("stderr %q", pull.Stderr())
	}

	// A sender whose input ends before --count: 1.
	sink := proctest.Socket(t, ctx, zmq.PULL)
	ep = proctest.BindLocal(t, sink)
	short := zmqcatInput(t, "a\nb\n", "-t", "push", "-c", ep, "--count", "5", "--timeout", "10s")
	short.ExpectExit(t, 1, proctest.Limit)
	if !strings.Contains(short.Stderr(), "input ended: 2 of 5 messages sent") {
		t.Errorf("stderr %q", short.Stderr())
	}
	for _, want := range []string{"a", "b"} {
		if got, err := sink.RecvString(0); err != nil || got != want {
			t.Fatalf("got %q, %v; want %q", got, err, want)
		}
	}
}

// TestStdinWhileReceiving: a pair sends lines as they are typed while
// printing what arrives, one goroutine on the socket.
func TestStdinWhileReceiving(t *testing.T) {
	ctx := proctest.Context(t)
	other := proctest.Socket(t, ctx, zmq.PAIR)
	ep := proctest.BindLocal(t, other)
	pair := zmqcat(t, "-t", "pair", "-c", ep, "--timeout", "10s")
	for i := range 3 {
		line := fmt.Sprintf("typed %d", i)
		if _, err := io.WriteString(pair.Stdin(), line+"\n"); err != nil {
			t.Fatal(err)
		}
		if got, err := other.RecvString(0); err != nil || got != line {
			t.Fatalf("got %q, %v; want %q", got, err, line)
		}
		if err := other.SendString(fmt.Sprintf("answer %d", i), 0); err != nil {
			t.Fatal(err)
		}
		if _, err := pair.WaitStdout(regexp.MustCompile(fmt.Sprintf(`^answer %d$`, i)), proctest.Limit); err != nil {
			t.Fatal(err)
		}
	}
	pair.Stdin().Close() // the input ends; it goes on receiving
	if err := other.SendString("after EOF", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := pair.WaitStdout(regexp.MustCompile(`^after EOF$`), proctest.Limit); err != nil {
		t.Fatal(err)
	}
	if err := pair.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	pair.ExpectExit(t, 0, proctest.Limit)
}

// pythonEcho is a REP server over Debian's python3-zmq: it answers each
// request with its frames reversed and a binary frame, and ends after
// one request or ten seconds.
const pythonEcho = `
import sys, zmq
ctx = zmq.Context()
s = ctx.socket(zmq.REP)
s.setsockopt(zmq.LINGER, 1000)
s.setsockopt(zmq.RCVTIMEO, 10000)
s.bind(sys.argv[1])
msg = s.recv_multipart()
s.send_multipart(list(reversed(msg)) + [b"\xff\x00"])
s.close()
ctx.term()
print("served", msg)
`

func TestInteropPython(t *testing.T) {
	const python = "/usr/bin/python3"
	if os.Getenv("ZMQGO_SKIP_INTEROP") == "1" {
		t.Skip("ZMQGO_SKIP_INTEROP=1")
	}
	if err := exec.Command(python, "-c", "import zmq").Run(); err != nil {
		t.Skipf("%s cannot import zmq (python3-zmq): %v", python, err)
	}
	ep := proctest.IPC(t, "py")
	py := proctest.Start(t, python, "-c", pythonEcho, ep)
	req := zmqcat(t, "-t", "req", "-c", ep, "--multipart", "-m", "a|b", "--timeout", "10s")
	expectLines(t, req, 0, "b|a|0xff00")
	py.ExpectExit(t, 0, proctest.Limit)
	if _, err := py.WaitStdout(regexp.MustCompile(`^served \[b'a', b'b'\]$`), proctest.Limit); err != nil {
		t.Fatal(err)
	}
}

func TestHelp(t *testing.T) {
	p := zmqcat(t, "--help")
	p.ExpectExit(t, 0, proctest.Limit)
	out := string(p.Stdout())
	for _, want := range []string{
		"-t, --type", "-b, --bind", "-c, --connect", "-s, --subscribe", "-m, --message", "--echo",
		"--multipart", "--delim", "--raw", "--hex", "-n, --count", "--timeout", "--interval", "--linger",
		"-h, --help", "4-byte big-endian", "Exit status",
		`zmqcat -t sub -c tcp://localhost:5556 -s "10001 " --count 5`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("--help does not mention %q", want)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	ctx := proctest.Context(t)
	taken := proctest.BindLocal(t, proctest.Socket(t, ctx, zmq.PULL))
	ep := "ipc:///nonexistent-dir/x"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "-t TYPE is required"},
		{[]string{"-t", "stream", "-c", ep}, `unknown socket type "stream"`},
		{[]string{"-t", "push"}, "no endpoint"},
		{[]string{"-t", "push", "-c", ep + ","}, "empty endpoint"},
		{[]string{"-t", "push", "-c", ep, "-s", "x"}, "-s is for sub"},
		{[]string{"-t", "pull", "-c", ep, "-m", "x"}, "pull does not send"},
		{[]string{"-t", "push", "-c", ep, "--echo"}, "--echo is for rep"},
		{[]string{"-t", "rep", "-c", ep, "--echo", "-m", "x"}, "no -m with it"},
		{[]string{"-t", "push", "-c", ep, "--raw", "--multipart"}, "--raw"},
		{[]string{"-t", "push", "-c", ep, "--delim", ""}, "--delim must not be empty"},
		{[]string{"-t", "push", "-c", ep, "--count", "-1"}, "--count -1"},
		{[]string{"-t", "push", "-c", ep, "--timeout", "-1s"}, "must not be negative"},
		{[]string{"-t", "push", "-c", ep, "extra"}, `unexpected argument "extra"`},
		{[]string{"-t", "push", "-c", ep, "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"-t", "push", "-c", ep, "--count", "x"}, `invalid value "x" for flag -count`},
		{[]string{"-t", "push", "-c", "nowhere"}, "PUSH connect nowhere: Invalid argument"},
		{[]string{"-t", "pull", "-b", "tcp://127.0.0.1:99999"}, "PULL bind tcp://127.0.0.1:99999: port 99999 out of range"},
		{[]string{"-t", "pull", "-b", taken}, "PULL bind " + taken + ": Address already in use"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			p := zmqcat(t, tc.args...)
			p.ExpectExit(t, 2, proctest.Limit)
			stderr := p.Stderr()
			if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "zmqcat: ") || !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr %q, want one line containing %q", stderr, tc.want)
			}
			if len(p.Stdout()) != 0 {
				t.Errorf("stdout %q, want nothing", p.Stdout())
			}
		})
	}
}

// The tests below run the formatting and parsing in process.

func TestTextFrame(t *testing.T) {
	for _, tc := range []struct {
		in    []byte
		force bool
		want  string
	}{
		{[]byte("plain"), false, "plain"},
		{[]byte("tab\there"), false, "tab\there"},
		{[]byte("ünïcødé"), false, "ünïcødé"},
		{[]byte{}, false, ""},
		{[]byte{0xff}, false, "0xff"},
		{[]byte("new\nline"), false, "0x6e65770a6c696e65"},
		{[]byte("\x00"), false, "0x00"},
		{[]byte("\u0085"), false, "0xc285"}, // a C1 control character
		{[]byte("A"), true, "0x41"},
		{[]byte{}, true, "0x"},
	} {
		if got := textFrame(tc.in, tc.force); got != tc.want {
			t.Errorf("textFrame(%q, %v) = %q, want %q", tc.in, tc.force, got, tc.want)
		}
	}
}

func TestReadLine(t *testing.T) {
	br := bufio.NewReader(strings.NewReader("a|b\n\n|\nlast|"))
	var got [][][]byte
	for {
		m, err := readLine(br, true, "|")
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
	}
	want := [][][]byte{{[]byte("a"), []byte("b")}, {{}}, {{}, {}}, {[]byte("last"), {}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestRawForm(t *testing.T) {
	msg := [][]byte{[]byte("ab"), {}, {0}}
	var b bytes.Buffer
	if err := writeRaw(&b, msg); err != nil {
		t.Fatal(err)
	}
	want := []byte{0, 0, 0, 3, 0, 0, 0, 2, 'a', 'b', 0, 0, 0, 0, 0, 0, 0, 1, 0}
	if !bytes.Equal(b.Bytes(), want) {
		t.Fatalf("writeRaw = %v, want %v", b.Bytes(), want)
	}
	got, err := readRaw(bufio.NewReader(&b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(msg, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := readRaw(bufio.NewReader(&b)); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
	var bad *badInputError
	if _, err := readRaw(bufio.NewReader(bytes.NewReader([]byte{0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 1}))); !errors.As(err, &bad) {
		t.Errorf("a frame claiming 4 GiB: %v, want a badInputError", err)
	}
}
