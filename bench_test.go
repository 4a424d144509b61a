package zmq_test

import (
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// The benchmarks measure the binding's cost per message (cgo crossings,
// copies, allocations) on top of libzmq's own: PingSelf*, Multipart3 and
// Msg64 send and receive in one goroutine, Stream* and ReqRep* run the two
// sides in two goroutines as make compare (bench/compare) does.

func benchPair(b *testing.B, transport string) (*zmq.Socket, *zmq.Socket) {
	b.Helper()
	ctx := zt.Context(b)
	return pairOver(b, ctx, transport)
}

func benchPingSelf(b *testing.B, transport string, size int) {
	a, c := benchPair(b, transport)
	msg := pattern(size, 1)
	buf := make([]byte, size)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Send(msg, 0); err != nil {
			b.Fatal(err)
		}
		if n, err := c.RecvInto(buf, 0); err != nil || n != size {
			b.Fatalf("RecvInto = %d, %v", n, err)
		}
	}
}

// BenchmarkPingSelf64 is Send + RecvInto of 64 bytes.
func BenchmarkPingSelf64(b *testing.B) { benchPingSelf(b, "inproc", 64) }

// BenchmarkPingSelf1K is Send + RecvInto of 1 KiB.
func BenchmarkPingSelf1K(b *testing.B) { benchPingSelf(b, "inproc", 1024) }

// BenchmarkPingSelfTCP64 is BenchmarkPingSelf64 over tcp on 127.0.0.1:
// the receive waits for libzmq's I/O thread.
func BenchmarkPingSelfTCP64(b *testing.B) { benchPingSelf(b, "tcp", 64) }

// BenchmarkPingSelfAlloc64 is Send + Recv (a new slice per message).
func BenchmarkPingSelfAlloc64(b *testing.B) {
	a, c := benchPair(b, "inproc")
	msg := pattern(64, 2)
	b.SetBytes(64)
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Send(msg, 0); err != nil {
			b.Fatal(err)
		}
		if got, err := c.Recv(0); err != nil || len(got) != 64 {
			b.Fatalf("Recv = %d bytes, %v", len(got), err)
		}
	}
}

// BenchmarkMultipart3 is SendMessage + RecvMessage of three parts.
func BenchmarkMultipart3(b *testing.B) {
	a, c := benchPair(b, "inproc")
	parts := [][]byte{[]byte("identity"), {}, pattern(64, 3)}
	b.ReportAllocs()
	for b.Loop() {
		if err := a.SendMessage(parts, 0); err != nil {
			b.Fatal(err)
		}
		if got, err := c.RecvMessage(0); err != nil || len(got) != 3 {
			b.Fatalf("RecvMessage = %d parts, %v", len(got), err)
		}
	}
}

// BenchmarkMsg64 is SendMsg + RecvMsg of 64 bytes, bouncing one message
// between two reused Msgs (no allocation, no Go-side copy).
func BenchmarkMsg64(b *testing.B) {
	a, c := benchPair(b, "inproc")
	var in, out zmq.Msg
	defer in.Close()
	defer out.Close()
	m, err := zmq.NewMsg(64)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	copy(m.Bytes(), pattern(64, 4))
	if err := out.Move(m); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(64)
	b.ReportAllocs()
	for b.Loop() {
		if err := a.SendMsg(&out, 0); err != nil {
			b.Fatal(err)
		}
		if err := c.RecvMsg(&in, 0); err != nil {
			b.Fatal(err)
		}
		// The received message becomes the next one to send.
		if err := out.Move(&in); err != nil {
			b.Fatal(err)
		}
		if out.Len() != 64 {
			b.Fatalf("Msg holds %d bytes", out.Len())
		}
	}
}

// benchSocket is a socket without the tests' timeouts, as a program that
// streams would have it (a hung benchmark is ended by go test -timeout).
func benchSocket(b *testing.B, ctx *zmq.Context, typ zmq.Type) *zmq.Socket {
	b.Helper()
	s, err := ctx.NewSocket(typ)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.SetLinger(0); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchConnected returns a bound to an endpoint of transport and c
// connected to it.
func benchConnected(b *testing.B, ta, tc zmq.Type, transport string) (a, c *zmq.Socket) {
	b.Helper()
	ctx := zt.Context(b)
	a, c = benchSocket(b, ctx, ta), benchSocket(b, ctx, tc)
	ep := zt.Inproc(b)
	if transport == "tcp" {
		ep = zt.BindLocal(b, a)
	} else if err := a.Bind(ep); err != nil {
		b.Fatal(err)
	}
	if err := c.Connect(ep); err != nil {
		b.Fatal(err)
	}
	return a, c
}

// benchStream measures a PUSH→PULL stream, the receiver in its own
// goroutine: ns/op is the time per message with both sides running, as
// make compare's stream case measures it.
func benchStream(b *testing.B, transport string, size int, batch bool) {
	pull, push := benchConnected(b, zmq.PULL, zmq.PUSH, transport)
	b.ReportAllocs()
	streamN(b, push, pull, pattern(size, 6), batch)
}

// streamN sends msg b.N times from push (64 a SendBatch with batch) and
// receives them on pull in a goroutine of its own (RecvBatch with batch),
// timing just that. It sets the bytes per op to msg's length.
func streamN(b *testing.B, push, pull *zmq.Socket, msg []byte, batch bool) {
	size := len(msg)
	n := b.N
	errc := make(chan error, 1)
	b.SetBytes(int64(size))
	b.ResetTimer()
	go func() {
		bufs, sizes := make([][]byte, 64), make([]int, 64)
		for i := range bufs {
			bufs[i] = make([]byte, size)
		}
		for got := 0; got < n; {
			var k int
			var err error
			if batch {
				k, err = pull.RecvBatch(bufs, sizes, 0)
			} else {
				_, err = pull.RecvInto(bufs[0], 0)
				k = 1
			}
			if err != nil {
				errc <- err
				return
			}
			got += k
		}
		errc <- nil
	}()
	if batch {
		msgs := make([][]byte, 64)
		for i := range msgs {
			msgs[i] = msg
		}
		for sent := 0; sent < n; {
			k, err := push.SendBatch(msgs[:min(64, n-sent)], 0)
			if err != nil {
				b.Fatal(err)
			}
			sent += k
		}
	} else {
		for range n {
			if err := push.Send(msg, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
}

// BenchmarkStreamInproc64 is make compare's "stream 64 inproc".
func BenchmarkStreamInproc64(b *testing.B) { benchStream(b, "inproc", 64, false) }

// BenchmarkStreamBatchInproc64 is "stream-batch 64 inproc": SendBatch and
// RecvBatch, 64 messages a call.
func BenchmarkStreamBatchInproc64(b *testing.B) { benchStream(b, "inproc", 64, true) }

// BenchmarkStreamTCP64 is "stream 64 tcp".
func BenchmarkStreamTCP64(b *testing.B) { benchStream(b, "tcp", 64, false) }

// BenchmarkStreamTCP64K is "stream 65536 tcp".
func BenchmarkStreamTCP64K(b *testing.B) { benchStream(b, "tcp", 64<<10, false) }

// BenchmarkReqRepTCP64 is "rtt 64 tcp": one REQ/REP round trip per op,
// the REP side in its own goroutine.
func BenchmarkReqRepTCP64(b *testing.B) {
	rep, req := benchConnected(b, zmq.REP, zmq.REQ, "tcp")
	b.ReportAllocs()
	roundTripsN(b, req, rep, pattern(64, 7))
}

// roundTripsN makes b.N round trips of msg from req, which rep echoes in a
// goroutine of its own, timing just those.
func roundTripsN(b *testing.B, req, rep *zmq.Socket, msg []byte) {
	n, in := b.N, make([]byte, len(msg))
	errc := make(chan error, 1)
	go func() {
		buf := make([]byte, len(msg))
		for range n {
			k, err := rep.RecvInto(buf, 0)
			if err == nil {
				err = rep.Send(buf[:k], 0)
			}
			if err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	b.ResetTimer()
	for range n {
		if err := req.Send(msg, 0); err != nil {
			b.Fatal(err)
		}
		if _, err := req.RecvInto(in, 0); err != nil {
			b.Fatal(err)
		}
	}
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPoll is Poller.Poll over two sockets, one of them ready.
func BenchmarkPoll(b *testing.B) {
	a, c := benchPair(b, "inproc")
	if err := a.Send([]byte("x"), 0); err != nil {
		b.Fatal(err)
	}
	p := zmq.NewPoller()
	p.Add(a, zmq.POLLIN)
	p.Add(c, zmq.POLLIN)
	b.ReportAllocs()
	for b.Loop() {
		if ready, err := p.Poll(0); err != nil || len(ready) != 1 {
			b.Fatalf("Poll = %d ready, %v", len(ready), err)
		}
	}
}

// BenchmarkOptionGetSet is a SetSndHWM and a SndHWM per op.
func BenchmarkOptionGetSet(b *testing.B) {
	s, _ := benchPair(b, "inproc")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if err := s.SetSndHWM(1000 + i&1); err != nil {
			b.Fatal(err)
		}
		if v, err := s.SndHWM(); err != nil || v != 1000+i&1 {
			b.Fatalf("SndHWM = %d, %v", v, err)
		}
	}
}

// BenchmarkVersion is one call of Version, that is one cgo crossing into
// libzmq's zmq_version, which only copies three numbers: about the least
// any call into libzmq costs. BenchmarkPingSelf64 makes two crossings per
// op on top of libzmq's own work.
func BenchmarkVersion(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if major, _, _ := zmq.Version(); major != 4 {
			b.Fatalf("Version() major = %d", major)
		}
	}
}
