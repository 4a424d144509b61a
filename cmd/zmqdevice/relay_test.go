package main

import (
	"errors"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// TestRelayCountsMessages guards the --stats loop, in process over inproc:
// it counts whole messages and prints its totals when the context is shut
// down.
func TestRelayCountsMessages(t *testing.T) {
	ctx := zmqtest.Context(t)
	front := zmqtest.Socket(t, ctx, zmq.PULL)
	back := zmqtest.Socket(t, ctx, zmq.PUSH)
	for _, s := range []struct {
		s  *zmq.Socket
		ep string
	}{{front, "inproc://relay-in"}, {back, "inproc://relay-out"}} {
		if err := s.s.Bind(s.ep); err != nil {
			t.Fatal(err)
		}
	}
	push := zmqtest.Socket(t, ctx, zmq.PUSH)
	pull := zmqtest.Socket(t, ctx, zmq.PULL)
	connect(t, push, "inproc://relay-in")
	connect(t, pull, "inproc://relay-out")

	var out zmqtest.SyncBuffer
	done := make(chan error, 1)
	go func() { done <- relay(front, back, nil, true, false, time.Hour, &out) }()
	for range 5 {
		sendMessage(t, push, "x", "yz")
	}
	for range 5 {
		recvMessage(t, pull)
	}
	// Shut the relay down: it returns ErrTerm and prints its totals.
	ctx.Shutdown()
	select {
	case err := <-done:
		if !errors.Is(err, zmq.ErrTerm) {
			t.Fatalf("relay returned %v, want ErrTerm", err)
		}
	case <-time.After(zmqtest.Limit):
		t.Fatal("relay did not return after Shutdown")
	}
	if got, want := out.String(), "stats frontend->backend msgs=5 bytes=15 backend->frontend msgs=0 bytes=0\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}
