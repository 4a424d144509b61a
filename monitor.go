//go:build cgo

package zmq

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"weak"
)

// EventKind is a set of socket monitor events: libzmq's ZMQ_EVENT_* bits.
// Event.Value means what the comment of each kind says.
type EventKind uint32

// Socket monitor events.
const (
	// EventConnected: a connection to a peer is up. Value: its socket
	// descriptor.
	EventConnected = EventKind(_ZMQ_EVENT_CONNECTED)
	// EventConnectDelayed: a connect did not complete at once and goes on
	// in the background. Value: the errno of the first try.
	EventConnectDelayed = EventKind(_ZMQ_EVENT_CONNECT_DELAYED)
	// EventConnectRetried: a connect is tried again after a failure.
	// Value: the reconnect interval in milliseconds.
	EventConnectRetried = EventKind(_ZMQ_EVENT_CONNECT_RETRIED)
	// EventListening: a bind succeeded. Value: the listening descriptor.
	EventListening = EventKind(_ZMQ_EVENT_LISTENING)
	// EventBindFailed: a bind failed. Value: the errno.
	EventBindFailed = EventKind(_ZMQ_EVENT_BIND_FAILED)
	// EventAccepted: a connection was accepted. Value: its descriptor.
	EventAccepted = EventKind(_ZMQ_EVENT_ACCEPTED)
	// EventAcceptFailed: an accept failed. Value: the errno.
	EventAcceptFailed = EventKind(_ZMQ_EVENT_ACCEPT_FAILED)
	// EventClosed: a connection's descriptor was closed. Value: the
	// descriptor.
	EventClosed = EventKind(_ZMQ_EVENT_CLOSED)
	// EventCloseFailed: closing a descriptor failed. Value: the errno.
	EventCloseFailed = EventKind(_ZMQ_EVENT_CLOSE_FAILED)
	// EventDisconnected: a connection broke off. Value: its descriptor.
	EventDisconnected = EventKind(_ZMQ_EVENT_DISCONNECTED)
	// EventMonitorStopped: the monitor ended because its socket was
	// closed; Next returns an error after it. Value: 0.
	EventMonitorStopped = EventKind(_ZMQ_EVENT_MONITOR_STOPPED)
	// EventHandshakeFailedNoDetail: a security handshake failed for a
	// reason of the system. Value: the errno.
	EventHandshakeFailedNoDetail = EventKind(_ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
	// EventHandshakeSucceeded: a handshake, authentication included,
	// succeeded. Value: 0.
	EventHandshakeSucceeded = EventKind(_ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
	// EventHandshakeFailedProtocol: the peer or the ZAP handler broke
	// the protocol. Value: libzmq's ZMQ_PROTOCOL_ERROR_* code.
	EventHandshakeFailedProtocol = EventKind(_ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL)
	// EventHandshakeFailedAuth: the ZAP handler refused the peer. Value:
	// its status code (300, 400 or 500).
	EventHandshakeFailedAuth = EventKind(_ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
	// EventAll is every kind.
	EventAll = EventKind(_ZMQ_EVENT_ALL)
)

var eventNames = [...]struct {
	kind EventKind
	name string
}{
	{EventConnected, "CONNECTED"},
	{EventConnectDelayed, "CONNECT_DELAYED"},
	{EventConnectRetried, "CONNECT_RETRIED"},
	{EventListening, "LISTENING"},
	{EventBindFailed, "BIND_FAILED"},
	{EventAccepted, "ACCEPTED"},
	{EventAcceptFailed, "ACCEPT_FAILED"},
	{EventClosed, "CLOSED"},
	{EventCloseFailed, "CLOSE_FAILED"},
	{EventDisconnected, "DISCONNECTED"},
	{EventMonitorStopped, "MONITOR_STOPPED"},
	{EventHandshakeFailedNoDetail, "HANDSHAKE_FAILED_NO_DETAIL"},
	{EventHandshakeSucceeded, "HANDSHAKE_SUCCEEDED"},
	{EventHandshakeFailedProtocol, "HANDSHAKE_FAILED_PROTOCOL"},
	{EventHandshakeFailedAuth, "HANDSHAKE_FAILED_AUTH"},
}

// String returns libzmq's name of the kind without ZMQ_EVENT_
// ("CONNECTED"), several joined by "|", "ALL" for EventAll and "0" for
// none; bits libzmq does not name come last, in hexadecimal.
func (k EventKind) String() string {
	switch k {
	case 0:
		return "0"
	case EventAll:
		return "ALL"
	}
	var parts []string
	rest := k
	for _, e := range eventNames {
		if k&e.kind != 0 {
			parts = append(parts, e.name)
			rest &^= e.kind
		}
	}
	if rest != 0 {
		parts = append(parts, "EventKind(0x"+strconv.FormatUint(uint64(rest), 16)+")")
	}
	return strings.Join(parts, "|")
}

// Event is one event of a socket monitor.
type Event struct {
	Kind EventKind
	// Endpoint is the endpoint the event is about: the one bound for
	// LISTENING and ACCEPTED, the one connected to for CONNECTED; empty
	// for MONITOR_STOPPED.
	Endpoint string
	// Value is the descriptor, errno, reconnect interval or handshake
	// status that libzmq gives for the kind (see the EventKind constants).
	Value int
}

// maxQueued bounds the events a Monitor keeps for Next; beyond it the
// oldest are dropped. It is well above what libzmq's own queue held
// before it stalled the socket (about 2,000 events), and a forgotten
// monitor holds a megabyte or two at most.
const maxQueued = 1 << 14

// Monitor delivers the events of one socket (Socket.Monitor). Its methods
// may be called from any goroutine.
type Monitor struct {
	sock    *Socket
	st      *monitorState
	cleanup runtime.Cleanup
}

// monitorState is what the monitor's goroutine shares with Next and
// Close. It points neither to the Monitor nor to the Socket, so that a
// forgotten Monitor and Socket can still be found by their cleanups.
type monitorState struct {
	kinds EventKind            // what the user asked for
	pair  *Socket              // our end of libzmq's monitor PAIR; only run uses it
	key   weak.Pointer[Socket] // the monitored socket, in monitors
	done  chan struct{}        // closed when run has closed the PAIR and returned

	mu      sync.Mutex
	queue   []Event // from queue[head] on: the events Next has not taken
	head    int
	end     error         // why run ended; Next returns it once queue is empty
	closed  bool          // Close came: Next returns ErrClosed, events are dropped
	changed chan struct{} // closed, and replaced, when the fields above change
}

// monitors holds the open monitor of each socket, so that a second one is
// refused: libzmq would silently take the first one's events.
var monitors struct {
	sync.Mutex
	m map[weak.Pointer[Socket]]*monitorState
}

var monitorSeq atomic.Uint64

var errMonitored = fmt.Errorf("the socket has an open monitor already: %w", ErrInvalid)

// errSocketClosed is what Next returns after the monitored socket is
// gone: ErrClosed, with a text that tells it from Monitor.Close.
var errSocketClosed error = socketClosedError{}

type socketClosedError struct{}

func (socketClosedError) Error() string { return "zmq: monitor ended: its socket was closed" }

// Is reports whether target is ErrClosed.
func (socketClosedError) Is(target error) bool { return target == ErrClosed }

// Monitor starts monitoring the socket: libzmq's zmq_socket_monitor. Next
// returns the events of the kinds asked for, in the order libzmq reports
// them.
//
// A goroutine, which holds no OS thread while it waits, takes each event
// as libzmq reports it, so that a monitor nobody reads never stalls the
// socket (libzmq's own monitor queue, once full, blocks the I/O thread).
// It keeps up to 16,384 events for Next, dropping the oldest beyond that.
//
// The monitor ends with the socket: once libzmq has closed the socket
// (after its LINGER), Next returns the remaining events, then
// EventMonitorStopped if it was asked for, then an error matching
// ErrClosed. When the context is shut down or terminated, Next returns
// ErrTerm; the monitor never keeps Term waiting, even if Close was not
// called.
//
// A socket has at most one open monitor: Monitor returns an error
// matching ErrInvalid while another is open. Monitor is a call on the
// socket, and returns ErrInUse while another goroutine's call is in
// progress.
func (s *Socket) Monitor(kinds EventKind) (*Monitor, error) {
	if kinds == 0 || kinds&^EventAll != 0 {
		return nil, &OpError{Op: "monitor", Err: fmt.Errorf("event kinds %v: %w", kinds, ErrInvalid)}
	}
	if err := s.acquire(); err != nil {
		return nil, &OpError{Op: "monitor", Err: err}
	}
	defer s.release()
	key := weak.Make(s)
	monitors.Lock()
	_, taken := monitors.m[key]
	monitors.Unlock()
	if taken {
		return nil, &OpError{Op: "monitor", Err: errMonitored}
	}
	pair, err := s.ctx.NewSocket(PAIR)
	if err != nil {
		return nil, monitorErr("", err)
	}
	// Connected before libzmq binds (inproc allows it), so that libzmq's
	// PAIR never has an event to send and no peer to send it to, which
	// would block the thread that reports it.
	ep := "inproc://zmqgo.monitor." + strconv.FormatUint(monitorSeq.Add(1), 10)
	if err := pair.SetLinger(0); err != nil {
		pair.Close()
		return nil, monitorErr("", err)
	}
	if err := pair.Connect(ep); err != nil {
		pair.Close()
		return nil, monitorErr(ep, err)
	}
	// MONITOR_STOPPED always: it tells run that libzmq is done with the
	// PAIR, and only then may run close its end.
	if rc := zmqSocketMonitor(s.h, ep, int(kinds|EventMonitorStopped)); rc < 0 {
		pair.Close()
		return nil, &OpError{Op: "monitor", Endpoint: ep, Err: errnoErr(rc)}
	}
	st := &monitorState{kinds: kinds, pair: pair, key: key, done: make(chan struct{}), changed: make(chan struct{})}
	monitors.Lock()
	if monitors.m == nil {
		monitors.m = make(map[weak.Pointer[Socket]]*monitorState)
	}
	monitors.m[key] = st
	monitors.Unlock()
	go st.run()
	m := &Monitor{sock: s, st: st}
	// A Monitor dropped without Close stops keeping events; the goroutine
	// goes on taking them until the socket or the context ends.
	m.cleanup = runtime.AddCleanup(m, func(st *monitorState) { st.abandon() }, st)
	return m, nil
}

// monitorErr reports the failure of a step of Monitor on the PAIR as the
// monitor's.
func monitorErr(endpoint string, err error) error {
	var op *OpError
	if errors.As(err, &op) {
		err = op.Err
	}
	return &OpError{Op: "monitor", Endpoint: endpoint, Err: err}
}

// run takes every event from the PAIR until libzmq stops the monitor
// (MONITOR_STOPPED) or the context ends, then closes the PAIR: earlier,
// libzmq's next event would block the thread reporting it.
func (st *monitorState) run() {
	defer close(st.done)
	var end error
	for end == nil {
		parts, err := st.pair.RecvMessage(0)
		switch {
		case errors.Is(err, ErrClosed):
			end = ErrTerm // only Context.Destroy closes the PAIR under us
		case err != nil:
			end = err
		case len(parts) != 2 || len(parts[0]) != 6:
			// Not libzmq 4.3's two frames: skip it.
		default:
			ev := Event{
				Kind:     EventKind(binary.NativeEndian.Uint16(parts[0])),
				Value:    int(int32(binary.NativeEndian.Uint32(parts[0][2:]))),
				Endpoint: string(parts[1]),
			}
			st.push(ev)
			if ev.Kind == EventMonitorStopped {
				end = errSocketClosed
			}
		}
	}
	st.pair.Close()
	st.unregister()
	st.mu.Lock()
	st.end = end
	st.signal()
	st.mu.Unlock()
}

// push queues ev for Next if it is of a kind asked for.
func (st *monitorState) push(ev Event) {
	if ev.Kind&st.kinds == 0 {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed {
		return
	}
	if len(st.queue)-st.head >= maxQueued {
		st.queue[st.head] = Event{}
		st.head++
	}
	// Move the live events to the front once the taken ones are the
	// larger part, so the slice does not grow without bound.
	if st.head > 0 && st.head*2 >= len(st.queue) {
		n := copy(st.queue, st.queue[st.head:])
		clear(st.queue[n:])
		st.queue, st.head = st.queue[:n], 0
	}
	st.queue = append(st.queue, ev)
	st.signal()
}

// signal wakes every Next waiting for a change; st.mu is held.
func (st *monitorState) signal() {
	close(st.changed)
	st.changed = make(chan struct{})
}

// abandon makes Next return ErrClosed and drops the events kept for it;
// false if that was done already. The goroutine goes on until libzmq
// stops the monitor or the context ends.
func (st *monitorState) abandon() bool {
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return false
	}
	st.closed = true
	st.queue, st.head = nil, 0
	st.signal()
	st.mu.Unlock()
	st.unregister()
	return true
}

// unregister forgets st as its socket's monitor, so that a new one may
// be made.
func (st *monitorState) unregister() {
	monitors.Lock()
	if monitors.m[st.key] == st {
		delete(monitors.m, st.key)
	}
	monitors.Unlock()
}

// Next returns the next event, waiting for one until ctx is done (then it
// returns ctx.Err()). The wait holds no OS thread. After the monitor has
// ended it returns an error: ErrClosed after Close, an error matching
// ErrClosed once the socket is closed, ErrTerm once the context is shut
// down or terminated (after Context.Destroy, which closes the socket
// first, either). Each event goes to one Next, whichever goroutine calls.
func (m *Monitor) Next(ctx context.Context) (Event, error) {
	if err := ctxDone(ctx); err != nil {
		return Event{}, err
	}
	if m == nil || m.st == nil {
		return Event{}, ErrClosed
	}
	// m stays reachable while Next runs: its cleanup would end Next.
	defer runtime.KeepAlive(m)
	st := m.st
	for {
		st.mu.Lock()
		switch {
		case st.closed:
			st.mu.Unlock()
			return Event{}, ErrClosed
		case st.head < len(st.queue):
			ev := st.queue[st.head]
			st.queue[st.head] = Event{}
			st.head++
			st.mu.Unlock()
			return ev, nil
		case st.end != nil:
			st.mu.Unlock()
			return Event{}, st.end
		}
		changed := st.changed
		st.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return Event{}, ctx.Err()
		}
	}
}

// Close ends the monitor: Next returns ErrClosed at once and the events
// not taken are dropped. It stops libzmq's monitoring of the socket
// (zmq_socket_monitor with no endpoint), which takes the socket as any
// call does; while another goroutine's call on the socket is in progress,
// or once the socket is closed, libzmq goes on reporting until the socket
// is closed, and the events are dropped. Closing a closed Monitor returns
// nil.
func (m *Monitor) Close() error {
	if m == nil || m.st == nil {
		return ErrClosed
	}
	st := m.st
	if !st.abandon() {
		return nil
	}
	m.cleanup.Stop()
	if m.sock.acquire() != nil {
		return nil
	}
	// A Monitor made since abandon has replaced this one in libzmq, which
	// sent this one MONITOR_STOPPED: stopping libzmq's would stop the new.
	monitors.Lock()
	_, replaced := monitors.m[st.key]
	monitors.Unlock()
	rc := 0
	select {
	case <-st.done: // the monitor has ended already
	default:
		if !replaced {
			rc = zmqSocketMonitor(m.sock.h, "", 0)
		}
	}
	m.sock.release()
	if rc < 0 && rc != -_ETERM {
		return &OpError{Op: "monitor", Err: errnoErr(rc)}
	}
	// MONITOR_STOPPED is in the PAIR by now (or the context is ending and
	// the PAIR says ETERM): the goroutine is about to close it and return.
	<-st.done
	return nil
}
