//go:build cgo

package zmq

import (
	"encoding/binary"
	"fmt"
	"time"
)

// ProxyStatistics are the counters of a steerable proxy: messages and
// bytes received and sent on each side (zmq_proxy_steerable(3)). As in
// libzmq, a multipart message counts once, with the bytes of all its
// frames.
type ProxyStatistics struct {
	FrontendIn, FrontendInBytes   uint64
	FrontendOut, FrontendOutBytes uint64
	BackendIn, BackendInBytes     uint64
	BackendOut, BackendOutBytes   uint64
}

// ProxyController steers a proxy started with ProxySteerable from another
// goroutine, through a REQ socket connected to the proxy's REP control
// socket. Each command returns once the proxy has taken it.
type ProxyController struct {
	s *Socket
}

// NewProxyController connects a controller to the endpoint the proxy's
// REP control socket is bound to. timeout bounds each command (negative:
// no limit), so a proxy that is gone makes the command fail with
// ErrAgain instead of hanging.
func NewProxyController(ctx *Context, endpoint string, timeout time.Duration) (*ProxyController, error) {
	s, err := ctx.NewSocket(REQ)
	if err != nil {
		return nil, err
	}
	for _, err := range []error{s.SetLinger(0), s.SetRcvTimeo(timeout), s.SetSndTimeo(timeout), s.Connect(endpoint)} {
		if err != nil {
			s.Close()
			return nil, err
		}
	}
	return &ProxyController{s: s}, nil
}

// Pause makes the proxy stop passing messages; they queue up.
func (c *ProxyController) Pause() error { return c.command("PAUSE") }

// Resume makes a paused proxy pass messages again.
func (c *ProxyController) Resume() error { return c.command("RESUME") }

// Terminate ends the proxy: ProxySteerable returns nil.
func (c *ProxyController) Terminate() error { return c.command("TERMINATE") }

func (c *ProxyController) command(name string) error {
	if err := c.s.SendString(name, 0); err != nil {
		return &OpError{Op: "proxy", Err: fmt.Errorf("%s: %w", name, err)}
	}
	if _, err := c.s.RecvMessage(0); err != nil {
		return &OpError{Op: "proxy", Err: fmt.Errorf("%s: %w", name, err)}
	}
	return nil
}

// Statistics asks the proxy for its counters.
func (c *ProxyController) Statistics() (ProxyStatistics, error) {
	var st ProxyStatistics
	if err := c.s.SendString("STATISTICS", 0); err != nil {
		return st, &OpError{Op: "proxy", Err: fmt.Errorf("STATISTICS: %w", err)}
	}
	parts, err := c.s.RecvMessage(0)
	if err != nil {
		return st, &OpError{Op: "proxy", Err: fmt.Errorf("STATISTICS: %w", err)}
	}
	if len(parts) != 8 {
		return st, &OpError{Op: "proxy", Err: fmt.Errorf("STATISTICS reply has %d frames, want 8: %w", len(parts), ErrInvalid)}
	}
	fields := [8]*uint64{&st.FrontendIn, &st.FrontendInBytes, &st.FrontendOut, &st.FrontendOutBytes,
		&st.BackendIn, &st.BackendInBytes, &st.BackendOut, &st.BackendOutBytes}
	for i, p := range parts {
		if len(p) != 8 {
			return st, &OpError{Op: "proxy", Err: fmt.Errorf("STATISTICS reply frame %d has %d bytes, want 8: %w", i, len(p), ErrInvalid)}
		}
		*fields[i] = binary.NativeEndian.Uint64(p)
	}
	return st, nil
}

// Close closes the controller's socket.
func (c *ProxyController) Close() error { return c.s.Close() }
