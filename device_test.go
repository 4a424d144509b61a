package zmq_test

// Device with the Guide's three kinds (QUEUE, FORWARDER, STREAMER) between
// real peers, and a device ended by Shutdown or Term.

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// TestDeviceQueue: 4 REQ clients and 4 REP workers, each in its own
// goroutine with its own socket, through a QUEUE device; every reply
// reaches its own requester.
func TestDeviceQueue(t *testing.T) {
	const clients, workers, requests = 4, 4, 1000
	ctx := zt.Context(t)
	front, back := zt.Socket(t, ctx, zmq.ROUTER), zt.Socket(t, ctx, zmq.DEALER)
	feEP, beEP := bindInproc(t, front), bindInproc(t, back)
	dev := startProxy(t, ctx, func() error { return zmq.Device(zmq.QUEUE, front, back) }, front, back)

	// Workers echo the request with their id appended, until the context
	// is shut down.
	var wg sync.WaitGroup
	served := make([]int, workers)
	workerErr := make([]error, workers)
	for w := 0; w < workers; w++ {
		rep := zt.Socket(t, ctx, zmq.REP)
		connect(t, rep, beEP)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				req, err := rep.Recv(0)
				if err != nil {
					workerErr[w] = err
					return
				}
				if err := rep.SendString(fmt.Sprintf("%s|w%d", req, w), 0); err != nil {
					workerErr[w] = err
					return
				}
				served[w]++
			}
		}()
	}
	// Whatever happens, the workers end before their sockets are closed.
	t.Cleanup(func() { ctx.Shutdown(); wg.Wait() })

	reqs := make([]*zmq.Socket, clients)
	for c := range reqs {
		reqs[c] = zt.Socket(t, ctx, zmq.REQ)
		connect(t, reqs[c], feEP)
	}
	var cwg sync.WaitGroup
	t.Cleanup(func() { ctx.Shutdown(); cwg.Wait() })
	start := time.Now()
	clientErr := make([]error, clients)
	for c, req := range reqs {
		cwg.Add(1)
		go func() {
			defer cwg.Done()
			for i := 0; i < requests; i++ {
				want := fmt.Sprintf("c%d-%d", c, i)
				if err := req.SendString(want, 0); err != nil {
					clientErr[c] = fmt.Errorf("send %s: %w", want, err)
					return
				}
				got, err := req.RecvString(0)
				if err != nil {
					clientErr[c] = fmt.Errorf("reply to %s: %w", want, err)
					return
				}
				id, worker, ok := strings.Cut(got, "|")
				if !ok || id != want || !strings.HasPrefix(worker, "w") {
					clientErr[c] = fmt.Errorf("request %s got reply %q", want, got)
					return
				}
			}
		}()
	}
	zt.Within(t, zt.Limit, "4 clients × 1000 requests", cwg.Wait)
	took := time.Since(start)
	for c, err := range clientErr {
		if err != nil {
			t.Errorf("client %d: %v", c, err)
		}
	}
	stopTook := dev.shutdown(t, ctx)
	zt.Within(t, time.Second, "workers after Shutdown", wg.Wait)
	total := 0
	for w, err := range workerErr {
		zt.MustIs(t, err, zmq.ErrTerm, fmt.Sprintf("worker %d after Shutdown", w))
		total += served[w]
	}
	if total != clients*requests {
		t.Errorf("workers served %d requests, want %d", total, clients*requests)
	}
	t.Logf("%d round trips in %v (%.0f/s), served per worker %v; Device returned %v after Shutdown",
		total, took, float64(total)/took.Seconds(), served, stopTook)
}

// TestDeviceForwarder: multipart envelopes [topic, address, body] through
// a FORWARDER reach a SUB whole, in order, filtered by topic.
func TestDeviceForwarder(t *testing.T) {
	// The mixed pairs (SUB-XPUB, XSUB-PUB) cannot work: see
	// TestDeviceForwarderMixedPairs.
	for _, pair := range [][2]zmq.Type{{zmq.XSUB, zmq.XPUB}, {zmq.SUB, zmq.PUB}} {
		t.Run(fmt.Sprintf("%v-%v", pair[0], pair[1]), func(t *testing.T) {
			const perTopic = 200
			ctx := zt.Context(t)
			front, back := zt.Socket(t, ctx, pair[0]), zt.Socket(t, ctx, pair[1])
			if pair[0] == zmq.SUB {
				if err := front.SetSubscribe(""); err != nil {
					t.Fatal(err)
				}
			}
			feEP, beEP := bindInproc(t, front), bindInproc(t, back)
			dev := startProxy(t, ctx, func() error { return zmq.Device(zmq.FORWARDER, front, back) }, front, back)

			pub, sub := zt.Socket(t, ctx, zmq.PUB), zt.Socket(t, ctx, zmq.SUB)
			connect(t, pub, feEP)
			connect(t, sub, beEP)
			if err := sub.SetSubscribe("B"); err != nil {
				t.Fatal(err)
			}

			// Subscriptions travel asynchronously (SUB → XPUB → XSUB →
			// PUB): publish a probe until one comes through.
			setRcvTimeo(t, sub, 10*time.Millisecond)
			probes := 0
			for deadline := time.Now().Add(zt.Limit); ; probes++ {
				if time.Now().After(deadline) {
					select {
					case <-dev.done:
						t.Fatalf("no probe through the forwarder: Device returned %v", dev.err)
					default:
					}
					t.Fatalf("no probe through the forwarder within %v", zt.Limit)
				}
				if err := pub.SendMessage(frames("B", "probe", ""), 0); err != nil {
					t.Fatal(err)
				}
				if _, err := sub.RecvMessage(0); err == nil {
					break
				} else if !errors.Is(err, zmq.ErrAgain) {
					t.Fatal(err)
				}
			}
			setRcvTimeo(t, sub, zt.Limit)

			for i := 0; i < perTopic; i++ {
				for _, topic := range []string{"A", "B"} {
					if err := pub.SendMessage(frames(topic, "addr-"+topic, fmt.Sprint(i)), 0); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := pub.SendMessage(frames("B", "end", ""), 0); err != nil {
				t.Fatal(err)
			}

			next := 0
			for {
				m, err := sub.RecvMessage(0)
				if err != nil {
					t.Fatalf("after %d messages: %v", next, err)
				}
				if len(m) != 3 {
					t.Fatalf("message %q has %d frames, want 3", strs(m), len(m))
				}
				if string(m[0]) != "B" {
					t.Fatalf("subscribed to B, got %q", strs(m))
				}
				if string(m[1]) == "probe" {
					continue // left over from the handshake
				}
				if string(m[1]) == "end" {
					break
				}
				if want := frames("B", "addr-B", fmt.Sprint(next)); !sameMessage(m, want) {
					t.Fatalf("got %q, want %q", strs(m), strs(want))
				}
				next++
			}
			if next != perTopic {
				t.Fatalf("received %d B messages, want %d", next, perTopic)
			}
			took := dev.shutdown(t, ctx)
			t.Logf("%d probes before the subscription was through; Device returned %v after Shutdown", probes+1, took)
		})
	}
}

// TestDeviceForwarderMixedPairs: a FORWARDER works only as SUB → PUB or
// XSUB → XPUB, so the mixed pairs must be refused with ErrInvalid. Once
// accepted, SUB → XPUB dies when a subscriber connects (the SUB cannot
// send its subscription on) and XSUB → PUB passes nothing (a PUB hands
// no subscription over); the test shows which if one is accepted.
func TestDeviceForwarderMixedPairs(t *testing.T) {
	for _, pair := range [][2]zmq.Type{{zmq.SUB, zmq.XPUB}, {zmq.XSUB, zmq.PUB}} {
		t.Run(fmt.Sprintf("%v-%v", pair[0], pair[1]), func(t *testing.T) {
			ctx := zt.Context(t)
			front, back := zt.Socket(t, ctx, pair[0]), zt.Socket(t, ctx, pair[1])
			if pair[0] == zmq.SUB {
				if err := front.SetSubscribe(""); err != nil {
					t.Fatal(err)
				}
			}
			feEP, beEP := bindInproc(t, front), bindInproc(t, back)
			dev := startProxy(t, ctx, func() error { return zmq.Device(zmq.FORWARDER, front, back) }, front, back)
			select {
			case <-dev.done:
				zt.MustIs(t, dev.err, zmq.ErrInvalid, fmt.Sprintf("Device(FORWARDER, %v, %v)", pair[0], pair[1]))
				for _, w := range []string{"FORWARDER", pair[0].String(), pair[1].String()} {
					if !strings.Contains(dev.err.Error(), w) {
						t.Errorf("error %q does not name %q", dev.err, w)
					}
				}
				return
			case <-time.After(20 * time.Millisecond):
			}
			// Accepted: show what becomes of it.
			pub, sub := zt.Socket(t, ctx, zmq.PUB), zt.Socket(t, ctx, zmq.SUB)
			connect(t, pub, feEP)
			connect(t, sub, beEP)
			if err := sub.SetSubscribe(""); err != nil {
				t.Fatal(err)
			}
			setRcvTimeo(t, sub, 10*time.Millisecond)
			for i := 0; i < 30; i++ {
				if err := pub.SendString("probe", 0); err != nil {
					t.Fatal(err)
				}
				if _, err := sub.Recv(0); err == nil {
					t.Errorf("Device(FORWARDER, %v, %v) was accepted (it should be refused with ErrInvalid), and passed a message", pair[0], pair[1])
					return
				}
				select {
				case <-dev.done:
					t.Fatalf("Device(FORWARDER, %v, %v) was accepted (it should be refused with ErrInvalid), and died with %v when a subscriber connected", pair[0], pair[1], dev.err)
				default:
				}
			}
			t.Errorf("Device(FORWARDER, %v, %v) was accepted (it should be refused with ErrInvalid), and passes nothing: no subscription reaches the publisher", pair[0], pair[1])
		})
	}
}

// TestDeviceStreamer: a STREAMER keeps order, and keeps multipart
// messages of concurrent senders whole.
func TestDeviceStreamer(t *testing.T) {
	ctx := zt.Context(t)
	front, back := zt.Socket(t, ctx, zmq.PULL), zt.Socket(t, ctx, zmq.PUSH)
	feEP, beEP := bindInproc(t, front), bindInproc(t, back)
	dev := startProxy(t, ctx, func() error { return zmq.Device(zmq.STREAMER, front, back) }, front, back)

	sink := zt.Socket(t, ctx, zmq.PULL)
	connect(t, sink, beEP)

	t.Run("order", func(t *testing.T) {
		const n = 1000
		push := zt.Socket(t, ctx, zmq.PUSH)
		connect(t, push, feEP)
		start := time.Now()
		errc := make(chan error, 1)
		go func() {
			for i := 0; i < n; i++ {
				if err := push.SendString(fmt.Sprint(i), 0); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
		for i := 0; i < n; i++ {
			got, err := sink.RecvString(0)
			if err != nil {
				t.Fatalf("message %d: %v", i, err)
			}
			if got != fmt.Sprint(i) {
				t.Fatalf("message %d is %q", i, got)
			}
		}
		if err := waitFor(t, errc, zt.Limit, "sender"); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d messages in %v", n, time.Since(start))
	})

	t.Run("multipart", func(t *testing.T) {
		const senders, perSender, parts = 2, 300, 5
		errc := make(chan error, senders)
		for s := 0; s < senders; s++ {
			push := zt.Socket(t, ctx, zmq.PUSH)
			connect(t, push, feEP)
			go func() {
				for i := 0; i < perSender; i++ {
					m := make([][]byte, parts)
					for f := range m {
						m[f] = []byte(fmt.Sprintf("s%d-%d-%d", s, i, f))
					}
					if err := push.SendMessage(m, 0); err != nil {
						errc <- err
						return
					}
				}
				errc <- nil
			}()
		}
		next := make([]int, senders)
		interleaved := 0 // consecutive messages from different senders
		last := -1
		for k := 0; k < senders*perSender; k++ {
			m, err := sink.RecvMessage(0)
			if err != nil {
				t.Fatalf("message %d: %v", k, err)
			}
			if len(m) != parts {
				t.Fatalf("message %d has %d frames, want %d: %q", k, len(m), parts, strs(m))
			}
			var s, i, f int
			if _, err := fmt.Sscanf(string(m[0]), "s%d-%d-%d", &s, &i, &f); err != nil || s < 0 || s >= senders {
				t.Fatalf("message %d: bad first frame %q", k, m[0])
			}
			for f := range m {
				if want := fmt.Sprintf("s%d-%d-%d", s, i, f); string(m[f]) != want {
					t.Fatalf("message %d frame %d is %q, want %q (whole message %q)", k, f, m[f], want, strs(m))
				}
			}
			if i != next[s] {
				t.Fatalf("sender %d: message %d arrived, want %d", s, i, next[s])
			}
			next[s]++
			if last >= 0 && last != s {
				interleaved++
			}
			last = s
		}
		for s := 0; s < senders; s++ {
			if err := waitFor(t, errc, zt.Limit, "senders"); err != nil {
				t.Fatalf("sender: %v", err)
			}
		}
		t.Logf("%d switches between senders in the stream (each message still whole)", interleaved)
	})

	took := dev.shutdown(t, ctx)
	t.Logf("Device returned %v after Shutdown", took)
}

// TestDeviceShutdown: a running device returns ErrTerm promptly when its
// context is shut down or terminated from another goroutine.
func TestDeviceShutdown(t *testing.T) {
	pairs := map[zmq.DeviceType][2]zmq.Type{
		zmq.QUEUE:     {zmq.ROUTER, zmq.DEALER},
		zmq.FORWARDER: {zmq.XSUB, zmq.XPUB},
		zmq.STREAMER:  {zmq.PULL, zmq.PUSH},
	}
	for _, kind := range []zmq.DeviceType{zmq.QUEUE, zmq.FORWARDER, zmq.STREAMER} {
		t.Run("Shutdown/"+kind.String(), func(t *testing.T) {
			ctx := zt.Context(t)
			front, back := zt.Socket(t, ctx, pairs[kind][0]), zt.Socket(t, ctx, pairs[kind][1])
			zt.BindLocal(t, front)
			zt.BindLocal(t, back)
			p := startProxy(t, ctx, func() error { return zmq.Device(kind, front, back) }, front, back)
			p.running(t, 50*time.Millisecond)
			t.Logf("Device returned ErrTerm %v after Shutdown", p.shutdown(t, ctx))
		})
	}

	t.Run("Term", func(t *testing.T) {
		ctx := zt.Context(t)
		front, back := zt.Socket(t, ctx, zmq.PULL), zt.Socket(t, ctx, zmq.PUSH)
		feEP, beEP := bindInproc(t, front), bindInproc(t, back)
		p := startProxy(t, ctx, func() error { return zmq.Device(zmq.STREAMER, front, back) }, front, back)
		// A message through shows the device is in its loop; the peers are
		// then closed so that only the device's sockets hold Term.
		push, pull := zt.Socket(t, ctx, zmq.PUSH), zt.Socket(t, ctx, zmq.PULL)
		connect(t, push, feEP)
		connect(t, pull, beEP)
		roundTrip(t, push, pull, frames("ping"))
		for _, s := range []*zmq.Socket{push, pull} {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
		termc := make(chan error, 1)
		start := time.Now()
		p.stopAt()
		go func() { termc <- ctx.Term() }()
		zt.MustIs(t, p.wait(t, time.Second), zmq.ErrTerm, "Device during Term")
		if err := waitFor(t, termc, time.Second, "Term after the device closed its sockets"); err != nil {
			t.Fatalf("Term: %v", err)
		}
		t.Logf("Device returned ErrTerm %v after Term began; Term returned after %v", p.took, time.Since(start))
	})
}
