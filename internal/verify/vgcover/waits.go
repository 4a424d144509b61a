package main

import (
	"context"
	"os"
	"time"

	"github.com/zmqgo/zmq"
)

// waits drives the calls that wait without a thread: the Context twins
// cancelled while waiting and after a message, the deadlines, PollContext
// and ProxyContext cancelled, so the epoll sets and the proxy's steps run
// under memcheck too.
func waits() {
	ctx := newCtx()
	defer func() { check(ctx.Term()) }()
	pull, push := pair(ctx, zmq.PULL, zmq.PUSH, "inproc://vgcover-waits")
	defer pull.Close()
	defer push.Close()

	c, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	_, err := pull.RecvContext(c, 0)
	want(err, context.DeadlineExceeded)
	cancel()
	check(push.SendMessageContext(context.Background(), [][]byte{[]byte("a"), []byte("b")}, 0))
	parts, err := pull.RecvMessageContext(context.Background(), 0)
	check(err)
	assert(len(parts) == 2, "RecvMessageContext: %d parts, want 2", len(parts))
	m := new(zmq.Msg)
	check(push.SendContext(context.Background(), []byte("m"), 0))
	check(pull.RecvMsgContext(context.Background(), m, 0))
	check(push.SendMsgContext(context.Background(), m, 0))
	check(m.Close())
	_, err = pull.Recv(0)
	check(err)

	check(pull.SetReadDeadline(time.Now().Add(10 * time.Millisecond)))
	_, err = pull.Recv(0)
	want(err, os.ErrDeadlineExceeded)
	check(pull.SetDeadline(time.Time{}))

	p := zmq.NewPoller()
	p.Add(pull, zmq.POLLIN)
	c, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
	_, err = p.PollContext(c, -1)
	want(err, context.DeadlineExceeded)
	cancel()

	front, client := pair(ctx, zmq.ROUTER, zmq.REQ, "inproc://vgcover-proxy-front")
	back, server := pair(ctx, zmq.DEALER, zmq.REP, "inproc://vgcover-proxy-back")
	for _, s := range []*zmq.Socket{front, client, back, server} {
		defer s.Close()
	}
	c, cancel = context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- zmq.ProxyContext(c, front, back, nil) }()
	check(client.SendString("ping", 0))
	req, err := server.RecvString(0)
	check(err)
	check(server.SendString(req, 0))
	rep, err := client.RecvString(0)
	check(err)
	assert(rep == "ping", "reply %q through ProxyContext", rep)
	cancel()
	want(<-done, context.Canceled)
}
