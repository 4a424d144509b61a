//go:build cgo

package zmq

import (
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Errno is an error number reported by libzmq: a POSIX errno (EAGAIN,
// EINVAL, EADDRINUSE...) or one of libzmq's own (ETERM, EFSM...). Its
// text is zmq_strerror's.
//
// An Errno matches the syscall.Errno with the same number, so
// errors.Is(err, zmq.ErrAgain) and errors.Is(err, syscall.EAGAIN) agree.
//
// Send, Recv and the other per-message calls return a bare Errno (boxed
// in advance, so a would-block costs no allocation); calls that name an
// endpoint or an option wrap it in an *OpError.
type Errno uintptr

// Errors returned by libzmq that a program is expected to handle. Test
// for them with errors.Is.
const (
	// ErrAgain: a non-blocking call would block, or a send or receive
	// timeout (SNDTIMEO, RCVTIMEO) expired.
	ErrAgain = Errno(_EAGAIN)
	// ErrTerm: the socket's context was terminated or shut down. The
	// only thing left to do with the socket is Close it.
	ErrTerm = Errno(_ETERM)
	// ErrInterrupted: a signal interrupted the call. Blocking calls of
	// this package retry on their own, so programs see it only from the
	// signal catcher.
	ErrInterrupted = Errno(_EINTR)
	// ErrFSM: the socket's state machine does not allow the call now
	// (a REQ socket receiving before it sent, or sending twice).
	ErrFSM = Errno(_EFSM)
	// ErrHostUnreachable: a ROUTER with ROUTER_MANDATORY set was asked
	// to send to an unknown peer.
	ErrHostUnreachable = Errno(_EHOSTUNREACH)
	// ErrNotSupported: the socket type does not support the call (Recv
	// on a PUB socket, Send on a SUB socket).
	ErrNotSupported = Errno(_ENOTSUP)
	// ErrMTHREAD: no I/O thread is available for the operation.
	ErrMTHREAD = Errno(_EMTHREAD)
	// ErrNoCompatProto: the transport does not fit the socket type
	// (udp:// on a PAIR socket).
	ErrNoCompatProto = Errno(_ENOCOMPATPROTO)
	// ErrInvalid: an argument (endpoint, option value, socket type) is
	// not valid.
	ErrInvalid = Errno(_EINVAL)
)

// ErrClosed is returned by every method of a Socket after Close, of a
// Context after Term, of a Msg after Close, and of nil receivers. It
// should normally be tested with errors.Is.
var ErrClosed = errors.New("zmq: use of closed socket, context or message")

// ErrInUse is returned when a Socket is used by a second goroutine while
// a call from another goroutine is still in progress on it. libzmq
// sockets are not thread-safe; the call was refused before reaching
// libzmq.
var ErrInUse = errors.New("zmq: socket in use by another goroutine")

// Error implements the error interface with zmq_strerror's text.
func (e Errno) Error() string { return zmqStrerror(int(e)) }

// Is reports whether target is the syscall.Errno with the same number.
func (e Errno) Is(target error) bool {
	t, ok := target.(syscall.Errno)
	return ok && uintptr(t) == uintptr(e)
}

// Timeout reports whether the error means a timeout expired or a
// non-blocking call would have blocked.
func (e Errno) Timeout() bool { return e == ErrAgain }

// Boxed in advance: an Errno above 255 allocates when it becomes an
// error, and these come back on hot paths.
var (
	errAgain       error = ErrAgain
	errTerm        error = ErrTerm
	errInterrupted error = ErrInterrupted
	errFSM         error = ErrFSM
	errHostUnreach error = ErrHostUnreachable
)

// Return codes of a wait that something other than libzmq ended; no errno
// has their values.
const (
	rcClosed   = math.MinInt32     // Close
	rcDeadline = math.MinInt32 + 1 // the socket's read or write deadline
	rcCanceled = math.MinInt32 + 2 // the call's context
)

// errDeadline is what a call that reached the socket's read or write
// deadline returns. As net.Conn's, it matches os.ErrDeadlineExceeded, and
// it matches ErrAgain too, which RCVTIMEO and SNDTIMEO return.
var errDeadline error = deadlineError{}

type deadlineError struct{}

func (deadlineError) Error() string   { return "zmq: i/o deadline exceeded" }
func (deadlineError) Timeout() bool   { return true }
func (deadlineError) Temporary() bool { return true }

// Is reports whether target is os.ErrDeadlineExceeded or EAGAIN.
func (deadlineError) Is(target error) bool {
	return target == os.ErrDeadlineExceeded || target == ErrAgain || target == syscall.EAGAIN
}

// errCanceled stands for the call's ctx.Err() until the call returns it.
var errCanceled = errors.New("zmq: context canceled")

// errnoErr turns a negative return code of the cgo layer into an error.
func errnoErr(rc int) error {
	switch rc {
	case rcClosed:
		return ErrClosed
	case rcDeadline:
		return errDeadline
	case rcCanceled:
		return errCanceled
	}
	switch e := Errno(-rc); e {
	case ErrAgain:
		return errAgain
	case ErrTerm:
		return errTerm
	case ErrInterrupted:
		return errInterrupted
	case ErrFSM:
		return errFSM
	case ErrHostUnreachable:
		return errHostUnreach
	default:
		return e
	}
}

// OpError is the error of a call that names what it acted on: an
// endpoint, an option, a socket type. It says what was attempted, on what,
// and why it failed, and unwraps to the cause (usually an Errno), as
// net.OpError does.
type OpError struct {
	// Op is the operation, named after the Go call: "bind", "connect",
	// "unbind", "disconnect", "setsockopt", "getsockopt" (Socket);
	// "context", "socket", "setctxopt", "getctxopt", "term", "shutdown"
	// (Context); "close", "send", "recv", "poll", "add", "update", "remove",
	// "proxy", "device", "monitor"; "message", "copy", "move", "get" (Msg);
	// "allow", "deny", "allowplain", "allowcurve", "allowanycurve"
	// (Authenticator).
	Op string
	// Option is the libzmq option ("ZMQ_LINGER") or message property the
	// operation was given, if any.
	Option string
	// Endpoint is the endpoint the operation was given, if any.
	Endpoint string
	// Err is the cause.
	Err error
}

// Error returns "zmq: <op> <option> "<endpoint>": <cause>", leaving out
// what the operation was not given.
func (e *OpError) Error() string {
	s := "zmq: " + e.Op
	if e.Option != "" {
		s += " " + e.Option
	}
	if e.Endpoint != "" {
		s += " " + strconv.Quote(e.Endpoint)
	}
	// The package's own errors start with "zmq: " too; say it once.
	return s + ": " + strings.TrimPrefix(e.Err.Error(), "zmq: ")
}

// Unwrap returns the cause.
func (e *OpError) Unwrap() error { return e.Err }

// Timeout reports whether the cause is a timeout.
func (e *OpError) Timeout() bool {
	t, ok := e.Err.(interface{ Timeout() bool })
	return ok && t.Timeout()
}
