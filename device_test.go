package zmq_test

// Device, Proxy, ProxySteerable and ProxyController (device.go): the
// Guide's three devices between real peers, multipart safety, capture,
// steering over REP and PAIR control sockets, shutdown and Term while a
// device runs, a signal storm while paused, and the refusal of wrong
// pairings before anything runs.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
)

// proxyRun is a Device or Proxy running in its own goroutine.
type proxyRun struct {
	done chan struct{}
	err  error
	took time.Duration // from the stop signal (see stopAt) to the return
	stop time.Time
	mu   sync.Mutex
}

// startProxy runs run in a goroutine; when it returns, that goroutine
// closes socks (they are in use while the proxy runs, so only it can).
// A cleanup shuts ctx down and waits for it, so a failing test does not
// leave the proxy behind; it runs before the sockets' and context's own
// cleanups, being registered after them.
func startProxy(t *testing.T, ctx *zmq.Context, run func() error, socks ...*zmq.Socket) *proxyRun {
	t.Helper()
	p := &proxyRun{done: make(chan struct{})}
	go func() {
		err := run()
		p.mu.Lock()
		if !p.stop.IsZero() {
			p.took = time.Since(p.stop)
		}
		p.mu.Unlock()
		for _, s := range socks {
			if cerr := s.Close(); cerr != nil {
				t.Errorf("closing %v after the proxy returned: %v", s, cerr)
			}
		}
		p.err = err
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
			return
		default:
		}
		ctx.Shutdown()
		select {
		case <-p.done:
		case <-time.After(waitLimit):
			t.Errorf("proxy still running %v after Shutdown", waitLimit)
		}
	})
	return p
}

// stopAt records the moment the proxy was told to stop.
func (p *proxyRun) stopAt() {
	p.mu.Lock()
	p.stop = time.Now()
	p.mu.Unlock()
}

// wait returns the proxy's error, failing the test if it has not
// returned within d.
func (p *proxyRun) wait(t *testing.T, d time.Duration) error {
	t.Helper()
	select {
	case <-p.done:
		return p.err
	case <-time.After(d):
		t.Fatalf("proxy did not return within %v", d)
		return nil
	}
}

// running fails the test if the proxy has returned (it was refused, or
// failed) within d.
func (p *proxyRun) running(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case <-p.done:
		t.Fatalf("proxy returned early: %v", p.err)
	case <-time.After(d):
	}
}

// shutdown shuts ctx down and requires the proxy to return ErrTerm within
// a second.
func (p *proxyRun) shutdown(t *testing.T, ctx *zmq.Context) time.Duration {
	t.Helper()
	p.stopAt()
	if err := ctx.Shutdown(); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	mustIs(t, p.wait(t, time.Second), zmq.ErrTerm, "proxy after Shutdown")
	return p.took
}

// bindInproc binds s to a fresh inproc endpoint and returns it.
func bindInproc(t *testing.T, s *zmq.Socket) string {
	t.Helper()
	ep := inprocName(t)
	if err := s.Bind(ep); err != nil {
		t.Fatalf("Bind %s: %v", ep, err)
	}
	return ep
}

func connect(t *testing.T, s *zmq.Socket, ep string) {
	t.Helper()
	if err := s.Connect(ep); err != nil {
		t.Fatalf("Connect %s: %v", ep, err)
	}
}

func setRcvTimeo(t *testing.T, s *zmq.Socket, d time.Duration) {
	t.Helper()
	if err := s.SetRcvTimeo(d); err != nil {
		t.Fatalf("SetRcvTimeo: %v", err)
	}
}

// frames turns strings into a message.
func frames(ss ...string) [][]byte {
	m := make([][]byte, len(ss))
	for i, s := range ss {
		m[i] = []byte(s)
	}
	return m
}

func strs(m [][]byte) []string {
	s := make([]string, len(m))
	for i, b := range m {
		s[i] = string(b)
	}
	return s
}

func sameMessage(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// nothingArrives fails the test if s receives anything within d.
func nothingArrives(t *testing.T, s *zmq.Socket, d time.Duration, what string) {
	t.Helper()
	setRcvTimeo(t, s, d)
	m, err := s.RecvMessage(0)
	if err == nil {
		t.Fatalf("%s: received %q", what, strs(m))
	}
	mustIs(t, err, zmq.ErrAgain, what)
	setRcvTimeo(t, s, waitLimit)
}

// TestDeviceQueue: 4 REQ clients and 4 REP workers, each in its own
// goroutine with its own socket, through a QUEUE device; every reply
// reaches its own requester.
func TestDeviceQueue(t *testing.T) {
	const clients, workers, requests = 4, 4, 1000
	ctx := newContext(t)
	front, back := newSocket(t, ctx, zmq.ROUTER), newSocket(t, ctx, zmq.DEALER)
	feEP, beEP := bindInproc(t, front), bindInproc(t, back)
	dev := startProxy(t, ctx, func() error { return zmq.Device(zmq.QUEUE, front, back) }, front, back)

	// Workers echo the request with their id appended, until the context
	// is shut down.
	var wg sync.WaitGroup
	served := make([]int, workers)
	workerErr := make([]error, workers)
	for w := 0; w < workers; w++ {
		rep := newSocket(t, ctx, zmq.REP)
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
		reqs[c] = newSocket(t, ctx, zmq.REQ)
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
	within(t, waitLimit, "4 clients × 1000 requests", cwg.Wait)
	took := time.Since(start)
	for c, err := range clientErr {
		if err != nil {
			t.Errorf("client %d: %v", c, err)
		}
	}
	stopTook := dev.shutdown(t, ctx)
	within(t, time.Second, "workers after Shutdown", wg.Wait)
	total := 0
	for w, err := range workerErr {
		mustIs(t, err, zmq.ErrTerm, fmt.Sprintf("worker %d after Shutdown", w))
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
			ctx := newContext(t)
			front, back := newSocket(t, ctx, pair[0]), newSocket(t, ctx, pair[1])
			if pair[0] == zmq.SUB {
				if err := front.SetSubscribe(""); err != nil {
					t.Fatal(err)
				}
			}
			feEP, beEP := bindInproc(t, front), bindInproc(t, back)
			dev := startProxy(t, ctx, func() error { return zmq.Device(zmq.FORWARDER, front, back) }, front, back)

			pub, sub := newSocket(t, ctx, zmq.PUB), newSocket(t, ctx, zmq.SUB)
			connect(t, pub, feEP)
			connect(t, sub, beEP)
			if err := sub.SetSubscribe("B"); err != nil {
				t.Fatal(err)
			}

			// Subscriptions travel asynchronously (SUB → XPUB → XSUB →
			// PUB): publish a probe until one comes through.
			setRcvTimeo(t, sub, 10*time.Millisecond)
			probes := 0
			for deadline := time.Now().Add(waitLimit); ; probes++ {
				if time.Now().After(deadline) {
					select {
					case <-dev.done:
						t.Fatalf("no probe through the forwarder: Device returned %v", dev.err)
					default:
					}
					t.Fatalf("no probe through the forwarder within %v", waitLimit)
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
			setRcvTimeo(t, sub, waitLimit)

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

// TestDeviceForwarderMixedPairs: a FORWARDER can only work as SUB → PUB
// (the SUB subscribes to everything, the PUB filters) or XSUB → XPUB
// (subscriptions travel upstream). The mixed pairs must be refused like
// any wrong pairing, since neither can forward anything:
//   - SUB → XPUB: the XPUB hands the proxy each downstream subscription,
//     the proxy sends it on the SUB, which cannot send (ENOTSUP), and the
//     device dies as soon as a subscriber connects;
//   - XSUB → PUB: a PUB never hands subscriptions over, so the XSUB never
//     subscribes upstream, and the publisher drops everything.
func TestDeviceForwarderMixedPairs(t *testing.T) {
	for _, pair := range [][2]zmq.Type{{zmq.SUB, zmq.XPUB}, {zmq.XSUB, zmq.PUB}} {
		t.Run(fmt.Sprintf("%v-%v", pair[0], pair[1]), func(t *testing.T) {
			ctx := newContext(t)
			front, back := newSocket(t, ctx, pair[0]), newSocket(t, ctx, pair[1])
			if pair[0] == zmq.SUB {
				if err := front.SetSubscribe(""); err != nil {
					t.Fatal(err)
				}
			}
			feEP, beEP := bindInproc(t, front), bindInproc(t, back)
			dev := startProxy(t, ctx, func() error { return zmq.Device(zmq.FORWARDER, front, back) }, front, back)
			select {
			case <-dev.done:
				mustIs(t, dev.err, zmq.ErrInvalid, fmt.Sprintf("Device(FORWARDER, %v, %v)", pair[0], pair[1]))
				for _, w := range []string{"FORWARDER", pair[0].String(), pair[1].String()} {
					if !strings.Contains(dev.err.Error(), w) {
						t.Errorf("error %q does not name %q", dev.err, w)
					}
				}
				return
			case <-time.After(20 * time.Millisecond):
			}
			// Accepted: show what becomes of it.
			pub, sub := newSocket(t, ctx, zmq.PUB), newSocket(t, ctx, zmq.SUB)
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
	ctx := newContext(t)
	front, back := newSocket(t, ctx, zmq.PULL), newSocket(t, ctx, zmq.PUSH)
	feEP, beEP := bindInproc(t, front), bindInproc(t, back)
	dev := startProxy(t, ctx, func() error { return zmq.Device(zmq.STREAMER, front, back) }, front, back)

	sink := newSocket(t, ctx, zmq.PULL)
	connect(t, sink, beEP)

	t.Run("order", func(t *testing.T) {
		const n = 1000
		push := newSocket(t, ctx, zmq.PUSH)
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
		if err := lcWait(t, errc, waitLimit, "sender"); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d messages in %v", n, time.Since(start))
	})

	t.Run("multipart", func(t *testing.T) {
		const senders, perSender, parts = 2, 300, 5
		errc := make(chan error, senders)
		for s := 0; s < senders; s++ {
			push := newSocket(t, ctx, zmq.PUSH)
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
			if err := lcWait(t, errc, waitLimit, "senders"); err != nil {
				t.Fatalf("sender: %v", err)
			}
		}
		t.Logf("%d switches between senders in the stream (each message still whole)", interleaved)
	})

	took := dev.shutdown(t, ctx)
	t.Logf("Device returned %v after Shutdown", took)
}

// TestProxyCapture: the capture socket gets a copy of every frame, with
// the same multipart structure, in both directions.
func TestProxyCapture(t *testing.T) {
	ctx := newContext(t)
	front, back, capture := newSocket(t, ctx, zmq.DEALER), newSocket(t, ctx, zmq.DEALER), newSocket(t, ctx, zmq.PUSH)
	feEP, beEP, capEP := bindInproc(t, front), bindInproc(t, back), bindInproc(t, capture)
	tap := newSocket(t, ctx, zmq.PULL)
	connect(t, tap, capEP)
	p := startProxy(t, ctx, func() error { return zmq.Proxy(front, back, capture) }, front, back, capture)

	client, worker := newSocket(t, ctx, zmq.DEALER), newSocket(t, ctx, zmq.DEALER)
	connect(t, client, feEP)
	connect(t, worker, beEP)

	var sent [][][]byte
	for i := 0; i < 50; i++ {
		parts := i%4 + 1
		m := make([][]byte, parts)
		for f := range m {
			m[f] = []byte(fmt.Sprintf("req-%d-%d", i, f))
		}
		m[0] = []byte{} // an empty frame, like an envelope delimiter
		if err := client.SendMessage(m, 0); err != nil {
			t.Fatal(err)
		}
		got, err := worker.RecvMessage(0)
		if err != nil {
			t.Fatal(err)
		}
		if !sameMessage(got, m) {
			t.Fatalf("worker got %q, want %q", strs(got), strs(m))
		}
		reply := append(m, []byte(fmt.Sprintf("rep-%d", i)))
		if err := worker.SendMessage(reply, 0); err != nil {
			t.Fatal(err)
		}
		got, err = client.RecvMessage(0)
		if err != nil {
			t.Fatal(err)
		}
		if !sameMessage(got, reply) {
			t.Fatalf("client got %q, want %q", strs(got), strs(reply))
		}
		sent = append(sent, m, reply)
	}
	for k, want := range sent {
		got, err := tap.RecvMessage(0)
		if err != nil {
			t.Fatalf("capture of message %d: %v", k, err)
		}
		if !sameMessage(got, want) {
			t.Fatalf("capture of message %d is %q, want %q", k, strs(got), strs(want))
		}
	}
	nothingArrives(t, tap, 50*time.Millisecond, "capture after the last message")
	p.shutdown(t, ctx)
}

// steerable sets up a ProxySteerable between two DEALERs, with client and
// worker DEALERs on either side and control of the given type bound at
// inproc; it returns the running proxy and the control endpoint.
type steerSetup struct {
	ctx            *zmq.Context
	client, worker *zmq.Socket
	p              *proxyRun
	ctlEP          string
}

func steerable(t *testing.T, ctlType zmq.Type, wrap func(f func())) *steerSetup {
	t.Helper()
	ctx := newContext(t)
	front, back, control := newSocket(t, ctx, zmq.DEALER), newSocket(t, ctx, zmq.DEALER), newSocket(t, ctx, ctlType)
	feEP, beEP, ctlEP := bindInproc(t, front), bindInproc(t, back), bindInproc(t, control)
	if ctlType == zmq.SUB {
		if err := control.SetSubscribe(""); err != nil {
			t.Fatal(err)
		}
	}
	client, worker := newSocket(t, ctx, zmq.DEALER), newSocket(t, ctx, zmq.DEALER)
	connect(t, client, feEP)
	connect(t, worker, beEP)
	run := func() error { return zmq.ProxySteerable(front, back, nil, control) }
	if wrap != nil {
		inner := run
		run = func() error {
			var err error
			wrap(func() { err = inner() })
			return err
		}
	}
	p := startProxy(t, ctx, run, front, back, control)
	return &steerSetup{ctx: ctx, client: client, worker: worker, p: p, ctlEP: ctlEP}
}

func newController(t *testing.T, ctx *zmq.Context, ep string) *zmq.ProxyController {
	t.Helper()
	c, err := zmq.NewProxyController(ctx, ep, 5*time.Second)
	if err != nil {
		t.Fatalf("NewProxyController: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("controller Close: %v", err)
		}
	})
	return c
}

// roundTrip sends m from a to b through the proxy and checks it arrives.
func roundTrip(t *testing.T, from, to *zmq.Socket, m [][]byte) {
	t.Helper()
	if err := from.SendMessage(m, 0); err != nil {
		t.Fatal(err)
	}
	got, err := to.RecvMessage(0)
	if err != nil {
		t.Fatalf("waiting for %q: %v", strs(m), err)
	}
	if !sameMessage(got, m) {
		t.Fatalf("got %q, want %q", strs(got), strs(m))
	}
}

func size(m [][]byte) uint64 {
	n := 0
	for _, b := range m {
		n += len(b)
	}
	return uint64(n)
}

func TestProxySteerable(t *testing.T) {
	t.Run("REP controller", func(t *testing.T) {
		s := steerable(t, zmq.REP, nil)
		ctl := newController(t, s.ctx, s.ctlEP)

		var want zmq.ProxyStatistics
		up := func(m [][]byte) { // client → worker
			roundTrip(t, s.client, s.worker, m)
			want.FrontendIn++ // a multipart message counts once, as in libzmq
			want.FrontendInBytes += size(m)
			want.BackendOut++
			want.BackendOutBytes += size(m)
		}
		down := func(m [][]byte) { // worker → client
			roundTrip(t, s.worker, s.client, m)
			want.BackendIn++
			want.BackendInBytes += size(m)
			want.FrontendOut++
			want.FrontendOutBytes += size(m)
		}
		up(frames("hello"))
		down(frames("", "world", "!"))

		if err := ctl.Pause(); err != nil {
			t.Fatalf("Pause: %v", err)
		}
		paused := [][][]byte{frames("p1"), frames("p2", "two frames")}
		for _, m := range paused {
			if err := s.client.SendMessage(m, 0); err != nil {
				t.Fatal(err)
			}
		}
		nothingArrives(t, s.worker, 200*time.Millisecond, "paused proxy")
		st, err := ctl.Statistics() // answered while paused
		if err != nil {
			t.Fatalf("Statistics while paused: %v", err)
		}
		if st != want {
			t.Errorf("statistics while paused = %+v, want %+v", st, want)
		}
		if err := ctl.Resume(); err != nil {
			t.Fatalf("Resume: %v", err)
		}
		for _, m := range paused {
			got, err := s.worker.RecvMessage(0)
			if err != nil {
				t.Fatalf("after Resume: %v", err)
			}
			if !sameMessage(got, m) {
				t.Fatalf("after Resume got %q, want %q", strs(got), strs(m))
			}
			want.FrontendIn++ // a multipart message counts once, as in libzmq
			want.FrontendInBytes += size(m)
			want.BackendOut++
			want.BackendOutBytes += size(m)
		}
		for i := 0; i < 10; i++ {
			up(frames(fmt.Sprint(i), strings.Repeat("x", i*100)))
			down(frames(strings.Repeat("y", i)))
		}
		st, err = ctl.Statistics()
		if err != nil {
			t.Fatalf("Statistics: %v", err)
		}
		if st != want {
			t.Errorf("statistics = %+v, want %+v", st, want)
		}
		s.p.stopAt()
		if err := ctl.Terminate(); err != nil {
			t.Fatalf("Terminate: %v", err)
		}
		if err := s.p.wait(t, time.Second); err != nil {
			t.Fatalf("ProxySteerable after TERMINATE: %v, want nil", err)
		}
		t.Logf("ProxySteerable returned %v after Terminate was sent", s.p.took)
		// The proxy is gone: a command now times out instead of hanging.
		quick, err := zmq.NewProxyController(s.ctx, s.ctlEP, 100*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		defer quick.Close()
		mustIs(t, quick.Pause(), zmq.ErrAgain, "Pause after the proxy ended")
	})

	t.Run("PAIR control", func(t *testing.T) {
		s := steerable(t, zmq.PAIR, nil)
		peer := newSocket(t, s.ctx, zmq.PAIR)
		connect(t, peer, s.ctlEP)
		send := func(cmd string) {
			t.Helper()
			if err := peer.SendString(cmd, 0); err != nil {
				t.Fatalf("sending %s: %v", cmd, err)
			}
		}
		stats := func() [][]byte {
			t.Helper()
			send("STATISTICS")
			m, err := peer.RecvMessage(0)
			if err != nil {
				t.Fatalf("STATISTICS reply: %v", err)
			}
			if len(m) != 8 {
				t.Fatalf("STATISTICS reply has %d frames, want 8", len(m))
			}
			for i, f := range m {
				if len(f) != 8 {
					t.Fatalf("STATISTICS frame %d has %d bytes, want 8", i, len(f))
				}
			}
			return m
		}
		roundTrip(t, s.client, s.worker, frames("a", "bc"))
		m := stats()
		if got := [2]uint64{nativeU64(m[0]), nativeU64(m[1])}; got != [2]uint64{1, 3} {
			t.Errorf("frontend in = %d messages, %d bytes; want 1, 3 (a two-frame message counts once)", got[0], got[1])
		}

		send("PAUSE")
		nothingArrives(t, peer, 100*time.Millisecond, "reply to PAUSE on PAIR")
		stats() // in order on the PAIR: PAUSE has been taken
		if err := s.client.SendString("held", 0); err != nil {
			t.Fatal(err)
		}
		nothingArrives(t, s.worker, 200*time.Millisecond, "paused proxy")
		send("RESUME")
		got, err := s.worker.RecvString(0)
		if err != nil || got != "held" {
			t.Fatalf("after RESUME: %q, %v", got, err)
		}
		nothingArrives(t, peer, 50*time.Millisecond, "reply to RESUME on PAIR")
		send("NONSENSE") // ignored, unanswered
		nothingArrives(t, peer, 50*time.Millisecond, "reply to an unknown command on PAIR")
		roundTrip(t, s.client, s.worker, frames("still running"))
		send("TERMINATE")
		if err := s.p.wait(t, time.Second); err != nil {
			t.Fatalf("ProxySteerable after TERMINATE: %v, want nil", err)
		}
		nothingArrives(t, peer, 50*time.Millisecond, "reply to TERMINATE on PAIR")
	})

	t.Run("SUB control", func(t *testing.T) {
		s := steerable(t, zmq.SUB, nil)
		pub := newSocket(t, s.ctx, zmq.PUB)
		connect(t, pub, s.ctlEP)
		// The SUB's subscription reaches the PUB asynchronously: repeat.
		for deadline := time.Now().Add(waitLimit); ; {
			if err := pub.SendString("TERMINATE", 0); err != nil {
				t.Fatal(err)
			}
			select {
			case <-s.p.done:
			case <-time.After(10 * time.Millisecond):
				if time.Now().Before(deadline) {
					continue
				}
			}
			break
		}
		if err := s.p.wait(t, time.Second); err != nil {
			t.Fatalf("ProxySteerable after TERMINATE on SUB: %v, want nil", err)
		}
	})
}

// nativeU64 reads a counter: native byte order, as zmq_proxy_steerable(3)
// sends it.
func nativeU64(b []byte) uint64 { return binary.NativeEndian.Uint64(b) }

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
			ctx := newContext(t)
			front, back := newSocket(t, ctx, pairs[kind][0]), newSocket(t, ctx, pairs[kind][1])
			bindLocal(t, front)
			bindLocal(t, back)
			p := startProxy(t, ctx, func() error { return zmq.Device(kind, front, back) }, front, back)
			p.running(t, 50*time.Millisecond)
			t.Logf("Device returned ErrTerm %v after Shutdown", p.shutdown(t, ctx))
		})
	}

	t.Run("Term", func(t *testing.T) {
		ctx := newContext(t)
		front, back := newSocket(t, ctx, zmq.PULL), newSocket(t, ctx, zmq.PUSH)
		feEP, beEP := bindInproc(t, front), bindInproc(t, back)
		p := startProxy(t, ctx, func() error { return zmq.Device(zmq.STREAMER, front, back) }, front, back)
		// A message through shows the device is in its loop; the peers are
		// then closed so that only the device's sockets hold Term.
		push, pull := newSocket(t, ctx, zmq.PUSH), newSocket(t, ctx, zmq.PULL)
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
		mustIs(t, p.wait(t, time.Second), zmq.ErrTerm, "Device during Term")
		if err := lcWait(t, termc, time.Second, "Term after the device closed its sockets"); err != nil {
			t.Fatalf("Term: %v", err)
		}
		t.Logf("Device returned ErrTerm %v after Term began; Term returned after %v", p.took, time.Since(start))
	})
}

// TestSteerablePausedUnderSignals: a paused steerable proxy stays paused
// through a signal storm (CPU profiler on, SIGURG to the proxy's own
// thread every 5ms). libzmq's zmq_proxy_steerable returns on EINTR, and a
// restart would forget the PAUSE; our loop must not.
func TestSteerablePausedUnderSignals(t *testing.T) {
	var prof bytes.Buffer
	if err := pprof.StartCPUProfile(&prof); err != nil {
		t.Fatalf("StartCPUProfile: %v", err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go burnCPU(stop, &wg)
	defer func() {
		close(stop)
		wg.Wait()
		pprof.StopCPUProfile()
		t.Logf("CPU profile: %d bytes", prof.Len())
	}()

	var sent int
	s := steerable(t, zmq.REP, func(f func()) { sent = onSignalledThread(syscall.SIGURG, stormEvery, f) })
	ctl := newController(t, s.ctx, s.ctlEP)
	roundTrip(t, s.client, s.worker, frames("before"))
	if err := ctl.Pause(); err != nil {
		t.Fatalf("Pause: %v", err)
	}
	for i := 0; i < 3; i++ {
		if err := s.client.SendString(fmt.Sprint("held-", i), 0); err != nil {
			t.Fatal(err)
		}
	}
	nothingArrives(t, s.worker, time.Second, "paused proxy under signals")
	st, err := ctl.Statistics()
	if err != nil {
		t.Fatalf("Statistics: %v", err)
	}
	if st.FrontendIn != 1 || st.BackendOut != 1 {
		t.Errorf("statistics after the storm = %+v: want 1 frame in and out (the statistics must survive too)", st)
	}
	if err := ctl.Resume(); err != nil {
		t.Fatalf("Resume: %v", err)
	}
	for i := 0; i < 3; i++ {
		got, err := s.worker.RecvString(0)
		if err != nil || got != fmt.Sprint("held-", i) {
			t.Fatalf("after Resume: %q, %v; want held-%d", got, err, i)
		}
	}
	roundTrip(t, s.worker, s.client, frames("after", "resume"))
	if err := ctl.Terminate(); err != nil {
		t.Fatalf("Terminate: %v", err)
	}
	if err := s.p.wait(t, time.Second); err != nil {
		t.Fatalf("ProxySteerable after TERMINATE: %v", err)
	}
	t.Logf("%d SIGURG sent to the proxy's thread", sent)
	if sent < 20 { // ~200 at 5ms; fewer when GOMAXPROCS=1 and burnCPU competes
		t.Errorf("only %d signals sent to the proxy's thread during ~1.3s", sent)
	}
}

// TestProxyCaptureBlockedUnderSignals: a capture socket that cannot take
// the copy (a PUSH with no peer yet) holds the proxy, like a full
// destination, and a signal must not end it: the proxy goes on when the
// capture's peer comes.
func TestProxyCaptureBlockedUnderSignals(t *testing.T) {
	ctx := newContext(t)
	front, back, capture := newSocket(t, ctx, zmq.PULL), newSocket(t, ctx, zmq.PUSH), newSocket(t, ctx, zmq.PUSH)
	feEP, beEP, capEP := bindInproc(t, front), bindInproc(t, back), bindInproc(t, capture)
	var sent int
	p := startProxy(t, ctx, func() error {
		var err error
		sent = onSignalledThread(syscall.SIGURG, stormEvery, func() { err = zmq.Proxy(front, back, capture) })
		return err
	}, front, back, capture)
	push, pull := newSocket(t, ctx, zmq.PUSH), newSocket(t, ctx, zmq.PULL)
	connect(t, push, feEP)
	connect(t, pull, beEP)
	if err := push.SendMessage(frames("one", "two"), 0); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
		t.Fatalf("Proxy returned %v while its capture was blocked under signals (%d sent); a signal must not stop a proxy", p.err, sent)
	case <-time.After(300 * time.Millisecond):
	}
	tap := newSocket(t, ctx, zmq.PULL)
	connect(t, tap, capEP)
	for _, s := range []*zmq.Socket{tap, pull} {
		m, err := s.RecvMessage(0)
		if err != nil || !sameMessage(m, frames("one", "two")) {
			t.Fatalf("%v got %q, %v", s, strs(m), err)
		}
	}
	p.shutdown(t, ctx)
	t.Logf("%d SIGURG sent to the proxy's thread", sent)
}

// TestDeviceRefused: wrong pairings and unusable sockets are refused
// before anything runs.
func TestDeviceRefused(t *testing.T) {
	ctx := newContext(t)
	sock := func(typ zmq.Type) *zmq.Socket { return newSocket(t, ctx, typ) }

	typeCases := []struct {
		kind        zmq.DeviceType
		front, back zmq.Type
		words       []string
	}{
		{zmq.FORWARDER, zmq.PUSH, zmq.PUB, []string{"FORWARDER", "frontend", "PUSH", "SUB", "XSUB"}},
		{zmq.QUEUE, zmq.DEALER, zmq.DEALER, []string{"QUEUE", "frontend", "DEALER", "ROUTER"}},
		{zmq.STREAMER, zmq.PULL, zmq.PUB, []string{"STREAMER", "backend", "PUB", "PUSH"}},
		{zmq.QUEUE, zmq.ROUTER, zmq.ROUTER, []string{"QUEUE", "backend", "ROUTER", "DEALER"}},
		{zmq.FORWARDER, zmq.XPUB, zmq.XSUB, []string{"FORWARDER", "frontend", "XPUB"}},
		{zmq.DeviceType(9), zmq.PULL, zmq.PUSH, []string{"9"}},
		{zmq.DeviceType(0), zmq.PULL, zmq.PUSH, []string{"0"}},
	}
	for _, c := range typeCases {
		front, back := sock(c.front), sock(c.back)
		err := zmq.Device(c.kind, front, back)
		what := fmt.Sprintf("Device(%v, %v, %v)", c.kind, c.front, c.back)
		mustIs(t, err, zmq.ErrInvalid, what)
		for _, w := range c.words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not name %q", what, err, w)
			}
		}
		t.Logf("%s: %v", what, err)
	}
	if got := zmq.DeviceType(9).String(); got != "DeviceType(9)" {
		t.Errorf("DeviceType(9).String() = %q", got)
	}
	for kind, name := range map[zmq.DeviceType]string{zmq.QUEUE: "QUEUE", zmq.FORWARDER: "FORWARDER", zmq.STREAMER: "STREAMER"} {
		if kind.String() != name {
			t.Errorf("%d.String() = %q, want %q", int(kind), kind.String(), name)
		}
	}

	router, dealer := sock(zmq.ROUTER), sock(zmq.DEALER)
	mustIs(t, zmq.Device(zmq.QUEUE, nil, dealer), zmq.ErrClosed, "Device with a nil frontend")
	mustIs(t, zmq.Device(zmq.QUEUE, router, nil), zmq.ErrClosed, "Device with a nil backend")
	mustIs(t, zmq.Device(zmq.QUEUE, nil, nil), zmq.ErrClosed, "Device with nil sockets")
	mustIs(t, zmq.Proxy(nil, dealer, nil), zmq.ErrClosed, "Proxy with a nil frontend")
	mustIs(t, zmq.Proxy(router, dealer, &zmq.Socket{}), zmq.ErrClosed, "Proxy with a zero Socket as capture")

	mustIs(t, zmq.Proxy(dealer, dealer, nil), zmq.ErrInvalid, "Proxy(s, s)")
	mustIs(t, zmq.Proxy(router, dealer, dealer), zmq.ErrInvalid, "Proxy with the backend as capture")
	mustIs(t, zmq.ProxySteerable(router, dealer, nil, router), zmq.ErrInvalid, "ProxySteerable with the frontend as control")
	capt := sock(zmq.PUSH)
	mustIs(t, zmq.ProxySteerable(router, dealer, capt, capt), zmq.ErrInvalid, "ProxySteerable with capture as control")

	closed := sock(zmq.DEALER)
	if err := closed.Close(); err != nil {
		t.Fatal(err)
	}
	mustIs(t, zmq.Device(zmq.QUEUE, router, closed), zmq.ErrClosed, "Device with a closed backend")
	mustIs(t, zmq.ProxySteerable(router, dealer, nil, closed), zmq.ErrClosed, "ProxySteerable with a closed control")

	// None of the refusals left a socket marked in use.
	for _, s := range []*zmq.Socket{router, dealer, capt} {
		if _, err := s.Linger(); err != nil {
			t.Errorf("%v after the refusals: %v", s, err)
		}
	}

	// In use by another goroutine: a proxy running on the same sockets.
	t.Run("in use", func(t *testing.T) {
		ctx := newContext(t)
		front, back, other := newSocket(t, ctx, zmq.ROUTER), newSocket(t, ctx, zmq.DEALER), newSocket(t, ctx, zmq.DEALER)
		p := startProxy(t, ctx, func() error { return zmq.Device(zmq.QUEUE, front, back) }, front, back)
		deadline := time.Now().Add(waitLimit)
		for {
			if _, err := back.Linger(); errors.Is(err, zmq.ErrInUse) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the device never took its sockets")
			}
			time.Sleep(time.Millisecond)
		}
		mustIs(t, zmq.Device(zmq.QUEUE, front, other), zmq.ErrInUse, "Device on a frontend in use")
		mustIs(t, zmq.Proxy(other, back, nil), zmq.ErrInUse, "Proxy on a backend in use")
		if _, err := other.Linger(); err != nil {
			t.Errorf("the refused call left its other socket in use: %v", err)
		}
		p.shutdown(t, ctx)
	})

	// The Guide's names, and every accepted pairing, run.
	t.Run("accepted", func(t *testing.T) {
		cases := []struct {
			name        string
			kind        zmq.DeviceType
			front, back zmq.Type
		}{
			{"QUEUE-XREP-XREQ", zmq.QUEUE, zmq.XREP, zmq.XREQ},
			{"QUEUE-ROUTER-DEALER", zmq.QUEUE, zmq.ROUTER, zmq.DEALER},
			{"FORWARDER-SUB-PUB", zmq.FORWARDER, zmq.SUB, zmq.PUB},
			{"FORWARDER-XSUB-XPUB", zmq.FORWARDER, zmq.XSUB, zmq.XPUB},
			{"STREAMER-PULL-PUSH", zmq.STREAMER, zmq.PULL, zmq.PUSH},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				ctx := newContext(t)
				front, back := newSocket(t, ctx, c.front), newSocket(t, ctx, c.back)
				p := startProxy(t, ctx, func() error { return zmq.Device(c.kind, front, back) }, front, back)
				p.running(t, 20*time.Millisecond)
				p.shutdown(t, ctx)
			})
		}
	})
}
