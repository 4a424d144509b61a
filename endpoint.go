//go:build cgo

package zmq

import (
	"fmt"
	"strconv"
	"strings"
)

// Bind accepts connections on endpoint ("tcp://*:5555", "ipc:///tmp/x",
// "inproc://name"). Bind "tcp://127.0.0.1:*" picks a free port; read it
// back with LastEndpoint.
func (s *Socket) Bind(endpoint string) error { return s.endpointOp(epBind, "bind", endpoint) }

// Connect connects to endpoint. Connecting is asynchronous: an unreachable
// address is not an error, libzmq keeps retrying.
func (s *Socket) Connect(endpoint string) error {
	return s.endpointOp(epConnect, "connect", endpoint)
}

// Unbind stops accepting connections on an endpoint given to Bind (for a
// wildcard bind, the endpoint LastEndpoint reported).
func (s *Socket) Unbind(endpoint string) error { return s.endpointOp(epUnbind, "unbind", endpoint) }

// Disconnect disconnects from an endpoint given to Connect.
func (s *Socket) Disconnect(endpoint string) error {
	return s.endpointOp(epDisconnect, "disconnect", endpoint)
}

func (s *Socket) endpointOp(op int, name, endpoint string) error {
	if err := checkEndpoint(endpoint); err != nil {
		return &OpError{Op: name, Endpoint: endpoint, Err: err}
	}
	if err := s.acquire(); err != nil {
		return &OpError{Op: name, Endpoint: endpoint, Err: err}
	}
	rc := zmqEndpoint(s.h, op, endpoint)
	s.release()
	if rc < 0 {
		return &OpError{Op: name, Endpoint: endpoint, Err: errnoErr(rc)}
	}
	return nil
}

// checkEndpoint refuses what libzmq would misread: a NUL (C would cut the
// string there) and a tcp, udp or pgm port outside 0-65535 (libzmq 4.3.4
// takes ":99999" modulo 65536 and binds another port).
func checkEndpoint(endpoint string) error {
	if hasNUL(endpoint) {
		return fmt.Errorf("endpoint contains a NUL byte: %w", ErrInvalid)
	}
	transport, addr, ok := strings.Cut(endpoint, "://")
	if !ok {
		return nil // libzmq says EINVAL itself
	}
	switch transport {
	case "tcp", "udp", "pgm", "epgm":
	default:
		return nil
	}
	if i := strings.LastIndexByte(addr, ';'); i >= 0 { // "source;destination"
		addr = addr[i+1:]
	}
	i := strings.LastIndexByte(addr, ':')
	if i < 0 {
		return nil
	}
	port := addr[i+1:]
	if port == "*" || port == "" {
		return nil
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		if strings.HasPrefix(port, "-") {
			return fmt.Errorf("port %s out of range 0-65535: %w", port, ErrInvalid)
		}
		return nil // not a number: libzmq resolves or refuses it
	}
	if n < 0 || n > 65535 {
		return fmt.Errorf("port %s out of range 0-65535: %w", port, ErrInvalid)
	}
	return nil
}
