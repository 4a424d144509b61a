package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/zmqgo/zmq"
)

// counter counts what passed in one direction: whole messages (a
// multipart message counts once) and the bytes of all their frames,
// routing envelopes included.
type counter struct {
	msgs, bytes uint64
}

// burst is how many messages one readiness of a socket may move before
// the other socket gets its turn.
const burst = 256

// relay is the proxy loop used with --stats: it moves whole multipart
// messages between frontend and backend (and copies each to capture, if
// not nil), counts them per direction and writes the totals to out every
// interval, and once more when it ends. frontIn and backIn say which
// sides can receive (a PUSH or PUB backend cannot). Like zmq.Proxy it
// returns ErrTerm when the context is shut down; a full destination
// holds it until there is room.
//
// Counting in the loop that moves the messages needs no control socket
// and no second goroutine to ask a steerable proxy for STATISTICS.
func relay(front, back, capture *zmq.Socket, frontIn, backIn bool, interval time.Duration, out io.Writer) error {
	var fwd, bwd counter // frontend->backend, backend->frontend
	report := func() {
		fmt.Fprintf(out, "stats frontend->backend msgs=%d bytes=%d backend->frontend msgs=%d bytes=%d\n",
			fwd.msgs, fwd.bytes, bwd.msgs, bwd.bytes)
	}
	defer report()

	p := zmq.NewPoller()
	frontID, backID := -1, -1
	var err error
	if frontIn {
		if frontID, err = p.Add(front, zmq.POLLIN); err != nil {
			return err
		}
	}
	if backIn {
		if backID, err = p.Add(back, zmq.POLLIN); err != nil {
			return err
		}
	}
	next := time.Now().Add(interval)
	for {
		wait := max(time.Until(next), 0)
		ready, err := p.Poll(wait)
		if err != nil {
			return err
		}
		for _, r := range ready {
			switch r.ID {
			case frontID:
				err = move(front, back, capture, &fwd)
			case backID:
				err = move(back, front, capture, &bwd)
			}
			if err != nil {
				return err
			}
		}
		if now := time.Now(); !now.Before(next) {
			report()
			next = next.Add(interval)
			if next.Before(now) { // the loop was held up (a full destination)
				next = now.Add(interval)
			}
		}
	}
}

// move passes up to burst whole messages waiting on from to to, and a
// copy of each to capture.
func move(from, to, capture *zmq.Socket, c *counter) error {
	for range burst {
		parts, err := from.RecvMessage(zmq.DONTWAIT)
		if errors.Is(err, zmq.ErrAgain) {
			return nil
		}
		if err != nil {
			return err
		}
		if capture != nil {
			if err := capture.SendMessage(parts, 0); err != nil {
				return err
			}
		}
		if err := to.SendMessage(parts, 0); err != nil {
			return err
		}
		c.msgs++
		for _, f := range parts {
			c.bytes += uint64(len(f))
		}
	}
	return nil
}
