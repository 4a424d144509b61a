// Command fuzzgen writes the seed corpora of the fuzz targets in the
// root's fuzz_test.go into testdata/fuzz/<FuzzName>/ at the module root,
// in the "go test fuzz v1" format: go run ./internal/verify/fuzzgen
package main

import (
	"crypto/sha256"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// corpus is the module's testdata/fuzz directory, where go test looks.
var corpus string

func main() {
	root, err := zmqtest.ModuleRoot()
	if err != nil {
		log.Fatal(err)
	}
	corpus = filepath.Join(root, "testdata", "fuzz")

	// FuzzEndpoint: the bad endpoints of badinput_test.go and good ones.
	long := "ipc:///tmp/" + strings.Repeat("x", 120)
	for _, ep := range []string{
		"", "tcp", "tcp://", "tcp://127.0.0.1", "tcp://127.0.0.1:", "inproc://", "ipc://",
		"invalid://x", "foo://x", "tcp://256.1.1.1:5555", "tcp://in val id:1234", "tcp://[::1:5555",
		"tcp://127.0.0.1:99999", "tcp://127.0.0.1:-1", "tcp://127.0.0.1:65536",
		"tcp://127.0.0.1:5555\x00junk", "inproc://a\x00b", "ipc://x\x00y", long, "ipc:///nonexistent/dir/s",
		"udp://127.0.0.1:5555", "pgm://eth0;239.192.1.1:5555", "epgm://127.0.0.1;239.192.1.1:5555",
		"tcp://127.0.0.1:*", "tcp://[::1]:*", "tcp://*:*", "tcp://0.0.0.0:0", "tcp://127.0.0.1:0",
		"tcp://127.0.0.1:*;127.0.0.1:1", "tcp://lo:*", "tcp://[::ffff:127.0.0.1]:*",
		"inproc://fuzz", "inproc://" + strings.Repeat("n", 300), "ipc://sock", "ipc://*", "ipc://@fuzz-abstract",
		"ipc://../escape", "ipc://./.", "tipc://{5560,0,0}", "tipc://<1.1.1:5560>", "vmci://1:1", "ws://127.0.0.1:*/p",
		"tcp://127.0.0.1:65535", "tcp://:5555", "tcp://*:", "tcp://[]:1", "tcp://[:::1", "\xff\xfe://\x00",
	} {
		write("FuzzEndpoint", fmt.Sprintf("string(%s)", strconv.Quote(ep)))
	}

	// FuzzSocketOption: each setter twice, with a small value and with -1
	// (all bits set), on a type that takes most options.
	st := reflect.TypeOf((*zmq.Socket)(nil))
	idx := 0
	for i := 0; i < st.NumMethod(); i++ {
		m := st.Method(i)
		if !strings.HasPrefix(m.Name, "Set") || m.Type.NumIn() != 2 || m.Type.NumOut() != 1 {
			continue
		}
		typ := uint8(zmq.DEALER)
		switch {
		case strings.Contains(m.Name, "Subscribe"):
			typ = uint8(zmq.SUB)
		case strings.Contains(m.Name, "XPub"):
			typ = uint8(zmq.XPUB)
		case strings.Contains(m.Name, "Router") || strings.Contains(m.Name, "ConnectRoutingID"):
			typ = uint8(zmq.ROUTER)
		case strings.Contains(m.Name, "Req"):
			typ = uint8(zmq.REQ)
		}
		small := []byte{100}
		if m.Type.In(1).Kind() == reflect.String || m.Type.In(1).Kind() == reflect.Slice {
			small = []byte("0123456789abcdef0123456789abcdef")
		}
		for _, v := range [][]byte{small, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}} {
			write("FuzzSocketOption", fmt.Sprintf("uint16(%d)", idx), fmt.Sprintf("uint8(%d)", typ),
				fmt.Sprintf("[]byte(%s)", strconv.Quote(string(v))))
		}
		idx++
	}

	// FuzzDeviceMultipart: first byte separates frames.
	for _, d := range []string{
		"|a", "|a|b|c", "|", "||", "|||||", ",hello,,world,", "\x00\x00\x00",
		"|" + strings.Repeat("x", 4096) + "|y", "\xff" + strings.Repeat("\x00\x01", 50) + "\xff",
		"," + strings.Repeat("f,", 150), // more frames than the target keeps
	} {
		write("FuzzDeviceMultipart", fmt.Sprintf("[]byte(%s)", strconv.Quote(d)))
	}

	// FuzzMsgProperty.
	for _, p := range []string{
		"Socket-Type", "Peer-Address", "Routing-Id", "User-Id", "Identity", "socket-type", "",
		"Socket-Type\x00x", "\x00", "X-Custom", strings.Repeat("P", 1000), "Socket-Type ", "\xff",
	} {
		write("FuzzMsgProperty", fmt.Sprintf("string(%s)", strconv.Quote(p)))
	}
}

// write stores one corpus entry, named by its hash as go test does.
func write(target string, values ...string) {
	body := "go test fuzz v1\n" + strings.Join(values, "\n") + "\n"
	dir := filepath.Join(corpus, target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	name := fmt.Sprintf("seed-%x", sha256.Sum256([]byte(body)))[:21]
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		log.Fatal(err)
	}
}
