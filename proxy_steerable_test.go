package zmq_test

// ProxySteerable and ProxyController: PAUSE, RESUME, STATISTICS and
// TERMINATE over REP, PAIR and SUB control sockets, and a pause that holds
// through a signal storm.

import (
	"encoding/binary"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

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
	ctx := zt.Context(t)
	front, back, control := zt.Socket(t, ctx, zmq.DEALER), zt.Socket(t, ctx, zmq.DEALER), zt.Socket(t, ctx, ctlType)
	feEP, beEP, ctlEP := bindInproc(t, front), bindInproc(t, back), bindInproc(t, control)
	if ctlType == zmq.SUB {
		if err := control.SetSubscribe(""); err != nil {
			t.Fatal(err)
		}
	}
	client, worker := zt.Socket(t, ctx, zmq.DEALER), zt.Socket(t, ctx, zmq.DEALER)
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

// PAUSE holds messages and RESUME lets them through in order, STATISTICS
// counts as libzmq does, unknown commands are ignored, and TERMINATE ends
// the proxy with nil, over REP, PAIR and SUB control sockets.
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
		zt.MustIs(t, quick.Pause(), zmq.ErrAgain, "Pause after the proxy ended")
	})

	t.Run("PAIR control", func(t *testing.T) {
		s := steerable(t, zmq.PAIR, nil)
		peer := zt.Socket(t, s.ctx, zmq.PAIR)
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
		pub := zt.Socket(t, s.ctx, zmq.PUB)
		connect(t, pub, s.ctlEP)
		// The SUB's subscription reaches the PUB asynchronously: repeat.
		for deadline := time.Now().Add(zt.Limit); ; {
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

// TestSteerablePausedUnderSignals: a paused steerable proxy stays paused,
// and keeps its statistics, through a signal storm on its own thread
// under the CPU profiler. libzmq's zmq_proxy_steerable returns on EINTR,
// and a restart that forgot the PAUSE would let the held messages through.
func TestSteerablePausedUnderSignals(t *testing.T) {
	underCPUProfile(t)

	var sent int
	s := steerable(t, zmq.REP, func(f func()) { sent = zt.OnSignalledThread(syscall.SIGURG, zt.StormEvery, f) })
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
	if sent < 20 { // far fewer than the storm sends, even on one busy CPU
		t.Errorf("only %d signals sent to the proxy's thread: the storm proves nothing", sent)
	}
}
