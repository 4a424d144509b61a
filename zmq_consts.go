package zmq

// The libzmq constants the package uses, read from zmq.h at build time.

/*
#cgo pkg-config: libzmq
#include <errno.h>
#include <zmq.h>
*/
import "C"

// Constants taken from zmq.h at build time.
const (
	zmqVersionMajor = C.ZMQ_VERSION_MAJOR
	zmqVersionMinor = C.ZMQ_VERSION_MINOR

	_EAGAIN          = C.EAGAIN
	_EINTR           = C.EINTR
	_EINVAL          = C.EINVAL
	_ENOTSUP         = C.ENOTSUP
	_EHOSTUNREACH    = C.EHOSTUNREACH
	_ETERM           = C.ETERM
	_EFSM            = C.EFSM
	_EMTHREAD        = C.EMTHREAD
	_ENOCOMPATPROTO  = C.ENOCOMPATPROTO
	_EPROTONOSUPPORT = C.EPROTONOSUPPORT
	_EADDRINUSE      = C.EADDRINUSE
	_ENOENT          = C.ENOENT
	_ENOTSOCK        = C.ENOTSOCK
	_EMSGSIZE        = C.EMSGSIZE
	_ENOMEM          = C.ENOMEM

	_ZMQ_DONTWAIT = C.ZMQ_DONTWAIT
	_ZMQ_SNDMORE  = C.ZMQ_SNDMORE
	_ZMQ_POLLIN   = C.ZMQ_POLLIN
	_ZMQ_POLLOUT  = C.ZMQ_POLLOUT
	_ZMQ_POLLERR  = C.ZMQ_POLLERR

	_ZMQ_PAIR   = C.ZMQ_PAIR
	_ZMQ_PUB    = C.ZMQ_PUB
	_ZMQ_SUB    = C.ZMQ_SUB
	_ZMQ_REQ    = C.ZMQ_REQ
	_ZMQ_REP    = C.ZMQ_REP
	_ZMQ_DEALER = C.ZMQ_DEALER
	_ZMQ_ROUTER = C.ZMQ_ROUTER
	_ZMQ_PULL   = C.ZMQ_PULL
	_ZMQ_PUSH   = C.ZMQ_PUSH
	_ZMQ_XPUB   = C.ZMQ_XPUB
	_ZMQ_XSUB   = C.ZMQ_XSUB
	_ZMQ_STREAM = C.ZMQ_STREAM

	_ZMQ_LINGER   = C.ZMQ_LINGER
	_ZMQ_RCVTIMEO = C.ZMQ_RCVTIMEO
	_ZMQ_SNDTIMEO = C.ZMQ_SNDTIMEO
)

// Context options.
const (
	ctxIOThreads = C.ZMQ_IO_THREADS

	// zmq_ctx_set and zmq_ctx_get (ctxopts.go).
	_ZMQ_MAX_SOCKETS                = C.ZMQ_MAX_SOCKETS
	_ZMQ_SOCKET_LIMIT               = C.ZMQ_SOCKET_LIMIT
	_ZMQ_THREAD_PRIORITY            = C.ZMQ_THREAD_PRIORITY
	_ZMQ_THREAD_SCHED_POLICY        = C.ZMQ_THREAD_SCHED_POLICY
	_ZMQ_MAX_MSGSZ                  = C.ZMQ_MAX_MSGSZ
	_ZMQ_MSG_T_SIZE                 = C.ZMQ_MSG_T_SIZE
	_ZMQ_THREAD_AFFINITY_CPU_ADD    = C.ZMQ_THREAD_AFFINITY_CPU_ADD
	_ZMQ_THREAD_AFFINITY_CPU_REMOVE = C.ZMQ_THREAD_AFFINITY_CPU_REMOVE
	_ZMQ_THREAD_NAME_PREFIX         = C.ZMQ_THREAD_NAME_PREFIX
	_ZMQ_BLOCKY                     = C.ZMQ_BLOCKY
)

// Socket options.
const (
	_ZMQ_TYPE          = C.ZMQ_TYPE
	_ZMQ_LAST_ENDPOINT = C.ZMQ_LAST_ENDPOINT
	_ZMQ_SUBSCRIBE     = C.ZMQ_SUBSCRIBE

	// The rest of libzmq 4.3.4's stable options (socketopts_gen.go) and
	// their values.
	_ZMQ_AFFINITY                          = C.ZMQ_AFFINITY
	_ZMQ_ROUTING_ID                        = C.ZMQ_ROUTING_ID
	_ZMQ_UNSUBSCRIBE                       = C.ZMQ_UNSUBSCRIBE
	_ZMQ_RATE                              = C.ZMQ_RATE
	_ZMQ_RECOVERY_IVL                      = C.ZMQ_RECOVERY_IVL
	_ZMQ_SNDBUF                            = C.ZMQ_SNDBUF
	_ZMQ_RCVBUF                            = C.ZMQ_RCVBUF
	_ZMQ_FD                                = C.ZMQ_FD
	_ZMQ_EVENTS                            = C.ZMQ_EVENTS
	_ZMQ_RECONNECT_IVL                     = C.ZMQ_RECONNECT_IVL
	_ZMQ_BACKLOG                           = C.ZMQ_BACKLOG
	_ZMQ_RECONNECT_IVL_MAX                 = C.ZMQ_RECONNECT_IVL_MAX
	_ZMQ_MAXMSGSIZE                        = C.ZMQ_MAXMSGSIZE
	_ZMQ_SNDHWM                            = C.ZMQ_SNDHWM
	_ZMQ_RCVHWM                            = C.ZMQ_RCVHWM
	_ZMQ_MULTICAST_HOPS                    = C.ZMQ_MULTICAST_HOPS
	_ZMQ_ROUTER_MANDATORY                  = C.ZMQ_ROUTER_MANDATORY
	_ZMQ_TCP_KEEPALIVE                     = C.ZMQ_TCP_KEEPALIVE
	_ZMQ_TCP_KEEPALIVE_CNT                 = C.ZMQ_TCP_KEEPALIVE_CNT
	_ZMQ_TCP_KEEPALIVE_IDLE                = C.ZMQ_TCP_KEEPALIVE_IDLE
	_ZMQ_TCP_KEEPALIVE_INTVL               = C.ZMQ_TCP_KEEPALIVE_INTVL
	_ZMQ_IMMEDIATE                         = C.ZMQ_IMMEDIATE
	_ZMQ_XPUB_VERBOSE                      = C.ZMQ_XPUB_VERBOSE
	_ZMQ_ROUTER_RAW                        = C.ZMQ_ROUTER_RAW
	_ZMQ_IPV6                              = C.ZMQ_IPV6
	_ZMQ_MECHANISM                         = C.ZMQ_MECHANISM
	_ZMQ_PLAIN_SERVER                      = C.ZMQ_PLAIN_SERVER
	_ZMQ_PLAIN_USERNAME                    = C.ZMQ_PLAIN_USERNAME
	_ZMQ_PLAIN_PASSWORD                    = C.ZMQ_PLAIN_PASSWORD
	_ZMQ_CURVE_SERVER                      = C.ZMQ_CURVE_SERVER
	_ZMQ_CURVE_PUBLICKEY                   = C.ZMQ_CURVE_PUBLICKEY
	_ZMQ_CURVE_SECRETKEY                   = C.ZMQ_CURVE_SECRETKEY
	_ZMQ_CURVE_SERVERKEY                   = C.ZMQ_CURVE_SERVERKEY
	_ZMQ_PROBE_ROUTER                      = C.ZMQ_PROBE_ROUTER
	_ZMQ_REQ_CORRELATE                     = C.ZMQ_REQ_CORRELATE
	_ZMQ_REQ_RELAXED                       = C.ZMQ_REQ_RELAXED
	_ZMQ_CONFLATE                          = C.ZMQ_CONFLATE
	_ZMQ_ZAP_DOMAIN                        = C.ZMQ_ZAP_DOMAIN
	_ZMQ_ROUTER_HANDOVER                   = C.ZMQ_ROUTER_HANDOVER
	_ZMQ_TOS                               = C.ZMQ_TOS
	_ZMQ_CONNECT_ROUTING_ID                = C.ZMQ_CONNECT_ROUTING_ID
	_ZMQ_GSSAPI_SERVER                     = C.ZMQ_GSSAPI_SERVER
	_ZMQ_GSSAPI_PRINCIPAL                  = C.ZMQ_GSSAPI_PRINCIPAL
	_ZMQ_GSSAPI_SERVICE_PRINCIPAL          = C.ZMQ_GSSAPI_SERVICE_PRINCIPAL
	_ZMQ_GSSAPI_PLAINTEXT                  = C.ZMQ_GSSAPI_PLAINTEXT
	_ZMQ_HANDSHAKE_IVL                     = C.ZMQ_HANDSHAKE_IVL
	_ZMQ_SOCKS_PROXY                       = C.ZMQ_SOCKS_PROXY
	_ZMQ_XPUB_NODROP                       = C.ZMQ_XPUB_NODROP
	_ZMQ_XPUB_MANUAL                       = C.ZMQ_XPUB_MANUAL
	_ZMQ_XPUB_WELCOME_MSG                  = C.ZMQ_XPUB_WELCOME_MSG
	_ZMQ_STREAM_NOTIFY                     = C.ZMQ_STREAM_NOTIFY
	_ZMQ_INVERT_MATCHING                   = C.ZMQ_INVERT_MATCHING
	_ZMQ_HEARTBEAT_IVL                     = C.ZMQ_HEARTBEAT_IVL
	_ZMQ_HEARTBEAT_TTL                     = C.ZMQ_HEARTBEAT_TTL
	_ZMQ_HEARTBEAT_TIMEOUT                 = C.ZMQ_HEARTBEAT_TIMEOUT
	_ZMQ_XPUB_VERBOSER                     = C.ZMQ_XPUB_VERBOSER
	_ZMQ_CONNECT_TIMEOUT                   = C.ZMQ_CONNECT_TIMEOUT
	_ZMQ_TCP_MAXRT                         = C.ZMQ_TCP_MAXRT
	_ZMQ_THREAD_SAFE                       = C.ZMQ_THREAD_SAFE
	_ZMQ_MULTICAST_MAXTPDU                 = C.ZMQ_MULTICAST_MAXTPDU
	_ZMQ_VMCI_BUFFER_SIZE                  = C.ZMQ_VMCI_BUFFER_SIZE
	_ZMQ_VMCI_BUFFER_MIN_SIZE              = C.ZMQ_VMCI_BUFFER_MIN_SIZE
	_ZMQ_VMCI_BUFFER_MAX_SIZE              = C.ZMQ_VMCI_BUFFER_MAX_SIZE
	_ZMQ_VMCI_CONNECT_TIMEOUT              = C.ZMQ_VMCI_CONNECT_TIMEOUT
	_ZMQ_USE_FD                            = C.ZMQ_USE_FD
	_ZMQ_GSSAPI_PRINCIPAL_NAMETYPE         = C.ZMQ_GSSAPI_PRINCIPAL_NAMETYPE
	_ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE = C.ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE
	_ZMQ_BINDTODEVICE                      = C.ZMQ_BINDTODEVICE
	_ZMQ_TCP_ACCEPT_FILTER                 = C.ZMQ_TCP_ACCEPT_FILTER
	_ZMQ_IPC_FILTER_PID                    = C.ZMQ_IPC_FILTER_PID
	_ZMQ_IPC_FILTER_UID                    = C.ZMQ_IPC_FILTER_UID
	_ZMQ_IPC_FILTER_GID                    = C.ZMQ_IPC_FILTER_GID
	_ZMQ_IPV4ONLY                          = C.ZMQ_IPV4ONLY
	_ZMQ_NULL                              = C.ZMQ_NULL
	_ZMQ_PLAIN                             = C.ZMQ_PLAIN
	_ZMQ_CURVE                             = C.ZMQ_CURVE
	_ZMQ_GSSAPI                            = C.ZMQ_GSSAPI
	_ZMQ_GSSAPI_NT_HOSTBASED               = C.ZMQ_GSSAPI_NT_HOSTBASED
	_ZMQ_GSSAPI_NT_USER_NAME               = C.ZMQ_GSSAPI_NT_USER_NAME
	_ZMQ_GSSAPI_NT_KRB5_PRINCIPAL          = C.ZMQ_GSSAPI_NT_KRB5_PRINCIPAL
)
