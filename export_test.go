//go:build cgo

package zmq

import "time"

// Test hooks: the one internal needed is a wait inside libzmq without the
// EINTR retry of the package's calls, to show that the environment of the
// EINTR tests really interrupts libzmq.

// RawPollEINTRs calls zmq_poll for POLLIN on s directly, with a timeout of
// 100ms, over and over for d, and counts how often it returned EINTR and
// how often it timed out. Call it on a socket nothing arrives on.
func RawPollEINTRs(s *Socket, d time.Duration) (eintr, timeouts int, err error) {
	if err := s.acquire(); err != nil {
		return 0, 0, err
	}
	defer s.release()
	var items pollItems
	items.grow()
	items.set(0, s.h, -1, _ZMQ_POLLIN)
	for deadline := time.Now().Add(d); time.Now().Before(deadline); {
		switch rc := zmqPoll(items, 100, false); {
		case rc == -_EINTR:
			eintr++
		case rc == 0:
			timeouts++
		case rc < 0:
			return eintr, timeouts, errnoErr(rc)
		}
	}
	return eintr, timeouts, nil
}

// SocketBusy reports whether a call is in progress on s, without taking
// the socket (a probe that took it could make that very call fail with
// ErrInUse).
func SocketBusy(s *Socket) bool { return s.state.Load()&sockBusy != 0 }

// HoldSocket takes s as a call would, and ReleaseSocket ends that call:
// together they stage a call in progress for as long as a test needs.
func HoldSocket(s *Socket) error { return s.acquire() }

// ReleaseSocket: see HoldSocket.
func ReleaseSocket(s *Socket) { s.release() }

// SocketMarked reports whether Close or Context.Destroy marked s for
// closing when its call ends.
func SocketMarked(s *Socket) bool { return s.state.Load()&sockEnding != 0 }
