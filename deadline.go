//go:build cgo

package zmq

import "time"

// SetDeadline sets the read and write deadlines, as for a net.Conn: see
// SetReadDeadline and SetWriteDeadline.
func (s *Socket) SetDeadline(t time.Time) error { return s.setDeadline(t, true, true) }

// SetReadDeadline sets the deadline of the socket's receives: a receive
// that would wait past t returns an error that matches both
// os.ErrDeadlineExceeded and ErrAgain and whose Timeout() is true. The
// zero time clears it. Any goroutine may call it at any time, also while
// a receive waits, which then sees the new deadline at once. RCVTIMEO keeps
// its meaning; the earlier of the two limits wins. A receive that does
// not have to wait (a message is queued) succeeds whatever the deadline.
func (s *Socket) SetReadDeadline(t time.Time) error { return s.setDeadline(t, true, false) }

// SetWriteDeadline sets the deadline of the socket's sends, as
// SetReadDeadline does for receives; SNDTIMEO keeps its meaning.
func (s *Socket) SetWriteDeadline(t time.Time) error { return s.setDeadline(t, false, true) }

// setDeadline stores the deadline without taking the socket (a call may be
// waiting on it) and wakes that call to look at it.
func (s *Socket) setDeadline(t time.Time, read, write bool) error {
	if s == nil || s.h == nil || s.state.Load()&(sockClosed|sockEnding) != 0 {
		return ErrClosed
	}
	var ns int64 // 0: no deadline
	if !t.IsZero() {
		if ns = t.UnixNano(); ns == 0 {
			ns = 1
		}
	}
	if read {
		s.readDeadline.Store(ns)
	}
	if write {
		s.writeDeadline.Store(ns)
	}
	s.poke()
	return nil
}
