package zmq

// Context options: zmq_ctx_set and zmq_ctx_get. Like the socket options,
// each setter and getter names the option in its errors ("zmq: zmq_ctx_set
// ZMQ_IO_THREADS: Invalid argument") and returns ErrClosed once Term has
// begun. The thread options (IO_THREADS, THREAD_*) take effect only for
// I/O threads not yet started, that is before the context's first socket.

// SetIOThreads sets the number of I/O threads (ZMQ_IO_THREADS); it takes
// effect only before the first socket is created. The default is 1; 0 is
// allowed for contexts that only use inproc.
func (c *Context) SetIOThreads(n int) error { return c.setOption(ctxIOThreads, "ZMQ_IO_THREADS", n) }

// IOThreads returns the number of I/O threads (ZMQ_IO_THREADS).
func (c *Context) IOThreads() (int, error) { return c.option(ctxIOThreads, "ZMQ_IO_THREADS") }

// SetMaxSockets sets how many sockets the context may have open at once
// (ZMQ_MAX_SOCKETS); it takes effect only before the first socket is
// created. The default is 1023.
func (c *Context) SetMaxSockets(n int) error {
	return c.setOption(_ZMQ_MAX_SOCKETS, "ZMQ_MAX_SOCKETS", n)
}

// MaxSockets returns how many sockets the context may have open at once
// (ZMQ_MAX_SOCKETS).
func (c *Context) MaxSockets() (int, error) { return c.option(_ZMQ_MAX_SOCKETS, "ZMQ_MAX_SOCKETS") }

// SocketLimit returns the largest number of sockets this libzmq can handle
// (ZMQ_SOCKET_LIMIT), 65535 on Linux builds.
func (c *Context) SocketLimit() (int, error) {
	return c.option(_ZMQ_SOCKET_LIMIT, "ZMQ_SOCKET_LIMIT")
}

// SetThreadPriority sets the scheduling priority of the context's I/O
// threads, as for pthread_setschedparam (ZMQ_THREAD_PRIORITY); it takes
// effect only for threads started after it. -1, the default, leaves the
// OS default. It has no getter: ZMQ_THREAD_PRIORITY has the same number
// as ZMQ_SOCKET_LIMIT, which zmq_ctx_get answers instead.
func (c *Context) SetThreadPriority(prio int) error {
	return c.setOption(_ZMQ_THREAD_PRIORITY, "ZMQ_THREAD_PRIORITY", prio)
}

// SetThreadSchedPolicy sets the scheduling policy of the context's I/O
// threads, a SCHED_ value such as SCHED_OTHER (0) or SCHED_FIFO (1)
// (ZMQ_THREAD_SCHED_POLICY); it takes effect only for threads started
// after it. -1, the default, leaves the OS default.
func (c *Context) SetThreadSchedPolicy(policy int) error {
	return c.setOption(_ZMQ_THREAD_SCHED_POLICY, "ZMQ_THREAD_SCHED_POLICY", policy)
}

// ThreadSchedPolicy returns the scheduling policy of the context's I/O
// threads (ZMQ_THREAD_SCHED_POLICY); -1 means the OS default.
func (c *Context) ThreadSchedPolicy() (int, error) {
	return c.option(_ZMQ_THREAD_SCHED_POLICY, "ZMQ_THREAD_SCHED_POLICY")
}

// AddThreadAffinityCPU adds cpu (numbered from 0) to the CPUs the context's
// I/O threads may run on (ZMQ_THREAD_AFFINITY_CPU_ADD); it takes effect
// only for threads started after it. With no CPU added, the default, they
// may run on any. libzmq cannot report the set.
func (c *Context) AddThreadAffinityCPU(cpu int) error {
	return c.setOption(_ZMQ_THREAD_AFFINITY_CPU_ADD, "ZMQ_THREAD_AFFINITY_CPU_ADD", cpu)
}

// RemoveThreadAffinityCPU removes cpu from the CPUs added with
// AddThreadAffinityCPU (ZMQ_THREAD_AFFINITY_CPU_REMOVE).
func (c *Context) RemoveThreadAffinityCPU(cpu int) error {
	return c.setOption(_ZMQ_THREAD_AFFINITY_CPU_REMOVE, "ZMQ_THREAD_AFFINITY_CPU_REMOVE", cpu)
}

// SetThreadNamePrefix sets the number libzmq puts before the names of the
// context's I/O threads ("42/ZMQbg/IO/0" for 42), to tell the threads of
// several contexts apart in ps or a debugger (ZMQ_THREAD_NAME_PREFIX). In
// libzmq 4.3 it is a number, not a string. By default there is no prefix
// (and ThreadNamePrefix returns 0), but setting 0 gives "0/ZMQbg/IO/0".
// It takes effect only for threads started after it.
func (c *Context) SetThreadNamePrefix(prefix int) error {
	return c.setOption(_ZMQ_THREAD_NAME_PREFIX, "ZMQ_THREAD_NAME_PREFIX", prefix)
}

// ThreadNamePrefix returns the number put before the names of the
// context's I/O threads (ZMQ_THREAD_NAME_PREFIX).
func (c *Context) ThreadNamePrefix() (int, error) {
	return c.option(_ZMQ_THREAD_NAME_PREFIX, "ZMQ_THREAD_NAME_PREFIX")
}

// SetMaxMsgSz sets the size in bytes of the largest message the context's
// sockets accept (ZMQ_MAX_MSGSZ). The default, and the largest value, is
// the largest C int (2147483647).
func (c *Context) SetMaxMsgSz(n int) error {
	return c.setOption(_ZMQ_MAX_MSGSZ, "ZMQ_MAX_MSGSZ", n)
}

// MaxMsgSz returns the size in bytes of the largest message the context's
// sockets accept (ZMQ_MAX_MSGSZ).
func (c *Context) MaxMsgSz() (int, error) { return c.option(_ZMQ_MAX_MSGSZ, "ZMQ_MAX_MSGSZ") }

// MsgTSize returns the size in bytes of libzmq's zmq_msg_t structure
// (ZMQ_MSG_T_SIZE), 64 in libzmq 4.3.
func (c *Context) MsgTSize() (int, error) { return c.option(_ZMQ_MSG_T_SIZE, "ZMQ_MSG_T_SIZE") }

// SetIPv6 sets whether sockets created afterwards use IPv6 as well as IPv4
// (ZMQ_IPV6); each socket can still change it with Socket.SetIPv6. The
// default is false.
func (c *Context) SetIPv6(on bool) error { return c.setOption(_ZMQ_IPV6, "ZMQ_IPV6", boolInt(on)) }

// IPv6 returns whether sockets created afterwards use IPv6 as well as IPv4
// (ZMQ_IPV6).
func (c *Context) IPv6() (bool, error) {
	v, err := c.option(_ZMQ_IPV6, "ZMQ_IPV6")
	return v != 0, err
}

// SetBlocky sets whether sockets created afterwards linger forever by
// default (ZMQ_BLOCKY): true, the default, gives them LINGER -1, so that
// Term waits until queued messages are delivered; false gives them LINGER
// 0. A socket's own SetLinger overrides it.
func (c *Context) SetBlocky(on bool) error {
	return c.setOption(_ZMQ_BLOCKY, "ZMQ_BLOCKY", boolInt(on))
}

// Blocky returns whether sockets created afterwards linger forever by
// default (ZMQ_BLOCKY).
func (c *Context) Blocky() (bool, error) {
	v, err := c.option(_ZMQ_BLOCKY, "ZMQ_BLOCKY")
	return v != 0, err
}
