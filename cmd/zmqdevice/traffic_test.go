package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// traffic runs step over and over in a goroutine until the test ends or
// step fails. The goroutine has ended before the sockets step uses are
// closed (cleanups run last in, first out: call startTraffic after
// creating them).
type traffic struct {
	target  int64         // reached is closed after this many steps
	reached chan struct{} // closed after target steps
	done    int64         // steps that succeeded, touched by the goroutine only
	stop    chan struct{}
	ended   chan struct{}
	err     error // why step stopped, read after ended
}

func startTraffic(t *testing.T, target int64, step func() error) *traffic {
	tr := &traffic{target: target, reached: make(chan struct{}), stop: make(chan struct{}), ended: make(chan struct{})}
	go func() {
		defer close(tr.ended)
		for {
			select {
			case <-tr.stop:
				return
			default:
			}
			if tr.err = step(); tr.err != nil {
				return
			}
			if tr.done++; tr.done == tr.target {
				close(tr.reached)
			}
		}
	}()
	t.Cleanup(func() {
		close(tr.stop)
		select {
		case <-tr.ended:
		case <-time.After(zmqtest.Limit):
			t.Errorf("traffic goroutine still running after %v", zmqtest.Limit)
		}
	})
	return tr
}

// wait waits until the traffic has made its target number of steps.
func (tr *traffic) wait(t *testing.T) {
	t.Helper()
	select {
	case <-tr.reached:
	case <-tr.ended:
		t.Fatalf("traffic stopped before %d steps: %v", tr.target, tr.err)
	case <-time.After(zmqtest.Limit):
		t.Fatalf("traffic made fewer than %d steps in %v", tr.target, zmqtest.Limit)
	}
}

// shortTimeouts makes a traffic socket give up quickly once the device
// is gone, so that its goroutine ends soon after the test stops it.
func shortTimeouts(t *testing.T, socks ...*zmq.Socket) {
	t.Helper()
	for _, s := range socks {
		if err := s.SetRcvTimeo(500 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSndTimeo(500 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
}

func connect(t *testing.T, s *zmq.Socket, ep string) {
	t.Helper()
	if err := s.Connect(ep); err != nil {
		t.Fatalf("connect %s: %v", ep, err)
	}
}

func sendMessage(t *testing.T, s *zmq.Socket, parts ...string) {
	t.Helper()
	msg := make([][]byte, len(parts))
	for i, p := range parts {
		msg[i] = []byte(p)
	}
	if err := s.SendMessage(msg, 0); err != nil {
		t.Fatalf("send %q on %v: %v", parts, s, err)
	}
}

func recvMessage(t *testing.T, s *zmq.Socket) []string {
	t.Helper()
	msg, err := s.RecvMessage(0)
	if err != nil {
		t.Fatalf("receive on %v: %v", s, err)
	}
	parts := make([]string, len(msg))
	for i, p := range msg {
		parts[i] = string(p)
	}
	return parts
}

// echoStep is one round trip of a REQ client through the queue to a REP
// service that answers with the request.
func echoStep(req, rep *zmq.Socket, n int) error {
	want := [][]byte{[]byte("hello"), []byte(fmt.Sprint(n))}
	if err := req.SendMessage(want, 0); err != nil {
		return err
	}
	got, err := rep.RecvMessage(0)
	if err != nil {
		return err
	}
	if err := rep.SendMessage(got, 0); err != nil {
		return err
	}
	back, err := req.RecvMessage(0)
	if err != nil {
		return err
	}
	if !cmp.Equal(back, want) {
		return fmt.Errorf("reply %q, want %q", back, want)
	}
	return nil
}

// publish keeps publishing envelopes [topic, "update N"] for each topic
// until the test ends.
func publish(t *testing.T, pub *zmq.Socket, topics ...string) *traffic {
	var n int
	tick := time.NewTicker(time.Millisecond)
	t.Cleanup(tick.Stop)
	return startTraffic(t, 1, func() error {
		<-tick.C
		n++
		for _, topic := range topics {
			if err := pub.SendMessage([][]byte{[]byte(topic), []byte(fmt.Sprintf("update %d", n))}, 0); err != nil {
				return err
			}
		}
		return nil
	})
}
