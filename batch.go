//go:build cgo

package zmq

import (
	"fmt"
	"unsafe"
)

// Batches: many messages in one call into C. The cost of a call (the
// in-use guard, the crossing into C) is a large part of a small message's
// inproc send or receive; a batch pays it once for up to 64 messages.

// largeFrame is where a frame or message counts as large: larger ones are
// not packed into one crossing (SendMessage, SendBatch: the copy then
// costs more than the crossing), do not share one allocation (RecvMessage:
// keeping one part alive should not keep the whole message), and are
// freed in C right after they were copied out (Recv, RecvBatch: an idle
// socket should not keep megabytes alive).
const largeFrame = 64 << 10

// SendBatch sends each element of msgs as one single-frame message and
// returns how many were queued, in one call into C for up to 64 messages
// (64 KiB) at a time. Without DONTWAIT it returns once all are queued,
// blocking at the high-water mark as Send would; with DONTWAIT it stops
// at the high-water mark and returns what fit with ErrAgain. Any error
// comes with the number of messages queued before it, which were sent.
//
// A batch holds whole messages: SNDMORE is refused (send a multipart
// message with SendMessage). A batch that follows a Send with SNDMORE
// ends that message with its first element, as Send would.
func (s *Socket) SendBatch(msgs [][]byte, flags Flag) (int, error) {
	if flags&SNDMORE != 0 {
		return 0, &OpError{Op: "send", Err: fmt.Errorf("SNDMORE in a batch, which holds whole messages (SendMessage sends a multipart one): %w", ErrInvalid)}
	}
	if err := s.acquire(); err != nil {
		return 0, err
	}
	n, err := s.sendFrames(msgs, flags, false)
	s.release()
	return n, err
}

// sendFrames sends frames, as one multipart message (message) or as a
// batch of single-frame messages, in as few crossings as packing allows,
// and returns how many frames libzmq took. The caller holds the socket.
func (s *Socket) sendFrames(frames [][]byte, flags Flag, message bool) (int, error) {
	sent := 0
	for sent < len(frames) {
		rest := frames[sent:]
		k := s.pack(rest)
		last := k == len(rest) // these frames end the call's frames
		var rc int
		switch {
		case k == 0: // too large to pack: from its own memory
			k, last = 1, len(rest) == 1
			f := flags
			if message && !last {
				f |= SNDMORE
			}
			if rc = s.transfer(opSend, unsafe.Pointer(unsafe.SliceData(rest[0])), len(rest[0]), f); rc >= 0 {
				rc = 1
			}
		case !message:
			rc = s.transfer(opSendBatch, nil, k, flags)
		case last:
			rc = s.transfer(opSendParts, nil, k, flags)
		default:
			rc = s.transfer(opSendOpen, nil, k, flags)
		}
		if rc < 0 {
			return sent, errnoErr(rc)
		}
		sent += rc
		if message {
			s.done = nil // frames went out: a cancellation must not split the message
		}
		if rc < k {
			// Go on from the frame it stopped at when transfer's first,
			// non-blocking try met the high-water mark (a blocking call
			// that timed out after its first frame is then retried once
			// more, waiting SNDTIMEO again). Any other failure ends it.
			if e := stopErr(s.h); e != -_EAGAIN || flags&DONTWAIT != 0 {
				return sent, errnoErr(e)
			}
		}
	}
	return sent, nil
}

// pack copies the leading frames of frames, up to maxFrames of them and
// largeFrame bytes, end to end into the socket's scratch buffer, sets their
// lengths, and returns how many it packed: 0 when the first frame alone
// is larger than largeFrame.
func (s *Socket) pack(frames [][]byte) int {
	n, total := 0, 0
	for n < len(frames) && n < maxFrames && total+len(frames[n]) <= largeFrame {
		total += len(frames[n])
		n++
	}
	if cap(s.scratch) < total {
		// Grown in powers of two, so that a stream settles on one buffer.
		c := 4096
		for c < total {
			c *= 2
		}
		s.scratch = make([]byte, c)
	}
	buf := s.scratch[:cap(s.scratch)]
	off := 0
	for i, f := range frames[:n] {
		off += copy(buf[off:], f)
		s.lens[i] = uintptr(len(f))
	}
	return n
}

// RecvBatch receives up to len(bufs) frames in one call into C for up to
// 64 at a time: it waits for the first as RecvInto would (flags, RCVTIMEO),
// then takes every further frame that is already queued, without waiting.
// Frame i is copied into bufs[i] and its full size put in sizes[i]
// (sizes[i] > len(bufs[i]) means it was truncated, as with RecvInto). It
// returns how many frames it received, at least one unless err is set.
//
// Where a message ends: a batch stops after a frame that has more frames
// of its message following, so every frame of a batch but the last is the
// last (usually the only) frame of its message, and RcvMore tells about
// the last one. After a batch whose RcvMore is true, the next receive
// starts with the rest of that message. No frame is lost or reordered.
//
// A failure after the first frame ends the batch without an error; the
// next receive reports it.
func (s *Socket) RecvBatch(bufs [][]byte, sizes []int, flags Flag) (int, error) {
	if len(sizes) < len(bufs) {
		return 0, &OpError{Op: "recv", Err: fmt.Errorf("%d sizes for %d buffers: %w", len(sizes), len(bufs), ErrInvalid)}
	}
	if err := s.acquire(); err != nil {
		return 0, err
	}
	got, bytes := 0, 0
	for got < len(bufs) {
		max := min(len(bufs)-got, maxFrames)
		rc := s.transfer(opRecvBatch, nil, max, flags)
		if rc < 0 {
			if got == 0 {
				s.release()
				return 0, errnoErr(rc)
			}
			break // nothing more queued: the batch ends
		}
		for i := range rc {
			data := heldFrameAt(s.h, i)
			copy(bufs[got+i], data)
			sizes[got+i] = len(data)
			bytes += len(data)
		}
		got += rc
		if rc < max || lastMore(s.h) {
			break
		}
		flags |= DONTWAIT // the rest only if already queued
	}
	if bytes > largeFrame {
		zmqReleaseFrames(s.h) // do not keep large frames alive in C
	}
	s.release()
	return got, nil
}
