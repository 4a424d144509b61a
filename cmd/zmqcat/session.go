package main

import (
	"bufio"
	"errors"
	"fmt"
	"time"

	"github.com/zmqgo/zmq"
)

// role is what a socket type does in zmqcat.
type role int

const (
	sender    role = iota // pub, push: send the input
	receiver              // sub, pull: print what arrives
	requester             // req: send a message, print the reply, repeat
	replier               // rep: print a request, send a reply, repeat
	peer                  // dealer, router, pair: send the input and print what arrives, both at once
)

// recvBurst bounds how many messages a receiver takes per poll.
const recvBurst = 64

// session is one run of zmqcat over its socket. Everything runs in one
// goroutine: it waits in a Poller on the socket and, when it needs input
// from standard input, on the input's pipe. A signal (CatchSignals) or
// the --timeout timer shuts the context down, which ends every wait with
// ErrTerm.
type session struct {
	cfg  *config
	role role
	sock *zmq.Socket
	in   *input // nil when nothing is sent, or with --echo
	out  *bufio.Writer

	sent, received, replied int

	awaitingReply bool     // requester: a request is out
	request       [][]byte // replier: the request to answer, nil when none
	held          [][]byte // the next message to send, waiting for --interval
	lastSend      time.Time
	inputDone     bool // peer: the input ended, only receive now
	inputEnded    bool // the input ended before the run was complete
}

// run runs the session until it is complete (ok), the input ends (ok if
// nothing more was expected), or an error; ErrTerm means it was stopped.
func (s *session) run() (ok bool, err error) {
	p := zmq.NewPoller()
	sockID, err := p.Add(s.sock, zmq.POLLIN) // POLLIN also wakes the poll when the context shuts down
	if err != nil {
		return false, err
	}
	fdID := -1
	if s.in != nil && s.in.pipe != nil {
		if fdID, err = p.AddFD(s.in.fd, 0); err != nil {
			return false, err
		}
	}
	for {
		if s.complete() {
			return true, nil
		}
		timeout := time.Duration(-1)
		waitInput := false
		if s.wantsToSend() {
			if s.held == nil {
				if s.role == replier && s.cfg.echo {
					s.held = s.request
				} else if msg, wait := s.in.take(); wait {
					waitInput = true
				} else if msg != nil {
					s.held = msg
				} else if done, ok, err := s.endOfInput(); done {
					return ok, err
				}
			}
			if s.held != nil {
				if d := s.cfg.interval - time.Since(s.lastSend); !s.lastSend.IsZero() && d > 0 {
					timeout = d
				} else {
					if err := s.send(s.held); err != nil {
						return false, err
					}
					s.held = nil
					continue
				}
			}
		}
		if fdID >= 0 {
			ev := zmq.Events(0)
			if waitInput {
				ev = zmq.POLLIN
			}
			if err := p.Update(fdID, ev); err != nil {
				return false, err
			}
		}
		ready, err := p.Poll(timeout)
		if err != nil {
			return false, err
		}
		for _, r := range ready {
			switch r.ID {
			case sockID:
				if err := s.receive(); err != nil {
					return false, err
				}
			case fdID:
				if err := s.in.fill(); err != nil {
					return false, fmt.Errorf("read input: %w", err)
				}
			}
		}
	}
}

// complete reports whether --count is reached.
func (s *session) complete() bool {
	if s.cfg.count == 0 {
		return false
	}
	switch s.role {
	case sender:
		return s.sent >= s.cfg.count
	case replier:
		return s.replied >= s.cfg.count
	default:
		return s.received >= s.cfg.count
	}
}

func (s *session) wantsToSend() bool {
	switch s.role {
	case sender:
		return true
	case requester:
		return !s.awaitingReply
	case replier:
		return s.request != nil
	case peer:
		return s.in != nil && !s.inputDone
	}
	return false
}

// wantsToReceive reports whether the socket should be read now.
func (s *session) wantsToReceive() bool {
	switch s.role {
	case receiver, peer:
		return true
	case requester:
		return s.awaitingReply
	case replier:
		return s.request == nil
	}
	return false
}

// endOfInput handles the end of the input; done says whether the run
// ends here, with ok and err.
func (s *session) endOfInput() (done, ok bool, err error) {
	if s.in.err != nil {
		return true, false, s.in.err
	}
	if s.role == peer {
		s.inputDone = true // go on receiving
		return false, false, nil
	}
	s.inputEnded = true
	return true, s.cfg.count == 0, nil
}

func (s *session) send(msg [][]byte) error {
	if err := s.sock.SendMessage(msg, 0); err != nil {
		return err
	}
	s.lastSend = time.Now()
	switch s.role {
	case replier:
		s.replied++
		s.request = nil
	case requester:
		s.sent++
		s.awaitingReply = true
	default:
		s.sent++
	}
	return nil
}

// receive takes what the socket has for us and prints it.
func (s *session) receive() error {
	for i := 0; i < recvBurst && s.wantsToReceive() && !s.complete(); i++ {
		msg, err := s.sock.RecvMessage(zmq.DONTWAIT)
		if errors.Is(err, zmq.ErrAgain) {
			return nil
		}
		if err != nil {
			return err
		}
		s.received++
		if err := s.print(msg); err != nil {
			return err
		}
		switch s.role {
		case requester:
			s.awaitingReply = false
		case replier:
			s.request = msg
		case peer:
			if s.cfg.echo {
				if err := s.send(msg); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (s *session) print(msg [][]byte) error {
	if s.cfg.raw {
		if err := writeRaw(s.out, msg); err != nil {
			return err
		}
	} else {
		s.out.WriteString(textMessage(msg, s.cfg.delim, s.cfg.hex))
		s.out.WriteByte('\n')
	}
	if err := s.out.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

// progress says how far the run got, for the message of a failed run.
func (s *session) progress() string {
	n, what := s.received, "messages received"
	switch s.role {
	case sender:
		n, what = s.sent, "messages sent"
	case requester:
		what = "replies received"
	case replier:
		n, what = s.replied, "requests answered"
	}
	if s.cfg.count > 0 {
		return fmt.Sprintf("%d of %d %s", n, s.cfg.count, what)
	}
	return fmt.Sprintf("%d %s", n, what)
}

// stoppedOK says whether a run stopped by a signal or --timeout got what
// was expected: with --count it did not; without, a receiving run did if
// anything arrived, and a sending run did not (its input was not all
// sent).
func (s *session) stoppedOK() bool {
	if s.cfg.count > 0 {
		return false
	}
	switch s.role {
	case receiver, peer:
		return s.received > 0
	case replier:
		return s.replied > 0
	}
	return false
}
