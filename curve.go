//go:build cgo

package zmq

// CURVE key pairs (RFC 26, zmq_curve(7)), made and checked by libzmq's own
// zmq_curve_keypair and zmq_curve_public, so that a key is exactly what
// libzmq's tools and other bindings would make.

import "fmt"

// haveCurve reports whether libzmq has CURVE. It is a variable so that the
// tests can take CURVE away.
var haveCurve = func() bool { return Has("curve") }

// errNoCurve is the error of a CURVE call on a libzmq built without it.
func errNoCurve(call string) error {
	return fmt.Errorf("zmq: %s: libzmq was built without CURVE (it needs libsodium): %w", call, ErrNotSupported)
}

// NewCurveKeypair returns a new CURVE key pair from libzmq's
// zmq_curve_keypair, each key as 40 characters of Z85 text. The secret
// key goes to the socket that owns the pair (SetCurveSecretKey) and must
// stay secret; the public key is given to peers (a client's
// SetCurveServerKey, a server's authenticator). The setters take the
// text as it is, and Z85Decode gives the 32 bytes.
//
// If libzmq was built without CURVE (Has("curve") is false), the error
// matches ErrNotSupported.
func NewCurveKeypair() (public, secret string, err error) {
	if !haveCurve() {
		return "", "", errNoCurve("NewCurveKeypair")
	}
	public, secret, rc := zmqCurveKeypair()
	if rc < 0 {
		return "", "", fmt.Errorf("zmq: NewCurveKeypair: %w", errnoErr(rc))
	}
	return public, secret, nil
}

// CurvePublic returns, as 40 characters of Z85 text, the public key of a
// CURVE secret key, computed by libzmq's zmq_curve_public: a server that
// keeps only its secret key can so tell clients its public one.
//
// secret is 40 characters of Z85 text, as NewCurveKeypair gives it, or
// the key's 32 bytes, as the socket getters (CurveSecretKey) give it,
// which are encoded first: the two lengths cannot be confused, as the
// setters do not confuse them either. Any other length, or text that is
// not Z85, is an error matching ErrInvalid and never reaches libzmq. If
// libzmq was built without CURVE, the error matches ErrNotSupported.
func CurvePublic(secret string) (string, error) {
	switch len(secret) {
	case 32:
		secret = z85Encode([]byte(secret))
	case 40:
		// zmq_curve_public decodes up to the first NUL and would make a
		// key of uninitialised bytes from "abcde\x00...": only 40 Z85
		// characters may reach it.
		if _, err := z85Decode(secret); err != nil {
			return "", fmt.Errorf("zmq: CurvePublic: secret key: %w", err)
		}
	default:
		return "", fmt.Errorf("zmq: CurvePublic: secret key of %d bytes, want 40 characters of Z85 text or 32 bytes: %w",
			len(secret), ErrInvalid)
	}
	if !haveCurve() {
		return "", errNoCurve("CurvePublic")
	}
	public, rc := zmqCurvePublic(secret)
	if rc < 0 {
		return "", fmt.Errorf("zmq: CurvePublic: %w", errnoErr(rc))
	}
	return public, nil
}
