//go:build cgo

package zmq

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall"
)

// zapEndpoint is where libzmq looks for a context's ZAP handler (RFC 27).
// inproc endpoints belong to one context, so each context has its own.
const zapEndpoint = "inproc://zeromq.zap.01"

// Authenticator is a ZAP handler (RFC 27, zmq_zap): it decides which
// peers may complete a handshake with the PLAIN and CURVE servers (and
// the NULL sockets with a ZAP domain) of one context. Without one, a CURVE
// server accepts every client that knows its public key, and a PLAIN
// server every user name and password: the mechanisms encrypt or carry
// credentials, the authenticator checks them.
//
// A new Authenticator lets nothing in over PLAIN or CURVE until it is
// told who may (AllowPlain, AllowCurve, AllowAnyCurve), and lets every
// NULL peer in. Allow and Deny add address rules that apply to every
// mechanism. The rules may change at any time, from any goroutine; they
// apply to the handshakes that follow.
//
// Policies are per ZAP domain, the socket's SetZAPDomain ("" by default);
// the domain "*" stands for every domain. A peer that passes is given a
// User-Id, which the server reads with Msg.Get(PropertyUserID) on each
// message it receives from that peer: the PLAIN user name, the Z85 text of
// a CURVE client's public key, "" for NULL.
//
// libzmq asks the authenticator only over tcp, ipc and the other
// connection-based transports, never for inproc; for NULL sockets, only if
// they have a ZAP domain. A socket whose context has no authenticator, or
// whose authenticator was closed, completes its handshakes unchecked:
// close the sockets it guards before the authenticator.
//
// The authenticator answers in a goroutine that waits without an OS
// thread. It ends with Close, or when its context is shut down or
// terminated; Term does not wait for Close.
type Authenticator struct {
	mu     sync.Mutex
	policy policy
	closed bool     // Close was called: the rules no longer change
	ctx    *Context // whose Term makes further rules an error

	stop  context.CancelFunc // ends the goroutine
	done  chan struct{}      // closed when the goroutine has ended
	ended error              // why it ended, unless Close: ErrTerm, ErrClosed; read after done
	err   error              // the ZAP socket's Close error; read after done

	// What the goroutine answered, for the tests: requests allowed and
	// refused (malformed ones included).
	allowed, refused atomic.Uint64
}

// NewAuthenticator starts a ZAP handler for the sockets of ctx: a socket
// bound to inproc://zeromq.zap.01 in ctx, answered by a goroutine of its
// own. Another context's sockets do not see it: each context needs its
// own. A second authenticator on the same context is an error matching
// syscall.EADDRINUSE, as long as the first one runs.
func NewAuthenticator(ctx *Context) (*Authenticator, error) {
	sock, err := ctx.NewSocket(ROUTER)
	if err != nil {
		return nil, err
	}
	// LINGER 0: a reply nobody waits for any more must never keep the
	// context's Term waiting.
	if err := sock.SetLinger(0); err != nil {
		sock.Close()
		return nil, err
	}
	if err := sock.Bind(zapEndpoint); err != nil {
		sock.Close()
		var oe *OpError
		if errors.As(err, &oe) && errors.Is(oe.Err, syscall.EADDRINUSE) {
			return nil, &OpError{Op: "bind", Endpoint: zapEndpoint,
				Err: fmt.Errorf("an authenticator already runs in this context: %w", oe.Err)}
		}
		return nil, err
	}
	runCtx, stop := context.WithCancel(context.Background())
	a := &Authenticator{ctx: ctx, stop: stop, done: make(chan struct{})}
	go a.serve(runCtx, sock)
	return a, nil
}

// serve answers ZAP requests until Close, or until the context is shut
// down, terminated or destroyed; then it closes the socket, so that Term
// can finish.
func (a *Authenticator) serve(ctx context.Context, sock *Socket) {
	defer close(a.done)
	for {
		req, err := sock.RecvMessageContext(ctx, 0)
		if err != nil {
			if errors.Is(err, ErrAgain) || errors.Is(err, ErrInterrupted) {
				continue
			}
			a.ended = err // Close (canceled), ErrTerm, ErrClosed (Destroy)
			break
		}
		envelope, body := splitEnvelope(req)
		reply, ok := a.answer(body)
		if ok {
			a.allowed.Add(1)
		} else {
			a.refused.Add(1)
		}
		// A ROUTER drops what it cannot deliver rather than block: a
		// request whose handshake is gone is simply not answered.
		if err := sock.SendMessage(append(envelope, reply...), DONTWAIT); errors.Is(err, ErrTerm) || errors.Is(err, ErrClosed) {
			a.ended = err
			break
		}
	}
	// Unbind first: zmq_close frees an inproc name only later, in
	// libzmq's reaper thread, and a new authenticator must be able to bind
	// it as soon as Close has returned.
	sock.Unbind(zapEndpoint)
	a.err = sock.Close()
}

// splitEnvelope separates the ROUTER's routing id, and the empty delimiter
// that libzmq's ZAP client (a REQ-like peer) puts first, from the request.
func splitEnvelope(msg [][]byte) (envelope, body [][]byte) {
	n := 1
	if len(msg) > 1 && len(msg[1]) == 0 {
		n = 2
	}
	if n > len(msg) {
		n = len(msg)
	}
	return msg[:n:n], msg[n:]
}

// answer returns the reply to a ZAP request without its envelope, and
// whether it lets the peer in.
func (a *Authenticator) answer(body [][]byte) (reply [][]byte, ok bool) {
	var requestID []byte
	if len(body) > 1 {
		requestID = body[1]
	}
	r := zapRequest{requestID: requestID}
	var code, text string
	switch {
	case len(body) < 6:
		code, text = "400", fmt.Sprintf("malformed request: %d frames, want at least 6", len(body))
	case string(body[0]) != "1.0":
		code, text = "400", "unsupported ZAP version"
	default:
		r.domain, r.address, r.mechanism, r.credentials = string(body[2]), string(body[3]), string(body[5]), body[6:]
		a.mu.Lock()
		code, text, r.userID = a.policy.check(&r)
		a.mu.Unlock()
	}
	return [][]byte{[]byte("1.0"), requestID, []byte(code), []byte(text), []byte(r.userID), nil}, code == "200"
}

// Allow adds IP addresses ("192.0.2.7", "2001:db8::1") and CIDR prefixes
// ("10.0.0.0/8") that peers may connect from. Once any is allowed, peers
// from other addresses, and those of transports without one (ipc), are
// refused; without any, every address not denied may go on to
// authenticate. A bad address is an error, and none of addrs is added.
func (a *Authenticator) Allow(addrs ...string) error {
	return a.addPrefixes("allow", addrs, false)
}

// Deny adds IP addresses and CIDR prefixes that peers may not connect
// from, whatever else allows them: a handshake from a denied address never
// completes. A bad address is an error, and none of addrs is added.
func (a *Authenticator) Deny(addrs ...string) error {
	return a.addPrefixes("deny", addrs, true)
}

func (a *Authenticator) addPrefixes(op string, addrs []string, deny bool) error {
	prefixes, err := parsePrefixes(addrs)
	if err != nil {
		return &OpError{Op: op, Err: err}
	}
	return a.change(op, func(p *policy) error {
		if deny {
			p.deny = append(p.deny, prefixes...)
		} else {
			p.allow = append(p.allow, prefixes...)
		}
		return nil
	})
}

// AllowPlain lets PLAIN clients of the ZAP domain ("*": of every domain)
// in with the user names and passwords of users, which are added to those
// already allowed (a user given again gets the new password). The User-Id
// of a client let in is its user name.
func (a *Authenticator) AllowPlain(domain string, users map[string]string) error {
	return a.change("allowplain", func(p *policy) error {
		if p.plain == nil {
			p.plain = make(map[string]map[string]string)
		}
		d := p.plain[domain]
		if d == nil {
			d = make(map[string]string, len(users))
			p.plain[domain] = d
		}
		for user, password := range users {
			d[user] = password
		}
		return nil
	})
}

// AllowCurve lets CURVE clients of the ZAP domain ("*": of every domain)
// in when their public key is one of publicKeys, each 40 characters of Z85
// text (as NewCurveKeypair makes them). The keys are added to those
// already allowed; a bad one is an error, and none is added then. The
// User-Id of a client let in is its public key, as Z85 text.
func (a *Authenticator) AllowCurve(domain string, publicKeys ...string) error {
	keys := make([][32]byte, 0, len(publicKeys))
	for _, k := range publicKeys {
		key, err := parseCurveKey(k)
		if err != nil {
			return &OpError{Op: "allowcurve", Err: err}
		}
		keys = append(keys, key)
	}
	return a.change("allowcurve", func(p *policy) error {
		if p.curve == nil {
			p.curve = make(map[string]map[[32]byte]bool)
		}
		d := p.curve[domain]
		if d == nil {
			d = make(map[[32]byte]bool, len(keys))
			p.curve[domain] = d
		}
		for _, k := range keys {
			d[k] = true
		}
		return nil
	})
}

// AllowAnyCurve lets every CURVE client of the ZAP domain ("*": of every
// domain) in, whatever its key: the connection is encrypted, but the
// client is not authenticated (the address rules still apply).
func (a *Authenticator) AllowAnyCurve(domain string) error {
	return a.change("allowanycurve", func(p *policy) error {
		if p.anyCurve == nil {
			p.anyCurve = make(map[string]bool)
		}
		p.anyCurve[domain] = true
		return nil
	})
}

// change applies f to the rules, under the lock the goroutine reads them
// with. Rules nobody will apply are an error: after Close, ErrClosed;
// once the context's Term (or Destroy) has begun, ErrTerm. That is asked
// of the context, not of the goroutine: Term can return as soon as the
// goroutine's socket is closed, before the goroutine has ended.
func (a *Authenticator) change(op string, f func(*policy) error) error {
	if a == nil {
		return &OpError{Op: op, Err: ErrClosed}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return &OpError{Op: op, Err: ErrClosed}
	}
	if a.ctx.terminated() {
		return &OpError{Op: op, Err: ErrTerm}
	}
	select {
	case <-a.done:
		return &OpError{Op: op, Err: a.ended}
	default:
	}
	return f(&a.policy)
}

// Close stops the authenticator and waits for its goroutine to end. From
// then on, libzmq lets the handshakes of the context's sockets through
// unchecked: close the sockets the authenticator guards first. Close may
// be called from any goroutine, more than once, also after the context
// was terminated; later calls return nil.
func (a *Authenticator) Close() error {
	if a == nil {
		return ErrClosed
	}
	a.mu.Lock()
	first := !a.closed
	a.closed = true
	a.mu.Unlock()
	a.stop()
	<-a.done
	if first && a.err != nil {
		return &OpError{Op: "close", Endpoint: zapEndpoint, Err: a.err}
	}
	return nil
}
