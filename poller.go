package zmq

import (
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
// without allocating.
func Poll(items []PollItem, timeout time.Duration) (int, error) {
	var p Poller
	for _, it := range items {
		if it.Socket != nil {
			p.Add(it.Socket, it.Events)
		} else {
			p.AddFD(it.FD, it.Events)
		}
	}
	n, err := p.wait(timeout)
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
type Poller struct {
	items   pollItems
	entries []pollEntry
	free    []int     // ids of removed entries, reused by Add
	taken   []*Socket // sockets held during a wait
	result  []Polled
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
// Remove.
func (p *Poller) Add(s *Socket, events Events) int {
	return p.add(pollEntry{socket: s, fd: -1, events: events, live: true})
}

// AddFD watches a file descriptor (a pipe, a network socket of another
// library) for events and returns the entry's id.
func (p *Poller) AddFD(fd int, events Events) int {
	return p.add(pollEntry{fd: fd, events: events, live: true, isFD: true})
}

func (p *Poller) add(e pollEntry) int {
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
	return nil
}

// Remove stops watching entry id. Ids of other entries do not change.
func (p *Poller) Remove(id int) error {
	if id < 0 || id >= len(p.entries) || !p.entries[id].live {
		return &OpError{Op: "remove", Err: fmt.Errorf("poller has no entry %d: %w", id, ErrInvalid)}
	}
	p.entries[id] = pollEntry{fd: -1, isFD: true}
	p.free = append(p.free, id)
	return nil
}

// Poll waits until an entry is ready or timeout passes (negative:
// forever) and returns the ready entries, in the order they were added;
// none after a timeout. The returned slice is reused by the next Poll.
//
// A signal does not end the wait early: Poll retries with what is left of
// the timeout. When the context of a socket is shut down or terminated,
// Poll returns ErrTerm; when a socket was closed, ErrClosed.
func (p *Poller) Poll(timeout time.Duration) ([]Polled, error) {
	p.result = p.result[:0]
	n, err := p.wait(timeout)
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

// wait takes every socket of the poller for the duration of zmq_poll,
// which goes on with what is left of the timeout when a signal
// interrupts it.
func (p *Poller) wait(timeout time.Duration) (int, error) {
	err := p.take()
	defer p.release()
	if err != nil {
		return 0, &OpError{Op: "poll", Err: err}
	}
	rc := zmqPoll(p.items, durationMS(timeout), true)
	if rc < 0 {
		return 0, errnoErr(rc)
	}
	return rc, nil
}

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
