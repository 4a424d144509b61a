//go:build cgo

package zmq

import (
	"fmt"
	"runtime"
	"unsafe"
)

// Send sends b as one frame: zmq_send. With SNDMORE, more frames of the
// same message follow. The bytes are copied before Send returns.
func (s *Socket) Send(b []byte, flags Flag) error {
	return s.sendBytes(nil, unsafe.Pointer(unsafe.SliceData(b)), len(b), flags)
}

// SendString sends str as one frame, without converting it to []byte.
func (s *Socket) SendString(str string, flags Flag) error {
	return s.sendBytes(nil, unsafe.Pointer(unsafe.StringData(str)), len(str), flags)
}

// sendBytes sends the n bytes at p (a []byte's or a string's) as one
// frame; a wait ends when done is closed.
func (s *Socket) sendBytes(done <-chan struct{}, p unsafe.Pointer, n int, flags Flag) error {
	if err := s.begin(done); err != nil {
		return err
	}
	rc := s.send(p, n, flags)
	s.end()
	if rc < 0 {
		return errnoErr(rc)
	}
	return nil
}

// SendMessage sends parts as one multipart message: every part but the
// last goes with SNDMORE, the last with flags. libzmq delivers all parts
// or none; with DONTWAIT, only the first part can fail with ErrAgain, and
// then nothing was sent. Parts that fit the socket's 64 KiB packing
// buffer go to libzmq in one call into C.
func (s *Socket) SendMessage(parts [][]byte, flags Flag) error {
	return s.sendMessage(nil, parts, flags)
}

func (s *Socket) sendMessage(done <-chan struct{}, parts [][]byte, flags Flag) error {
	if len(parts) == 0 {
		return &OpError{Op: "send", Err: fmt.Errorf("message has no parts: %w", ErrInvalid)}
	}
	if err := s.begin(done); err != nil {
		return err
	}
	_, err := s.sendFrames(parts, flags, true)
	s.end()
	return err
}

// SendMsg sends m: zmq_msg_send. On success m is left empty (its content
// now belongs to libzmq) and may be reused; on failure m is unchanged.
func (s *Socket) SendMsg(m *Msg, flags Flag) error { return s.transferMsg(nil, opSendMsg, m, flags) }

// transferMsg sends or receives m (opSendMsg, opRecvMsg).
func (s *Socket) transferMsg(done <-chan struct{}, op ioOp, m *Msg, flags Flag) error {
	h, err := m.handle()
	if err != nil {
		return err
	}
	if err := s.begin(done); err != nil {
		return err
	}
	rc := s.transfer(op, h, 0, flags)
	s.end()
	runtime.KeepAlive(m)
	if rc < 0 {
		return errnoErr(rc)
	}
	return nil
}

// send is transfer for opSend, written out without attempt's switch for
// the calls a stream makes per message.
func (s *Socket) send(p unsafe.Pointer, n int, flags Flag) int {
	rc := zmqSend(s.h, p, n, int(flags|DONTWAIT))
	if rc == -_EAGAIN {
		rc = s.wait(opSend, p, n, flags)
	}
	return rc
}
