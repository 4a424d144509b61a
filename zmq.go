//go:build cgo

// Package zmq is a Go binding for libzmq 4.3, the ZeroMQ messaging library.
//
// It follows the names of the ZeroMQ Guide (Init, XREQ/XREP, NOBLOCK, HWM,
// Device) and maps them onto libzmq 4.3; what 4.3 removed still exists
// under the book's name and fails with an error that names the
// replacement. libzmq's own engine does the transports and the queueing:
// bytes on the wire are exactly libzmq's.
//
// # Quick start
//
//	ctx, err := zmq.NewContext()
//	if err != nil { ... }
//	defer ctx.Term()
//	rep, _ := ctx.NewSocket(zmq.REP)
//	defer rep.Close()
//	rep.Bind("tcp://*:5555")
//	req, _ := ctx.NewSocket(zmq.REQ)
//	defer req.Close()
//	req.Connect("tcp://localhost:5555")
//	req.SendString("Hello", 0)
//	msg, _ := rep.RecvString(0)
//
// # Contexts
//
// A [Context] holds libzmq's I/O threads; a program normally has one and
// shares it between goroutines. [Context.Term] waits until every socket of
// the context is closed, and until each has delivered what it queued or
// its LINGER expired. [Context.Shutdown] makes every blocked call on the
// context's sockets return [ErrTerm] at once.
//
// # Sockets
//
// A [Socket] belongs to one goroutine at a time, as a libzmq socket belongs
// to one thread. Using it from two goroutines at once is detected: the
// second call returns [ErrInUse] without touching libzmq. A socket may
// move from one goroutine to another between calls.
//
// [Socket.Close] is the exception, as for a net.Conn: any goroutine may
// call it at any time. A Send or Recv of another goroutine that is waiting
// for the socket returns [ErrClosed] at once; a call that holds several
// sockets ([Poller.Poll], [Proxy], [Device]) goes on, and the socket is closed as
// soon as it returns. Either way Close returns nil and the socket is
// closed exactly once.
//
// A blocking call waits without holding an OS thread: ten thousand
// goroutines waiting in Recv, or in Poll, cost goroutines, not threads.
// Signals never interrupt it (EINTR never surfaces).
//
// # Cancellation and deadlines
//
// [Socket.RecvContext], [Socket.SendContext], [Socket.RecvMessageContext],
// [Socket.SendMessageContext], [Socket.RecvMsgContext],
// [Socket.SendMsgContext], [Poller.PollContext] and [ProxyContext] return
// ctx.Err() once their context is done, and leave the socket usable; a
// multipart message is received or sent whole or not at all.
// [Socket.SetDeadline], [Socket.SetReadDeadline] and
// [Socket.SetWriteDeadline] follow net.Conn: any goroutine may set them,
// also while a call waits, and a call that runs out of time returns an
// error matching os.ErrDeadlineExceeded and [ErrAgain]. RCVTIMEO and
// SNDTIMEO keep their meaning; the earlier limit wins.
//
// # Messages
//
// [Socket.Send] and [Socket.Recv] copy bytes between Go memory and libzmq.
// [Socket.RecvInto] reads into a buffer the caller owns, without
// allocating. A [Msg] holds a libzmq message in C memory, for programs that
// fill a message in place or want its properties.
//
// # Errors
//
// Errors from libzmq are [Errno] values, which match syscall.Errno values
// of the same number with errors.Is. Calls that take an endpoint or an
// option return an [*OpError] naming it. Use of a closed Socket, Msg or
// terminated Context returns [ErrClosed].
//
// # Security
//
// NULL, the default mechanism, neither encrypts nor authenticates. PLAIN
// checks a user name and password sent in clear text. CURVE encrypts every
// message and authenticates the server by its key pair; but libzmq lets
// every client in unless a ZAP handler says otherwise, so CURVE (and
// PLAIN) without an authenticator authenticates nobody. [NewAuthenticator]
// runs one for a context: [Authenticator.AllowCurve] lists the client keys
// it accepts, [Authenticator.AllowPlain] the users, [Authenticator.Allow]
// and [Authenticator.Deny] filter addresses. [NewCurveKeypair],
// [CurvePublic], [Z85Encode] and [Z85Decode] make and convert keys. A
// refused handshake looks like a slow server to the client; the server's
// [Socket.Monitor] reports it as [EventHandshakeFailedAuth].
//
// # Polling, devices and signals
//
// A [Poller] waits on several sockets and file descriptors at once; [Poll]
// takes the Guide's item array. [Device], [Proxy] and [ProxySteerable]
// pass whole messages between two sockets until the context is shut
// down. [CatchSignals] makes SIGINT and SIGTERM shut contexts down, so
// every blocking call returns ErrTerm and [Interrupted] reports why.
// [Context.Destroy] closes every socket of a context and terminates it.
//
// # Names from the Guide (0MQ 2.x) and libzmq 4.3
//
//	zmq_init(1)            Init(1)
//	ZMQ_XREQ, ZMQ_XREP     XREQ, XREP (= DEALER, ROUTER)
//	ZMQ_NOBLOCK            NOBLOCK (= DONTWAIT)
//	ZMQ_HWM                Socket.SetHWM (sets SNDHWM and RCVHWM)
//	ZMQ_IDENTITY           Socket.SetIdentity (= ROUTING_ID)
//	ZMQ_SWAP, ZMQ_MCAST_LOOP, ZMQ_RECOVERY_IVL_MSEC
//	                       removed in 3.0: the setters return an error
//	                       naming the replacement
//	zmq_term               Context.Term
//	zmq_device             Device (QUEUE, FORWARDER, STREAMER)
//	s_catch_signals        CatchSignals, Interrupted
package zmq

import (
	"fmt"
	"strings"
)

// Version returns the version of the libzmq the program runs with.
func Version() (major, minor, patch int) { return zmqVersion() }

// Has reports whether libzmq was built with a capability: "ipc", "pgm",
// "tipc", "norm", "curve", "gssapi", "draft".
func Has(capability string) bool {
	if hasNUL(capability) {
		return false
	}
	return zmqHas(capability)
}

// checkVersion refuses a libzmq of another major version, or older than
// the one the package's constants describe (the build checks zmq.h the
// same way): the ABI the package calls would not be there.
func checkVersion() error {
	major, minor, patch := zmqVersion()
	if major != zmqVersionMajor || minor < zmqVersionMinor {
		return &OpError{Op: "context", Err: fmt.Errorf("running with libzmq %d.%d.%d, which is not %d.%d or a later %d.x: %w",
			major, minor, patch, zmqVersionMajor, zmqVersionMinor, zmqVersionMajor, ErrNotSupported)}
	}
	return nil
}

// hasNUL reports whether s holds a NUL byte, which C would take for the
// end of the string (bind("tcp://127.0.0.1:5555\x00junk") would bind).
func hasNUL(s string) bool {
	return strings.IndexByte(s, 0) >= 0
}
