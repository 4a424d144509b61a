package main

import (
	"context"
	"time"

	"github.com/zmqgo/zmq"
)

// security drives what issue 14 added that reaches C: CURVE key pairs and
// derivation, a CURVE handshake let in and one refused by the
// authenticator, and a monitor that sees both and ends with its socket.
func security() {
	if !zmq.Has("curve") {
		return
	}
	serverPub, serverSec, err := zmq.NewCurveKeypair()
	check(err)
	pub, err := zmq.CurvePublic(serverSec)
	check(err)
	assert(pub == serverPub, "CurvePublic %q, want %q", pub, serverPub)
	goodPub, goodSec, err := zmq.NewCurveKeypair()
	check(err)
	badPub, badSec, err := zmq.NewCurveKeypair()
	check(err)
	raw, err := zmq.Z85Decode(goodPub)
	check(err)
	text, err := zmq.Z85Encode(raw)
	check(err)
	assert(text == goodPub, "Z85 round trip %q, want %q", text, goodPub)

	ctx := newCtx()
	defer func() { check(ctx.Term()) }()
	auth, err := zmq.NewAuthenticator(ctx)
	check(err)
	check(auth.AllowCurve("*", goodPub))

	server := newSock(ctx, zmq.PULL)
	check(server.SetCurveServer(true))
	check(server.SetCurveSecretKey([]byte(serverSec)))
	mon, err := server.Monitor(zmq.EventHandshakeSucceeded | zmq.EventHandshakeFailedAuth | zmq.EventMonitorStopped)
	check(err)
	check(server.Bind("tcp://127.0.0.1:*"))
	ep, err := server.LastEndpoint()
	check(err)

	client := func(pub, sec string) *zmq.Socket {
		c := newSock(ctx, zmq.PUSH)
		check(c.SetCurveServerKey([]byte(serverPub)))
		check(c.SetCurvePublicKey([]byte(pub)))
		check(c.SetCurveSecretKey([]byte(sec)))
		check(c.Connect(ep))
		return c
	}
	good, bad := client(goodPub, goodSec), client(badPub, badSec)
	check(good.SendString("in", 0))
	check(server.SetRcvTimeo(5 * time.Second))
	m := new(zmq.Msg)
	check(server.RecvMsg(m, 0))
	user, err := m.Get(zmq.PropertyUserID)
	check(err)
	assert(user == goodPub, "User-Id %q, want %q", user, goodPub)
	check(m.Close())

	seen := map[zmq.EventKind]bool{}
	for !seen[zmq.EventHandshakeFailedAuth] || !seen[zmq.EventHandshakeSucceeded] {
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		ev, err := mon.Next(c)
		cancel()
		check(err)
		seen[ev.Kind] = true
	}
	check(bad.Close())
	check(good.Close())
	check(server.Close())
	c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		if _, err := mon.Next(c); err != nil {
			want(err, zmq.ErrClosed)
			break
		}
	}
	check(mon.Close())
	check(auth.Close())
}
