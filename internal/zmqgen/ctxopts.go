package main

// The context options (zmq_ctx_set, zmq_ctx_get), from which
// ctxoptions_gen.go gets its Context methods. Their docs do not follow one
// pattern, so each row holds the whole doc comment of its setter and getter.

type ctxOpt struct {
	zmq    string // libzmq name without ZMQ_
	num    int    // its number in zmq.h; consts_gen.c checks it
	bool   bool   // a bool in Go, 0 or 1 to libzmq; otherwise an int
	set    string // the setter's name; "" if libzmq cannot set it
	param  string // the setter's parameter
	setDoc string
	get    string // the getter's name; "" if libzmq cannot read it
	getDoc string
}

var ctxOpts = []ctxOpt{
	{zmq: "IO_THREADS", num: 1,
		set: "SetIOThreads", param: "n",
		setDoc: `SetIOThreads sets the number of I/O threads (ZMQ_IO_THREADS); it takes
effect only before the first socket is created. The default is 1; 0 is
allowed for contexts that only use inproc.`,
		get:    "IOThreads",
		getDoc: `IOThreads returns the number of I/O threads (ZMQ_IO_THREADS).`},
	{zmq: "MAX_SOCKETS", num: 2,
		set: "SetMaxSockets", param: "n",
		setDoc: `SetMaxSockets sets how many sockets the context may have open at once
(ZMQ_MAX_SOCKETS); it takes effect only before the first socket is
created. The default is 1023.`,
		get: "MaxSockets",
		getDoc: `MaxSockets returns how many sockets the context may have open at once
(ZMQ_MAX_SOCKETS).`},
	{zmq: "SOCKET_LIMIT", num: 3,
		get: "SocketLimit",
		getDoc: `SocketLimit returns the largest number of sockets this libzmq can handle
(ZMQ_SOCKET_LIMIT), 65535 on Linux builds.`},
	{zmq: "THREAD_PRIORITY", num: 3,
		set: "SetThreadPriority", param: "prio",
		setDoc: `SetThreadPriority sets the scheduling priority of the context's I/O
threads, as for pthread_setschedparam (ZMQ_THREAD_PRIORITY); it takes
effect only for threads started after it. -1, the default, leaves the
OS default. It has no getter: ZMQ_THREAD_PRIORITY has the same number
as ZMQ_SOCKET_LIMIT, which zmq_ctx_get answers instead.`},
	{zmq: "THREAD_SCHED_POLICY", num: 4,
		set: "SetThreadSchedPolicy", param: "policy",
		setDoc: `SetThreadSchedPolicy sets the scheduling policy of the context's I/O
threads, a SCHED_ value such as SCHED_OTHER (0) or SCHED_FIFO (1)
(ZMQ_THREAD_SCHED_POLICY); it takes effect only for threads started
after it. -1, the default, leaves the OS default.`,
		get: "ThreadSchedPolicy",
		getDoc: `ThreadSchedPolicy returns the scheduling policy of the context's I/O
threads (ZMQ_THREAD_SCHED_POLICY); -1 means the OS default.`},
	{zmq: "THREAD_AFFINITY_CPU_ADD", num: 7,
		set: "AddThreadAffinityCPU", param: "cpu",
		setDoc: `AddThreadAffinityCPU adds cpu (numbered from 0) to the CPUs the context's
I/O threads may run on (ZMQ_THREAD_AFFINITY_CPU_ADD); it takes effect
only for threads started after it. With no CPU added, the default, they
may run on any. libzmq cannot report the set.`},
	{zmq: "THREAD_AFFINITY_CPU_REMOVE", num: 8,
		set: "RemoveThreadAffinityCPU", param: "cpu",
		setDoc: `RemoveThreadAffinityCPU removes cpu from the CPUs added with
AddThreadAffinityCPU (ZMQ_THREAD_AFFINITY_CPU_REMOVE).`},
	{zmq: "THREAD_NAME_PREFIX", num: 9,
		set: "SetThreadNamePrefix", param: "prefix",
		setDoc: `SetThreadNamePrefix sets the number libzmq puts before the names of the
context's I/O threads ("42/ZMQbg/IO/0" for 42), to tell the threads of
several contexts apart in ps or a debugger (ZMQ_THREAD_NAME_PREFIX). In
libzmq 4.3 it is a number, not a string. By default there is no prefix
(and ThreadNamePrefix returns 0), but setting 0 gives "0/ZMQbg/IO/0".
It takes effect only for threads started after it.`,
		get: "ThreadNamePrefix",
		getDoc: `ThreadNamePrefix returns the number put before the names of the
context's I/O threads (ZMQ_THREAD_NAME_PREFIX).`},
	{zmq: "MAX_MSGSZ", num: 5,
		set: "SetMaxMsgSz", param: "n",
		setDoc: `SetMaxMsgSz sets the size in bytes of the largest message the context's
sockets accept (ZMQ_MAX_MSGSZ). The default, and the largest value, is
the largest C int (2147483647).`,
		get: "MaxMsgSz",
		getDoc: `MaxMsgSz returns the size in bytes of the largest message the context's
sockets accept (ZMQ_MAX_MSGSZ).`},
	{zmq: "MSG_T_SIZE", num: 6,
		get: "MsgTSize",
		getDoc: `MsgTSize returns the size in bytes of libzmq's zmq_msg_t structure
(ZMQ_MSG_T_SIZE), 64 in libzmq 4.3.`},
	{zmq: "IPV6", num: 42, bool: true,
		set: "SetIPv6", param: "on",
		setDoc: `SetIPv6 sets whether sockets created afterwards use IPv6 as well as IPv4
(ZMQ_IPV6); each socket can still change it with Socket.SetIPv6. The
default is false.`,
		get: "IPv6",
		getDoc: `IPv6 returns whether sockets created afterwards use IPv6 as well as IPv4
(ZMQ_IPV6).`},
	{zmq: "BLOCKY", num: 70, bool: true,
		set: "SetBlocky", param: "on",
		setDoc: `SetBlocky sets whether sockets created afterwards linger forever by
default (ZMQ_BLOCKY): true, the default, gives them LINGER -1, so that
Term waits until queued messages are delivered; false gives them LINGER
0. A socket's own SetLinger overrides it.`,
		get: "Blocky",
		getDoc: `Blocky returns whether sockets created afterwards linger forever by
default (ZMQ_BLOCKY).`},
}
