package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// TestSubscriberAgainstGoPublisher is the README's check that the weather
// server is alive, against a publisher in the test.
func TestSubscriberAgainstGoPublisher(t *testing.T) {
	ctx := zmqtest.Context(t)
	pub := zmqtest.Socket(t, ctx, zmq.PUB)
	ep := zmqtest.BindLocal(t, pub)
	sub := zmqcat(t, "-t", "sub", "-c", strings.Replace(ep, "127.0.0.1", "localhost", 1), "-s", "10001 ", "--count", "5")
	// Publish until zmqcat has what it wants and exits.
	deadline := time.Now().Add(zmqtest.Limit)
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
	sub.ExpectExit(t, 0, zmqtest.Limit)
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

// TestRepAgainstGoRequester guards a zmqcat rep answering a REQ of the
// zmq package, with binary frames printed in hex and the -m list repeated.
func TestRepAgainstGoRequester(t *testing.T) {
	ep := zmqtest.IPC(t, "rep")
	rep := zmqcat(t, "-t", "rep", "-b", ep, "-m", "World", "--count", "3", "--timeout", "10s")
	ctx := zmqtest.Context(t)
	req := zmqtest.Socket(t, ctx, zmq.REQ)
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

// TestReqAgainstGoReplier guards a zmqcat req reading requests from stdin
// and printing each multipart reply from a REP of the zmq package.
func TestReqAgainstGoReplier(t *testing.T) {
	ctx := zmqtest.Context(t)
	rep := zmqtest.Socket(t, ctx, zmq.REP)
	ep := zmqtest.BindLocal(t, rep)
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

// TestStdinWhileReceiving: a pair sends lines as they are typed while
// printing what arrives, one goroutine on the socket.
func TestStdinWhileReceiving(t *testing.T) {
	ctx := zmqtest.Context(t)
	other := zmqtest.Socket(t, ctx, zmq.PAIR)
	ep := zmqtest.BindLocal(t, other)
	pair := zmqcat(t, "-t", "pair", "-c", ep, "--timeout", "10s")
	for i := range 3 {
		line := fmt.Sprintf("typed %d", i)
		if _, err := io.WriteString(pair.Stdin(), line+"\n"); err != nil {
			t.Fatal(err)
		}
		if got, err := other.RecvString(0); err != nil || got != line {
			t.Fatalf("got %q, %v; want %q", got, err, line)
		}
		sendSeen(t, other, pair, fmt.Sprintf("answer %d", i))
	}
	pair.Stdin().Close() // the input ends; it goes on receiving
	sendSeen(t, other, pair, "after EOF")
	if err := pair.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	pair.ExpectExit(t, 0, zmqtest.Limit)
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

// TestInteropPython guards the wire format against another binding:
// zmqcat req against a REP of python3-zmq.
func TestInteropPython(t *testing.T) {
	const python = "/usr/bin/python3"
	if os.Getenv("ZMQGO_SKIP_INTEROP") == "1" {
		t.Skip("ZMQGO_SKIP_INTEROP=1")
	}
	if err := exec.Command(python, "-c", "import zmq").Run(); err != nil {
		t.Skipf("%s cannot import zmq (python3-zmq): %v", python, err)
	}
	ep := zmqtest.IPC(t, "py")
	py := zmqtest.Start(t, python, "-c", pythonEcho, ep)
	req := zmqcat(t, "-t", "req", "-c", ep, "--multipart", "-m", "a|b", "--timeout", "10s")
	expectLines(t, req, 0, "b|a|0xff00")
	py.ExpectExit(t, 0, zmqtest.Limit)
	if _, err := py.WaitStdout(regexp.MustCompile(`^served \[b'a', b'b'\]$`), zmqtest.Limit); err != nil {
		t.Fatal(err)
	}
}
