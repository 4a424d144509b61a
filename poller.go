//go:build cgo

package zmq

import (
	"context"
	"fmt"
	"time"
)

// PollItem is one entry of the package-level Poll, the Guide's
// zmq_pollitem_t: a Socket, or the file descriptor FD when Socket is nil
// (so an item whose Socket variable is nil by mistake polls FD 0, stdin,
// as in C).
type PollItem struct {
	Socket  *Socket
	FD      int
	Events  Events // what to wait for: POLLIN, POLLOUT
	REvents Events // what happened, set by Poll
}

// Poll waits until one of items is ready or timeout passes (negative:
// forever), sets each item's REvents and returns how many are ready:
// zmq_poll, for programs written from the Guide. Poller does the same
// without allocating. The wait holds no OS thread (see Poller.Poll).
func Poll(items []PollItem, timeout time.Duration) (int, error) {
	var p Poller
	for _, it := range items {
		if it.Socket != nil {
			// Unchecked, as zmq_poll is: a closed socket or a bad fd is
			// reported by the wait, and a nil Socket means FD.
			p.add(pollEntry{socket: it.Socket, fd: -1, events: it.Events, live: true})
		} else {
			p.add(pollEntry{fd: it.FD, events: it.Events, live: true, isFD: true})
		}
	}
	n, err := p.wait(context.Background(), timeout)
	// The set is this call's alone: closing it here, not when the garbage
	// collector gets to it, keeps a loop of Polls from piling descriptors up.
	if p.set != nil {
		p.set.close()
	}
	for i := range items {
		items[i].REvents = 0
		if err == nil {
			items[i].REvents = Events(p.items.revents(i))
		}
	}
	return n, err
}

// Poller waits on several sockets and file descriptors at once
// (zmq_poll), so that one goroutine can serve them all. A Poller belongs
// to one goroutine, and while Poll waits the sockets in it are in use:
// other goroutines get ErrInUse from them.
//
// A Poller that has waited holds one file descriptor (an epoll set, in
// which it waits without holding an OS thread) until it is garbage
// collected.
type Poller struct {
	items   pollItems
	entries []pollEntry
	free    []int     // ids of removed entries, reused by Add
	taken   []*Socket // sockets held during a wait
	result  []Polled

	set     *epollSet // made by the first wait that blocks
	watched []watched // what set holds
	stale   bool      // entries changed since set was filled
}

type pollEntry struct {
	socket *Socket // nil for a file descriptor
	fd     int
	events Events
	live   bool
	isFD   bool
}

// Polled is a ready entry of a Poller: the socket (or, when Socket is
// nil, the file descriptor) and the events that happened.
type Polled struct {
	ID     int
	Socket *Socket
	FD     int
	Events Events
}

// NewPoller returns an empty Poller. The zero Poller is empty too.
func NewPoller() *Poller { return new(Poller) }

// Add watches s for events and returns the entry's id, for Update and
// Remove. A nil or closed socket is refused at once, with an *OpError
// (Op "add") matching ErrClosed, rather than failing every later Poll.
// A socket closed after Add makes Poll return ErrClosed.
func (p *Poller) Add(s *Socket, events Events) (int, error) {
	if s == nil || s.h == nil || s.state.Load()&(sockClosed|sockEnding) != 0 {
		return -1, &OpError{Op: "add", Err: ErrClosed}
	}
	return p.add(pollEntry{socket: s, fd: -1, events: events, live: true}), nil
}

// AddFD watches a file descriptor (a pipe, a network socket of another
// library) for events and returns the entry's id. A negative fd, which
// could never be ready, is refused with an *OpError (Op "add") matching
// ErrInvalid; one that is not open is reported by Poll with POLLERR.
func (p *Poller) AddFD(fd int, events Events) (int, error) {
	if fd < 0 {
		return -1, &OpError{Op: "add", Err: fmt.Errorf("negative file descriptor %d: %w", fd, ErrInvalid)}
	}
	return p.add(pollEntry{fd: fd, events: events, live: true, isFD: true}), nil
}

func (p *Poller) add(e pollEntry) int {
	p.stale = true
	if n := len(p.free); n > 0 {
		id := p.free[n-1]
		p.free = p.free[:n-1]
		p.entries[id] = e
		return id
	}
	p.entries = append(p.entries, e)
	p.items.grow()
	return len(p.entries) - 1
}

// Update changes the events entry id waits for.
func (p *Poller) Update(id int, events Events) error {
	if id < 0 || id >= len(p.entries) || !p.entries[id].live {
		return &OpError{Op: "update", Err: fmt.Errorf("poller has no entry %d: %w", id, ErrInvalid)}
	}
	p.entries[id].events = events
	p.stale = true
	return nil
}

// Remove stops watching entry id. Ids of other entries do not change.
func (p *Poller) Remove(id int) error {
	if id < 0 || id >= len(p.entries) || !p.entries[id].live {
		return &OpError{Op: "remove", Err: fmt.Errorf("poller has no entry %d: %w", id, ErrInvalid)}
	}
	p.entries[id] = pollEntry{fd: -1, isFD: true}
	p.free = append(p.free, id)
	p.stale = true
	return nil
}

// Poll waits until an entry is ready or timeout passes (negative:
// forever) and returns the ready entries, in the order they were added;
// none after a timeout. The returned slice is reused by the next Poll.
//
// The wait holds no OS thread: the goroutine is parked in Go's network
// poller. A signal does not end it early. When the context of a socket is
// shut down or terminated, Poll returns ErrTerm; when a socket was
// closed, ErrClosed.
func (p *Poller) Poll(timeout time.Duration) ([]Polled, error) {
	return p.poll(context.Background(), timeout)
}

// PollContext is Poll, cancelled by ctx: once ctx is done it returns
// ctx.Err() and no entries, and the sockets are free again. A ctx that is
// already done returns before anything is polled.
func (p *Poller) PollContext(ctx context.Context, timeout time.Duration) ([]Polled, error) {
	p.result = p.result[:0]
	if err := ctxDone(ctx); err != nil {
		return p.result, err
	}
	return p.poll(ctx, timeout)
}

func (p *Poller) poll(ctx context.Context, timeout time.Duration) ([]Polled, error) {
	p.result = p.result[:0]
	n, err := p.wait(ctx, timeout)
	if err != nil || n == 0 {
		return p.result, err
	}
	for id, e := range p.entries {
		if !e.live {
			continue
		}
		if ev := Events(p.items.revents(id)); ev != 0 {
			p.result = append(p.result, Polled{ID: id, Socket: e.socket, FD: e.fd, Events: ev})
		}
	}
	return p.result, nil
}
