//go:build cgo

package zmq

import (
	"fmt"
	"runtime"
	"strconv"
	"unsafe"
)

// Msg is a libzmq message (zmq_msg_t) held in C memory, with its whole
// lifetime: NewMsg allocates it, Close releases it, SendMsg hands its
// content to libzmq and leaves it empty, RecvMsg fills it.
//
// Its bytes live in C memory, so a message can be filled in place
// ([Msg.Bytes]) and sent without a copy into libzmq. The zero Msg is an
// empty message, ready for RecvMsg.
//
// A Msg must not be used by two goroutines at once. A Msg dropped without
// Close is released by a cleanup.
//
// A Msg must not be copied by value once used (pass a *Msg): the copy
// would share the C message with the original. go vet reports such a
// copy, and the methods of a copy refuse to work on it: those that return
// an error return one matching ErrInvalid, and Bytes, Len and More panic,
// as strings.Builder does. No copy ever frees the message twice.
type Msg struct {
	_ noCopy

	// self points at the Msg itself from its first use on; a copy has the
	// original's address here.
	self    *Msg
	h       unsafe.Pointer // *zgo_msg in C memory; nil until first use
	closed  bool
	cleanup runtime.Cleanup
}

// noCopy makes go vet's copylocks check report a Msg copied by value.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// errMsgCopied is what the methods of a Msg copied by value return.
var errMsgCopied = fmt.Errorf("zmq: illegal use of a Msg copied by value (pass a *Msg): %w", ErrInvalid)

// copied reports whether m is a copy of a Msg that had been used. A Msg
// seen for the first time takes its own address.
func (m *Msg) copied() bool {
	if m.self == m {
		return false
	}
	if m.self != nil {
		return true
	}
	m.self = m
	return false
}

// mustNotBeCopied panics when m is a copy: the check of the methods that
// cannot return an error.
func (m *Msg) mustNotBeCopied() {
	if m.copied() {
		panic(errMsgCopied.Error())
	}
}

// NewMsg creates a message of size bytes, for the caller to fill through
// Bytes before sending it (zmq_msg_init_size). The bytes are not zeroed.
func NewMsg(size int) (*Msg, error) {
	if size < 0 {
		return nil, &OpError{Op: "message", Err: fmt.Errorf("negative size %d: %w", size, ErrInvalid)}
	}
	m := new(Msg)
	m.self = m
	if err := m.alloc(size); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Msg) alloc(size int) error {
	h, rc := zmqMsgNew(size)
	if h == nil {
		return &OpError{Op: "message", Err: errnoErr(rc)}
	}
	m.h = h
	m.cleanup = runtime.AddCleanup(m, freeLeakedMsg, leakRef{h, debugNew(kindMsg)})
	return nil
}

// handle returns the C message, creating an empty one for the zero Msg.
func (m *Msg) handle() (unsafe.Pointer, error) {
	if m == nil {
		return nil, ErrClosed
	}
	if m.copied() {
		return nil, errMsgCopied
	}
	if m.closed {
		return nil, ErrClosed
	}
	if m.h == nil {
		if err := m.alloc(0); err != nil {
			return nil, err
		}
	}
	return m.h, nil
}

// Bytes returns the message's content. The slice points into C memory
// owned by the message: it stays valid until the message is closed, sent,
// received into, or the target of Copy or Move, and must not be used
// after that. Writing through it changes the message (and, after Copy,
// the messages sharing its content). Bytes of a closed message is nil.
//
// The Msg must stay reachable while the slice is in use: close it after
// the last use (defer m.Close()) or call runtime.KeepAlive(m). A Msg
// dropped while its slice is still used is freed by its cleanup under
// the slice.
func (m *Msg) Bytes() []byte {
	if m == nil {
		return nil
	}
	m.mustNotBeCopied()
	if m.closed || m.h == nil {
		return nil
	}
	b, _ := msgView(m.h)
	runtime.KeepAlive(m)
	return b
}

// Len returns the size of the message's content in bytes.
func (m *Msg) Len() int { return len(m.Bytes()) }

// More reports whether the message was received with more frames
// following it (zmq_msg_more).
func (m *Msg) More() bool {
	if m == nil {
		return false
	}
	m.mustNotBeCopied()
	if m.closed || m.h == nil {
		return false
	}
	_, more := msgView(m.h)
	runtime.KeepAlive(m)
	return more
}

// Close releases the message (zmq_msg_close). Closing twice returns nil;
// every other method of a closed message returns ErrClosed or, for
// Bytes, Len and More, the empty value.
func (m *Msg) Close() error {
	if m == nil {
		return ErrClosed
	}
	if m.copied() {
		return errMsgCopied
	}
	if m.closed {
		return nil
	}
	m.closed = true
	if m.h != nil {
		m.cleanup.Stop()
		zmqMsgFree(m.h)
		debugFreed(kindMsg)
		m.h = nil
	}
	return nil
}

// Copy makes m share src's content (zmq_msg_copy), so the same content can
// be sent twice. libzmq shares large contents instead of copying them:
// writing through Bytes of one changes both.
func (m *Msg) Copy(src *Msg) error {
	return m.fromMsg("copy", src, zmqMsgCopy)
}

// Move moves src's content into m (zmq_msg_move), leaving src empty.
func (m *Msg) Move(src *Msg) error {
	return m.fromMsg("move", src, zmqMsgMove)
}

func (m *Msg) fromMsg(op string, src *Msg, call func(dst, src unsafe.Pointer) int) error {
	dst, err := m.handle()
	if err != nil {
		return err
	}
	sh, err := src.handle()
	if err != nil {
		return err
	}
	if dst == sh {
		// libzmq would close the message before copying it onto itself.
		return nil
	}
	rc := call(dst, sh)
	runtime.KeepAlive(m)
	runtime.KeepAlive(src)
	if rc < 0 {
		return &OpError{Op: op, Err: errnoErr(rc)}
	}
	return nil
}

// Message properties readable with Msg.Get. Metadata set by a ZAP handler
// is readable under its own name.
const (
	PropertySocketType  = "Socket-Type"
	PropertyRoutingID   = "Routing-Id"
	PropertyUserID      = "User-Id"
	PropertyPeerAddress = "Peer-Address"
)

// Get returns a property of a received message (zmq_msg_gets):
// "Socket-Type", "User-Id", "Peer-Address", "Routing-Id" or metadata a ZAP
// handler attached. A property the message does not have is an error
// matching ErrInvalid.
func (m *Msg) Get(property string) (string, error) {
	h, err := m.handle()
	if err != nil {
		return "", err
	}
	if hasNUL(property) {
		return "", &OpError{Op: "get", Option: strconv.Quote(property), Err: fmt.Errorf("property contains a NUL byte: %w", ErrInvalid)}
	}
	v, rc := zmqMsgGets(h, property)
	runtime.KeepAlive(m)
	if rc < 0 {
		return "", &OpError{Op: "get", Option: property, Err: errnoErr(rc)}
	}
	return v, nil
}
