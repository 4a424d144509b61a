//go:build cgo

package zmq

import (
	"context"
	"sync"
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

// wait is what a call does after its first try met EAGAIN: with DONTWAIT,
// or RCVTIMEO/SNDTIMEO 0, it returns EAGAIN; otherwise it retries op until
// it succeeds, fails other than with EAGAIN, or one of its limits ends it:
// RCVTIMEO/SNDTIMEO (EAGAIN), the socket's read or write deadline
// (rcDeadline), the call's context (rcCanceled), Close (rcClosed).
//
// It parks in a select, holding no OS thread: the context's goroutine
// (ctxWaits) sends on s.wake whenever the socket's ZMQ_FD signals that
// ZMQ_EVENTS may have changed, and Close and the deadline setters send on
// it too. ZMQ_FD is edge-triggered and reading ZMQ_EVENTS processes what
// made it fire, so every wake-up checks ZMQ_EVENTS and then the call.
func (s *Socket) wait(op ioOp, p unsafe.Pointer, n int, flags Flag) int {
	timeo := s.timeout(op)
	if flags&DONTWAIT != 0 || timeo == 0 {
		return -_EAGAIN
	}
	if s.waitFD < 0 {
		if rc := s.registerWait(); rc < 0 {
			return rc
		}
	}
	var limit time.Time // RCVTIMEO or SNDTIMEO
	if timeo > 0 {
		limit = time.Now().Add(time.Duration(timeo) * time.Millisecond)
	}
	want, deadline := _ZMQ_POLLIN, &s.readDeadline
	if op.sending() {
		want, deadline = _ZMQ_POLLOUT, &s.writeDeadline
	}
	for {
		// Close marks the socket before it wakes the wait: a wake-up
		// that finds the mark, or a wait that starts after it, ends here.
		if s.state.Load()&sockClosing != 0 {
			return rcClosed
		}
		ev := zmqEvents(s.h)
		if ev < 0 {
			return ev
		}
		if ev&want != 0 {
			// ZMQ_EVENTS can promise what the call then refuses (an XPUB
			// with XPUB_NODROP or a ROUTER with ROUTER_MANDATORY at one
			// peer's high-water mark): on EAGAIN wait, as libzmq itself
			// does, for the next change ZMQ_FD signals.
			if rc := s.attempt(op, p, n, flags|DONTWAIT); rc != -_EAGAIN {
				return rc
			}
		}
		end, rcEnd := limit, -_EAGAIN
		if d := deadline.Load(); d != 0 && (end.IsZero() || d < end.UnixNano()) {
			end, rcEnd = time.Unix(0, d), rcDeadline
		}
		var expired <-chan time.Time
		if !end.IsZero() {
			left := time.Until(end)
			if left <= 0 {
				return rcEnd
			}
			if s.timer == nil {
				s.timer = time.NewTimer(left)
			} else {
				s.timer.Reset(left)
			}
			expired = s.timer.C
		}
		select {
		case <-s.wake:
		case <-expired:
		case <-s.done:
			s.stopTimer()
			return rcCanceled
		}
		s.stopTimer()
	}
}

// stopTimer stops the socket's timer, if it has one; since Go 1.23 a
// stopped timer delivers nothing stale afterwards.
func (s *Socket) stopTimer() {
	if s.timer != nil {
		s.timer.Stop()
	}
}

// registerWait adds the socket's ZMQ_FD to its context's epoll set, at the
// socket's first wait.
func (s *Socket) registerWait() int {
	fd := zmqFD(s.h)
	if fd < 0 {
		return fd
	}
	if err := s.ctx.waits.add(s.id, fd, s.wake); err != nil {
		return -_ENOTSUP
	}
	s.waitFD = int32(fd)
	return 0
}

// ctxWaits is a context's share of the waiting: one epoll set holding the
// ZMQ_FD of every socket of the context that has waited, and one goroutine
// parked on it (in Go's netpoller) that wakes the socket's waiting call.
// It costs one descriptor and one goroutine per context, however many
// sockets wait.
type ctxWaits struct {
	mu     sync.Mutex
	set    *epollSet
	wakes  map[int32]chan struct{} // by ZMQ_FD
	fds    map[uint64]int32        // ZMQ_FD by socket id, for removal
	closed bool
	ended  chan struct{} // closed when the goroutine has returned
}

// add registers fd, the ZMQ_FD of socket id, whose waits listen on wake.
// The epoll set and its goroutine start with the first socket.
func (w *ctxWaits) add(id uint64, fd int, wake chan struct{}) error {
	if w == nil { // a zero Context{}
		return ErrClosed
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	if w.set == nil {
		set, err := newEpollSet()
		if err != nil {
			return err
		}
		w.set, w.wakes, w.fds, w.ended = set, make(map[int32]chan struct{}), make(map[uint64]int32), make(chan struct{})
		go w.run(set)
	}
	if err := w.set.add(fd, syscall.EPOLLIN|epollEdge); err != nil {
		return err
	}
	w.wakes[int32(fd)] = wake
	w.fds[id] = int32(fd)
	return nil
}

// remove forgets socket id before libzmq closes it (and its descriptor).
func (w *ctxWaits) remove(id uint64) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	fd, ok := w.fds[id]
	if !ok {
		return
	}
	delete(w.fds, id)
	delete(w.wakes, fd)
	w.set.remove(int(fd))
}

// run wakes the waiting call of every socket whose ZMQ_FD fired, until
// the set is closed.
func (w *ctxWaits) run(set *epollSet) {
	defer close(w.ended)
	for set.wait(context.Background(), time.Time{}, w.dispatch) == nil {
	}
}

func (w *ctxWaits) dispatch(events []syscall.EpollEvent) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, ev := range events {
		if wake := w.wakes[ev.Fd]; wake != nil {
			select {
			case wake <- struct{}{}:
			default: // a wake-up is pending already
			}
		}
	}
}

// close ends the goroutine, once the context is terminated (libzmq's
// sockets, whose stop commands it delivers during Term, are all closed).
func (w *ctxWaits) close() {
	if w == nil {
		return
	}
	w.mu.Lock()
	set := w.set
	w.closed = true
	w.mu.Unlock()
	if set != nil {
		set.close()
		<-w.ended
	}
}
