package zmq_test

import (
	"fmt"
	"math"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// BenchmarkGCPause measures how long the binding makes a stop-the-world
// wait for goroutines in long libzmq calls (a send fanning out to 1,000
// subscribers, a receive freeing a 128 MiB message): a call into C that
// kept its P would hold up every goroutine of the host program.
//
// Each sub-benchmark runs one load while a collection is forced every
// gcEvery, and reports from the runtime's histogram of stopping times the
// 99th percentile (p99-stop-ms), the longest (max-stop-ms) and the count
// (stops). The targets: a p99 of at most 0.5 ms and a max of at most 5 ms
// under every load.
func BenchmarkGCPause(b *testing.B) {
	b.Run("xpub-1000-subs", benchGCPauseXPub)
	b.Run("recvinto-128MiB-tcp", benchGCPauseBigRecv)
	b.Run("stream-64KiB-inproc", benchGCPauseStream)
}

// gcEvery is how often measureStops forces a collection.
const gcEvery = 2 * time.Millisecond

const stopsMetric = "/sched/pauses/stopping/gc:seconds"

// measureStops runs load while a goroutine forces a collection every
// gcEvery, then reports the stopping times of the stop-the-worlds that
// happened meanwhile (two per collection, and those of any collection
// the runtime started itself). load returns once everything it started
// has finished.
func measureStops(b *testing.B, load func()) {
	b.Helper()
	before := readStops(b)
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(gcEvery)
		defer tick.Stop()
		for {
			runtime.GC() // at once, too: even a very short load sees stops
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	func() {
		// Also when load fails the benchmark (runtime.Goexit).
		defer func() { close(stop); <-done }()
		load()
	}()
	reportStops(b, before, readStops(b))
}

// readStops returns the runtime's stopping-time histogram as it is now.
// Each call reads into a new Sample, so earlier results stay as they were.
func readStops(b *testing.B) *metrics.Float64Histogram {
	b.Helper()
	s := []metrics.Sample{{Name: stopsMetric}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64Histogram {
		b.Fatalf("runtime/metrics has no histogram %s", stopsMetric)
	}
	return s[0].Value.Float64Histogram()
}

// reportStops reports the p99 and the max, in milliseconds, and the
// number of the stops counted in after but not in before.
//
// Bucket i of the histogram counts the stops that took from Buckets[i]
// up to Buckets[i+1] seconds, and nothing says where in it they fell: a
// quantile is reported as the upper bound of its bucket, so it errs long,
// never short, by at most a bucket's width (a quarter of its lower bound
// in the runtime's time histograms). The last bucket has no upper bound
// (+Inf): its lower bound stands in for it.
func reportStops(b *testing.B, before, after *metrics.Float64Histogram) {
	b.Helper()
	if len(before.Counts) != len(after.Counts) {
		b.Fatalf("%s changed its buckets: %d, then %d", stopsMetric, len(before.Counts), len(after.Counts))
	}
	counts := make([]uint64, len(after.Counts))
	var total uint64
	for i := range counts {
		counts[i] = after.Counts[i] - before.Counts[i]
		total += counts[i]
	}
	if total == 0 {
		b.Fatal("no stop-the-world while the load ran")
	}
	upper := func(i int) float64 {
		if u := after.Buckets[i+1]; !math.IsInf(u, 1) {
			return u
		}
		return after.Buckets[i]
	}
	rank := uint64(math.Ceil(0.99 * float64(total))) // the stop the p99 is
	var p99, longest float64
	var seen uint64
	for i, c := range counts {
		if c == 0 {
			continue
		}
		if seen < rank && seen+c >= rank {
			p99 = upper(i)
		}
		seen += c
		longest = upper(i)
	}
	b.ReportMetric(p99*1e3, "p99-stop-ms")
	b.ReportMetric(longest*1e3, "max-stop-ms")
	b.ReportMetric(float64(total), "stops")
}

// loadEnd is the message that tells a load's receiving goroutines to
// return: one byte, shorter than any message of the loads.
var loadEnd = []byte{0}

// benchGCPauseXPub: an XPUB sends 64 bytes to 1,000 inproc SUBs, each
// read by its own goroutine. One op is one send, and the next send waits
// until all 1,000 SUBs have the message, so each one finds every
// subscriber waiting and libzmq wakes all 1,000 within the send.
func benchGCPauseXPub(b *testing.B) {
	const nsub = 1000 // with the XPUB, within libzmq's default 1,023 sockets
	ctx := zt.Context(b)
	pub := zt.Socket(b, ctx, zmq.XPUB)
	// Every subscription reaches the XPUB, not only the first of a topic:
	// the handshake below counts them.
	if err := pub.SetXPubVerbose(true); err != nil {
		b.Fatal(err)
	}
	ep := zt.Inproc(b)
	if err := pub.Bind(ep); err != nil {
		b.Fatal(err)
	}
	subs := make([]*zmq.Socket, nsub)
	for i := range subs {
		subs[i] = zt.Socket(b, ctx, zmq.SUB)
		if err := subs[i].SetSubscribe(""); err != nil {
			b.Fatal(err)
		}
		if err := subs[i].Connect(ep); err != nil {
			b.Fatal(err)
		}
	}
	// The XPUB has every SUB attached once it has received every
	// subscription ("\x01" and the empty prefix); zt.Socket's RCVTIMEO
	// bounds each wait.
	sub := make([]byte, 8)
	for i := range nsub {
		if n, err := pub.RecvInto(sub, 0); err != nil || n != 1 || sub[0] != 1 {
			b.Fatalf("subscription %d of %d: %q, %v", i+1, nsub, sub[:min(n, len(sub))], err)
		}
	}

	msg := pattern(64, 11)
	got := make(chan error, 2*nsub) // a receipt per SUB per message, or the SUB's error
	var wg sync.WaitGroup
	for _, s := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, len(msg))
			for {
				n, err := s.RecvInto(buf, 0)
				switch {
				case err == nil && n == len(loadEnd):
					return
				case err == nil && n != len(msg):
					err = fmt.Errorf("received %d bytes, want %d", n, len(msg))
				}
				got <- err
				if err != nil {
					return
				}
			}
		}()
	}
	// A benchmark that fails midway ends its SUBs' goroutines here, before
	// the sockets are closed (cleanups run last registered first).
	end := sync.OnceFunc(func() {
		if err := pub.Send(loadEnd, 0); err != nil {
			b.Errorf("sending the end: %v", err)
			return // the sockets' cleanups wake the goroutines
		}
		ended := make(chan struct{})
		go func() { wg.Wait(); close(ended) }()
		select {
		case <-ended:
		case <-time.After(zt.Limit):
			b.Errorf("the SUBs' goroutines did not end within %v", zt.Limit)
		}
	})
	b.Cleanup(end)

	measureStops(b, func() {
		for b.Loop() {
			if err := pub.Send(msg, 0); err != nil {
				b.Fatal(err)
			}
			limit := time.After(zt.Limit)
			for range nsub {
				select {
				case err := <-got:
					if err != nil {
						b.Fatalf("SUB: %v", err)
					}
				case <-limit:
					b.Fatalf("the SUBs did not all receive within %v", zt.Limit)
				}
			}
		}
		end()
	})
}

// benchGCPauseBigRecv: a PUSH sends the same 128 MiB message over tcp
// again and again, and RecvInto takes each into 64 bytes, so that libzmq
// frees the rest (a long munmap) inside the call. The sender waits for
// each receive and shares one content (Msg.Copy) instead of copying it:
// a load that took every CPU would make the collector wait for a CPU, and
// that wait, not the binding, would set the stopping times.
func benchGCPauseBigRecv(b *testing.B) {
	const size = 128 << 20
	ctx := zt.Context(b)
	pull, push := zt.Socket(b, ctx, zmq.PULL), zt.Socket(b, ctx, zmq.PUSH)
	// Also bounds the memory should the sender run ahead.
	for _, err := range []error{pull.SetRcvHWM(1), push.SetSndHWM(1)} {
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := push.Connect(zt.BindLocal(b, pull)); err != nil {
		b.Fatal(err)
	}
	big, err := zmq.NewMsg(size)
	if err != nil {
		b.Fatal(err)
	}
	copy(big.Bytes(), pattern(size, 12))
	b.SetBytes(size)
	streamGCPause(b, pull, size, 64, true, func(stop, next <-chan struct{}) error {
		// The sender's goroutine owns the messages from here on.
		defer big.Close()
		var out zmq.Msg
		defer out.Close()
		return sendUntil(stop, next, push, func() error {
			if err := out.Copy(big); err != nil {
				return err
			}
			return push.SendMsg(&out, 0)
		})
	})
}

// benchGCPauseStream: a PUSH streams 64 KiB messages over inproc to a
// PULL, each taken with RecvInto, the two sides in two goroutines at
// once, with libzmq's default HWMs. One op is one message received.
func benchGCPauseStream(b *testing.B) {
	ctx := zt.Context(b)
	pull, push := typedPairOver(b, ctx, "inproc", zmq.PULL, zmq.PUSH)
	msg := pattern(64<<10, 13)
	b.SetBytes(int64(len(msg)))
	streamGCPause(b, pull, len(msg), len(msg), false, func(stop, next <-chan struct{}) error {
		return sendUntil(stop, next, push, func() error { return push.Send(msg, 0) })
	})
}

// sendUntil calls send until stop is closed, then sends loadEnd on s.
// With next not nil it waits for a value from next after each send.
func sendUntil(stop, next <-chan struct{}, s *zmq.Socket, send func() error) error {
	for {
		select {
		case <-stop:
			return s.Send(loadEnd, 0)
		default:
		}
		if err := send(); err != nil {
			return err
		}
		if next != nil {
			select {
			case <-stop:
				return s.Send(loadEnd, 0)
			case <-next:
			}
		}
	}
}

// streamGCPause runs sender in a goroutine, which sends messages of size
// bytes until its stop channel is closed and then loadEnd, receives one
// message per op from pull with RecvInto into a buffer of bufSize bytes,
// and measures the stops meanwhile. With lockstep, each message received
// is told to the sender on next (nil otherwise), for sendUntil.
func streamGCPause(b *testing.B, pull *zmq.Socket, size, bufSize int, lockstep bool, sender func(stop, next <-chan struct{}) error) {
	stop, sent := make(chan struct{}), make(chan error, 1)
	var next chan struct{}
	if lockstep {
		next = make(chan struct{}, 1) // one message in flight, one token
	}
	go func() { sent <- sender(stop, next) }()
	buf := make([]byte, bufSize)
	recv := func() (int, error) {
		n, err := pull.RecvInto(buf, 0)
		if err != nil {
			select { // the likely cause: the sender failed
			case serr := <-sent:
				return 0, fmt.Errorf("RecvInto: %w (sender: %v)", err, serr)
			default:
				return 0, fmt.Errorf("RecvInto: %w", err)
			}
		}
		return n, nil
	}
	// finish stops the sender and takes what it sent meanwhile, up to the
	// end. It also runs when the benchmark fails midway, before the
	// sockets' cleanups, so that no send is left waiting on a socket
	// being closed.
	finish := sync.OnceValue(func() error {
		close(stop)
		for {
			n, err := recv()
			if err != nil {
				return err
			}
			if n == len(loadEnd) {
				return <-sent // sent by now
			}
		}
	})
	b.Cleanup(func() {
		if err := finish(); err != nil {
			b.Error(err)
		}
	})

	measureStops(b, func() {
		for b.Loop() {
			if n, err := recv(); err != nil || n != size {
				b.Fatalf("received %d bytes, want %d: %v", n, size, err)
			}
			if next != nil {
				next <- struct{}{}
			}
		}
		if err := finish(); err != nil {
			b.Fatal(err)
		}
	})
}
