package main

import (
	"bytes"
	"time"

	"github.com/zmqgo/zmq"
)

// runUntilTerm runs fn in a goroutine and returns a function that shuts
// ctx down and checks fn returned ErrTerm.
func runUntilTerm(ctx *zmq.Context, fn func() error) func() {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	return func() {
		check(ctx.Shutdown())
		want(<-done, zmq.ErrTerm)
	}
}

// devices covers Device, Proxy and ProxySteerable with a ProxyController,
// each ended by shutting its context down.
func devices() {
	// QUEUE: REQ clients, REP worker.
	ctx := newCtx()
	front, back := newSock(ctx, zmq.ROUTER), newSock(ctx, zmq.DEALER)
	check(front.Bind("inproc://queue-front"))
	check(back.Bind("inproc://queue-back"))
	stop := runUntilTerm(ctx, func() error { return zmq.Device(zmq.QUEUE, front, back) })
	worker := newSock(ctx, zmq.REP)
	check(worker.Connect("inproc://queue-back"))
	client := newSock(ctx, zmq.REQ)
	check(client.Connect("inproc://queue-front"))
	for i := 0; i < 20; i++ {
		check(client.SendMessage([][]byte{[]byte("Hello"), bytes.Repeat([]byte("x"), 100*i)}, 0))
		req, err := worker.RecvMessage(0)
		check(err)
		check(worker.SendMessage(req, 0))
		_, err = client.RecvMessage(0)
		check(err)
	}
	stop()
	for _, s := range []*zmq.Socket{front, back, worker, client} {
		check(s.Close())
	}
	check(ctx.Term())

	// FORWARDER (SUB/PUB and XSUB/XPUB) and STREAMER; a device refusing
	// sockets of the wrong types.
	ctx = newCtx()
	fsub, fpub := newSock(ctx, zmq.SUB), newSock(ctx, zmq.PUB)
	check(fsub.SetSubscribe(""))
	check(fsub.Bind("inproc://fwd-in"))
	check(fpub.Bind("inproc://fwd-out"))
	pull, push := newSock(ctx, zmq.PULL), newSock(ctx, zmq.PUSH)
	check(pull.Bind("inproc://stream-in"))
	check(push.Bind("inproc://stream-out"))
	want(zmq.Device(zmq.FORWARDER, pull, push), zmq.ErrInvalid)
	stopF := runUntilTerm(ctx, func() error { return zmq.Device(zmq.FORWARDER, fsub, fpub) })
	stopS := runUntilTerm(ctx, func() error { return zmq.Device(zmq.STREAMER, pull, push) })
	src, dst := newSock(ctx, zmq.PUSH), newSock(ctx, zmq.PULL)
	check(src.Connect("inproc://stream-in"))
	check(dst.Connect("inproc://stream-out"))
	for i := 0; i < 20; i++ {
		check(src.SendString("task", 0))
		_, err := dst.RecvString(0)
		check(err)
	}
	pubIn, subOut := newSock(ctx, zmq.PUB), newSock(ctx, zmq.SUB)
	check(subOut.SetSubscribe(""))
	check(subOut.Connect("inproc://fwd-out"))
	check(pubIn.Connect("inproc://fwd-in"))
	check(subOut.SetRcvTimeo(20 * time.Millisecond))
	for got := 0; got < 5; {
		check(pubIn.SendMessage([][]byte{[]byte("news"), []byte("x")}, 0))
		if _, err := subOut.RecvMessage(0); err == nil {
			got++
		}
	}
	stopF()
	stopS()
	for _, s := range []*zmq.Socket{fsub, fpub, pull, push, src, dst, pubIn, subOut} {
		check(s.Close())
	}
	check(ctx.Term())

	// Proxy with capture, XSUB/XPUB.
	ctx = newCtx()
	xsub, xpub, capture := newSock(ctx, zmq.XSUB), newSock(ctx, zmq.XPUB), newSock(ctx, zmq.PUSH)
	check(xsub.Bind("inproc://x-in"))
	check(xpub.Bind("inproc://x-out"))
	check(capture.Bind("inproc://capture"))
	captured := newSock(ctx, zmq.PULL)
	check(captured.Connect("inproc://capture"))
	stop = runUntilTerm(ctx, func() error { return zmq.Proxy(xsub, xpub, capture) })
	sub := newSock(ctx, zmq.SUB)
	check(sub.SetSubscribe("n"))
	check(sub.SetRcvTimeo(20 * time.Millisecond))
	check(sub.Connect("inproc://x-out"))
	pub := newSock(ctx, zmq.PUB)
	check(pub.Connect("inproc://x-in"))
	for got := 0; got < 5; {
		check(pub.SendMessage([][]byte{[]byte("news"), bytes.Repeat([]byte("y"), 1000)}, 0))
		if _, err := sub.RecvMessage(0); err == nil {
			got++
		}
	}
	_, err := captured.Recv(0)
	check(err)
	stop()
	for _, s := range []*zmq.Socket{xsub, xpub, capture, captured, sub, pub} {
		check(s.Close())
	}
	check(ctx.Term())

	// ProxySteerable with a REP control socket and a ProxyController,
	// then with a PAIR control socket.
	ctx = newCtx()
	front, back = newSock(ctx, zmq.PULL), newSock(ctx, zmq.PUSH)
	control := newSock(ctx, zmq.REP)
	check(front.Bind("inproc://steer-in"))
	check(back.Bind("inproc://steer-out"))
	check(control.Bind("inproc://steer-control"))
	done := make(chan error, 1)
	go func() { done <- zmq.ProxySteerable(front, back, nil, control) }()
	ctl, err := zmq.NewProxyController(ctx, "inproc://steer-control", 5*time.Second)
	check(err)
	in, out := newSock(ctx, zmq.PUSH), newSock(ctx, zmq.PULL)
	check(in.Connect("inproc://steer-in"))
	check(out.Connect("inproc://steer-out"))
	check(ctl.Pause())
	check(in.SendString("queued", 0))
	check(ctl.Resume())
	_, err = out.RecvString(0)
	check(err)
	stats, err := ctl.Statistics()
	check(err)
	assert(stats.FrontendIn >= 1, "statistics %+v", stats)
	check(ctl.Terminate())
	check(<-done)
	check(ctl.Close())
	check(control.Close())

	control = newSock(ctx, zmq.PAIR)
	check(control.Bind("inproc://steer-pair"))
	go func() { done <- zmq.ProxySteerable(front, back, nil, control) }()
	cmd := newSock(ctx, zmq.PAIR)
	check(cmd.Connect("inproc://steer-pair"))
	check(cmd.SendString("STATISTICS", 0))
	frames, err := cmd.RecvMessage(0)
	check(err)
	assert(len(frames) == 8, "statistics in %d frames", len(frames))
	check(cmd.SendString("TERMINATE", 0))
	check(<-done)
	for _, s := range []*zmq.Socket{front, back, control, in, out, cmd} {
		check(s.Close())
	}
	check(ctx.Term())
}
