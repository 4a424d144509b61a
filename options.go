//go:build cgo

package zmq

// Socket and context options. options_gen.go holds one setter (SetX) and
// one getter (X) for each ZMQ_X socket option of libzmq 4.3.4, and
// ctxoptions_gen.go the Context's; both are generated from the tables in
// internal/zmqgen. This file holds what they are built on, and what does
// not fit a table row: the Guide's names and the options 3.0 removed.
//
// Options libzmq cannot read (SUBSCRIBE, ROUTER_MANDATORY, XPUB_VERBOSE...)
// have only a setter, options it cannot set (TYPE, EVENTS, FD...) only a
// getter. Durations are milliseconds to libzmq: a setter rounds a positive
// duration below a millisecond up to 1ms, and passes any negative duration
// as -1, which means "forever" or "never" where libzmq gives -1 a meaning
// and is refused with ErrInvalid elsewhere. Setters and getters return an
// *OpError naming the option ("zmq: setsockopt ZMQ_SNDHWM: Invalid
// argument", "zmq: setctxopt ZMQ_IO_THREADS: Invalid argument"), and
// ErrClosed once the socket is closed or the context's Term has begun.
// The context's thread options (IO_THREADS, THREAD_*) take effect only
// for I/O threads not yet started, that is before its first socket.

//go:generate go run ./internal/zmqgen

import (
	"fmt"
	"time"
	"unsafe"
)

// setOpt sets an option from the n bytes at p. Like Send, it holds the
// socket for the call.
func (s *Socket) setOpt(opt int, name string, p unsafe.Pointer, n int) error {
	if err := s.acquire(); err != nil {
		return &OpError{Op: "setsockopt", Option: name, Err: err}
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
		return &OpError{Op: "setsockopt", Option: name, Err: errnoErr(rc)}
	}
	return nil
}

// getOpt reads an option into the n bytes at p and returns its length.
func (s *Socket) getOpt(opt int, name string, p unsafe.Pointer, n int) (int, error) {
	if err := s.acquire(); err != nil {
		return 0, &OpError{Op: "getsockopt", Option: name, Err: err}
	}
	size, rc := zmqGetsockopt(s.h, opt, p, n)
	s.release()
	if rc < 0 {
		return 0, &OpError{Op: "getsockopt", Option: name, Err: errnoErr(rc)}
	}
	return size, nil
}

func (s *Socket) setInt(opt int, name string, v int) error {
	if int(int32(v)) != v {
		return &OpError{Op: "setsockopt", Option: name, Err: fmt.Errorf("value %d out of range: %w", v, ErrInvalid)}
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
		return &OpError{Op: "setsockopt", Option: name, Err: fmt.Errorf("negative duration %v: %w", d, ErrInvalid)}
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
		return &OpError{Op: "setsockopt", Option: name, Err: fmt.Errorf("value contains a NUL byte: %w", ErrInvalid)}
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

// SetHWM sets both high water marks, SNDHWM and RCVHWM, to n: the Guide's
// (0MQ 2.x) ZMQ_HWM, which 3.0 split in two. If setting SNDHWM fails,
// RCVHWM is left alone.
func (s *Socket) SetHWM(n int) error {
	if err := s.SetSndHWM(n); err != nil {
		return err
	}
	return s.SetRcvHWM(n)
}

// SetIdentity is the Guide's name for SetRoutingID (ZMQ_IDENTITY, now
// ZMQ_ROUTING_ID): the id, 1 to 255 bytes, a ROUTER peer knows the socket
// by.
func (s *Socket) SetIdentity(id []byte) error { return s.SetRoutingID(id) }

// Identity is the Guide's name for RoutingID (ZMQ_IDENTITY, now
// ZMQ_ROUTING_ID).
func (s *Socket) Identity() ([]byte, error) { return s.RoutingID() }

// SetSwap was the Guide's (0MQ 2.x) ZMQ_SWAP: the size of an on-disk swap
// for messages beyond the high water mark. It returns an *OpError matching
// ErrNotSupported and never reaches libzmq.
//
// Deprecated: ZMQ_SWAP was removed in libzmq 3.0; messages beyond the high
// water mark are dropped or wait, never swapped to disk. Use SetSndHWM and
// SetRcvHWM (or SetHWM) to size the queues.
func (s *Socket) SetSwap(bytes int64) error {
	return s.removedOption("ZMQ_SWAP", "ZMQ_SWAP was removed in libzmq 3.0: messages beyond the high water mark are never swapped to disk (persist them above 0MQ if you must keep them); bound memory with SetSndHWM and SetRcvHWM")
}

// SetMcastLoop was the Guide's (0MQ 2.x) ZMQ_MCAST_LOOP: whether multicast
// sent over PGM is looped back to the sending host. It returns an
// *OpError matching ErrNotSupported and never reaches libzmq.
//
// Deprecated: ZMQ_MCAST_LOOP was removed in libzmq 3.0 (PGM multicast
// over loopback is not supported since). Its successor ZMQ_MULTICAST_LOOP,
// for UDP multicast on RADIO sockets, is a draft option that stable libzmq
// 4.3.4 does not provide.
func (s *Socket) SetMcastLoop(on bool) error {
	return s.removedOption("ZMQ_MCAST_LOOP", "ZMQ_MCAST_LOOP was removed in libzmq 3.0; ZMQ_MULTICAST_LOOP, for UDP multicast on RADIO sockets, is a draft option absent from stable libzmq 4.3")
}

// SetRecoveryIvlMsec was the Guide's (0MQ 2.x) ZMQ_RECOVERY_IVL_MSEC: the
// multicast recovery interval in milliseconds. It returns an *OpError
// matching ErrNotSupported and never reaches libzmq.
//
// Deprecated: ZMQ_RECOVERY_IVL_MSEC was removed in libzmq 3.0, when
// ZMQ_RECOVERY_IVL became milliseconds: use SetRecoveryIvl.
func (s *Socket) SetRecoveryIvlMsec(d time.Duration) error {
	return s.removedOption("ZMQ_RECOVERY_IVL_MSEC", "ZMQ_RECOVERY_IVL_MSEC was removed in libzmq 3.0; use SetRecoveryIvl, which is in milliseconds since 3.0")
}

// removedOption is the error of an option libzmq no longer has. A closed
// socket still says ErrClosed, as every other method does.
func (s *Socket) removedOption(name, why string) error {
	if err := s.acquire(); err != nil {
		return &OpError{Op: "setsockopt", Option: name, Err: err}
	}
	s.release()
	return &OpError{Op: "setsockopt", Option: name, Err: fmt.Errorf("%s: %w", why, ErrNotSupported)}
}

// curveKey returns a CURVE key in the form libzmq takes: 32 bytes as they
// are, 40 Z85 characters with the terminating NUL libzmq expects (without
// it, libzmq takes the deprecated 40-byte form). Other lengths go to
// libzmq unchanged, which refuses them with EINVAL.
func curveKey(key []byte) []byte {
	if len(key) == 40 {
		return append(key[:40:40], 0)
	}
	return key
}

// boolInt is libzmq's int for a boolean option.
func boolInt(on bool) int {
	if on {
		return 1
	}
	return 0
}

// durationMS converts d to libzmq's milliseconds. Negative durations mean
// "forever" (-1) to libzmq; a positive duration below a millisecond
// rounds up, so it never becomes 0 ("don't wait").
func durationMS(d time.Duration) int {
	switch {
	case d < 0:
		return -1
	case d > 0 && d < time.Millisecond:
		return 1
	}
	return int(d / time.Millisecond)
}
