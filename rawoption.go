//go:build cgo

package zmq

// The raw option escape hatch: socket options by number, for what the
// typed setters and getters do not cover, such as the draft options of a
// libzmq built with them (Has("draft")). They go through the same
// setOpt and getOpt as the typed ones, so the socket stays held for the
// call, and RCVTIMEO and SNDTIMEO set this way still bound the waits.

import (
	"fmt"
	"math"
	"strconv"
	"unsafe"
)

// maxRawOption bounds the buffer OptionBytes allocates: far above the
// values of libzmq's options (endpoints, routing ids, keys: a few hundred
// bytes at most), far below what a mistaken max could ask for.
const maxRawOption = 1 << 20

// rawOptionName names option in errors, "option 97", and refuses numbers
// that a C int cannot hold: passed on, they would be truncated into
// another option (1<<32 + 17 into ZMQ_LINGER).
func rawOptionName(op string, option int) (string, error) {
	name := "option " + strconv.Itoa(option)
	if option < 0 || option > math.MaxInt32 {
		return name, &OpError{Op: op, Option: name, Err: fmt.Errorf("option number out of range: %w", ErrInvalid)}
	}
	return name, nil
}

// SetOptionInt sets the socket option numbered option to value, as
// zmq_setsockopt with a C int: option is libzmq's ZMQ_ value from zmq.h
// (ZMQ_ROUTER_NOTIFY is 97). Prefer the typed setters (SetSndHWM...):
// they know each option's type, unit and range; this is for the options
// they do not cover, such as the draft ones of a libzmq built with them.
// A boolean option takes 0 or 1.
//
// An option libzmq does not know, or does not take as an int, fails with
// an *OpError (Op "setsockopt", Option "option N") matching ErrInvalid,
// as does an option number or value a C int cannot hold.
func (s *Socket) SetOptionInt(option int, value int) error {
	name, err := rawOptionName("setsockopt", option)
	if err != nil {
		return err
	}
	return s.setInt(option, name, value)
}

// OptionInt returns the socket option numbered option, read as a C int
// with zmq_getsockopt: option is libzmq's ZMQ_ value from zmq.h. Prefer
// the typed getters; this is for the options they do not cover.
//
// An option libzmq does not know, or that is not 4 bytes long, fails with
// an *OpError (Op "getsockopt", Option "option N") matching ErrInvalid;
// read others with OptionBytes.
func (s *Socket) OptionInt(option int) (int, error) {
	name, err := rawOptionName("getsockopt", option)
	if err != nil {
		return 0, err
	}
	var v int32
	n, err := s.getOpt(option, name, unsafe.Pointer(&v), 4)
	if err != nil {
		return 0, err
	}
	if n != 4 {
		// Four bytes of a routing id would make a number of nothing.
		return 0, &OpError{Op: "getsockopt", Option: name, Err: fmt.Errorf("libzmq gave %d bytes, not an int: %w", n, ErrInvalid)}
	}
	return int(v), nil
}

// SetOptionBytes sets the socket option numbered option to value, as
// zmq_setsockopt does with a buffer: option is libzmq's ZMQ_ value from
// zmq.h. A string option takes its bytes without a terminating NUL; an
// option of another C type (int64_t, uint64_t) takes that type's bytes in
// the machine's byte order. Prefer the typed setters; this is for the
// options they do not cover.
//
// An option libzmq does not know, or a value it refuses, fails with an
// *OpError (Op "setsockopt", Option "option N") matching ErrInvalid.
func (s *Socket) SetOptionBytes(option int, value []byte) error {
	name, err := rawOptionName("setsockopt", option)
	if err != nil {
		return err
	}
	return s.setBytes(option, name, value)
}

// OptionBytes returns the socket option numbered option, read with
// zmq_getsockopt into a buffer of max bytes: option is libzmq's ZMQ_ value
// from zmq.h. It returns as many bytes as libzmq gives: a string option
// ends with the NUL libzmq counts in its length; a CURVE key comes as its
// 32 bytes when max is 32, as 40 characters of Z85 text and a NUL when
// max is 41, and libzmq takes no other size for it. Prefer the typed
// getters; this is for the options they do not cover.
//
// max is 0 to 1 MiB. An option libzmq does not know, or whose value does
// not fit in max bytes, fails with an *OpError (Op "getsockopt", Option
// "option N") matching ErrInvalid.
func (s *Socket) OptionBytes(option int, max int) ([]byte, error) {
	name, err := rawOptionName("getsockopt", option)
	if err != nil {
		return nil, err
	}
	if max < 0 || max > maxRawOption {
		return nil, &OpError{Op: "getsockopt", Option: name,
			Err: fmt.Errorf("buffer of %d bytes, want 0 to %d: %w", max, maxRawOption, ErrInvalid)}
	}
	return s.getBytes(option, name, max)
}
