//go:build cgo

package zmq

import (
	"context"
	"fmt"
	"unsafe"
)

// The blocking calls with a context.Context. A call whose context is done
// before it starts returns ctx.Err() without touching libzmq; one that is
// waiting when its context is done returns ctx.Err() at once. Either way
// nothing was sent or received, and the socket stays usable. Only the
// wait is cancelled: a call that can complete without waiting completes.

// RecvContext is Recv, cancelled by ctx.
func (s *Socket) RecvContext(ctx context.Context, flags Flag) ([]byte, error) {
	if err := ctxDone(ctx); err != nil {
		return nil, err
	}
	b, err := s.recvBytes(ctx.Done(), flags)
	return b, ctxErr(ctx, err)
}

// RecvMessageContext is RecvMessage, cancelled by ctx: it returns every
// frame of a message, or none and leaves the message queued.
func (s *Socket) RecvMessageContext(ctx context.Context, flags Flag) ([][]byte, error) {
	if err := ctxDone(ctx); err != nil {
		return nil, err
	}
	parts, err := s.recvMessage(ctx.Done(), flags)
	return parts, ctxErr(ctx, err)
}

// RecvMsgContext is RecvMsg, cancelled by ctx. A multipart message is
// best received with RecvMessageContext: a loop of RecvMsgContext that
// stops at a cancellation leaves the rest of its message queued.
func (s *Socket) RecvMsgContext(ctx context.Context, m *Msg, flags Flag) error {
	if err := ctxDone(ctx); err != nil {
		return err
	}
	return ctxErr(ctx, s.transferMsg(ctx.Done(), opRecvMsg, m, flags))
}

// SendContext is Send, cancelled by ctx.
func (s *Socket) SendContext(ctx context.Context, b []byte, flags Flag) error {
	if err := ctxDone(ctx); err != nil {
		return err
	}
	return ctxErr(ctx, s.sendBytes(ctx.Done(), unsafe.Pointer(unsafe.SliceData(b)), len(b), flags))
}

// SendMessageContext is SendMessage, cancelled by ctx: it queues every
// part or none. Once the first part is queued the rest never waits, and
// the call completes whatever ctx does.
func (s *Socket) SendMessageContext(ctx context.Context, parts [][]byte, flags Flag) error {
	if err := ctxDone(ctx); err != nil {
		return err
	}
	return ctxErr(ctx, s.sendMessage(ctx.Done(), parts, flags))
}

// SendMsgContext is SendMsg, cancelled by ctx; on cancellation m is
// unchanged.
func (s *Socket) SendMsgContext(ctx context.Context, m *Msg, flags Flag) error {
	if err := ctxDone(ctx); err != nil {
		return err
	}
	return ctxErr(ctx, s.transferMsg(ctx.Done(), opSendMsg, m, flags))
}

// ctxDone is ctx.Err(), or an error for a nil ctx, which would make the
// call panic otherwise.
func ctxDone(ctx context.Context) error {
	if ctx == nil {
		return errNilContext
	}
	return ctx.Err()
}

var errNilContext = fmt.Errorf("zmq: nil context.Context: %w", ErrInvalid)

// ctxErr turns the cancellation of a wait into ctx's own error.
func ctxErr(ctx context.Context, err error) error {
	if err == errCanceled {
		return ctx.Err()
	}
	return err
}
