package zmq_test

import (
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// The Guide's hello world over tcp: a request from REQ to REP, and the
// reply back.
func TestRequestReplyTCP(t *testing.T) {
	ctx := zt.Context(t)
	rep, req := zt.Pair(t, ctx, zmq.REP, zmq.REQ)
	if err := req.SendString("Hello", 0); err != nil {
		t.Fatal(err)
	}
	got, err := rep.RecvString(0)
	if err != nil || got != "Hello" {
		t.Fatalf("RecvString = %q, %v", got, err)
	}
	if err := rep.SendString("World", 0); err != nil {
		t.Fatal(err)
	}
	if got, err := req.RecvString(0); err != nil || got != "World" {
		t.Fatalf("RecvString = %q, %v", got, err)
	}
}
