package zmq

import (
	"runtime"
	"unsafe"
)

// Recv receives one frame into a new slice. RcvMore tells whether more
// frames of the message follow.
func (s *Socket) Recv(flags Flag) ([]byte, error) {
	if err := s.acquire(); err != nil {
		return nil, err
	}
	var b []byte
	rc := s.transfer(opRecvHold, nil, 0, flags)
	if rc >= 0 {
		data := heldFrame(s.h)
		b = make([]byte, len(data))
		copy(b, data)
		s.releaseHeld(len(data))
	}
	s.release()
	if rc < 0 {
		return nil, errnoErr(rc)
	}
	return b, nil
}

// RecvString receives one frame as a string.
func (s *Socket) RecvString(flags Flag) (string, error) {
	if err := s.acquire(); err != nil {
		return "", err
	}
	var str string
	rc := s.transfer(opRecvHold, nil, 0, flags)
	if rc >= 0 {
		data := heldFrame(s.h)
		str = string(data)
		s.releaseHeld(len(data))
	}
	s.release()
	if rc < 0 {
		return "", errnoErr(rc)
	}
	return str, nil
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
func (s *Socket) RecvMessage(flags Flag) ([][]byte, error) {
	if err := s.acquire(); err != nil {
		return nil, err
	}
	var parts [][]byte
	for {
		// Later frames are already here (libzmq delivers whole messages),
		// so only the first receive may wait or fail with ErrAgain.
		rc := s.transfer(opRecvParts, nil, maxFrames, flags)
		if rc < 0 {
			s.release()
			return nil, errnoErr(rc)
		}
		parts = s.takeFrames(parts, rc)
		if e := stopErr(s.h); e != 0 {
			s.release()
			return nil, errnoErr(e)
		}
		if !lastMore(s.h) {
			break
		}
		flags &^= DONTWAIT
	}
	s.release()
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
func (s *Socket) RecvMsg(m *Msg, flags Flag) error {
	h, err := m.handle()
	if err != nil {
		return err
	}
	if err := s.acquire(); err != nil {
		return err
	}
	rc := s.transfer(opRecvMsg, h, 0, flags)
	s.release()
	runtime.KeepAlive(m)
	if rc < 0 {
		return errnoErr(rc)
	}
	return nil
}

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

// releaseHeld frees a large held frame now instead of at the next receive,
// so an idle socket does not keep megabytes alive. Small frames are left
// for the next receive to release, saving a crossing.
func (s *Socket) releaseHeld(size int) {
	if size > largeFrame {
		zmqRelease(s.h)
	}
}

// recv is transfer for opRecv, written out as send is.
func (s *Socket) recv(p unsafe.Pointer, n int, flags Flag) int {
	rc := zmqRecv(s.h, p, n, int(flags|DONTWAIT))
	if rc == -_EAGAIN {
		rc = s.wait(opRecv, p, n, flags)
	}
	return rc
}
