package zmq

import (
	"time"
	"unsafe"
)

// Type returns the socket's type (ZMQ_TYPE).
func (s *Socket) Type() (Type, error) {
	v, err := s.getInt(_ZMQ_TYPE, "ZMQ_TYPE")
	return Type(v), err
}

// LastEndpoint returns the endpoint of the last Bind or Connect, with a
// wildcard port resolved: Bind("tcp://127.0.0.1:*") then LastEndpoint is
// how to learn a free port (ZMQ_LAST_ENDPOINT).
func (s *Socket) LastEndpoint() (string, error) {
	return s.getString(_ZMQ_LAST_ENDPOINT, "ZMQ_LAST_ENDPOINT", 1024)
}

// SetLinger sets how long Close and Term keep trying to deliver queued
// messages (ZMQ_LINGER): -1 (the default) waits forever, 0 drops them.
func (s *Socket) SetLinger(d time.Duration) error {
	return s.setInt(_ZMQ_LINGER, "ZMQ_LINGER", durationMS(d))
}

// Linger returns ZMQ_LINGER; -1ms means forever.
func (s *Socket) Linger() (time.Duration, error) {
	v, err := s.getInt(_ZMQ_LINGER, "ZMQ_LINGER")
	return time.Duration(v) * time.Millisecond, err
}

// SetRcvTimeo sets how long a receive may block before it fails with
// ErrAgain (ZMQ_RCVTIMEO); -1 (the default) blocks forever.
func (s *Socket) SetRcvTimeo(d time.Duration) error {
	return s.setInt(_ZMQ_RCVTIMEO, "ZMQ_RCVTIMEO", durationMS(d))
}

// RcvTimeo returns ZMQ_RCVTIMEO; -1ms means forever.
func (s *Socket) RcvTimeo() (time.Duration, error) {
	v, err := s.getInt(_ZMQ_RCVTIMEO, "ZMQ_RCVTIMEO")
	return time.Duration(v) * time.Millisecond, err
}

// SetSndTimeo sets how long a send may block before it fails with
// ErrAgain (ZMQ_SNDTIMEO); -1 (the default) blocks forever.
func (s *Socket) SetSndTimeo(d time.Duration) error {
	return s.setInt(_ZMQ_SNDTIMEO, "ZMQ_SNDTIMEO", durationMS(d))
}

// SndTimeo returns ZMQ_SNDTIMEO; -1ms means forever.
func (s *Socket) SndTimeo() (time.Duration, error) {
	v, err := s.getInt(_ZMQ_SNDTIMEO, "ZMQ_SNDTIMEO")
	return time.Duration(v) * time.Millisecond, err
}

// SetSubscribe makes a SUB socket receive messages that begin with prefix
// (ZMQ_SUBSCRIBE); "" subscribes to everything. The prefix is binary:
// it may hold any byte, NUL included.
func (s *Socket) SetSubscribe(prefix string) error {
	return s.setOpt(_ZMQ_SUBSCRIBE, "ZMQ_SUBSCRIBE", unsafe.Pointer(unsafe.StringData(prefix)), len(prefix))
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
