package zmq

import "time"

// Test hooks: the one internal needed is a receive without the EINTR
// retry of Socket.io, to show that the environment of the EINTR tests
// really interrupts libzmq.

// RawRecvEINTRs calls libzmq's receive on s directly, over and over for d,
// and counts how often it returned EINTR and EAGAIN (set a short RCVTIMEO
// so each call ends soon). Messages that arrive are discarded.
func RawRecvEINTRs(s *Socket, d time.Duration) (eintr, eagain int, err error) {
	if err := s.acquire(); err != nil {
		return 0, 0, err
	}
	defer s.release()
	for deadline := time.Now().Add(d); time.Now().Before(deadline); {
		switch rc := zmqRecvHold(s.h, 0); {
		case rc == -_EINTR:
			eintr++
		case rc == -_EAGAIN:
			eagain++
		case rc < 0:
			return eintr, eagain, errnoErr(rc)
		}
	}
	return eintr, eagain, nil
}

// CgoNop is one crossing into a C function that does nothing: the floor
// under every call of the package.
func CgoNop(x int) int { return cgoNop(x) }

// SocketBusy reports whether a call is in progress on s, without taking
// the socket (a probe that took it could make that very call fail with
// ErrInUse).
func SocketBusy(s *Socket) bool { return s.state.Load()&sockBusy != 0 }

// HoldSocket takes s as a call would, and EndCallInC ends that call as
// zgo_end does, with a plain store that wipes a mark Context.Destroy set
// meanwhile: together they stage the race Socket.settle is there for.
func HoldSocket(s *Socket) error { return s.acquire() }

// EndCallInC: see HoldSocket.
func EndCallInC(s *Socket) { s.state.Store(0) }

// SocketDoomed reports whether Context.Destroy marked s for closing when
// its call ends.
func SocketDoomed(s *Socket) bool { return s.state.Load()&sockDoomed != 0 }

// FastEntry reports whether the data path enters C through fastCall.
func FastEntry() bool { return fastEntry }

// FastNop is one fastCall into a C function that does nothing; it panics
// where FastEntry is false.
func FastNop() { fastNop() }
