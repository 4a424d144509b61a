package zmq_test

// Interop tests: the peer is Debian's python3-zmq (pyzmq), run as a
// separate process over tcp, so what crosses the wire is checked by a
// binding that owes nothing to this one.

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// pythonPath is Debian's python3, the one python3-zmq is installed for (a
// pyenv python3 first on PATH usually lacks zmq).
const pythonPath = "/usr/bin/python3"

var (
	pythonOnce sync.Once
	pythonErr  string // why pyzmq cannot be used; "" if it can
)

// requirePython skips the test when ZMQGO_SKIP_INTEROP=1 and fails it
// when pyzmq is not installed.
func requirePython(t *testing.T) {
	t.Helper()
	if os.Getenv("ZMQGO_SKIP_INTEROP") == "1" {
		t.Skip("ZMQGO_SKIP_INTEROP=1: interop tests with python3-zmq skipped")
	}
	pythonOnce.Do(func() {
		p, err := zt.Launch(zt.Options{Name: "python3"}, pythonPath, "-c", "import zmq")
		if err != nil {
			pythonErr = err.Error()
			return
		}
		if err := p.ExitWith(0, zt.Limit); err != nil {
			pythonErr = err.Error()
		}
		p.Stop(0)
	})
	if pythonErr != "" {
		t.Fatalf("%s cannot import zmq: run `make deps` (or set ZMQGO_SKIP_INTEROP=1 to skip the interop tests):\n%s",
			pythonPath, pythonErr)
	}
}

// startPython runs script with python3 -c, with args as sys.argv[1:], as
// a process of the test.
func startPython(t *testing.T, script string, args ...string) *zt.Proc {
	t.Helper()
	requirePython(t)
	return zt.StartWith(t, zt.Options{Name: "python"}, pythonPath, append([]string{"-c", script}, args...)...)
}

// pyFail fails the test with what the peer wrote, after stopping it. The
// grace lets Python print the traceback of where it was stuck.
func pyFail(t *testing.T, py *zt.Proc, format string, args ...any) {
	t.Helper()
	py.Stop(time.Second)
	t.Fatalf(format+"\n%v", append(args, py)...)
}

var anyLine = regexp.MustCompile(`^.*$`)

// pyLine returns the next line the peer prints.
func pyLine(t *testing.T, py *zt.Proc) string {
	t.Helper()
	m, err := py.WaitStdout(anyLine, zt.Limit)
	if err != nil {
		pyFail(t, py, "reading a line of python: %v", err)
	}
	return m[0]
}

// pyPrelude starts every script: pyzmq, a context, and a helper making
// sockets that give up after 10s and deliver what they queued on close.
const pyPrelude = `
import json, sys, zmq
ctx = zmq.Context()
def socket(kind):
    s = ctx.socket(kind)
    s.linger = 1000
    s.rcvtimeo = 10000
    s.sndtimeo = 10000
    return s
`

// Go REP server, Python REQ client.
func TestInteropPythonREQ(t *testing.T) {
	ctx := zt.Context(t)
	rep := zt.Socket(t, ctx, zmq.REP)
	endpoint := zt.BindLocal(t, rep)

	py := startPython(t, pyPrelude+`
req = socket(zmq.REQ)
req.connect(sys.argv[1])
for i in range(3):
    req.send(b"Hello")
    reply = req.recv()
    if reply != b"World":
        sys.exit("python: reply %d is %r, want b'World'" % (i, reply))
req.close()
ctx.term()
print("ok")
`, endpoint)

	for i := range 3 {
		var m zmq.Msg
		if err := rep.RecvMsg(&m, 0); err != nil {
			pyFail(t, py, "request %d: RecvMsg: %v", i, err)
		}
		got, more := string(m.Bytes()), m.More()
		peerType, err := m.Get(zmq.PropertySocketType)
		if err := m.Close(); err != nil {
			t.Fatalf("Msg.Close: %v", err)
		}
		if got != "Hello" || more {
			pyFail(t, py, "request %d = %q (more %v), want \"Hello\" alone", i, got, more)
		}
		if err != nil || peerType != "REQ" {
			t.Errorf("request %d: Socket-Type property = %q, %v; want \"REQ\"", i, peerType, err)
		}
		if err := rep.SendString("World", 0); err != nil {
			pyFail(t, py, "reply %d: SendString: %v", i, err)
		}
	}
	if got := pyLine(t, py); got != "ok" {
		pyFail(t, py, "python printed %q, want \"ok\"", got)
	}
	py.ExpectExit(t, 0, zt.Limit)
}

// Python REP server on a port it picks and prints, Go REQ client.
func TestInteropPythonREP(t *testing.T) {
	py := startPython(t, pyPrelude+`
rep = socket(zmq.REP)
port = rep.bind_to_random_port("tcp://127.0.0.1")
print(port, flush=True)
for i in range(3):
    request = rep.recv()
    if request != b"Hello" or rep.rcvmore:
        sys.exit("python: request %d is %r, want b'Hello' alone" % (i, request))
    rep.send(b"World")
rep.close()
ctx.term()
`)
	port := pyLine(t, py)

	ctx := zt.Context(t)
	req := zt.Socket(t, ctx, zmq.REQ)
	if err := req.Connect("tcp://127.0.0.1:" + port); err != nil {
		pyFail(t, py, "Connect to python's port %q: %v", port, err)
	}
	for i := range 3 {
		if err := req.SendString("Hello", 0); err != nil {
			pyFail(t, py, "request %d: SendString: %v", i, err)
		}
		got, err := req.RecvString(0)
		if err != nil || got != "World" {
			pyFail(t, py, "reply %d = %q, %v; want \"World\"", i, got, err)
		}
		if more, err := req.RcvMore(); err != nil || more {
			t.Errorf("reply %d: RcvMore = %v, %v; want false", i, more, err)
		}
	}
	py.ExpectExit(t, 0, zt.Limit)
}

// interopFrames is a multipart message with what is easy to get wrong on
// the wire: an empty frame, binary bytes (NUL, 0xff), a frame longer than
// 255 bytes (ZMTP's long length form).
func interopFrames() [][]byte {
	long := make([]byte, 1000)
	for i := range long {
		long[i] = byte(i * 7)
	}
	return [][]byte{[]byte("header"), {}, {0x00, 0xff, 0x80, '\n', 0x00}, long}
}

// hexFrames is how the Python scripts print a message: a JSON list of
// each frame in hex.
func hexFrames(frames [][]byte) []string {
	h := make([]string, len(frames))
	for i, f := range frames {
		h[i] = hex.EncodeToString(f)
	}
	return h
}

// pyFrames parses a line printed by a Python script with hexFrames' form.
func pyFrames(t *testing.T, py *zt.Proc, line string) []string {
	var frames []string
	if err := json.Unmarshal([]byte(line), &frames); err != nil {
		pyFail(t, py, "python printed %q, want a JSON list of hex frames: %v", line, err)
	}
	return frames
}

// Multipart messages cross the wire to pyzmq and back byte for byte, both
// ways, with the ROUTER's identity frame where it belongs.
func TestInteropMultipart(t *testing.T) {
	want := interopFrames()

	// Go DEALER -> Python ROUTER, which prints the frames it received and
	// echoes them back -> Go DEALER.
	t.Run("GoDEALER-PythonROUTER", func(t *testing.T) {
		py := startPython(t, pyPrelude+`
router = socket(zmq.ROUTER)
port = router.bind_to_random_port("tcp://127.0.0.1")
print(port, flush=True)
msg = router.recv_multipart()
print(json.dumps([f.hex() for f in msg[1:]]), flush=True)
router.send_multipart(msg)
router.close()
ctx.term()
`)
		port := pyLine(t, py)
		ctx := zt.Context(t)
		dealer := zt.Socket(t, ctx, zmq.DEALER)
		if err := dealer.Connect("tcp://127.0.0.1:" + port); err != nil {
			pyFail(t, py, "Connect: %v", err)
		}
		if err := dealer.SendMessage(want, 0); err != nil {
			pyFail(t, py, "SendMessage: %v", err)
		}
		if got := pyFrames(t, py, pyLine(t, py)); !slices.Equal(got, hexFrames(want)) {
			t.Errorf("python received %q\nwant %q", got, hexFrames(want))
		}
		got, err := dealer.RecvMessage(0)
		if err != nil {
			pyFail(t, py, "RecvMessage: %v", err)
		}
		if !slices.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("echo from python = %q\nwant %q", got, want)
		}
		py.ExpectExit(t, 0, zt.Limit)
	})

	// Python DEALER with a routing id -> Go ROUTER, which checks the id
	// frame and echoes the message -> Python, which prints what came back.
	t.Run("PythonDEALER-GoROUTER", func(t *testing.T) {
		ctx := zt.Context(t)
		router := zt.Socket(t, ctx, zmq.ROUTER)
		endpoint := zt.BindLocal(t, router)
		py := startPython(t, pyPrelude+`
dealer = socket(zmq.DEALER)
dealer.setsockopt(zmq.IDENTITY, b"py\x00dealer")
dealer.connect(sys.argv[1])
long = bytes((i * 7) % 256 for i in range(1000))
dealer.send_multipart([b"header", b"", b"\x00\xff\x80\n\x00", long])
print(json.dumps([f.hex() for f in dealer.recv_multipart()]), flush=True)
dealer.close()
ctx.term()
`, endpoint)
		got, err := router.RecvMessage(0)
		if err != nil {
			pyFail(t, py, "RecvMessage: %v", err)
		}
		wantRouted := append([][]byte{[]byte("py\x00dealer")}, want...)
		if !slices.EqualFunc(got, wantRouted, bytes.Equal) {
			t.Errorf("ROUTER received %q\nwant %q", got, wantRouted)
		}
		if err := router.SendMessage(got, 0); err != nil {
			pyFail(t, py, "SendMessage: %v", err)
		}
		if echoed := pyFrames(t, py, pyLine(t, py)); !slices.Equal(echoed, hexFrames(want)) {
			t.Errorf("python received %q\nwant %q", echoed, hexFrames(want))
		}
		py.ExpectExit(t, 0, zt.Limit)
	})
}
