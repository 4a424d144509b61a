package zmq

import (
	"fmt"
	"time"
	"unsafe"
)

// The typed option accessors (socketopts.go) are built on these. Each
// takes the socket for the call, like Send does, and names the option in
// its errors: "zmq: setsockopt ZMQ_LINGER: Invalid argument".

func (s *Socket) setOpt(opt int, name string, p unsafe.Pointer, n int) error {
	if err := s.acquire(); err != nil {
		return &OpError{Op: "setsockopt " + name, Err: err}
	}
	if n == 0 {
		// libzmq takes an empty value only as (NULL, 0), and Go does not
		// say what pointer an empty string or slice holds.
		p = nil
	}
	rc := zmqSetsockopt(s.h, opt, p, n)
	if rc == 0 && n == int(unsafe.Sizeof(int32(0))) {
		// wait needs the socket's timeouts.
		switch opt {
		case _ZMQ_RCVTIMEO:
			s.rcvTimeo = int(*(*int32)(p))
		case _ZMQ_SNDTIMEO:
			s.sndTimeo = int(*(*int32)(p))
		}
	}
	s.release()
	if rc < 0 {
		return &OpError{Op: "setsockopt " + name, Err: errnoErr(rc)}
	}
	return nil
}

// getOpt reads an option into the n bytes at p and returns its length.
func (s *Socket) getOpt(opt int, name string, p unsafe.Pointer, n int) (int, error) {
	if err := s.acquire(); err != nil {
		return 0, &OpError{Op: "getsockopt " + name, Err: err}
	}
	size, rc := zmqGetsockopt(s.h, opt, p, n)
	s.release()
	if rc < 0 {
		return 0, &OpError{Op: "getsockopt " + name, Err: errnoErr(rc)}
	}
	return size, nil
}

func (s *Socket) setInt(opt int, name string, v int) error {
	if int(int32(v)) != v {
		return &OpError{Op: "setsockopt " + name, Err: fmt.Errorf("value %d out of range: %w", v, ErrInvalid)}
	}
	c := int32(v)
	return s.setOpt(opt, name, unsafe.Pointer(&c), 4)
}

// setDuration sets a millisecond option. forever: libzmq gives -1 a
// meaning, and every negative duration is sent as -1; otherwise a
// negative duration is refused (libzmq would take some of them, rounded
// to nonsense).
func (s *Socket) setDuration(opt int, name string, d time.Duration, forever bool) error {
	if d < 0 && !forever {
		return &OpError{Op: "setsockopt " + name, Err: fmt.Errorf("negative duration %v: %w", d, ErrInvalid)}
	}
	return s.setInt(opt, name, durationMS(d))
}

func (s *Socket) setInt64(opt int, name string, v int64) error {
	return s.setOpt(opt, name, unsafe.Pointer(&v), 8)
}

func (s *Socket) setUint64(opt int, name string, v uint64) error {
	return s.setOpt(opt, name, unsafe.Pointer(&v), 8)
}

func (s *Socket) setBytes(opt int, name string, v []byte) error {
	return s.setOpt(opt, name, unsafe.Pointer(unsafe.SliceData(v)), len(v))
}

// setString sets a string option; a NUL inside it is refused, since libzmq
// would keep only what comes before it.
func (s *Socket) setString(opt int, name string, v string) error {
	if hasNUL(v) {
		return &OpError{Op: "setsockopt " + name, Err: fmt.Errorf("value contains a NUL byte: %w", ErrInvalid)}
	}
	return s.setOpt(opt, name, unsafe.Pointer(unsafe.StringData(v)), len(v))
}

func (s *Socket) getInt(opt int, name string) (int, error) {
	var v int32
	_, err := s.getOpt(opt, name, unsafe.Pointer(&v), 4)
	return int(v), err
}

func (s *Socket) getInt64(opt int, name string) (int64, error) {
	var v int64
	_, err := s.getOpt(opt, name, unsafe.Pointer(&v), 8)
	return v, err
}

func (s *Socket) getUint64(opt int, name string) (uint64, error) {
	var v uint64
	_, err := s.getOpt(opt, name, unsafe.Pointer(&v), 8)
	return v, err
}

// getBytes reads a binary option of at most max bytes.
func (s *Socket) getBytes(opt int, name string, max int) ([]byte, error) {
	buf := make([]byte, max)
	n, err := s.getOpt(opt, name, unsafe.Pointer(unsafe.SliceData(buf)), len(buf))
	if err != nil {
		return nil, err
	}
	return buf[:n], nil
}

// getString reads a string option of at most max bytes; libzmq counts the
// terminating NUL in the length it reports.
func (s *Socket) getString(opt int, name string, max int) (string, error) {
	b, err := s.getBytes(opt, name, max+1)
	if err != nil {
		return "", err
	}
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return string(b), nil
}
