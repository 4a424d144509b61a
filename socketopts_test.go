package zmq_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zmqgo/zmq"
)

// The CURVE test keys of zmq_curve(7) and RFC 26, in Z85 and as bytes.
var (
	optClientPublicZ85 = []byte("Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID")
	optClientSecretZ85 = []byte("D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs")
	optServerPublicZ85 = []byte("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7")
	optClientPublic    = optHex("bb88471d65e2659b30c55a5321cebb5aab2b70a398645c26dca2b2fcb43fc518")
	optClientSecret    = optHex("7bb864b489afa3671fbe69101f94b38972f24816dfb01b51656b3fec8dfd0888")
	optServerPublic    = optHex("54fcba24e93249969316fb617c872bb0c1d1ff14800427c594cbfacf1bc2d652")
)

func optHex(s string) []byte {
	b := make([]byte, len(s)/2)
	for i := range b {
		b[i] = byte(optNibble(s[2*i])<<4 | optNibble(s[2*i+1]))
	}
	return b
}

func optNibble(c byte) int { return strings.IndexByte("0123456789abcdef", c) }

// optRawSocket returns a socket with libzmq's own defaults (newSocket sets
// LINGER and the timeouts), closed when the test ends.
func optRawSocket(t *testing.T, ctx *zmq.Context, typ zmq.Type) *zmq.Socket {
	t.Helper()
	s, err := ctx.NewSocket(typ)
	if err != nil {
		t.Fatalf("NewSocket(%v): %v", typ, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// optCase is one readable and writable option: its default on a fresh
// socket of type typ, a value to set, and what reading it back gives.
type optCase struct {
	name string
	typ  zmq.Type
	get  func(*zmq.Socket) (any, error)
	set  func(*zmq.Socket) error
	def  any
	want any
}

// optRW makes an optCase from a setter and a getter, as method
// expressions: optRW("ZMQ_SNDHWM", zmq.DEALER, (*zmq.Socket).SetSndHWM,
// (*zmq.Socket).SndHWM, 1000, 5, 5).
func optRW[T any](name string, typ zmq.Type, set func(*zmq.Socket, T) error, get func(*zmq.Socket) (T, error), def, v, want T) optCase {
	return optCase{
		name: name,
		typ:  typ,
		get:  func(s *zmq.Socket) (any, error) { return get(s) },
		set:  func(s *zmq.Socket) error { return set(s, v) },
		def:  def,
		want: want,
	}
}

func optCases() []optCase {
	type S = zmq.Socket
	ms := time.Millisecond
	zero32 := make([]byte, 32)
	return []optCase{
		optRW("ZMQ_AFFINITY", zmq.DEALER, (*S).SetAffinity, (*S).Affinity, 0, 3, 3),
		optRW("ZMQ_ROUTING_ID", zmq.DEALER, (*S).SetRoutingID, (*S).RoutingID, []byte{}, []byte("peer-1"), []byte("peer-1")),
		optRW("ZMQ_ROUTING_ID binary", zmq.REQ, (*S).SetRoutingID, (*S).RoutingID, []byte{}, []byte{1, 0, 255}, []byte{1, 0, 255}),
		optRW("ZMQ_ROUTING_ID 255 bytes", zmq.DEALER, (*S).SetRoutingID, (*S).RoutingID, []byte{}, bytes.Repeat([]byte("r"), 255), bytes.Repeat([]byte("r"), 255)),
		optRW("ZMQ_IDENTITY", zmq.DEALER, (*S).SetIdentity, (*S).Identity, []byte{}, []byte("book"), []byte("book")),
		optRW("ZMQ_RATE", zmq.PUB, (*S).SetRate, (*S).Rate, 100, 200, 200),
		optRW("ZMQ_RECOVERY_IVL", zmq.PUB, (*S).SetRecoveryIvl, (*S).RecoveryIvl, 10*time.Second, 2500*ms, 2500*ms),
		optRW("ZMQ_SNDBUF", zmq.DEALER, (*S).SetSndBuf, (*S).SndBuf, -1, 65536, 65536),
		optRW("ZMQ_RCVBUF", zmq.DEALER, (*S).SetRcvBuf, (*S).RcvBuf, -1, 65536, 65536),
		optRW("ZMQ_LINGER", zmq.DEALER, (*S).SetLinger, (*S).Linger, -1*ms, 1500*ms, 1500*ms),
		optRW("ZMQ_LINGER SUB", zmq.SUB, (*S).SetLinger, (*S).Linger, 0, -1*ms, -1*ms),
		optRW("ZMQ_LINGER XSUB", zmq.XSUB, (*S).SetLinger, (*S).Linger, 0, 10*ms, 10*ms),
		optRW("ZMQ_LINGER below 1ms", zmq.DEALER, (*S).SetLinger, (*S).Linger, -1*ms, time.Microsecond, 1*ms),
		// durationMS passes any negative duration as -1: forever.
		optRW("ZMQ_LINGER -2ms", zmq.DEALER, (*S).SetLinger, (*S).Linger, -1*ms, -2*ms, -1*ms),
		optRW("ZMQ_RECONNECT_IVL", zmq.DEALER, (*S).SetReconnectIvl, (*S).ReconnectIvl, 100*ms, 250*ms, 250*ms),
		optRW("ZMQ_RECONNECT_IVL -1", zmq.DEALER, (*S).SetReconnectIvl, (*S).ReconnectIvl, 100*ms, -time.Hour, -1*ms),
		optRW("ZMQ_BACKLOG", zmq.ROUTER, (*S).SetBacklog, (*S).Backlog, 100, 50, 50),
		optRW("ZMQ_RECONNECT_IVL_MAX", zmq.DEALER, (*S).SetReconnectIvlMax, (*S).ReconnectIvlMax, 0, 5*time.Second, 5*time.Second),
		optRW("ZMQ_MAXMSGSIZE", zmq.DEALER, (*S).SetMaxMsgSize, (*S).MaxMsgSize, -1, 1<<40, 1<<40),
		optRW("ZMQ_SNDHWM", zmq.PUSH, (*S).SetSndHWM, (*S).SndHWM, 1000, 5, 5),
		optRW("ZMQ_RCVHWM", zmq.PULL, (*S).SetRcvHWM, (*S).RcvHWM, 1000, 7, 7),
		optRW("ZMQ_SNDHWM 0", zmq.PUSH, (*S).SetSndHWM, (*S).SndHWM, 1000, 0, 0),
		optRW("ZMQ_MULTICAST_HOPS", zmq.PUB, (*S).SetMulticastHops, (*S).MulticastHops, 1, 4, 4),
		optRW("ZMQ_RCVTIMEO", zmq.PULL, (*S).SetRcvTimeo, (*S).RcvTimeo, -1*ms, 1234*ms, 1234*ms),
		optRW("ZMQ_SNDTIMEO", zmq.PUSH, (*S).SetSndTimeo, (*S).SndTimeo, -1*ms, 4321*ms, 4321*ms),
		optRW("ZMQ_RCVTIMEO 0", zmq.PULL, (*S).SetRcvTimeo, (*S).RcvTimeo, -1*ms, 0, 0),
		optRW("ZMQ_TCP_KEEPALIVE", zmq.DEALER, (*S).SetTCPKeepalive, (*S).TCPKeepalive, -1, 1, 1),
		optRW("ZMQ_TCP_KEEPALIVE_CNT", zmq.DEALER, (*S).SetTCPKeepaliveCnt, (*S).TCPKeepaliveCnt, -1, 5, 5),
		optRW("ZMQ_TCP_KEEPALIVE_IDLE", zmq.DEALER, (*S).SetTCPKeepaliveIdle, (*S).TCPKeepaliveIdle, -1, 60, 60),
		optRW("ZMQ_TCP_KEEPALIVE_INTVL", zmq.DEALER, (*S).SetTCPKeepaliveIntvl, (*S).TCPKeepaliveIntvl, -1, 10, 10),
		optRW("ZMQ_IMMEDIATE", zmq.DEALER, (*S).SetImmediate, (*S).Immediate, false, true, true),
		optRW("ZMQ_IPV6", zmq.DEALER, (*S).SetIPv6, (*S).IPv6, false, true, true),
		optRW("ZMQ_PLAIN_SERVER", zmq.ROUTER, (*S).SetPlainServer, (*S).PlainServer, false, true, true),
		optRW("ZMQ_PLAIN_USERNAME", zmq.DEALER, (*S).SetPlainUsername, (*S).PlainUsername, "", "admin", "admin"),
		optRW("ZMQ_PLAIN_PASSWORD", zmq.DEALER, (*S).SetPlainPassword, (*S).PlainPassword, "", "secret", "secret"),
		optRW("ZMQ_CURVE_SERVER", zmq.ROUTER, (*S).SetCurveServer, (*S).CurveServer, false, true, true),
		optRW("ZMQ_CURVE_PUBLICKEY Z85", zmq.DEALER, (*S).SetCurvePublicKey, (*S).CurvePublicKey, zero32, optClientPublicZ85, optClientPublic),
		optRW("ZMQ_CURVE_PUBLICKEY binary", zmq.DEALER, (*S).SetCurvePublicKey, (*S).CurvePublicKey, zero32, optClientPublic, optClientPublic),
		optRW("ZMQ_CURVE_SECRETKEY Z85", zmq.DEALER, (*S).SetCurveSecretKey, (*S).CurveSecretKey, zero32, optClientSecretZ85, optClientSecret),
		optRW("ZMQ_CURVE_SECRETKEY binary", zmq.DEALER, (*S).SetCurveSecretKey, (*S).CurveSecretKey, zero32, optClientSecret, optClientSecret),
		optRW("ZMQ_CURVE_SERVERKEY Z85", zmq.DEALER, (*S).SetCurveServerKey, (*S).CurveServerKey, zero32, optServerPublicZ85, optServerPublic),
		optRW("ZMQ_CURVE_SERVERKEY binary", zmq.DEALER, (*S).SetCurveServerKey, (*S).CurveServerKey, zero32, optServerPublic, optServerPublic),
		optRW("ZMQ_CONFLATE", zmq.PULL, (*S).SetConflate, (*S).Conflate, false, true, true),
		optRW("ZMQ_ZAP_DOMAIN", zmq.ROUTER, (*S).SetZAPDomain, (*S).ZAPDomain, "", "global", "global"),
		optRW("ZMQ_TOS", zmq.DEALER, (*S).SetTOS, (*S).TOS, 0, 0x28, 0x28),
		optRW("ZMQ_GSSAPI_SERVER", zmq.ROUTER, (*S).SetGSSAPIServer, (*S).GSSAPIServer, false, true, true),
		optRW("ZMQ_GSSAPI_PRINCIPAL", zmq.DEALER, (*S).SetGSSAPIPrincipal, (*S).GSSAPIPrincipal, "", "client@EXAMPLE.COM", "client@EXAMPLE.COM"),
		optRW("ZMQ_GSSAPI_SERVICE_PRINCIPAL", zmq.DEALER, (*S).SetGSSAPIServicePrincipal, (*S).GSSAPIServicePrincipal, "", "zmq/host.example.com", "zmq/host.example.com"),
		optRW("ZMQ_GSSAPI_PLAINTEXT", zmq.DEALER, (*S).SetGSSAPIPlaintext, (*S).GSSAPIPlaintext, false, true, true),
		optRW("ZMQ_HANDSHAKE_IVL", zmq.DEALER, (*S).SetHandshakeIvl, (*S).HandshakeIvl, 30*time.Second, 5*time.Second, 5*time.Second),
		optRW("ZMQ_SOCKS_PROXY", zmq.DEALER, (*S).SetSOCKSProxy, (*S).SOCKSProxy, "", "127.0.0.1:1080", "127.0.0.1:1080"),
		optRW("ZMQ_INVERT_MATCHING", zmq.XPUB, (*S).SetInvertMatching, (*S).InvertMatching, false, true, true),
		optRW("ZMQ_HEARTBEAT_IVL", zmq.DEALER, (*S).SetHeartbeatIvl, (*S).HeartbeatIvl, 0, time.Second, time.Second),
		optRW("ZMQ_HEARTBEAT_TTL", zmq.DEALER, (*S).SetHeartbeatTTL, (*S).HeartbeatTTL, 0, 2*time.Second, 2*time.Second),
		// libzmq keeps the TTL in deciseconds.
		optRW("ZMQ_HEARTBEAT_TTL rounds down", zmq.DEALER, (*S).SetHeartbeatTTL, (*S).HeartbeatTTL, 0, 1550*ms, 1500*ms),
		optRW("ZMQ_HEARTBEAT_TTL max", zmq.DEALER, (*S).SetHeartbeatTTL, (*S).HeartbeatTTL, 0, 6553500*ms, 6553500*ms),
		optRW("ZMQ_HEARTBEAT_TIMEOUT", zmq.DEALER, (*S).SetHeartbeatTimeout, (*S).HeartbeatTimeout, -1*ms, 3*time.Second, 3*time.Second),
		optRW("ZMQ_CONNECT_TIMEOUT", zmq.DEALER, (*S).SetConnectTimeout, (*S).ConnectTimeout, 0, 2*time.Second, 2*time.Second),
		optRW("ZMQ_TCP_MAXRT", zmq.DEALER, (*S).SetTCPMaxRT, (*S).TCPMaxRT, 0, 4*time.Second, 4*time.Second),
		optRW("ZMQ_MULTICAST_MAXTPDU", zmq.PUB, (*S).SetMulticastMaxTPDU, (*S).MulticastMaxTPDU, 1500, 9000, 9000),
		optRW("ZMQ_USE_FD", zmq.ROUTER, (*S).SetUseFD, (*S).UseFD, -1, 5, 5),
		optRW("ZMQ_GSSAPI_PRINCIPAL_NAMETYPE", zmq.DEALER, (*S).SetGSSAPIPrincipalNameType, (*S).GSSAPIPrincipalNameType, zmq.GSSAPINTHostBased, zmq.GSSAPINTKrb5Principal, zmq.GSSAPINTKrb5Principal),
		optRW("ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE", zmq.DEALER, (*S).SetGSSAPIServicePrincipalNameType, (*S).GSSAPIServicePrincipalNameType, zmq.GSSAPINTHostBased, zmq.GSSAPINTUserName, zmq.GSSAPINTUserName),
		optRW("ZMQ_BINDTODEVICE", zmq.DEALER, (*S).SetBindToDevice, (*S).BindToDevice, "", "lo", "lo"),
		optRW("ZMQ_IPV4ONLY", zmq.DEALER, (*S).SetIPv4Only, (*S).IPv4Only, true, false, false),
	}
}

// TestSocketOptionRoundTrip reads each option's default on a fresh socket,
// sets another value and reads it back.
func TestSocketOptionRoundTrip(t *testing.T) {
	ctx := newContext(t)
	for _, c := range optCases() {
		t.Run(c.name, func(t *testing.T) {
			s := optRawSocket(t, ctx, c.typ)
			def, err := c.get(s)
			if err != nil {
				t.Fatalf("reading the default: %v", err)
			}
			if diff := cmp.Diff(c.def, def); diff != "" {
				t.Errorf("default (-want +got):\n%s", diff)
			}
			if err := c.set(s); err != nil {
				t.Fatalf("set: %v", err)
			}
			got, err := c.get(s)
			if err != nil {
				t.Fatalf("get after set: %v", err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("read back (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSocketOptionEmptyStrings checks that "" resets the string options
// libzmq lets reset (ZAP_DOMAIN and the GSSAPI principals it does not).
func TestSocketOptionEmptyStrings(t *testing.T) {
	ctx := newContext(t)
	s := optRawSocket(t, ctx, zmq.DEALER)
	type S = zmq.Socket
	for _, o := range []struct {
		name string
		set  func(*S, string) error
		get  func(*S) (string, error)
	}{
		{"ZMQ_SOCKS_PROXY", (*S).SetSOCKSProxy, (*S).SOCKSProxy},
		{"ZMQ_BINDTODEVICE", (*S).SetBindToDevice, (*S).BindToDevice},
	} {
		if err := o.set(s, "x"); err != nil {
			t.Fatalf("%s x: %v", o.name, err)
		}
		if err := o.set(s, ""); err != nil {
			t.Fatalf(`%s "": %v`, o.name, err)
		}
		if v, err := o.get(s); err != nil || v != "" {
			t.Errorf(`%s after "": %q, %v`, o.name, v, err)
		}
	}
}

func TestSocketOptionReadOnly(t *testing.T) {
	ctx := newContext(t)
	for _, typ := range []zmq.Type{zmq.PAIR, zmq.PUB, zmq.SUB, zmq.REQ, zmq.REP, zmq.DEALER, zmq.ROUTER, zmq.PULL, zmq.PUSH, zmq.XPUB, zmq.XSUB, zmq.STREAM} {
		s := optRawSocket(t, ctx, typ)
		if got, err := s.Type(); err != nil || got != typ {
			t.Errorf("Type of %v: %v, %v", typ, got, err)
		}
		if ts, err := s.ThreadSafe(); err != nil || ts {
			t.Errorf("ThreadSafe of %v: %v, %v", typ, ts, err)
		}
		if fd, err := s.FD(); err != nil || fd < 0 {
			t.Errorf("FD of %v: %v, %v", typ, fd, err)
		}
		if m, err := s.Mechanism(); err != nil || m != zmq.MechanismNull {
			t.Errorf("Mechanism of %v: %v, %v", typ, m, err)
		}
		if ep, err := s.LastEndpoint(); err != nil || ep != "" {
			t.Errorf("LastEndpoint of %v: %q, %v", typ, ep, err)
		}
	}

	// A fresh ROUTER can always send (it drops what it cannot route); a
	// fresh DEALER can do nothing.
	if ev, err := optRawSocket(t, ctx, zmq.ROUTER).Events(); err != nil || ev != zmq.POLLOUT {
		t.Errorf("Events of a fresh ROUTER: %v, %v; want POLLOUT", ev, err)
	}
	if ev, err := optRawSocket(t, ctx, zmq.DEALER).Events(); err != nil || ev != 0 {
		t.Errorf("Events of a fresh DEALER: %v, %v; want 0", ev, err)
	}

	// Events reports a message waiting.
	push, pull := connectedPair(t, ctx, zmq.PUSH, zmq.PULL)
	if err := push.SendString("x", 0); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(waitLimit)
	for {
		ev, err := pull.Events()
		if err != nil {
			t.Fatal(err)
		}
		if ev&zmq.POLLIN != 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Events never reported POLLIN: %v", ev)
		}
		time.Sleep(time.Millisecond)
	}
	if ev, _ := push.Events(); ev != zmq.POLLOUT {
		t.Errorf("Events of a connected PUSH: %v, want POLLOUT", ev)
	}
}

func TestSocketOptionMechanism(t *testing.T) {
	ctx := newContext(t)
	for _, c := range []struct {
		name string
		set  func(*zmq.Socket) error
		want zmq.Mechanism
	}{
		{"PLAIN_USERNAME", func(s *zmq.Socket) error { return s.SetPlainUsername("u") }, zmq.MechanismPlain},
		{"PLAIN_SERVER", func(s *zmq.Socket) error { return s.SetPlainServer(true) }, zmq.MechanismPlain},
		{"CURVE_SERVER", func(s *zmq.Socket) error { return s.SetCurveServer(true) }, zmq.MechanismCurve},
		{"CURVE_SERVERKEY", func(s *zmq.Socket) error { return s.SetCurveServerKey(optServerPublicZ85) }, zmq.MechanismCurve},
		{"GSSAPI_SERVER", func(s *zmq.Socket) error { return s.SetGSSAPIServer(true) }, zmq.MechanismGSSAPI},
	} {
		s := optRawSocket(t, ctx, zmq.DEALER)
		if err := c.set(s); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if m, err := s.Mechanism(); err != nil || m != c.want {
			t.Errorf("Mechanism after %s: %v, %v; want %v", c.name, m, err, c.want)
		}
	}

	// "" as PLAIN user name returns to NULL.
	s := optRawSocket(t, ctx, zmq.DEALER)
	if err := s.SetPlainUsername("u"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPlainUsername(""); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Mechanism(); m != zmq.MechanismNull {
		t.Errorf(`Mechanism after SetPlainUsername(""): %v, want NULL`, m)
	}

	if got := zmq.MechanismCurve.String(); got != "CURVE" {
		t.Errorf("MechanismCurve.String() = %q", got)
	}
	if got := zmq.Mechanism(9).String(); got != "Mechanism(9)" {
		t.Errorf("Mechanism(9).String() = %q", got)
	}
}

func TestEventsString(t *testing.T) {
	for ev, want := range map[zmq.Events]string{
		0:                        "0",
		zmq.POLLIN:               "POLLIN",
		zmq.POLLIN | zmq.POLLOUT: "POLLIN|POLLOUT",
		zmq.POLLERR | 16:         "POLLERR|Events(16)",
	} {
		if got := ev.String(); got != want {
			t.Errorf("Events(%d).String() = %q, want %q", int(ev), got, want)
		}
	}
}

// TestSocketOptionWriteOnly sets each option libzmq cannot read on a
// socket type that takes it, and checks that another type refuses it.
func TestSocketOptionWriteOnly(t *testing.T) {
	ctx := newContext(t)
	for _, c := range []struct {
		name      string
		typ       zmq.Type
		set       func(*zmq.Socket) error
		refusedBy zmq.Type // -1: every type takes it
	}{
		{"ZMQ_SUBSCRIBE", zmq.SUB, func(s *zmq.Socket) error { return s.SetSubscribe("a\x00b") }, zmq.PUSH},
		{"ZMQ_UNSUBSCRIBE", zmq.SUB, func(s *zmq.Socket) error { return s.SetUnsubscribe("a\x00b") }, zmq.PAIR},
		{"ZMQ_ROUTER_MANDATORY", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetRouterMandatory(true) }, zmq.DEALER},
		{"ZMQ_ROUTER_RAW", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetRouterRaw(true) }, zmq.DEALER},
		{"ZMQ_ROUTER_HANDOVER", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetRouterHandover(true) }, zmq.DEALER},
		{"ZMQ_CONNECT_ROUTING_ID", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetConnectRoutingID([]byte("peer")) }, zmq.DEALER},
		{"ZMQ_CONNECT_ROUTING_ID STREAM", zmq.STREAM, func(s *zmq.Socket) error { return s.SetConnectRoutingID([]byte("peer")) }, zmq.REQ},
		{"ZMQ_PROBE_ROUTER", zmq.DEALER, func(s *zmq.Socket) error { return s.SetProbeRouter(true) }, zmq.PUB},
		{"ZMQ_REQ_CORRELATE", zmq.REQ, func(s *zmq.Socket) error { return s.SetReqCorrelate(true) }, zmq.REP},
		{"ZMQ_REQ_RELAXED", zmq.REQ, func(s *zmq.Socket) error { return s.SetReqRelaxed(true) }, zmq.REP},
		{"ZMQ_XPUB_VERBOSE", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubVerbose(true) }, zmq.SUB},
		{"ZMQ_XPUB_VERBOSER", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubVerboser(true) }, zmq.SUB},
		{"ZMQ_XPUB_NODROP", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubNoDrop(true) }, zmq.SUB},
		{"ZMQ_XPUB_NODROP PUB", zmq.PUB, func(s *zmq.Socket) error { return s.SetXPubNoDrop(true) }, zmq.PUSH},
		{"ZMQ_XPUB_MANUAL", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubManual(true) }, zmq.SUB},
		{"ZMQ_XPUB_WELCOME_MSG", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubWelcomeMsg([]byte("hi")) }, zmq.SUB},
		{"ZMQ_XPUB_WELCOME_MSG nil", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubWelcomeMsg(nil) }, zmq.SUB},
		{"ZMQ_STREAM_NOTIFY", zmq.STREAM, func(s *zmq.Socket) error { return s.SetStreamNotify(false) }, zmq.ROUTER},
		{"ZMQ_TCP_ACCEPT_FILTER", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetTCPAcceptFilter("127.0.0.1") }, -1},
		{"ZMQ_TCP_ACCEPT_FILTER CIDR", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetTCPAcceptFilter("10.0.0.0/8") }, -1},
		{"ZMQ_TCP_ACCEPT_FILTER clear", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetTCPAcceptFilter("") }, -1},
		{"ZMQ_IPC_FILTER_PID", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetIPCFilterPID(1) }, -1},
		{"ZMQ_IPC_FILTER_UID", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetIPCFilterUID(0) }, -1},
		{"ZMQ_IPC_FILTER_GID", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetIPCFilterGID(0) }, -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.set(optRawSocket(t, ctx, c.typ)); err != nil {
				t.Errorf("on %v: %v", c.typ, err)
			}
			if c.refusedBy >= 0 {
				mustIs(t, c.set(optRawSocket(t, ctx, c.refusedBy)), zmq.ErrInvalid, c.name+" on "+c.refusedBy.String())
			}
		})
	}
}

// TestRouterMandatory shows a write-only option taking effect.
func TestRouterMandatory(t *testing.T) {
	ctx := newContext(t)
	r := newSocket(t, ctx, zmq.ROUTER)
	if err := r.SendMessage([][]byte{[]byte("nobody"), []byte("x")}, zmq.DONTWAIT); err != nil {
		t.Fatalf("default ROUTER drops unroutable messages, got %v", err)
	}
	if err := r.SetRouterMandatory(true); err != nil {
		t.Fatal(err)
	}
	mustIs(t, r.SendMessage([][]byte{[]byte("nobody"), []byte("x")}, zmq.DONTWAIT), zmq.ErrHostUnreachable, "mandatory ROUTER to unknown peer")
}

// TestSubscribeUnsubscribe watches SUB's subscriptions arrive at an XPUB.
func TestSubscribeUnsubscribe(t *testing.T) {
	ctx := newContext(t)
	xpub, sub := connectedPair(t, ctx, zmq.XPUB, zmq.SUB)
	if err := sub.SetSubscribe("top\x00ic"); err != nil {
		t.Fatal(err)
	}
	if got, err := xpub.RecvString(0); err != nil || got != "\x01top\x00ic" {
		t.Fatalf("XPUB got %q, %v; want a subscription", got, err)
	}
	if err := sub.SetUnsubscribe("top\x00ic"); err != nil {
		t.Fatal(err)
	}
	if got, err := xpub.RecvString(0); err != nil || got != "\x00top\x00ic" {
		t.Fatalf("XPUB got %q, %v; want an unsubscription", got, err)
	}
}

// TestSetHWM checks the Guide's HWM sets both directions.
func TestSetHWM(t *testing.T) {
	ctx := newContext(t)
	s := newSocket(t, ctx, zmq.DEALER)
	if err := s.SetHWM(42); err != nil {
		t.Fatal(err)
	}
	snd, err1 := s.SndHWM()
	rcv, err2 := s.RcvHWM()
	if err1 != nil || err2 != nil || snd != 42 || rcv != 42 {
		t.Errorf("after SetHWM(42): SNDHWM %d (%v), RCVHWM %d (%v)", snd, err1, rcv, err2)
	}
	err := s.SetHWM(-1)
	mustIs(t, err, zmq.ErrInvalid, "SetHWM(-1)")
	if !strings.Contains(err.Error(), "ZMQ_SNDHWM") {
		t.Errorf("SetHWM(-1) error %q does not name ZMQ_SNDHWM", err)
	}
}

// TestSocketOptionBadInput: each row must fail with errors.Is(err, want),
// and never crash.
func TestSocketOptionBadInput(t *testing.T) {
	ctx := newContext(t)
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
			err := c.set(optRawSocket(t, ctx, c.typ))
			mustIs(t, err, c.want, c.name)
			var op *zmq.OpError
			if !errors.As(err, &op) || !strings.HasPrefix(op.Op, "setsockopt ZMQ_") {
				t.Errorf("%s: error %#v is not an *OpError naming the option", c.name, err)
			}
		})
	}
}

// TestSocketOptionVMCI: this libzmq has no VMCI transport, and its VMCI
// options say so; with VMCI they round-trip.
func TestSocketOptionVMCI(t *testing.T) {
	ctx := newContext(t)
	s := optRawSocket(t, ctx, zmq.DEALER)
	errs := []error{
		s.SetVMCIBufferSize(1 << 17), s.SetVMCIBufferMinSize(256), s.SetVMCIBufferMaxSize(1 << 20), s.SetVMCIConnectTimeout(time.Second),
	}
	_, e1 := s.VMCIBufferSize()
	_, e2 := s.VMCIBufferMinSize()
	_, e3 := s.VMCIBufferMaxSize()
	_, e4 := s.VMCIConnectTimeout()
	errs = append(errs, e1, e2, e3, e4)
	for i, err := range errs {
		if zmq.Has("vmci") {
			if err != nil {
				t.Errorf("VMCI option %d: %v", i, err)
			}
		} else {
			mustIs(t, err, zmq.ErrInvalid, "VMCI option without VMCI")
		}
	}
	if zmq.Has("vmci") {
		if v, _ := s.VMCIBufferSize(); v != 1<<17 {
			t.Errorf("VMCIBufferSize = %d", v)
		}
	}
}

func TestSocketOptionIPv4OnlyIsNotIPv6(t *testing.T) {
	ctx := newContext(t)
	s := optRawSocket(t, ctx, zmq.DEALER)
	if err := s.SetIPv4Only(false); err != nil {
		t.Fatal(err)
	}
	if on, err := s.IPv6(); err != nil || !on {
		t.Errorf("IPv6 after SetIPv4Only(false): %v, %v", on, err)
	}
	if err := s.SetIPv6(false); err != nil {
		t.Fatal(err)
	}
	if only, err := s.IPv4Only(); err != nil || !only {
		t.Errorf("IPv4Only after SetIPv6(false): %v, %v", only, err)
	}
}

// TestRemovedOptions: the Guide's options that libzmq 3.0 removed fail
// with ErrNotSupported and name their replacement.
func TestRemovedOptions(t *testing.T) {
	ctx := newContext(t)
	s := newSocket(t, ctx, zmq.PUB)
	for _, c := range []struct {
		err        error
		name, hint string
	}{
		{s.SetSwap(1 << 20), "ZMQ_SWAP", "SetSndHWM"},
		{s.SetMcastLoop(false), "ZMQ_MCAST_LOOP", "ZMQ_MULTICAST_LOOP"},
		{s.SetRecoveryIvlMsec(time.Second), "ZMQ_RECOVERY_IVL_MSEC", "SetRecoveryIvl"},
	} {
		mustIs(t, c.err, zmq.ErrNotSupported, c.name)
		var op *zmq.OpError
		if !errors.As(c.err, &op) || op.Op != "setsockopt "+c.name {
			t.Errorf("%s: %#v is not an *OpError for setsockopt %s", c.name, c.err, c.name)
		}
		if msg := c.err.Error(); !strings.Contains(msg, c.hint) || !strings.Contains(msg, "removed in libzmq 3.0") {
			t.Errorf("%s: error %q does not name the replacement %s", c.name, msg, c.hint)
		}
	}
}

func TestSocketOptionErrorText(t *testing.T) {
	ctx := newContext(t)
	s := newSocket(t, ctx, zmq.DEALER)
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
	ctx := newContext(t)
	closed, err := ctx.NewSocket(zmq.DEALER)
	if err != nil {
		t.Fatal(err)
	}
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
			mustIs(t, err, zmq.ErrClosed, name+" on "+s.String())
		}
	}
}
