package zmq_test

import (
	"testing"

	"github.com/zmqgo/zmq"
)

// Each benchmark makes one round trip through libzmq per iteration: a
// send on one socket of an inproc PAIR pair and the receive on the other,
// in the same goroutine. What it measures is the binding's cost per
// message (cgo crossings, copies, allocations) plus libzmq's inproc pipe.

func benchPair(b *testing.B, transport string) (*zmq.Socket, *zmq.Socket) {
	b.Helper()
	ctx := newContext(b)
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
