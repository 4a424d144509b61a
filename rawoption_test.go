package zmq_test

// The raw option escape hatch: options set by number read back through
// the typed getters and the other way round, RCVTIMEO set by number still
// bounds a wait, and every misuse (unknown options, numbers or values a C
// int cannot hold, wrong sizes, closed sockets) is an *OpError naming the
// option, never a truncated call to libzmq.

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// libzmq's option numbers (zmq.h) the tests use.
const (
	rawLinger       = 17 // ZMQ_LINGER
	rawRoutingID    = 5  // ZMQ_ROUTING_ID
	rawSubscribe    = 6  // ZMQ_SUBSCRIBE, which cannot be read
	rawMaxMsgSize   = 22 // ZMQ_MAXMSGSIZE, an int64_t
	rawSndHWM       = 23 // ZMQ_SNDHWM
	rawRcvTimeo     = 27 // ZMQ_RCVTIMEO
	rawLastEndpoint = 32 // ZMQ_LAST_ENDPOINT
	rawImmediate    = 39 // ZMQ_IMMEDIATE
	rawZAPDomain    = 55 // ZMQ_ZAP_DOMAIN
	rawRouterNotify = 97 // ZMQ_ROUTER_NOTIFY, a draft option
	rawUnknown      = 9999
)

// TestRawOptionInt guards SetOptionInt and OptionInt against the typed
// setters and getters, both ways.
func TestRawOptionInt(t *testing.T) {
	s := zt.Socket(t, zt.Context(t), zmq.DEALER)
	curveStep(t, s.SetOptionInt(rawSndHWM, 1234))
	if got, err := s.SndHWM(); err != nil || got != 1234 {
		t.Errorf("SndHWM after SetOptionInt = %d, %v; want 1234", got, err)
	}
	curveStep(t, s.SetSndHWM(77))
	if got, err := s.OptionInt(rawSndHWM); err != nil || got != 77 {
		t.Errorf("OptionInt(ZMQ_SNDHWM) = %d, %v; want 77", got, err)
	}
	curveStep(t, s.SetOptionInt(rawImmediate, 1))
	if on, err := s.Immediate(); err != nil || !on {
		t.Errorf("Immediate after SetOptionInt(1) = %t, %v", on, err)
	}
	curveStep(t, s.SetOptionInt(rawLinger, -1))
	if got, err := s.OptionInt(rawLinger); err != nil || got != -1 {
		t.Errorf("OptionInt(ZMQ_LINGER) = %d, %v; want -1", got, err)
	}
}

// TestRawOptionBytes guards SetOptionBytes and OptionBytes on a binary
// option, a string option (which comes with libzmq's NUL) and an int64_t
// option given in the machine's byte order.
func TestRawOptionBytes(t *testing.T) {
	s := zt.Socket(t, zt.Context(t), zmq.DEALER)
	curveStep(t, s.SetOptionBytes(rawRoutingID, []byte("peer\x00id")))
	if got, err := s.RoutingID(); err != nil || string(got) != "peer\x00id" {
		t.Errorf("RoutingID after SetOptionBytes = %q, %v", got, err)
	}
	if got, err := s.OptionBytes(rawRoutingID, 255); err != nil || string(got) != "peer\x00id" {
		t.Errorf("OptionBytes(ZMQ_ROUTING_ID) = %q, %v", got, err)
	}

	curveStep(t, s.SetOptionBytes(rawZAPDomain, []byte("global")))
	if got, err := s.ZAPDomain(); err != nil || got != "global" {
		t.Errorf("ZAPDomain after SetOptionBytes = %q, %v", got, err)
	}
	ep := zt.BindLocal(t, s)
	if got, err := s.OptionBytes(rawLastEndpoint, 256); err != nil || string(got) != ep+"\x00" {
		t.Errorf("OptionBytes(ZMQ_LAST_ENDPOINT) = %q, %v; want %q and a NUL", got, err, ep)
	}

	size := make([]byte, 8)
	binary.NativeEndian.PutUint64(size, 1<<33)
	curveStep(t, s.SetOptionBytes(rawMaxMsgSize, size))
	if got, err := s.MaxMsgSize(); err != nil || got != 1<<33 {
		t.Errorf("MaxMsgSize after SetOptionBytes = %d, %v", got, err)
	}
	if got, err := s.OptionBytes(rawMaxMsgSize, 8); err != nil || string(got) != string(size) {
		t.Errorf("OptionBytes(ZMQ_MAXMSGSIZE) = % x, %v; want % x", got, err, size)
	}
}

// TestRawOptionRcvTimeo guards the socket's own copy of RCVTIMEO, which
// its waits use: set by number, as an int or as 4 bytes, it must bound
// Recv as SetRcvTimeo does (zt.Socket's is 10s).
func TestRawOptionRcvTimeo(t *testing.T) {
	s := zt.Socket(t, zt.Context(t), zmq.PULL)
	zt.BindLocal(t, s)
	ms := make([]byte, 4)
	binary.NativeEndian.PutUint32(ms, 30)
	for what, set := range map[string]func() error{
		"SetOptionInt":   func() error { return s.SetOptionInt(rawRcvTimeo, 30) },
		"SetOptionBytes": func() error { return s.SetOptionBytes(rawRcvTimeo, ms) },
	} {
		curveStep(t, s.SetRcvTimeo(zt.Limit))
		curveStep(t, set())
		zt.Within(t, zt.Limit/2, "Recv after RCVTIMEO 30ms by "+what, func() {
			_, err := s.Recv(0)
			zt.MustIs(t, err, zmq.ErrAgain, "Recv after RCVTIMEO 30ms by "+what)
		})
	}
}

// TestRawOptionDraft guards a draft option: set and read back on a libzmq
// built with the draft API, else refused with ErrInvalid.
func TestRawOptionDraft(t *testing.T) {
	s := zt.Socket(t, zt.Context(t), zmq.ROUTER)
	err := s.SetOptionInt(rawRouterNotify, 3) // ZMQ_NOTIFY_CONNECT | ZMQ_NOTIFY_DISCONNECT
	if !zmq.Has("draft") {
		zt.MustIs(t, err, zmq.ErrInvalid, "ZMQ_ROUTER_NOTIFY without the draft API")
		t.Logf("libzmq has no draft API: %v", err)
		return
	}
	curveStep(t, err)
	if got, err := s.OptionInt(rawRouterNotify); err != nil || got != 3 {
		t.Errorf("OptionInt(ZMQ_ROUTER_NOTIFY) = %d, %v; want 3", got, err)
	}
}

// TestRawOptionErrors guards the misuses: each is an *OpError with the
// operation and "option N", matching the sentinel, and none changes the
// socket.
func TestRawOptionErrors(t *testing.T) {
	ctx := zt.Context(t)
	s := zt.Socket(t, ctx, zmq.DEALER)
	curveStep(t, s.SetRoutingID([]byte("ab")))
	curveStep(t, s.SetSndHWM(10))
	// 1<<32 + ZMQ_LINGER, which a C int would truncate to ZMQ_LINGER.
	wide := int(int64(1)<<32 + rawLinger)
	closed := zt.Socket(t, ctx, zmq.DEALER)
	curveStep(t, closed.Close())
	var nilSocket *zmq.Socket

	for _, tc := range []struct {
		name, op, option string
		call             func() error
		want             error
	}{
		{"unknown set", "setsockopt", "option 9999", func() error { return s.SetOptionInt(rawUnknown, 1) }, zmq.ErrInvalid},
		{"unknown get", "getsockopt", "option 9999", func() error { _, err := s.OptionInt(rawUnknown); return err }, zmq.ErrInvalid},
		{"unknown set bytes", "setsockopt", "option 9999", func() error { return s.SetOptionBytes(rawUnknown, nil) }, zmq.ErrInvalid},
		{"unknown get bytes", "getsockopt", "option 9999", func() error { _, err := s.OptionBytes(rawUnknown, 8); return err }, zmq.ErrInvalid},
		{"negative option", "setsockopt", "option -1", func() error { return s.SetOptionInt(-1, 1) }, zmq.ErrInvalid},
		{"negative option get", "getsockopt", "option -23", func() error { _, err := s.OptionBytes(-rawSndHWM, 4); return err }, zmq.ErrInvalid},
		{"wide option", "setsockopt", "option 4294967313", func() error { return s.SetOptionInt(wide, 1234) }, zmq.ErrInvalid},
		{"wide option get", "getsockopt", "option 4294967313", func() error { _, err := s.OptionInt(wide); return err }, zmq.ErrInvalid},
		{"wide value", "setsockopt", "option 23", func() error { return s.SetOptionInt(rawSndHWM, 1<<40) }, zmq.ErrInvalid},
		{"write-only", "getsockopt", "option 6", func() error { _, err := s.OptionInt(rawSubscribe); return err }, zmq.ErrInvalid},
		{"int64 as int", "getsockopt", "option 22", func() error { _, err := s.OptionInt(rawMaxMsgSize); return err }, zmq.ErrInvalid},
		{"int64 as int set", "setsockopt", "option 22", func() error { return s.SetOptionInt(rawMaxMsgSize, 1) }, zmq.ErrInvalid},
		{"bytes as int", "getsockopt", "option 5", func() error { _, err := s.OptionInt(rawRoutingID); return err }, zmq.ErrInvalid},
		{"buffer too small", "getsockopt", "option 5", func() error { _, err := s.OptionBytes(rawRoutingID, 1); return err }, zmq.ErrInvalid},
		{"negative max", "getsockopt", "option 5", func() error { _, err := s.OptionBytes(rawRoutingID, -1); return err }, zmq.ErrInvalid},
		{"huge max", "getsockopt", "option 5", func() error { _, err := s.OptionBytes(rawRoutingID, 1<<40); return err }, zmq.ErrInvalid},
		{"closed set", "setsockopt", "option 23", func() error { return closed.SetOptionInt(rawSndHWM, 1) }, zmq.ErrClosed},
		{"closed get", "getsockopt", "option 23", func() error { _, err := closed.OptionInt(rawSndHWM); return err }, zmq.ErrClosed},
		{"closed set bytes", "setsockopt", "option 5", func() error { return closed.SetOptionBytes(rawRoutingID, []byte("x")) }, zmq.ErrClosed},
		{"closed get bytes", "getsockopt", "option 5", func() error { _, err := closed.OptionBytes(rawRoutingID, 8); return err }, zmq.ErrClosed},
		{"nil set", "setsockopt", "option 23", func() error { return nilSocket.SetOptionInt(rawSndHWM, 1) }, zmq.ErrClosed},
		{"nil get bytes", "getsockopt", "option 5", func() error { _, err := nilSocket.OptionBytes(rawRoutingID, 8); return err }, zmq.ErrClosed},
	} {
		err := tc.call()
		var oe *zmq.OpError
		if !errors.As(err, &oe) || oe.Op != tc.op || oe.Option != tc.option || !errors.Is(err, tc.want) ||
			!strings.HasPrefix(err.Error(), "zmq: "+tc.op+" "+tc.option+": ") {
			t.Errorf("%s: %v (%#v); want an *OpError %s %q matching %v", tc.name, err, oe, tc.op, tc.option, tc.want)
		}
	}

	if got, err := s.Linger(); err != nil || got != 0 {
		t.Errorf("LINGER after the wide option = %v, %v; want zt.Socket's 0", got, err)
	}
	if got, err := s.SndHWM(); err != nil || got != 10 {
		t.Errorf("SNDHWM after the refused values = %d, %v; want 10", got, err)
	}
	if got, err := s.RoutingID(); err != nil || string(got) != "ab" {
		t.Errorf("ROUTING_ID after the refused calls = %q, %v", got, err)
	}
}
