package main

// The libzmq constants the package uses besides option numbers (those are
// in the option tables): consts_gen.go gives each a Go constant, and
// consts_gen.c checks each literal number against zmq.h.

// version is the libzmq release the tables describe. The header must be
// this release or a later one of the same major version; at run time,
// zmq.go refuses an older libzmq.
var version = struct{ major, minor int }{4, 3}

// constant is a number of zmq.h, or a POSIX errno taken from package
// syscall (errno.h's number is the platform's, not libzmq's).
type constant struct {
	name  string // the C name; the Go constant is "_" + name
	num   int    // its number in zmq.h, unless posix
	posix bool
}

type constGroup struct {
	doc    string // the comment above the Go const block
	consts []constant
}

var constGroups = []constGroup{
	{"Socket types (Type).", []constant{
		{name: "ZMQ_PAIR", num: 0},
		{name: "ZMQ_PUB", num: 1},
		{name: "ZMQ_SUB", num: 2},
		{name: "ZMQ_REQ", num: 3},
		{name: "ZMQ_REP", num: 4},
		{name: "ZMQ_DEALER", num: 5},
		{name: "ZMQ_ROUTER", num: 6},
		{name: "ZMQ_PULL", num: 7},
		{name: "ZMQ_PUSH", num: 8},
		{name: "ZMQ_XPUB", num: 9},
		{name: "ZMQ_XSUB", num: 10},
		{name: "ZMQ_STREAM", num: 11},
	}},
	{"Send and receive flags (Flag).", []constant{
		{name: "ZMQ_DONTWAIT", num: 1},
		{name: "ZMQ_SNDMORE", num: 2},
	}},
	{"Poll events (Events).", []constant{
		{name: "ZMQ_POLLIN", num: 1},
		{name: "ZMQ_POLLOUT", num: 2},
		{name: "ZMQ_POLLERR", num: 4},
	}},
	{"Security mechanisms (Mechanism).", []constant{
		{name: "ZMQ_NULL", num: 0},
		{name: "ZMQ_PLAIN", num: 1},
		{name: "ZMQ_CURVE", num: 2},
		{name: "ZMQ_GSSAPI", num: 3},
	}},
	{"GSSAPI name types (GSSAPINameType).", []constant{
		{name: "ZMQ_GSSAPI_NT_HOSTBASED", num: 0},
		{name: "ZMQ_GSSAPI_NT_USER_NAME", num: 1},
		{name: "ZMQ_GSSAPI_NT_KRB5_PRINCIPAL", num: 2},
	}},
	{"Socket monitor events (EventKind).", []constant{
		{name: "ZMQ_EVENT_CONNECTED", num: 0x0001},
		{name: "ZMQ_EVENT_CONNECT_DELAYED", num: 0x0002},
		{name: "ZMQ_EVENT_CONNECT_RETRIED", num: 0x0004},
		{name: "ZMQ_EVENT_LISTENING", num: 0x0008},
		{name: "ZMQ_EVENT_BIND_FAILED", num: 0x0010},
		{name: "ZMQ_EVENT_ACCEPTED", num: 0x0020},
		{name: "ZMQ_EVENT_ACCEPT_FAILED", num: 0x0040},
		{name: "ZMQ_EVENT_CLOSED", num: 0x0080},
		{name: "ZMQ_EVENT_CLOSE_FAILED", num: 0x0100},
		{name: "ZMQ_EVENT_DISCONNECTED", num: 0x0200},
		{name: "ZMQ_EVENT_MONITOR_STOPPED", num: 0x0400},
		{name: "ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL", num: 0x0800},
		{name: "ZMQ_EVENT_HANDSHAKE_SUCCEEDED", num: 0x1000},
		{name: "ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL", num: 0x2000},
		{name: "ZMQ_EVENT_HANDSHAKE_FAILED_AUTH", num: 0x4000},
		{name: "ZMQ_EVENT_ALL", num: 0xFFFF},
	}},
	{"libzmq's own error numbers, ZMQ_HAUSNUMERO and up.", []constant{
		{name: "EFSM", num: 156384763},
		{name: "ENOCOMPATPROTO", num: 156384764},
		{name: "ETERM", num: 156384765},
		{name: "EMTHREAD", num: 156384766},
	}},
	{"POSIX error numbers libzmq reports, as the platform numbers them.", []constant{
		{name: "EAGAIN", posix: true},
		{name: "EINTR", posix: true},
		{name: "EINVAL", posix: true},
		{name: "ENOTSUP", posix: true},
		{name: "EHOSTUNREACH", posix: true},
	}},
}
