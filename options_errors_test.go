package zmq_test

// Option calls that must fail: refused values, the removed 2.x options,
// closed sockets, and the text and fields of their errors.

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// TestSocketOptionBadInput: each row must fail with errors.Is(err, want)
// and an *OpError naming the option, and never crash or reach libzmq
// with a value Go cannot represent in C.
func TestSocketOptionBadInput(t *testing.T) {
	ctx := zt.Context(t)
	for _, c := range []struct {
		name string
		typ  zmq.Type
		set  func(*zmq.Socket) error
		want error
	}{
		{"SUBSCRIBE on PUSH", zmq.PUSH, func(s *zmq.Socket) error { return s.SetSubscribe("") }, zmq.ErrInvalid},
		{"SUBSCRIBE on PAIR", zmq.PAIR, func(s *zmq.Socket) error { return s.SetSubscribe("") }, zmq.ErrInvalid},
		{"SUBSCRIBE on XPUB not manual", zmq.XPUB, func(s *zmq.Socket) error { return s.SetSubscribe("") }, zmq.ErrInvalid},
		{"SNDHWM -1", zmq.DEALER, func(s *zmq.Socket) error { return s.SetSndHWM(-1) }, zmq.ErrInvalid},
		{"RCVHWM -1", zmq.DEALER, func(s *zmq.Socket) error { return s.SetRcvHWM(-1) }, zmq.ErrInvalid},
		{"SNDHWM beyond int32", zmq.DEALER, func(s *zmq.Socket) error { return s.SetSndHWM(1 << 40) }, zmq.ErrInvalid},
		{"LINGER beyond int32 ms", zmq.DEALER, func(s *zmq.Socket) error { return s.SetLinger(1000 * time.Hour) }, zmq.ErrInvalid},
		{"HEARTBEAT_TTL 6553600ms", zmq.DEALER, func(s *zmq.Socket) error { return s.SetHeartbeatTTL(6553600 * time.Millisecond) }, zmq.ErrInvalid},
		{"HEARTBEAT_IVL negative", zmq.DEALER, func(s *zmq.Socket) error { return s.SetHeartbeatIvl(-time.Second) }, zmq.ErrInvalid},
		{"HANDSHAKE_IVL negative", zmq.DEALER, func(s *zmq.Socket) error { return s.SetHandshakeIvl(-time.Second) }, zmq.ErrInvalid},
		{"RECOVERY_IVL negative", zmq.PUB, func(s *zmq.Socket) error { return s.SetRecoveryIvl(-time.Second) }, zmq.ErrInvalid},
		{"CONNECT_TIMEOUT negative", zmq.DEALER, func(s *zmq.Socket) error { return s.SetConnectTimeout(-time.Second) }, zmq.ErrInvalid},
		{"RATE 0", zmq.PUB, func(s *zmq.Socket) error { return s.SetRate(0) }, zmq.ErrInvalid},
		{"TCP_KEEPALIVE 5", zmq.DEALER, func(s *zmq.Socket) error { return s.SetTCPKeepalive(5) }, zmq.ErrInvalid},
		{"SNDBUF -2", zmq.DEALER, func(s *zmq.Socket) error { return s.SetSndBuf(-2) }, zmq.ErrInvalid},
		{"GSSAPI nametype 3", zmq.DEALER, func(s *zmq.Socket) error { return s.SetGSSAPIPrincipalNameType(3) }, zmq.ErrInvalid},
		{`ROUTING_ID ""`, zmq.DEALER, func(s *zmq.Socket) error { return s.SetRoutingID(nil) }, zmq.ErrInvalid},
		{`ROUTING_ID []byte{}`, zmq.DEALER, func(s *zmq.Socket) error { return s.SetRoutingID([]byte{}) }, zmq.ErrInvalid},
		{"ROUTING_ID 256 bytes", zmq.DEALER, func(s *zmq.Socket) error { return s.SetRoutingID(make([]byte, 256)) }, zmq.ErrInvalid},
		{"IDENTITY 256 bytes", zmq.DEALER, func(s *zmq.Socket) error { return s.SetIdentity(make([]byte, 256)) }, zmq.ErrInvalid},
		{"CONNECT_ROUTING_ID on DEALER", zmq.DEALER, func(s *zmq.Socket) error { return s.SetConnectRoutingID([]byte("x")) }, zmq.ErrInvalid},
		{"CURVE_PUBLICKEY 39 bytes", zmq.DEALER, func(s *zmq.Socket) error { return s.SetCurvePublicKey(optClientPublicZ85[:39]) }, zmq.ErrInvalid},
		{"CURVE_SECRETKEY 123 bytes", zmq.DEALER, func(s *zmq.Socket) error { return s.SetCurveSecretKey(make([]byte, 123)) }, zmq.ErrInvalid},
		{"CURVE_SERVERKEY 31 bytes", zmq.DEALER, func(s *zmq.Socket) error { return s.SetCurveServerKey(make([]byte, 31)) }, zmq.ErrInvalid},
		{"CURVE_SERVERKEY not Z85", zmq.DEALER, func(s *zmq.Socket) error { return s.SetCurveServerKey(bytes.Repeat([]byte("~"), 40)) }, zmq.ErrInvalid},
		{"CURVE_SERVERKEY nil", zmq.DEALER, func(s *zmq.Socket) error { return s.SetCurveServerKey(nil) }, zmq.ErrInvalid},
		{"NUL in ZAP_DOMAIN", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetZAPDomain("glo\x00bal") }, zmq.ErrInvalid},
		{"NUL in PLAIN_PASSWORD", zmq.DEALER, func(s *zmq.Socket) error { return s.SetPlainPassword("a\x00") }, zmq.ErrInvalid},
		{"NUL in TCP_ACCEPT_FILTER", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetTCPAcceptFilter("127.0.0.1\x00junk") }, zmq.ErrInvalid},
		{"TCP_ACCEPT_FILTER not an address", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetTCPAcceptFilter("bogus") }, zmq.ErrInvalid},
		{"PLAIN_USERNAME 256 bytes", zmq.DEALER, func(s *zmq.Socket) error { return s.SetPlainUsername(strings.Repeat("u", 256)) }, zmq.ErrInvalid},
		{`ZAP_DOMAIN ""`, zmq.ROUTER, func(s *zmq.Socket) error { return s.SetZAPDomain("") }, zmq.ErrInvalid},
		{"GSSAPI_PRINCIPAL empty", zmq.DEALER, func(s *zmq.Socket) error { return s.SetGSSAPIPrincipal("") }, zmq.ErrInvalid},
		{"ROUTER_MANDATORY on DEALER", zmq.DEALER, func(s *zmq.Socket) error { return s.SetRouterMandatory(true) }, zmq.ErrInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.set(freshSocket(t, ctx, c.typ))
			zt.MustIs(t, err, c.want, c.name)
			var op *zmq.OpError
			if !errors.As(err, &op) || op.Op != "setsockopt" || !strings.HasPrefix(op.Option, "ZMQ_") {
				t.Errorf("%s: error %#v is not an *OpError naming the option", c.name, err)
			}
		})
	}
}

// TestRemovedOptions: the Guide's options that libzmq 3.0 removed fail
// with ErrNotSupported and name their replacement.
func TestRemovedOptions(t *testing.T) {
	ctx := zt.Context(t)
	s := zt.Socket(t, ctx, zmq.PUB)
	for _, c := range []struct {
		err        error
		name, hint string
	}{
		{s.SetSwap(1 << 20), "ZMQ_SWAP", "SetSndHWM"},
		{s.SetMcastLoop(false), "ZMQ_MCAST_LOOP", "ZMQ_MULTICAST_LOOP"},
		{s.SetRecoveryIvlMsec(time.Second), "ZMQ_RECOVERY_IVL_MSEC", "SetRecoveryIvl"},
	} {
		zt.MustIs(t, c.err, zmq.ErrNotSupported, c.name)
		var op *zmq.OpError
		if !errors.As(c.err, &op) || op.Op != "setsockopt" || op.Option != c.name {
			t.Errorf("%s: %#v is not an *OpError for setsockopt %s", c.name, c.err, c.name)
		}
		if msg := c.err.Error(); !strings.Contains(msg, c.hint) || !strings.Contains(msg, "removed in libzmq 3.0") {
			t.Errorf("%s: error %q does not name the replacement %s", c.name, msg, c.hint)
		}
	}
}

// TestSocketOptionErrorText: an option's error reads "zmq: setsockopt
// <option>: <cause>", and a refused NUL says so.
func TestSocketOptionErrorText(t *testing.T) {
	ctx := zt.Context(t)
	s := zt.Socket(t, ctx, zmq.DEALER)
	err := s.SetSndHWM(-1)
	if got, want := err.Error(), "zmq: setsockopt ZMQ_SNDHWM: Invalid argument"; got != want {
		t.Errorf("error text %q, want %q", got, want)
	}
	err = s.SetZAPDomain("a\x00b")
	if !strings.Contains(err.Error(), "ZMQ_ZAP_DOMAIN") || !strings.Contains(err.Error(), "NUL") {
		t.Errorf("error text %q does not name the option and the NUL", err)
	}
}

// TestSocketOptionClosed: every kind of option accessor says ErrClosed on
// a closed socket and on a nil one, without reaching libzmq.
func TestSocketOptionClosed(t *testing.T) {
	ctx := zt.Context(t)
	closed := mustSocket(t, ctx, zmq.DEALER)
	if err := closed.Close(); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*zmq.Socket{closed, nil} {
		calls := map[string]error{
			"SetSndHWM":      s.SetSndHWM(5),
			"SetLinger":      s.SetLinger(0),
			"SetAffinity":    s.SetAffinity(1),
			"SetMaxMsgSize":  s.SetMaxMsgSize(1),
			"SetRoutingID":   s.SetRoutingID([]byte("x")),
			"SetZAPDomain":   s.SetZAPDomain("x"),
			"SetSubscribe":   s.SetSubscribe("x"),
			"SetImmediate":   s.SetImmediate(true),
			"SetHWM":         s.SetHWM(5),
			"SetSwap":        s.SetSwap(1),
			"SetCurveServer": s.SetCurveServer(true),
		}
		_, calls["SndHWM"] = s.SndHWM()
		_, calls["Affinity"] = s.Affinity()
		_, calls["MaxMsgSize"] = s.MaxMsgSize()
		_, calls["RoutingID"] = s.RoutingID()
		_, calls["ZAPDomain"] = s.ZAPDomain()
		_, calls["Events"] = s.Events()
		_, calls["Mechanism"] = s.Mechanism()
		_, calls["Linger"] = s.Linger()
		_, calls["CurvePublicKey"] = s.CurvePublicKey()
		for name, err := range calls {
			zt.MustIs(t, err, zmq.ErrClosed, name+" on "+s.String())
		}
	}
}
