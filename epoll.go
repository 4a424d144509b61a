//go:build linux && cgo

package zmq

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"
)

// epollSet is an epoll instance whose own descriptor sits in Go's
// netpoller: a goroutine waits for any descriptor of the set (libzmq's
// ZMQ_FDs, a Poller's raw descriptors) without holding an OS thread, and
// the set costs one descriptor however many it watches.
//
// A set is waited on by one goroutine at a time.
type epollSet struct {
	file   *os.File
	conn   syscall.RawConn
	events [64]syscall.EpollEvent
}

// epollEdge is EPOLLET, which package syscall gives as a negative int.
const epollEdge = 1 << 31

func newEpollSet() (*epollSet, error) {
	fd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return nil, os.NewSyscallError("fcntl", err)
	}
	// A non-blocking descriptor goes into the netpoller.
	f := os.NewFile(uintptr(fd), "zmq-epoll")
	conn, err := f.SyscallConn()
	if err == nil {
		// Fails with ErrNoDeadline where the descriptor is not in the
		// netpoller: a wait there would return at once.
		err = f.SetReadDeadline(time.Time{})
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &epollSet{file: f, conn: conn}, nil
}

// add watches fd for events (EPOLLIN...), reporting it with fd as data.
func (e *epollSet) add(fd int, events uint32) error {
	var err error
	cerr := e.conn.Control(func(epfd uintptr) {
		ev := syscall.EpollEvent{Events: events, Fd: int32(fd)}
		err = syscall.EpollCtl(int(epfd), syscall.EPOLL_CTL_ADD, fd, &ev)
	})
	if cerr != nil {
		return cerr
	}
	return os.NewSyscallError("epoll_ctl", err)
}

// remove stops watching fd.
func (e *epollSet) remove(fd int) {
	e.conn.Control(func(epfd uintptr) {
		syscall.EpollCtl(int(epfd), syscall.EPOLL_CTL_DEL, fd, nil)
	})
}

// close releases the set; a goroutine waiting on it returns errSetClosed.
func (e *epollSet) close() error { return e.file.Close() }

// errSetClosed: the set was closed while a goroutine waited on it.
var errSetClosed = errors.New("zmq: epoll set closed")

// wait parks until the set reports events, hands them to handle (if not
// nil), and returns nil; or returns ctx.Err() once ctx is done, errWaitTimeout once
// deadline (if not zero) has passed, errSetClosed once the set is closed.
// Events are edge-triggered for libzmq's descriptors: a caller re-checks
// what it waits for after every return.
func (e *epollSet) wait(ctx context.Context, deadline time.Time, handle func([]syscall.EpollEvent)) error {
	if ctx.Done() != nil {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Cancellation wakes the wait through the descriptor's deadline:
		// no goroutine waits for ctx.
		stop := context.AfterFunc(ctx, func() { e.file.SetReadDeadline(time.Unix(1, 0)) })
		defer stop()
	}
	for {
		if err := e.file.SetReadDeadline(deadline); err != nil {
			return errSetClosed
		}
		got := false
		err := e.conn.Read(func(epfd uintptr) bool {
			for {
				n, err := syscall.EpollWait(int(epfd), e.events[:], 0)
				if err == syscall.EINTR {
					continue
				}
				if n <= 0 {
					return got // nothing (more) ready: park unless something came
				}
				got = true
				if handle != nil {
					handle(e.events[:n])
				}
				if n < len(e.events) {
					return true
				}
			}
		})
		switch {
		case err == nil:
			return nil
		case !errors.Is(err, os.ErrDeadlineExceeded):
			return errSetClosed
		case ctx.Err() != nil:
			return ctx.Err()
		case !deadline.IsZero() && !time.Now().Before(deadline):
			return errWaitTimeout
		}
		// A cancellation of an earlier wait set the deadline late: wait on.
	}
}

// errWaitTimeout: an epollSet wait reached its deadline.
var errWaitTimeout = errors.New("zmq: wait timed out")
