package zmq_test

// Socket options round-trip: each option's default on a fresh socket, a
// value set and read back as libzmq keeps it, and options that set or
// mirror others (SetHWM, IPV4ONLY).

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
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
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// freshSocket returns a socket with libzmq's own defaults (zt.Socket sets
// LINGER and the timeouts), closed when the test ends.
func freshSocket(t *testing.T, ctx *zmq.Context, typ zmq.Type) *zmq.Socket {
	t.Helper()
	s := mustSocket(t, ctx, typ)
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
// sets another value and reads it back: a wrong option number, C type,
// unit or length in the table shows up as a wrong default or value.
func TestSocketOptionRoundTrip(t *testing.T) {
	ctx := zt.Context(t)
	for _, c := range optCases() {
		t.Run(c.name, func(t *testing.T) {
			s := freshSocket(t, ctx, c.typ)
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

// TestSocketOptionEmptyStrings: "" must reach libzmq as an empty value and
// reset the string options libzmq lets reset (ZAP_DOMAIN and the GSSAPI
// principals it does not), not fail or leave the old value.
func TestSocketOptionEmptyStrings(t *testing.T) {
	ctx := zt.Context(t)
	s := freshSocket(t, ctx, zmq.DEALER)
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

// TestSetHWM: the Guide's SetHWM must set both high water marks, and its
// error must name the libzmq option that refused the value.
func TestSetHWM(t *testing.T) {
	ctx := zt.Context(t)
	s := zt.Socket(t, ctx, zmq.DEALER)
	if err := s.SetHWM(42); err != nil {
		t.Fatal(err)
	}
	snd, err1 := s.SndHWM()
	rcv, err2 := s.RcvHWM()
	if err1 != nil || err2 != nil || snd != 42 || rcv != 42 {
		t.Errorf("after SetHWM(42): SNDHWM %d (%v), RCVHWM %d (%v)", snd, err1, rcv, err2)
	}
	err := s.SetHWM(-1)
	zt.MustIs(t, err, zmq.ErrInvalid, "SetHWM(-1)")
	var op *zmq.OpError
	if !errors.As(err, &op) || op.Op != "setsockopt" || op.Option != "ZMQ_SNDHWM" {
		t.Errorf("SetHWM(-1) error %#v is not an *OpError for setsockopt ZMQ_SNDHWM", err)
	}
}

// TestSocketOptionVMCI: without a VMCI transport libzmq refuses the VMCI
// options with ErrInvalid, which must come through; with VMCI they
// round-trip.
func TestSocketOptionVMCI(t *testing.T) {
	ctx := zt.Context(t)
	s := freshSocket(t, ctx, zmq.DEALER)
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
			zt.MustIs(t, err, zmq.ErrInvalid, "VMCI option without VMCI")
		}
	}
	if zmq.Has("vmci") {
		if v, _ := s.VMCIBufferSize(); v != 1<<17 {
			t.Errorf("VMCIBufferSize = %d", v)
		}
	}
}

// TestSocketOptionIPv4OnlyIsNotIPv6: the deprecated IPV4ONLY is the
// inverse of IPV6, one setting seen through two options.
func TestSocketOptionIPv4OnlyIsNotIPv6(t *testing.T) {
	ctx := zt.Context(t)
	s := freshSocket(t, ctx, zmq.DEALER)
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
