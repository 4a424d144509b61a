//go:build cgo

package zmq

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"syscall"
	"unsafe"
)

// NewMsgData makes a message whose content is data itself, without a copy
// (zmq_msg_init_data): the zero-copy send of Go memory. data is pinned
// (runtime.Pinner) while libzmq holds it, and must not be written to
// until free runs.
//
// free, if not nil, is called exactly once, from a goroutine of the
// package, once libzmq has let go of data: after delivery over inproc,
// after the write over tcp, when the message is dropped (no subscriber,
// LINGER at Term) or closed unsent; after the last of the messages that
// share it through Copy. data is unpinned after free returns. free must
// not block for long: it delays the frees queued after it.
//
// Over inproc the receiver's message shares data: free runs once that
// message is released too (closed, received into again, or, after Recv,
// at the socket's next receive).
//
// The Msg behaves as any other: SendMsg, Copy, Close. On error free is
// never called and the caller keeps data.
func NewMsgData(data []byte, free func(data []byte)) (*Msg, error) {
	efd, err := dataStart()
	if err != nil {
		return nil, &OpError{Op: "message", Err: err}
	}
	e := &dataEntry{data: data, free: free}
	var p unsafe.Pointer
	if len(data) > 0 {
		p = unsafe.Pointer(unsafe.SliceData(data))
		e.pin.Pin(p)
	}
	id := dataAdd(e)
	h, rc := zmqMsgNewData(p, len(data), id, efd)
	if h == nil {
		dataReg.mu.Lock()
		delete(dataReg.m, id)
		dataReg.mu.Unlock()
		e.pin.Unpin()
		return nil, &OpError{Op: "message", Err: errnoErr(rc)}
	}
	m := new(Msg)
	m.self = m
	m.h = h
	m.cleanup = runtime.AddCleanup(m, freeLeakedMsg, leakRef{h, debugNew(kindMsg)})
	return m, nil
}

// dataEntry is a buffer libzmq holds.
type dataEntry struct {
	data []byte
	free func([]byte)
	pin  runtime.Pinner
}

// dataReg maps the ids C queues back to their buffers: C holds an
// integer, never a Go pointer to the entry. A goroutine (dataLoop) runs
// while some entry is outstanding, parked in the netpoller on the eventfd
// libzmq's free function writes to, so that the package leaves no
// goroutine behind once every buffer is released.
var dataReg struct {
	once    sync.Once
	efd     int
	file    *os.File
	initErr error

	mu      sync.Mutex
	next    uint64
	m       map[uint64]*dataEntry
	running bool
}

// dataStart makes the eventfd, once for the process.
func dataStart() (int, error) {
	r := &dataReg
	r.once.Do(func() {
		fd, _, errno := syscall.Syscall(syscall.SYS_EVENTFD2, 0, syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if errno != 0 {
			r.initErr = fmt.Errorf("eventfd: %w", errno)
			return
		}
		// Non-blocking, so a Read parks in the netpoller.
		r.efd = int(fd)
		r.file = os.NewFile(fd, "zmq-msgdata")
		r.m = make(map[uint64]*dataEntry)
	})
	return r.efd, r.initErr
}

// dataAdd registers e and starts dataLoop if it is not running.
func dataAdd(e *dataEntry) uint64 {
	r := &dataReg
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next++
	id := r.next
	r.m[id] = e
	if !r.running {
		r.running = true
		go dataLoop()
	}
	return id
}

// dataLoop calls the free functions of released buffers until none is
// outstanding.
func dataLoop() {
	r := &dataReg
	ids := new([256]uint64) // ZGO_DRAIN
	var buf [8]byte
	for {
		n := zmqDataDrain(ids)
		for _, id := range ids[:n] {
			r.mu.Lock()
			e := r.m[id]
			delete(r.m, id)
			r.mu.Unlock()
			if e.free != nil {
				e.free(e.data)
			}
			e.pin.Unpin()
		}
		if n == len(ids) {
			continue
		}
		r.mu.Lock()
		if len(r.m) == 0 {
			// A stale eventfd count is harmless: the next loop finds
			// the queue empty and parks again.
			r.running = false
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
		// Resets the count; a release after this Read writes again.
		r.file.Read(buf[:])
	}
}
