package cli

import (
	"errors"
	"flag"
	"fmt"

	"github.com/zmqgo/zmq"
)

// Curve holds the CURVE flags of a tool: this side as a CURVE server (its
// secret key, and the client keys it allows) or as a CURVE client (the
// server's public key and its own secret key).
type Curve struct {
	// BothRoles, set before Check, lets the flags make a server and a
	// client at once: zmqdevice's bound and connected sockets.
	BothRoles bool

	serverSecret, serverKey, secret string
	allowLists                      StringList

	// Set by Check.
	ServerPublic string   // the public key of -curve-server-secret
	clientPublic string   // the public key of -curve-secret
	Allowed      []string // the client keys of -curve-allow
}

// Register adds the flags to fs.
func (c *Curve) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.serverSecret, "curve-server-secret", "", "")
	fs.StringVar(&c.serverKey, "curve-server-key", "", "")
	fs.StringVar(&c.secret, "curve-secret", "", "")
	fs.Var(&c.allowLists, "curve-allow", "")
}

// Server reports whether the flags make this side a CURVE server.
func (c *Curve) Server() bool { return c.serverSecret != "" }

// Client reports whether the flags make this side a CURVE client.
func (c *Curve) Client() bool { return c.serverKey != "" }

// Check checks the flags once parsed and derives the public keys. A bad
// combination or key is a usage error, which never repeats a secret key.
func (c *Curve) Check() error {
	if c.Server() && !c.BothRoles && (c.serverKey != "" || c.secret != "") {
		return Usagef("--curve-server-secret makes this side a CURVE server: no --curve-server-key or --curve-secret with it")
	}
	if (c.serverKey == "") != (c.secret == "") {
		return Usagef("a CURVE client needs both --curve-server-key and --curve-secret")
	}
	if len(c.allowLists) > 0 && !c.Server() {
		return Usagef("--curve-allow is for a CURVE server: give --curve-server-secret")
	}
	var err error
	if c.Server() {
		if c.ServerPublic, err = public("--curve-server-secret", c.serverSecret); err != nil {
			return err
		}
	}
	if c.Client() {
		if err := checkPublic("--curve-server-key", c.serverKey); err != nil {
			return err
		}
		if c.clientPublic, err = public("--curve-secret", c.secret); err != nil {
			return err
		}
	}
	if c.Allowed, err = Endpoints("--curve-allow", c.allowLists...); err != nil {
		return Usagef("--curve-allow: empty key in the list")
	}
	for _, k := range c.Allowed {
		if err := checkPublic("--curve-allow", k); err != nil {
			return err
		}
	}
	return nil
}

// public derives the public key of a secret key given to flagName.
func public(flagName, secret string) (string, error) {
	p, err := zmq.CurvePublic(secret)
	switch {
	case errors.Is(err, zmq.ErrNotSupported):
		return "", &UsageError{Msg: flagName + ": this libzmq has no CURVE", Err: err}
	case err != nil || len(secret) != 40:
		return "", Usagef("%s: not a CURVE secret key: want 40 characters of Z85 text", flagName)
	}
	return p, nil
}

// checkPublic checks a public key given to flagName.
func checkPublic(flagName, key string) error {
	if b, err := zmq.Z85Decode(key); err != nil || len(b) != 32 {
		return Usagef("%s %q: not a CURVE public key: want 40 characters of Z85 text", flagName, key)
	}
	return nil
}

// Apply makes s a CURVE server or client, as the flags say; it does
// nothing without them. server says whether s may be a server, client
// whether it may be a client: zmqdevice makes its bound sockets servers
// and its connected ones clients.
func (c *Curve) Apply(s *zmq.Socket, server, client bool) error {
	switch {
	case c.Server() && server:
		if err := errors.Join(s.SetCurveServer(true), s.SetCurveSecretKey([]byte(c.serverSecret))); err != nil {
			return fmt.Errorf("CURVE server: %w", err)
		}
	case c.Client() && client:
		if err := errors.Join(s.SetCurveServerKey([]byte(c.serverKey)),
			s.SetCurvePublicKey([]byte(c.clientPublic)), s.SetCurveSecretKey([]byte(c.secret))); err != nil {
			return fmt.Errorf("CURVE client: %w", err)
		}
	}
	return nil
}

// Authenticate starts, when -curve-allow was given, an authenticator on
// ctx that lets in only the CURVE clients with those keys, in every ZAP
// domain; else it returns nil. The caller closes it after the sockets it
// guards, and before terminating ctx.
func (c *Curve) Authenticate(ctx *zmq.Context) (*zmq.Authenticator, error) {
	if len(c.Allowed) == 0 {
		return nil, nil
	}
	a, err := zmq.NewAuthenticator(ctx)
	if err != nil {
		return nil, fmt.Errorf("authenticator: %w", err)
	}
	if err := a.AllowCurve("*", c.Allowed...); err != nil {
		a.Close()
		return nil, fmt.Errorf("authenticator: %w", err)
	}
	return a, nil
}
