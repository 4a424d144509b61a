//go:build cgo

package zmq

import (
	"strconv"
	"strings"
)

// Type is a socket type.
type Type int

// Socket types.
const (
	PAIR   = Type(_ZMQ_PAIR)
	PUB    = Type(_ZMQ_PUB)
	SUB    = Type(_ZMQ_SUB)
	REQ    = Type(_ZMQ_REQ)
	REP    = Type(_ZMQ_REP)
	DEALER = Type(_ZMQ_DEALER)
	ROUTER = Type(_ZMQ_ROUTER)
	PULL   = Type(_ZMQ_PULL)
	PUSH   = Type(_ZMQ_PUSH)
	XPUB   = Type(_ZMQ_XPUB)
	XSUB   = Type(_ZMQ_XSUB)
	STREAM = Type(_ZMQ_STREAM)

	// XREQ is the Guide's (0MQ 2.x) name for DEALER.
	XREQ = DEALER
	// XREP is the Guide's (0MQ 2.x) name for ROUTER.
	XREP = ROUTER
)

var typeNames = [...]string{"PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB", "STREAM"}

// String returns the type's libzmq name ("DEALER", not "XREQ").
func (t Type) String() string {
	if t >= 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Flag modifies a send or receive.
type Flag int

// Send and receive flags.
const (
	// DONTWAIT makes the call fail with ErrAgain instead of blocking.
	DONTWAIT = Flag(_ZMQ_DONTWAIT)
	// NOBLOCK is the Guide's (0MQ 2.x) name for DONTWAIT.
	NOBLOCK = DONTWAIT
	// SNDMORE marks a frame as followed by another of the same message.
	SNDMORE = Flag(_ZMQ_SNDMORE)
)

// String returns the flags joined by "|".
func (f Flag) String() string {
	var parts []string
	if f&DONTWAIT != 0 {
		parts = append(parts, "DONTWAIT")
	}
	if f&SNDMORE != 0 {
		parts = append(parts, "SNDMORE")
	}
	if rest := f &^ (DONTWAIT | SNDMORE); rest != 0 || len(parts) == 0 {
		parts = append(parts, "Flag("+strconv.Itoa(int(rest))+")")
	}
	return strings.Join(parts, "|")
}
