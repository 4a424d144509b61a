package zmq

// SetIOThreads sets the number of I/O threads (ZMQ_IO_THREADS); it takes
// effect only before the first socket is created.
func (c *Context) SetIOThreads(n int) error { return c.setOption(ctxIOThreads, "ZMQ_IO_THREADS", n) }
