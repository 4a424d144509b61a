package main

// The socket options: one row for each stable ZMQ_ option of libzmq 4.3.4,
// from which options_gen.go gets a setter (SetX) and a getter (X).
//
// Each row is one ZMQ_ option: its libzmq name and number, its Go name
// (libzmq's name in CamelCase, keeping libzmq's abbreviations), its Go
// type, whether libzmq can set and read it (checked against libzmq 4.3.4
// itself: a getsockopt that fails with EINVAL on every socket type makes
// the option write-only), and the doc text. Options that need more than a
// row (SetHWM, the Guide's aliases, the removed 2.x options) are written
// by hand in options.go at the root of the module; RcvMore is in socket.go.

// kind is how an option's value crosses to libzmq.
type kind int

const (
	kInt      kind = iota // int ⇄ C int
	kBool                 // bool ⇄ C int 0/1
	kDuration             // time.Duration ⇄ C int milliseconds
	kInt64                // int64 ⇄ int64_t
	kUint64               // uint64 ⇄ uint64_t
	kBytes                // []byte ⇄ binary data
	kKey                  // CURVE key: 32 bytes or 40 Z85 characters; reads 32 bytes
	kString               // string ⇄ character string (no NUL)
	kPrefix               // string ⇄ binary data (SUBSCRIBE, UNSUBSCRIBE)
	kEnum                 // a named int type (enum) ⇄ C int
)

type access int

const (
	rw access = iota
	wo        // libzmq 4.3.4 cannot read it
	ro        // libzmq cannot set it
)

type sockOpt struct {
	zmq    string // libzmq name without ZMQ_
	num    int    // its number in zmq.h; consts_gen.c checks it
	goName string // X in SetX / X
	kind   kind
	acc    access
	enum   string // kEnum only: the Go type
	max    int    // kBytes and kString: longest value a getter reads
	// forever: kDuration only, libzmq gives -1 a meaning (forever, never,
	// or "the default"): any negative duration becomes -1. Without it a
	// negative duration is refused.
	forever bool
	// doc is what the option is, as a phrase that follows "SetX sets" and
	// "X returns" ("the high water mark for outbound messages").
	doc string
	// more follows doc on the setter (and on the getter of a read-only
	// option): units, special values, defaults.
	more string
	// deprecated, if set, becomes a "Deprecated:" paragraph.
	deprecated string
}

var sockOpts = []sockOpt{
	{zmq: "AFFINITY", num: 4, goName: "Affinity", kind: kUint64,
		doc:  "the I/O thread affinity of the socket's new connections, a bitmap where bit 0 stands for I/O thread 1",
		more: "0, the default, spreads connections over all of them."},
	{zmq: "ROUTING_ID", num: 5, goName: "RoutingID", kind: kBytes, max: 255,
		doc:  "the routing id (identity) the socket announces to ROUTER peers when it connects",
		more: "It is 1 to 255 bytes and should not begin with a zero byte, which libzmq reserves. Unset by default: the ROUTER then makes one up. SetIdentity and Identity are the Guide's names for it."},
	{zmq: "SUBSCRIBE", num: 6, goName: "Subscribe", kind: kPrefix, acc: wo,
		doc:  "a SUB socket receive messages that begin with prefix",
		more: `"" subscribes to everything. The prefix is binary: it may hold any byte, NUL included.`},
	{zmq: "UNSUBSCRIBE", num: 7, goName: "Unsubscribe", kind: kPrefix, acc: wo,
		doc:  "a SUB socket remove one subscription made with SetSubscribe with the same prefix",
		more: "The prefix is binary: it may hold any byte, NUL included."},
	{zmq: "RATE", num: 8, goName: "Rate", kind: kInt,
		doc:  "the multicast (PGM, NORM) data rate in kilobits per second",
		more: "The default is 100."},
	{zmq: "RECOVERY_IVL", num: 9, goName: "RecoveryIvl", kind: kDuration,
		doc:  "how long a multicast receiver may be absent and still recover lost data",
		more: "The default is 10s; libzmq keeps milliseconds."},
	{zmq: "SNDBUF", num: 11, goName: "SndBuf", kind: kInt,
		doc:  "the size in bytes of the kernel's transmit buffer, SO_SNDBUF",
		more: "-1, the default, leaves the OS default."},
	{zmq: "RCVBUF", num: 12, goName: "RcvBuf", kind: kInt,
		doc:  "the size in bytes of the kernel's receive buffer, SO_RCVBUF",
		more: "-1, the default, leaves the OS default."},
	{zmq: "FD", num: 14, goName: "FD", kind: kInt, acc: ro,
		doc:  "the file descriptor libzmq signals when the socket's events may have changed, for an external event loop",
		more: "It is edge-triggered and says nothing by itself: read Events after it fires. Do not read from it, write to it or close it."},
	{zmq: "EVENTS", num: 15, goName: "Events", kind: kEnum, enum: "Events", acc: ro,
		doc:  "the events the socket is ready for now: POLLIN if a receive would not block, POLLOUT if a send would not block",
		more: "Reading it also lets libzmq process pending commands, which may change FD's state."},
	{zmq: "TYPE", num: 16, goName: "Type", kind: kEnum, enum: "Type", acc: ro,
		doc: "the socket's type"},
	{zmq: "LINGER", num: 17, goName: "Linger", kind: kDuration, forever: true,
		doc:  "how long Close and Term keep trying to deliver queued messages",
		more: "-1 (any negative duration) waits forever, 0 drops them. The default is -1, but 0 for SUB and XSUB sockets."},
	{zmq: "RECONNECT_IVL", num: 18, goName: "ReconnectIvl", kind: kDuration, forever: true,
		doc:  "how long to wait before reconnecting a lost or refused connection",
		more: "The default is 100ms; a negative duration (libzmq's -1) disables reconnection."},
	{zmq: "BACKLOG", num: 19, goName: "Backlog", kind: kInt,
		doc:  "the length of the queue of connections not yet accepted by a bound socket: listen's backlog",
		more: "The default is 100."},
	{zmq: "RECONNECT_IVL_MAX", num: 21, goName: "ReconnectIvlMax", kind: kDuration,
		doc:  "the upper bound of the reconnection interval, which doubles after each failed attempt",
		more: "0, the default, keeps the interval at ReconnectIvl."},
	{zmq: "MAXMSGSIZE", num: 22, goName: "MaxMsgSize", kind: kInt64,
		doc:  "the size in bytes of the largest inbound message accepted; a peer that sends a larger one is disconnected",
		more: "-1, the default, means no limit."},
	{zmq: "SNDHWM", num: 23, goName: "SndHWM", kind: kInt,
		doc:  "the high water mark for outbound messages: how many may queue for each peer before a send blocks or drops, depending on the socket type",
		more: "The default is 1000; 0 means no limit."},
	{zmq: "RCVHWM", num: 24, goName: "RcvHWM", kind: kInt,
		doc:  "the high water mark for inbound messages: how many may queue from each peer before libzmq stops reading from it or drops, depending on the socket type",
		more: "The default is 1000; 0 means no limit."},
	{zmq: "MULTICAST_HOPS", num: 25, goName: "MulticastHops", kind: kInt,
		doc:  "the time-to-live of outbound multicast packets, in network hops",
		more: "The default is 1, the local network."},
	{zmq: "RCVTIMEO", num: 27, goName: "RcvTimeo", kind: kDuration, forever: true,
		doc:  "how long a receive may block before it fails with ErrAgain",
		more: "-1 (any negative duration), the default, blocks forever; 0 never blocks."},
	{zmq: "SNDTIMEO", num: 28, goName: "SndTimeo", kind: kDuration, forever: true,
		doc:  "how long a send may block before it fails with ErrAgain",
		more: "-1 (any negative duration), the default, blocks forever; 0 never blocks."},
	{zmq: "LAST_ENDPOINT", num: 32, goName: "LastEndpoint", kind: kString, acc: ro, max: 1024,
		doc:  "the endpoint of the last Bind or Connect, with a wildcard port resolved",
		more: `Bind("tcp://127.0.0.1:*") then LastEndpoint is how to learn a free port.`},
	{zmq: "ROUTER_MANDATORY", num: 33, goName: "RouterMandatory", kind: kBool, acc: wo,
		doc:  "whether a ROUTER fails a send to an unknown peer with ErrHostUnreachable (or blocks or fails with ErrAgain when the peer is at its high water mark) instead of dropping the message",
		more: "The default is false (drop)."},
	{zmq: "TCP_KEEPALIVE", num: 34, goName: "TCPKeepalive", kind: kInt,
		doc:  "the SO_KEEPALIVE override of the socket's TCP connections",
		more: "-1, the default, leaves the OS default; 0 turns keepalives off, 1 on."},
	{zmq: "TCP_KEEPALIVE_CNT", num: 35, goName: "TCPKeepaliveCnt", kind: kInt,
		doc:  "the TCP_KEEPCNT override: how many unanswered keepalive probes drop a TCP connection",
		more: "-1, the default, leaves the OS default."},
	{zmq: "TCP_KEEPALIVE_IDLE", num: 36, goName: "TCPKeepaliveIdle", kind: kInt,
		doc:  "the TCP_KEEPIDLE override, in seconds: how long a TCP connection is idle before keepalive probes start",
		more: "-1, the default, leaves the OS default."},
	{zmq: "TCP_KEEPALIVE_INTVL", num: 37, goName: "TCPKeepaliveIntvl", kind: kInt,
		doc:  "the TCP_KEEPINTVL override, in seconds: the time between keepalive probes",
		more: "-1, the default, leaves the OS default."},
	{zmq: "IMMEDIATE", num: 39, goName: "Immediate", kind: kBool,
		doc:  "whether messages queue only to completed connections, so that a send blocks (or fails) while no peer is connected",
		more: "The default is false."},
	{zmq: "XPUB_VERBOSE", num: 40, goName: "XPubVerbose", kind: kBool, acc: wo,
		doc:  "whether an XPUB socket passes every subscribe message up, not only new ones",
		more: "The default is false."},
	{zmq: "ROUTER_RAW", num: 41, goName: "RouterRaw", kind: kBool, acc: wo,
		doc:  "whether a ROUTER socket talks raw TCP, without ZMTP framing",
		more: "The default is false; STREAM sockets replace it."},
	{zmq: "IPV6", num: 42, goName: "IPv6", kind: kBool,
		doc:  "whether the socket uses IPv6 as well as IPv4 rather than IPv4 only",
		more: "The default is false, or the context's IPv6 setting."},
	{zmq: "MECHANISM", num: 43, goName: "Mechanism", kind: kEnum, enum: "Mechanism", acc: ro,
		doc:  "the security mechanism the socket's settings select",
		more: "Setting PLAIN, CURVE or GSSAPI options changes it."},
	{zmq: "PLAIN_SERVER", num: 44, goName: "PlainServer", kind: kBool,
		doc:  "whether the socket is a PLAIN server, which authenticates clients through ZAP",
		more: "The default is false. Setting it selects the PLAIN mechanism."},
	{zmq: "PLAIN_USERNAME", num: 45, goName: "PlainUsername", kind: kString, max: 255,
		doc:  "the user name a PLAIN client sends",
		more: `Setting it selects the PLAIN mechanism as a client; "" returns the socket to the NULL mechanism, though libzmq keeps the old name.`},
	{zmq: "PLAIN_PASSWORD", num: 46, goName: "PlainPassword", kind: kString, max: 255,
		doc:  "the password a PLAIN client sends",
		more: `Setting it selects the PLAIN mechanism as a client; "" returns the socket to the NULL mechanism, though libzmq keeps the old password.`},
	{zmq: "CURVE_SERVER", num: 47, goName: "CurveServer", kind: kBool,
		doc:  "whether the socket is a CURVE server, which needs its secret key, set with SetCurveSecretKey",
		more: "The default is false; setting it to false returns the socket to the NULL mechanism."},
	{zmq: "CURVE_PUBLICKEY", num: 48, goName: "CurvePublicKey", kind: kKey,
		doc:  "the long-term public key of a CURVE client",
		more: "A key is 32 bytes, or 40 characters of Z85 text; other lengths fail with ErrInvalid. The getter returns 32 bytes."},
	{zmq: "CURVE_SECRETKEY", num: 49, goName: "CurveSecretKey", kind: kKey,
		doc:  "the long-term secret key of a CURVE client or server",
		more: "A key is 32 bytes, or 40 characters of Z85 text; other lengths fail with ErrInvalid. The getter returns 32 bytes."},
	{zmq: "CURVE_SERVERKEY", num: 50, goName: "CurveServerKey", kind: kKey,
		doc:  "the long-term public key of the server a CURVE client connects to; setting it makes the socket a CURVE client",
		more: "A key is 32 bytes, or 40 characters of Z85 text; other lengths fail with ErrInvalid. The getter returns 32 bytes."},
	{zmq: "PROBE_ROUTER", num: 51, goName: "ProbeRouter", kind: kBool, acc: wo,
		doc:  "whether a ROUTER, DEALER or REQ socket sends an empty message to each peer it connects to, so that a ROUTER peer learns its routing id at once",
		more: "The default is false."},
	{zmq: "REQ_CORRELATE", num: 52, goName: "ReqCorrelate", kind: kBool, acc: wo,
		doc:  "whether a REQ socket tags requests with an id and drops replies that do not match the last request",
		more: "The default is false."},
	{zmq: "REQ_RELAXED", num: 53, goName: "ReqRelaxed", kind: kBool, acc: wo,
		doc:  "whether a REQ socket may send a new request without waiting for the reply to the last one, to be used with SetReqCorrelate",
		more: "The default is false."},
	{zmq: "CONFLATE", num: 54, goName: "Conflate", kind: kBool,
		doc:  "whether the socket keeps only the last message in its queues; it applies to PUSH, PULL, PUB, SUB and DEALER sockets, and to single-part messages only",
		more: "The default is false. Over inproc it takes effect on the connecting side only (libzmq 4.3.4). In libzmq 4.3.3 and 4.3.4 a message written while the receiver reads may stay unseen until the next one arrives, and is then freed without being closed: with tcp or ipc, each such message keeps its connection's metadata (and a large message its body) allocated (zeromq/libzmq#4925)."},
	{zmq: "ZAP_DOMAIN", num: 55, goName: "ZAPDomain", kind: kString, max: 255,
		doc:  "the authentication domain (RFC 27) the socket's ZAP requests name",
		more: `The default is "". libzmq 4.3.4 refuses "": a domain once set cannot be cleared.`},
	{zmq: "ROUTER_HANDOVER", num: 56, goName: "RouterHandover", kind: kBool, acc: wo,
		doc:  "whether a ROUTER gives a routing id already in use to the new connection that claims it, instead of ignoring that connection",
		more: "The default is false."},
	{zmq: "TOS", num: 57, goName: "TOS", kind: kInt,
		doc:  "the IP Type-of-Service (DSCP) byte of the socket's outgoing packets",
		more: "The default is 0."},
	{zmq: "CONNECT_ROUTING_ID", num: 61, goName: "ConnectRoutingID", kind: kBytes, acc: wo,
		doc:  "the routing id a ROUTER or STREAM socket gives the peer of its next Connect, so that it can send to that peer at once",
		more: "It is 1 to 255 bytes, must not begin with a zero byte, and applies to one Connect only."},
	{zmq: "GSSAPI_SERVER", num: 62, goName: "GSSAPIServer", kind: kBool,
		doc:  "whether the socket is a GSSAPI server rather than a client; setting it selects the GSSAPI mechanism",
		more: "The default is false."},
	{zmq: "GSSAPI_PRINCIPAL", num: 63, goName: "GSSAPIPrincipal", kind: kString, max: 255,
		doc:  "the name of the principal whose GSSAPI credentials the socket acquires",
		more: `Setting it selects the GSSAPI mechanism; "" is refused.`},
	{zmq: "GSSAPI_SERVICE_PRINCIPAL", num: 64, goName: "GSSAPIServicePrincipal", kind: kString, max: 255,
		doc:  "the name of the principal of the GSSAPI server a client connects to",
		more: `Setting it selects the GSSAPI mechanism as a client; "" is refused.`},
	{zmq: "GSSAPI_PLAINTEXT", num: 65, goName: "GSSAPIPlaintext", kind: kBool,
		doc:  "whether GSSAPI traffic stays unencrypted",
		more: "The default is false (encrypted)."},
	{zmq: "HANDSHAKE_IVL", num: 66, goName: "HandshakeIvl", kind: kDuration,
		doc:  "how long a new connection has to complete the ZMTP handshake before it is closed",
		more: "The default is 30s; 0 means no limit."},
	{zmq: "SOCKS_PROXY", num: 68, goName: "SOCKSProxy", kind: kString, max: 1024,
		doc:  `the SOCKS5 proxy at "host:port" the socket's TCP connections go through`,
		more: `The default is "", no proxy.`},
	{zmq: "XPUB_NODROP", num: 69, goName: "XPubNoDrop", kind: kBool, acc: wo,
		doc:  "whether an XPUB or PUB socket fails a send with ErrAgain when a subscriber is at its high water mark, instead of dropping the message for it",
		more: "The default is false."},
	{zmq: "XPUB_MANUAL", num: 71, goName: "XPubManual", kind: kBool, acc: wo,
		doc:  "whether an XPUB socket leaves subscriptions to the program, which applies them with SetSubscribe and SetUnsubscribe on the XPUB socket",
		more: "The default is false."},
	{zmq: "XPUB_WELCOME_MSG", num: 72, goName: "XPubWelcomeMsg", kind: kBytes, acc: wo,
		doc:  "the message an XPUB socket sends each new subscriber, which must have subscribed to it",
		more: "nil or empty, the default, sends none."},
	{zmq: "STREAM_NOTIFY", num: 73, goName: "StreamNotify", kind: kBool, acc: wo,
		doc:  "whether a STREAM socket delivers an empty message when a peer connects or disconnects",
		more: "The default is true."},
	{zmq: "INVERT_MATCHING", num: 74, goName: "InvertMatching", kind: kBool,
		doc:  "whether a PUB, XPUB or SUB socket inverts subscriptions: it then delivers the messages that match none of them",
		more: "The default is false. Both ends must agree."},
	{zmq: "HEARTBEAT_IVL", num: 75, goName: "HeartbeatIvl", kind: kDuration,
		doc:  "the interval between ZMTP PING heartbeats on each connection",
		more: "0, the default, sends none."},
	{zmq: "HEARTBEAT_TTL", num: 76, goName: "HeartbeatTTL", kind: kDuration,
		doc:  "how long the peer should wait for traffic after a heartbeat before it drops the connection",
		more: "libzmq keeps it in tenths of a second, so it rounds down to 100ms, and refuses more than 6553.5s. The default is 0, the peer's own timeout."},
	{zmq: "HEARTBEAT_TIMEOUT", num: 77, goName: "HeartbeatTimeout", kind: kDuration,
		doc:  "how long to wait for traffic after sending a heartbeat before dropping the connection",
		more: "The default, read back as -1ms, uses the heartbeat interval; libzmq refuses setting a negative value."},
	{zmq: "XPUB_VERBOSER", num: 78, goName: "XPubVerboser", kind: kBool, acc: wo,
		doc:  "whether an XPUB socket passes every subscribe and unsubscribe message up, duplicates included",
		more: "The default is false."},
	{zmq: "CONNECT_TIMEOUT", num: 79, goName: "ConnectTimeout", kind: kDuration,
		doc:  "how long a TCP connect may take before libzmq gives up and retries",
		more: "0, the default, leaves it to the OS."},
	{zmq: "TCP_MAXRT", num: 80, goName: "TCPMaxRT", kind: kDuration,
		doc:  "the TCP maximum retransmit timeout, TCP_USER_TIMEOUT on Linux",
		more: "0, the default, leaves the OS default."},
	{zmq: "THREAD_SAFE", num: 81, goName: "ThreadSafe", kind: kBool, acc: ro,
		doc:  "whether libzmq allows the socket to be used from several threads at once",
		more: "It is false for every stable socket type. This package's Socket refuses concurrent use regardless (see ErrInUse)."},
	{zmq: "MULTICAST_MAXTPDU", num: 84, goName: "MulticastMaxTPDU", kind: kInt,
		doc:  "the largest multicast transport data unit, in bytes",
		more: "The default is 1500."},
	{zmq: "VMCI_BUFFER_SIZE", num: 85, goName: "VMCIBufferSize", kind: kUint64,
		doc:  "the buffer size in bytes of the socket's VMCI connections",
		more: `The default is 65546. Only a libzmq built with VMCI (Has("vmci")) knows it; others return ErrInvalid.`},
	{zmq: "VMCI_BUFFER_MIN_SIZE", num: 86, goName: "VMCIBufferMinSize", kind: kUint64,
		doc:  "the smallest buffer size in bytes of the socket's VMCI connections",
		more: `The default is 128. Only a libzmq built with VMCI (Has("vmci")) knows it; others return ErrInvalid.`},
	{zmq: "VMCI_BUFFER_MAX_SIZE", num: 87, goName: "VMCIBufferMaxSize", kind: kUint64,
		doc:  "the largest buffer size in bytes of the socket's VMCI connections",
		more: `The default is 262144. Only a libzmq built with VMCI (Has("vmci")) knows it; others return ErrInvalid.`},
	{zmq: "VMCI_CONNECT_TIMEOUT", num: 88, goName: "VMCIConnectTimeout", kind: kDuration,
		doc:  "how long a VMCI connect may take",
		more: `-1, the default, means no limit. Only a libzmq built with VMCI (Has("vmci")) knows it; others return ErrInvalid.`},
	{zmq: "USE_FD", num: 89, goName: "UseFD", kind: kInt,
		doc:  "a file descriptor, already bound and listening, that the next Bind adopts instead of creating one",
		more: "-1, the default, creates one."},
	{zmq: "GSSAPI_PRINCIPAL_NAMETYPE", num: 90, goName: "GSSAPIPrincipalNameType", kind: kEnum, enum: "GSSAPINameType",
		doc:  "how the name given to SetGSSAPIPrincipal is read",
		more: "The default is GSSAPINTHostBased."},
	{zmq: "GSSAPI_SERVICE_PRINCIPAL_NAMETYPE", num: 91, goName: "GSSAPIServicePrincipalNameType", kind: kEnum, enum: "GSSAPINameType",
		doc:  "how the name given to SetGSSAPIServicePrincipal is read",
		more: "The default is GSSAPINTHostBased."},
	{zmq: "BINDTODEVICE", num: 92, goName: "BindToDevice", kind: kString, max: 255,
		doc:  `the network device the socket's TCP and UDP traffic is bound to with SO_BINDTODEVICE: an interface ("eth0") or a VRF`,
		more: `The default is "", none. Binding and connecting then need CAP_NET_RAW.`},

	// Deprecated in libzmq 4.3, still working.
	{zmq: "TCP_ACCEPT_FILTER", num: 38, goName: "TCPAcceptFilter", kind: kString, acc: wo,
		doc:        "adds an IPv4 or IPv6 address or CIDR range, such as \"192.168.1.0/24\", that new TCP connections to a bound socket must come from",
		more:       `With no filters, the default, any address may connect; "" removes every filter.`,
		deprecated: "libzmq deprecates ZMQ_TCP_ACCEPT_FILTER: authenticate peers through ZAP (SetZAPDomain), which sees their address.",
	},
	{zmq: "IPC_FILTER_PID", num: 58, goName: "IPCFilterPID", kind: kInt, acc: wo,
		doc:        "adds a process id that new IPC connections to a bound socket must come from",
		more:       "With no filters, the default, any process may connect.",
		deprecated: "libzmq deprecates ZMQ_IPC_FILTER_PID: authenticate peers through ZAP (SetZAPDomain), which sees their credentials.",
	},
	{zmq: "IPC_FILTER_UID", num: 59, goName: "IPCFilterUID", kind: kInt, acc: wo,
		doc:        "adds a user id that new IPC connections to a bound socket must come from",
		more:       "With no filters, the default, any user may connect.",
		deprecated: "libzmq deprecates ZMQ_IPC_FILTER_UID: authenticate peers through ZAP (SetZAPDomain), which sees their credentials.",
	},
	{zmq: "IPC_FILTER_GID", num: 60, goName: "IPCFilterGID", kind: kInt, acc: wo,
		doc:        "adds a group id that new IPC connections to a bound socket must come from",
		more:       "With no filters, the default, any group may connect.",
		deprecated: "libzmq deprecates ZMQ_IPC_FILTER_GID: authenticate peers through ZAP (SetZAPDomain), which sees their credentials.",
	},
	{zmq: "IPV4ONLY", num: 31, goName: "IPv4Only", kind: kBool,
		doc:        "whether the socket uses IPv4 only: the opposite of IPv6",
		more:       "The default is true.",
		deprecated: "libzmq deprecates ZMQ_IPV4ONLY: use SetIPv6 and IPv6.",
	},
}
