//go:build cgo

package zmq

// The types of option values that are more than a number: what
// Socket.Events, Socket.Mechanism and the GSSAPI name type options take
// and return. Their values are libzmq's (consts_gen.go).

import (
	"fmt"
	"strings"
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
