package zmq_test

import (
	"fmt"
	"log"
	"os"
	"strings"
	"testing"

	"github.com/zmqgo/zmq"
)

// The Guide's Hello World in one goroutine: a REQ socket's send is queued
// by libzmq, so the REP socket can then receive it. This is README.md's
// quick start; keep the two identical.
func Example() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term() // runs last: waits until every socket is closed

	server, err := ctx.NewSocket(zmq.REP)
	if err != nil {
		log.Fatal(err)
	}
	defer server.Close()
	if err := server.Bind("inproc://hello"); err != nil {
		log.Fatal(err)
	}

	client, err := ctx.NewSocket(zmq.REQ)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	if err := client.Connect("inproc://hello"); err != nil {
		log.Fatal(err)
	}

	if err := client.SendString("Hello", 0); err != nil {
		log.Fatal(err)
	}
	request, err := server.RecvString(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("server received", request)

	if err := server.SendString("World", 0); err != nil {
		log.Fatal(err)
	}
	reply, err := client.RecvString(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("client received", reply)
	// Output:
	// server received Hello
	// client received World
}

// TestREADMEQuickStart checks that README.md's quick start is Example's
// body, so the README shows code that compiles and runs.
func TestREADMEQuickStart(t *testing.T) {
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, body, ok1 := strings.Cut(string(src), "func Example() {\n")
	body, _, ok2 := strings.Cut(body, "\t// Output:")
	if !ok1 || !ok2 {
		t.Fatal("example_test.go: cannot find Example's body")
	}
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "\t")
	}
	snippet := "```go\n" + strings.Join(lines, "\n") + "\n```\n"
	if !strings.Contains(string(readme), snippet) {
		t.Errorf("README.md's quick start differs from Example in example_test.go; it should be:\n%s", snippet)
	}
}
