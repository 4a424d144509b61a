package main

import (
	"bytes"
	"log"
	"time"

	"github.com/zmqgo/zmq"
)

// messages covers every Msg operation, over inproc.
func messages() {
	ctx := newCtx()
	a, b := pair(ctx, zmq.PAIR, zmq.PAIR, "inproc://messages")

	// Send and Recv of every size class libzmq has: empty, inline
	// (up to 33 bytes), malloc'ed.
	for _, n := range []int{0, 1, 33, 34, 1000, 100000} {
		out := bytes.Repeat([]byte{byte(n)}, n)
		check(a.Send(out, 0))
		in, err := b.Recv(0)
		check(err)
		assert(bytes.Equal(in, out), "recv %d bytes, want %d", len(in), n)
	}
	// RecvInto: fitting, truncated, empty buffer.
	buf := make([]byte, 64)
	for _, n := range []int{10, 64, 65, 5000} {
		check(a.Send(bytes.Repeat([]byte{'r'}, n), 0))
		got, err := b.RecvInto(buf, 0)
		check(err)
		assert(got == n, "RecvInto: %d, want %d", got, n)
	}
	check(a.Send([]byte("zzz"), 0))
	got, err := b.RecvInto(nil, 0)
	check(err)
	assert(got == 3, "RecvInto(nil): %d", got)
	// Strings.
	check(a.SendString("Hello", 0))
	str, err := b.RecvString(0)
	check(err)
	assert(str == "Hello", "RecvString %q", str)
	check(a.SendString("", 0))
	str, err = b.RecvString(0)
	check(err)
	assert(str == "", "RecvString %q", str)
	// Multipart, by frame and whole.
	parts := [][]byte{[]byte("A"), nil, bytes.Repeat([]byte("b"), 5000), []byte("last")}
	check(a.SendMessage(parts, 0))
	msg, err := b.RecvMessage(0)
	check(err)
	assert(len(msg) == 4 && bytes.Equal(msg[2], parts[2]), "RecvMessage %d parts", len(msg))
	// Multipart beyond one crossing: 70 frames, and parts too large to pack.
	var many [][]byte
	for i := range 70 {
		many = append(many, bytes.Repeat([]byte{byte(i)}, i*3))
	}
	many = append(many, bytes.Repeat([]byte("L"), 70000))
	check(a.SendMessage(many, 0))
	msg, err = b.RecvMessage(0)
	check(err)
	assert(len(msg) == len(many) && bytes.Equal(msg[70], many[70]), "RecvMessage %d parts", len(msg))
	// Batches, whole and across a multipart message.
	batch := [][]byte{[]byte("b0"), nil, bytes.Repeat([]byte("B"), 100000), []byte("b3")}
	sent, err := a.SendBatch(batch, 0)
	check(err)
	assert(sent == len(batch), "SendBatch sent %d", sent)
	check(a.SendMessage([][]byte{[]byte("m1"), []byte("m2")}, 0))
	bufs, sizes := make([][]byte, 8), make([]int, 8)
	for i := range bufs {
		bufs[i] = make([]byte, 16)
	}
	for got := 0; got < 6; {
		n, err := b.RecvBatch(bufs, sizes, 0)
		check(err)
		got += n
	}
	assert(sizes[0] == 2, "RecvBatch last frame size %d", sizes[0])
	check(a.Send([]byte("one"), zmq.SNDMORE))
	check(a.SendString("two", zmq.SNDMORE))
	check(a.Send(nil, 0))
	for i := 0; i < 3; i++ {
		_, err := b.Recv(0)
		check(err)
		more, err := b.RcvMore()
		check(err)
		assert(more == (i < 2), "frame %d more=%v", i, more)
	}
	// Nothing queued.
	_, err = b.Recv(zmq.DONTWAIT)
	want(err, zmq.ErrAgain)
	_, err = b.RecvInto(buf, zmq.NOBLOCK)
	want(err, zmq.ErrAgain)
	check(b.SetRcvTimeo(20 * time.Millisecond))
	_, err = b.RecvString(0)
	want(err, zmq.ErrAgain)
	check(b.SetRcvTimeo(-1))

	// Msg: every operation.
	for _, n := range []int{0, 5, 33, 34, 5000} {
		m, err := zmq.NewMsg(n)
		check(err)
		body := m.Bytes()
		for i := range body {
			body[i] = byte(i)
		}
		assert(m.Len() == n && !m.More(), "NewMsg(%d): len %d", n, m.Len())
		c := new(zmq.Msg) // the zero Msg
		check(c.Copy(m))
		assert(sameBytes(c.Bytes(), m.Bytes()), "Copy")
		check(c.Copy(c)) // onto itself
		mv := new(zmq.Msg)
		check(mv.Move(c))
		assert(c.Len() == 0 && mv.Len() == n, "Move: %d %d", c.Len(), mv.Len())
		check(a.SendMsg(m, zmq.SNDMORE))
		assert(m.Len() == 0, "SendMsg left %d bytes", m.Len())
		check(a.SendMsg(mv, 0))
		r := new(zmq.Msg)
		check(b.RecvMsg(r, 0))
		assert(r.More() && r.Len() == n, "RecvMsg: more %v len %d", r.More(), r.Len())
		sum := 0
		for _, x := range r.Bytes() {
			sum += int(x)
		}
		check(b.RecvMsg(r, 0)) // into a message that holds one
		assert(!r.More() && r.Len() == n, "RecvMsg 2: more %v len %d", r.More(), r.Len())
		r.Get(zmq.PropertySocketType) // inproc messages carry no metadata
		_, err = r.Get("No-Such-Property")
		want(err, zmq.ErrInvalid)
		for _, x := range []*zmq.Msg{m, c, mv, r} {
			check(x.Close())
			check(x.Close())
			assert(x.Bytes() == nil && x.Len() == 0 && !x.More(), "closed Msg has content")
		}
		want(c.Copy(r), zmq.ErrClosed)
		want(c.Move(r), zmq.ErrClosed)
		_, err = r.Get(zmq.PropertySocketType)
		want(err, zmq.ErrClosed)
		want(a.SendMsg(m, 0), zmq.ErrClosed)
		want(b.RecvMsg(r, zmq.DONTWAIT), zmq.ErrClosed)
	}
	// A Msg sent while a Copy shares its content.
	big, err := zmq.NewMsg(100000)
	check(err)
	shared := new(zmq.Msg)
	check(shared.Copy(big))
	check(a.SendMsg(big, 0))
	check(a.SendMsg(shared, 0))
	for i := 0; i < 2; i++ {
		in, err := b.Recv(0)
		check(err)
		assert(len(in) == 100000, "shared copy: %d bytes", len(in))
	}
	check(big.Close())
	check(shared.Close())
	// A zero Msg sent as an empty frame, a nil Msg.
	check(a.SendMsg(new(zmq.Msg), 0))
	in, err := b.Recv(0)
	check(err)
	assert(len(in) == 0, "zero Msg sent %d bytes", len(in))
	var nilMsg *zmq.Msg
	want(nilMsg.Close(), zmq.ErrClosed)
	_, err = zmq.NewMsg(-1)
	want(err, zmq.ErrInvalid)
	// RecvMsg failing leaves the Msg usable.
	r := new(zmq.Msg)
	want(b.RecvMsg(r, zmq.DONTWAIT), zmq.ErrAgain)
	check(r.Close())
	msgData(a, b)

	check(a.Close())
	check(b.Close())
	check(ctx.Term())
}

// msgData covers NewMsgData: Go memory sent without a copy, its free run
// by the package's goroutine once libzmq lets go (after both of a Copy,
// an unsent Msg closed, an empty buffer).
func msgData(a, b *zmq.Socket) {
	freed := make(chan int, 3)
	free := func(d []byte) { freed <- len(d) }
	data := bytes.Repeat([]byte("Z"), 5000)
	zm, err := zmq.NewMsgData(data, free)
	check(err)
	zc := new(zmq.Msg)
	check(zc.Copy(zm))
	empty, err := zmq.NewMsgData(nil, free)
	check(err)
	for i, m := range []*zmq.Msg{zm, zc, empty} {
		check(a.SendMsg(m, 0))
		check(m.Close())
		r := new(zmq.Msg)
		check(b.RecvMsg(r, 0))
		assert(r.Len() == len(data) || i == 2 && r.Len() == 0, "NewMsgData: received %d bytes", r.Len())
		assert(i == 2 || sameBytes(r.Bytes(), data), "NewMsgData: content")
		check(r.Close())
	}
	unsent, err := zmq.NewMsgData([]byte("unsent"), nil)
	check(err)
	check(unsent.Close())
	unsent, err = zmq.NewMsgData([]byte("unsent"), free)
	check(err)
	check(unsent.Close())
	total := 0
	for range 3 {
		select {
		case n := <-freed:
			total += n
		case <-time.After(10 * time.Second):
			log.Fatal("NewMsgData: a free did not run")
		}
	}
	assert(total == 5006, "NewMsgData: frees saw %d bytes", total)
}

// sameBytes compares two contents held in C memory a byte at a time.
// bytes.Equal would do for the program, not for memcheck: Go's memequal
// loads a short content as one 8-byte word, reading the undefined bytes
// after it in libzmq's 33-byte inline buffer, shifts them out and compares,
// and memcheck's tracking through the flags of a variable shift reports
// "Conditional jump or move depends on uninitialised value(s)" where the
// result is used (measured here, origin malloc in zgo_msg_new).
func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
