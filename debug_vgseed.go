//go:build zmqseed && cgo

package zmq

// LeakMsgForTest turns m into a message that was never closed and that no
// cleanup will ever release: it stops m's cleanup and forgets the C
// message, so its memory is lost for good. It exists only in builds with
// the zmqseed tag, for internal/verify/vgseed, which proves that `make valgrind`
// fails on a leak. m is left as a zero Msg.
func LeakMsgForTest(m *Msg) {
	if m == nil || m.h == nil {
		return
	}
	m.cleanup.Stop()
	m.h = nil
}
