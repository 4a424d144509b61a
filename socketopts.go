package zmq

// Socket options. socketopts_gen.go holds one setter (SetX) and one getter
// (X) for each ZMQ_X option of libzmq 4.3.4, generated from the table in
// gen_socketopts.go; this file holds the option value types and what does
// not fit a table row: the Guide's names and the options 3.0 removed.
//
// Options libzmq cannot read (SUBSCRIBE, ROUTER_MANDATORY, XPUB_VERBOSE...)
// have only a setter, options it cannot set (TYPE, EVENTS, FD...) only a
// getter. Durations are milliseconds to libzmq: a setter rounds a positive
// duration below a millisecond up to 1ms, and passes any negative duration
// as -1, which means "forever" or "never" where libzmq gives -1 a meaning
// and is refused with ErrInvalid elsewhere. Setters and getters return an
// *OpError naming the option: "zmq: setsockopt ZMQ_SNDHWM: Invalid
// argument".

//go:generate go run gen_socketopts.go

import (
	"fmt"
	"strings"
	"time"
)

// Events is a set of socket events, as Socket.Events reports them.
type Events int

// Socket events.
const (
	// POLLIN: at least one message can be received without blocking.
	POLLIN = Events(_ZMQ_POLLIN)
	// POLLOUT: at least one message can be sent without blocking.
	POLLOUT = Events(_ZMQ_POLLOUT)
	// POLLERR: an error condition (for file descriptors in a poll set;
	// libzmq sockets never report it).
	POLLERR = Events(_ZMQ_POLLERR)
)

// String returns the events joined by "|", "0" for none.
func (e Events) String() string {
	if e == 0 {
		return "0"
	}
	var parts []string
	for _, x := range []struct {
		bit  Events
		name string
	}{{POLLIN, "POLLIN"}, {POLLOUT, "POLLOUT"}, {POLLERR, "POLLERR"}} {
		if e&x.bit != 0 {
			parts = append(parts, x.name)
		}
	}
	if rest := e &^ (POLLIN | POLLOUT | POLLERR); rest != 0 {
		parts = append(parts, fmt.Sprintf("Events(%d)", int(rest)))
	}
	return strings.Join(parts, "|")
}

// Mechanism is a security mechanism, as Socket.Mechanism reports it.
type Mechanism int

// Security mechanisms (zmq_null(7), zmq_plain(7), zmq_curve(7),
// zmq_gssapi(7)).
const (
	// MechanismNull: no security, the default.
	MechanismNull = Mechanism(_ZMQ_NULL)
	// MechanismPlain: clear-text user name and password.
	MechanismPlain = Mechanism(_ZMQ_PLAIN)
	// MechanismCurve: CurveZMQ encryption and authentication.
	MechanismCurve = Mechanism(_ZMQ_CURVE)
	// MechanismGSSAPI: Kerberos through GSSAPI.
	MechanismGSSAPI = Mechanism(_ZMQ_GSSAPI)
)

// String returns libzmq's name of the mechanism: "NULL", "PLAIN", "CURVE",
// "GSSAPI".
func (m Mechanism) String() string {
	switch m {
	case MechanismNull:
		return "NULL"
	case MechanismPlain:
		return "PLAIN"
	case MechanismCurve:
		return "CURVE"
	case MechanismGSSAPI:
		return "GSSAPI"
	}
	return fmt.Sprintf("Mechanism(%d)", int(m))
}

// GSSAPINameType says how a GSSAPI principal name is read
// (SetGSSAPIPrincipalNameType, SetGSSAPIServicePrincipalNameType).
type GSSAPINameType int

// GSSAPI name types.
const (
	// GSSAPINTHostBased: a host-based service name, the default
	// (ZMQ_GSSAPI_NT_HOSTBASED).
	GSSAPINTHostBased = GSSAPINameType(_ZMQ_GSSAPI_NT_HOSTBASED)
	// GSSAPINTUserName: a local user name (ZMQ_GSSAPI_NT_USER_NAME).
	GSSAPINTUserName = GSSAPINameType(_ZMQ_GSSAPI_NT_USER_NAME)
	// GSSAPINTKrb5Principal: an unparsed Kerberos principal name, for the
	// krb5 mechanism only (ZMQ_GSSAPI_NT_KRB5_PRINCIPAL).
	GSSAPINTKrb5Principal = GSSAPINameType(_ZMQ_GSSAPI_NT_KRB5_PRINCIPAL)
)

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
		return &OpError{Op: "setsockopt " + name, Err: err}
	}
	s.release()
	return &OpError{Op: "setsockopt " + name, Err: fmt.Errorf("%s: %w", why, ErrNotSupported)}
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
