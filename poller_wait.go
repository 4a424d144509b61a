//go:build cgo

package zmq

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"
)

// How a Poller waits: it asks libzmq what is ready without waiting
// (zmq_poll with timeout 0), and when nothing is, parks in Go's netpoller
// on its epoll set, which holds every socket's ZMQ_FD and every raw file
// descriptor, then asks libzmq again. No OS thread is held while it waits,
// and a context.Context can end the wait.

// watched is a descriptor in a Poller's epoll set.
type watched struct {
	fd     int
	events uint32
	raw    bool // a file descriptor entry, not a socket's ZMQ_FD
}

// wait takes every socket of the poller and returns what zmq_poll returns
// for its items once one is ready, 0 once timeout (negative: none) has
// passed, or ctx.Err() once ctx is done.
func (p *Poller) wait(ctx context.Context, timeout time.Duration) (int, error) {
	err := p.take()
	defer p.release()
	if err != nil {
		return 0, &OpError{Op: "poll", Err: err}
	}
	// The ready case, and Poll(0), cost one zmq_poll and nothing else.
	if rc := zmqPoll(p.items, 0, true); rc != 0 || timeout == 0 {
		return pollRC(rc)
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	if err := p.watch(); err != nil {
		return 0, err
	}
	for {
		// ZMQ_FD is edge-triggered and only says that ZMQ_EVENTS may have
		// changed: ask libzmq after every wake, and once after watch, for
		// what changed before the set held the descriptors.
		if rc := zmqPoll(p.items, 0, true); rc != 0 {
			return pollRC(rc)
		}
		switch err := p.set.wait(ctx, deadline, nil); err {
		case nil:
		case errWaitTimeout:
			// A last look, as zmq_poll takes at its timeout: what a
			// missed wake would hide is reported all the same.
			return pollRC(zmqPoll(p.items, 0, true))
		case errSetClosed:
			return 0, &OpError{Op: "poll", Err: err}
		default:
			return 0, err // ctx.Err()
		}
	}
}

// pollRC turns zmq_poll's return code into wait's results.
func pollRC(rc int) (int, error) {
	if rc < 0 {
		return 0, errnoErr(rc)
	}
	return rc, nil
}

// watch makes the poller's epoll set hold what its entries wait on: the
// ZMQ_FD of each socket, edge-triggered as libzmq signals it, and each
// file descriptor for the events asked, level-triggered as poll(2) sees
// it. The sockets must be taken (their ZMQ_FD is read).
//
// After Add, Update or Remove the set is emptied and filled again: a
// descriptor number the set still lists may meanwhile belong to another
// socket or file, which epoll would not know. File descriptors are added
// again at every wait for the same reason (a pipe closed and another
// opened under its number); epoll refuses the ones it holds already.
func (p *Poller) watch() error {
	if p.set == nil {
		set, err := newEpollSet()
		if err != nil {
			return &OpError{Op: "poll", Err: err}
		}
		p.set, p.stale = set, true
	}
	if p.stale {
		for _, w := range p.watched {
			p.set.remove(w.fd)
		}
		if err := p.collect(); err != nil {
			return err
		}
	}
	for _, w := range p.watched {
		if !p.stale && !w.raw {
			continue
		}
		err := p.set.add(w.fd, w.events)
		switch {
		case err == nil, errors.Is(err, syscall.EEXIST):
		case errors.Is(err, syscall.EPERM):
			// A regular file or a directory, which epoll refuses: poll(2)
			// finds it always readable and writable, never anything
			// else, so there is nothing to wait for.
		default:
			p.stale = true // fill the set again at the next wait
			return &OpError{Op: "poll", Err: fmt.Errorf("file descriptor %d: %w", w.fd, err)}
		}
	}
	p.stale = false
	return nil
}

// collect lists in p.watched the descriptors of the live entries, each
// once: a socket may be in several entries, and a file descriptor too,
// for different events.
func (p *Poller) collect() error {
	p.watched = p.watched[:0]
	for _, e := range p.entries {
		if !e.live {
			continue
		}
		w := watched{fd: e.fd, events: fdEvents(e.events), raw: true}
		if !e.isFD {
			fd := zmqFD(e.socket.h)
			if fd < 0 {
				p.stale = true
				return errnoErr(fd) // ETERM, as zmq_poll would say it
			}
			w = watched{fd: fd, events: syscall.EPOLLIN | epollEdge}
		} else if e.fd < 0 {
			continue // poll(2) skips negative descriptors, and so does zmq_poll
		}
		p.merge(w)
	}
	return nil
}

// merge adds w to p.watched, or its events to the entry with its fd.
// Looking the list through costs entries² when they change, which is
// nothing next to the epoll_ctl calls made for each of them.
func (p *Poller) merge(w watched) {
	for i := range p.watched {
		if p.watched[i].fd == w.fd {
			p.watched[i].events |= w.events
			p.watched[i].raw = p.watched[i].raw && w.raw
			return
		}
	}
	p.watched = append(p.watched, w)
}

// fdEvents is what epoll waits for on a file descriptor polled for ev.
// EPOLLERR and EPOLLHUP need no asking, as POLLERR and POLLHUP in poll(2).
func fdEvents(ev Events) uint32 {
	var e uint32
	if ev&_ZMQ_POLLIN != 0 {
		e |= syscall.EPOLLIN
	}
	if ev&_ZMQ_POLLOUT != 0 {
		e |= syscall.EPOLLOUT
	}
	if ev&zmqPollPri != 0 {
		e |= syscall.EPOLLPRI
	}
	return e
}

// zmqPollPri is ZMQ_POLLPRI, which zmq_poll passes on for file
// descriptors; no exported Events constant names it.
const zmqPollPri = 8

// take marks every socket of the poller in use (each once, though it may
// be in several entries) and points the poll items at them.
func (p *Poller) take() error {
	for id, e := range p.entries {
		if e.isFD {
			p.items.set(id, nil, e.fd, int(e.events))
			continue
		}
		if !p.holds(e.socket) {
			if err := e.socket.acquire(); err != nil {
				return err
			}
			p.taken = append(p.taken, e.socket)
		}
		p.items.set(id, e.socket.h, -1, int(e.events))
	}
	return nil
}

func (p *Poller) holds(s *Socket) bool {
	for _, t := range p.taken {
		if t == s {
			return true
		}
	}
	return false
}

func (p *Poller) release() {
	for i, s := range p.taken {
		s.release()
		p.taken[i] = nil
	}
	p.taken = p.taken[:0]
}
