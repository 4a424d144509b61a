//go:build cgo

package zmq

import "unsafe"

// Recv receives one frame into a new slice. RcvMore tells whether more
// frames of the message follow.
func (s *Socket) Recv(flags Flag) ([]byte, error) { return s.recvBytes(nil, flags) }

func (s *Socket) recvBytes(done <-chan struct{}, flags Flag) ([]byte, error) {
	data, err := s.hold(done, flags)
	if err != nil {
		return nil, err
	}
	b := make([]byte, len(data))
	copy(b, data)
	s.unhold(len(data))
	return b, nil
}

// RecvString receives one frame as a string.
func (s *Socket) RecvString(flags Flag) (string, error) {
	data, err := s.hold(nil, flags)
	if err != nil {
		return "", err
	}
	str := string(data)
	s.unhold(len(data))
	return str, nil
}

// hold takes the socket and receives one frame into the socket's own
// message; data is a view of it, valid until unhold, which ends the call.
func (s *Socket) hold(done <-chan struct{}, flags Flag) (data []byte, err error) {
	if err := s.begin(done); err != nil {
		return nil, err
	}
	if rc := s.transfer(opRecvHold, nil, 0, flags); rc < 0 {
		s.end()
		return nil, errnoErr(rc)
	}
	return heldFrame(s.h), nil
}

// unhold ends a call hold began. A large frame is freed now instead of at
// the next receive, so an idle socket does not keep megabytes alive;
// small ones are left for the next receive to release, saving a crossing.
func (s *Socket) unhold(size int) {
	if size > largeFrame {
		zmqRelease(s.h)
	}
	s.end()
}

// RecvInto receives one frame into buf without allocating and returns the
// frame's full size. If n > len(buf) the frame did not fit: buf holds its
// first len(buf) bytes and the rest is lost, as with zmq_recv.
func (s *Socket) RecvInto(buf []byte, flags Flag) (n int, err error) {
	if err := s.acquire(); err != nil {
		return 0, err
	}
	rc := s.recv(unsafe.Pointer(unsafe.SliceData(buf)), len(buf), flags)
	s.release()
	if rc < 0 {
		return 0, errnoErr(rc)
	}
	return rc, nil
}

// RecvMessage receives every frame of one message, in one call into C
// for messages of up to 64 frames. The parts of a message of up to 64 KiB
// share one allocation (each part's capacity ends where it does), so the
// whole message costs two allocations.
func (s *Socket) RecvMessage(flags Flag) ([][]byte, error) { return s.recvMessage(nil, flags) }

func (s *Socket) recvMessage(done <-chan struct{}, flags Flag) ([][]byte, error) {
	if err := s.begin(done); err != nil {
		return nil, err
	}
	var parts [][]byte
	for {
		// Later frames are already here (libzmq delivers whole messages),
		// so only the first receive may wait or fail with ErrAgain.
		rc := s.transfer(opRecvParts, nil, maxFrames, flags)
		if rc < 0 {
			s.end()
			return nil, errnoErr(rc)
		}
		parts = s.takeFrames(parts, rc)
		if e := stopErr(s.h); e != 0 {
			s.end()
			return nil, errnoErr(e)
		}
		if !lastMore(s.h) {
			break
		}
		flags &^= DONTWAIT
		s.done = nil // frames were taken: a cancellation must not split the message
	}
	s.end()
	return parts, nil
}

// takeFrames appends copies of the n frames zmqRecvFrames holds to parts.
func (s *Socket) takeFrames(parts [][]byte, n int) [][]byte {
	total := 0
	for i := range n {
		total += len(heldFrameAt(s.h, i))
	}
	if parts == nil {
		parts = make([][]byte, 0, n)
	}
	var backing []byte
	if total <= largeFrame {
		backing = make([]byte, total)
	}
	for i := range n {
		data := heldFrameAt(s.h, i)
		var b []byte
		if backing != nil {
			b = backing[:len(data):len(data)]
			backing = backing[len(data):]
		} else {
			b = make([]byte, len(data))
		}
		copy(b, data)
		parts = append(parts, b)
	}
	if total > largeFrame {
		zmqReleaseFrames(s.h) // do not keep large frames alive in C
	}
	return parts
}

// RecvMsg receives one frame into m: zmq_msg_recv. Whatever m held is
// released first. m.More and RcvMore tell whether more frames follow.
func (s *Socket) RecvMsg(m *Msg, flags Flag) error { return s.transferMsg(nil, opRecvMsg, m, flags) }

// RcvMore reports whether the last frame received on the socket is
// followed by more frames of the same message (ZMQ_RCVMORE). It is
// answered from what the last receive reported, without calling libzmq.
func (s *Socket) RcvMore() (bool, error) {
	if err := s.acquire(); err != nil {
		return false, err
	}
	more := lastMore(s.h)
	s.release()
	return more, nil
}

// recv is transfer for opRecv, written out as send is.
func (s *Socket) recv(p unsafe.Pointer, n int, flags Flag) int {
	rc := zmqRecv(s.h, p, n, int(flags|DONTWAIT))
	if rc == -_EAGAIN {
		rc = s.wait(opRecv, p, n, flags)
	}
	return rc
}
