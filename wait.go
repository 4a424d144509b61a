package zmq

import (
	"errors"
	"os"
	"syscall"
	"time"
	"unsafe"
)

// ioOp names the libzmq call a send or receive makes.
type ioOp int

const (
	opSend      ioOp = iota // zmq_send from a buffer
	opSendMsg               // zmq_msg_send of a Msg
	opSendBatch             // n packed frames, each a whole message
	opSendParts             // n packed frames of a message, which ends with the last
	opSendOpen              // n packed frames of a message that goes on after them
	opRecv                  // receive into a buffer
	opRecvHold              // receive into the socket's own message
	opRecvMsg               // zmq_msg_recv into a Msg
	opRecvBatch             // up to n frames, each a whole message where it can be
	opRecvParts             // up to n frames of one message
)

func (op ioOp) sending() bool { return op <= opSendOpen }

// attempt makes one libzmq call for op, without waiting (flags include
// DONTWAIT; the C side refuses flags other than DONTWAIT and SNDMORE).
// p and n are the buffer (opSend, opRecv) or the Msg's handle (opSendMsg,
// opRecvMsg), or the number of frames.
func (s *Socket) attempt(op ioOp, p unsafe.Pointer, n int, flags Flag) int {
	switch op {
	case opSend:
		return zmqSend(s.h, p, n, int(flags))
	case opRecv:
		return zmqRecv(s.h, p, n, int(flags))
	case opSendMsg:
		return zmqMsgSend(s.h, p, int(flags))
	case opRecvMsg:
		return zmqMsgRecv(s.h, p, int(flags))
	case opSendBatch:
		return zmqSendFrames(s.h, s.scratch, s.lens[:n], int(flags), 0)
	case opSendParts:
		return zmqSendFrames(s.h, s.scratch, s.lens[:n], int(flags), n-1)
	case opSendOpen:
		return zmqSendFrames(s.h, s.scratch, s.lens[:n], int(flags), n)
	case opRecvHold:
		return zmqRecvHold(s.h, int(flags))
	case opRecvBatch:
		return zmqRecvFrames(s.h, n, int(flags), framesBatch)
	default: // opRecvParts
		return zmqRecvFrames(s.h, n, int(flags), framesMessage)
	}
}

// transfer performs one send or receive: the one place where a call may
// wait for its socket. It tries first without waiting; on EAGAIN it
// parks in Go's netpoller (see wait), so no OS thread is held while it
// waits. Send, SendString and RecvInto make the same two steps with
// their C call written out (send, recv), sparing attempt's switch.
func (s *Socket) transfer(op ioOp, p unsafe.Pointer, n int, flags Flag) int {
	rc := s.attempt(op, p, n, flags|DONTWAIT)
	if rc == -_EAGAIN {
		rc = s.wait(op, p, n, flags)
	}
	return rc
}

// timeout is the RCVTIMEO or SNDTIMEO that applies to op.
func (s *Socket) timeout(op ioOp) int {
	if op.sending() {
		return s.sndTimeo
	}
	return s.rcvTimeo
}

// waiter is what a Socket needs to wait in Go's netpoller: a duplicate of
// its ZMQ_FD (so that closing it never closes libzmq's descriptor) and,
// set for the duration of one wait, the call to retry when ZMQ_EVENTS
// says it can succeed. Closing file wakes the wait (Close does).
type waiter struct {
	file     *os.File
	conn     syscall.RawConn
	deadline bool // a read deadline is set on file
	ready    func(fd uintptr) bool

	// The call being retried, and its outcome.
	op    ioOp
	p     unsafe.Pointer
	n     int
	flags Flag
	want  int // _ZMQ_POLLIN or _ZMQ_POLLOUT
	rc    int
}

// wait is what a call does after its first try met EAGAIN: with DONTWAIT,
// or RCVTIMEO/SNDTIMEO 0, it returns EAGAIN; otherwise it retries op until
// it succeeds, fails other than with EAGAIN, or the timeout passes (-1:
// no limit). ZMQ_FD becomes readable whenever ZMQ_EVENTS may have changed,
// and reading ZMQ_EVENTS processes what made it readable, so each wake-up
// checks ZMQ_EVENTS and then the call. A context shut down makes
// ZMQ_EVENTS fail with ETERM; Close closes the waiter's descriptor, and
// the wait returns rcClosed.
func (s *Socket) wait(op ioOp, p unsafe.Pointer, n int, flags Flag) int {
	timeo := s.timeout(op)
	if flags&DONTWAIT != 0 || timeo == 0 {
		return -_EAGAIN
	}
	w := s.waiter.Load()
	if w == nil {
		var rc int
		if w, rc = s.newWaiter(); rc < 0 {
			return rc
		}
	}
	// Close marks the socket, then closes the waiter's descriptor if there
	// is one yet. A waiter published after that finds the mark here.
	if s.state.Load()&sockClosing != 0 {
		return rcClosed
	}
	if timeo > 0 {
		w.file.SetReadDeadline(time.Now().Add(time.Duration(timeo) * time.Millisecond))
		w.deadline = true
	} else if w.deadline {
		w.file.SetReadDeadline(time.Time{})
		w.deadline = false
	}
	w.op, w.p, w.n, w.flags, w.rc = op, p, n, flags|DONTWAIT, -_EAGAIN
	w.want = _ZMQ_POLLIN
	if op.sending() {
		w.want = _ZMQ_POLLOUT
	}
	err := w.conn.Read(w.ready)
	rc := w.rc
	w.p = nil
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return -_EAGAIN // RCVTIMEO or SNDTIMEO, as libzmq reports it
	case err != nil:
		return rcClosed // Close closed the descriptor
	}
	return rc
}

// newWaiter sets up the socket's waiter at its first wait.
func (s *Socket) newWaiter() (*waiter, int) {
	fd := zmqFD(s.h)
	if fd < 0 {
		return nil, fd
	}
	dup, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_DUPFD_CLOEXEC, 0)
	if errno != 0 {
		return nil, -int(errno)
	}
	// libzmq's descriptor is non-blocking, and so is its duplicate, so
	// os.NewFile puts it in the netpoller.
	f := os.NewFile(dup, "zmq-socket-fd")
	conn, err := f.SyscallConn()
	if err == nil {
		// Fails with ErrNoDeadline where the descriptor is not in the
		// netpoller: waiting there would then return at once.
		err = f.SetReadDeadline(time.Time{})
	}
	if err != nil {
		f.Close()
		return nil, -_ENOTSUP
	}
	w := &waiter{file: f, conn: conn}
	w.ready = func(uintptr) bool {
		ev := zmqEvents(s.h)
		switch {
		case ev < 0:
			w.rc = ev
			return true
		case ev&w.want == 0:
			return false // wait for ZMQ_FD
		}
		// ZMQ_EVENTS can promise what the call then refuses (an XPUB with
		// XPUB_NODROP or a ROUTER with ROUTER_MANDATORY at the high-water
		// mark of one peer): on EAGAIN wait, as libzmq itself does, for
		// the next change ZMQ_FD signals.
		w.rc = s.attempt(w.op, w.p, w.n, w.flags)
		return w.rc != -_EAGAIN
	}
	s.waiter.Store(w)
	return w, 0
}
