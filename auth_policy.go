//go:build cgo

package zmq

import (
	"crypto/subtle"
	"fmt"
	"net/netip"
	"strings"
)

// policy is what an Authenticator lets in; its goroutine reads it under
// the Authenticator's lock.
type policy struct {
	allow, deny []netip.Prefix
	plain       map[string]map[string]string // domain → user → password
	curve       map[string]map[[32]byte]bool // domain → client public key
	anyCurve    map[string]bool              // domains open to every CURVE key
}

// zapRequest is the part of a ZAP request (RFC 27) the policy looks at,
// and the User-Id it gives.
type zapRequest struct {
	requestID   []byte
	domain      string
	address     string // the peer's IP address as text; over ipc, not an IP address
	mechanism   string // "NULL", "PLAIN", "CURVE", "GSSAPI"
	credentials [][]byte
	userID      string
}

// check returns the status code, status text and User-Id of the reply to
// r. RFC 27's 400 is a refusal; 500 says the handler cannot judge the
// request (a mechanism it does not know).
func (p *policy) check(r *zapRequest) (code, text, userID string) {
	if ok, why := p.addressAllowed(r.address); !ok {
		return "400", why, ""
	}
	// The domain "*" stands for every domain: a peer passes if its own
	// domain's rules or those of "*" let it in.
	domains := []string{r.domain, "*"}
	switch r.mechanism {
	case "NULL":
		if len(r.credentials) != 0 {
			return "400", "malformed NULL credentials", ""
		}
		return "200", "OK", ""
	case "PLAIN":
		if len(r.credentials) != 2 {
			return "400", "malformed PLAIN credentials", ""
		}
		user, password := string(r.credentials[0]), r.credentials[1]
		for _, d := range domains {
			// In constant time: how long a refusal takes must not tell
			// how much of the password was right.
			if want, ok := p.plain[d][user]; ok && subtle.ConstantTimeCompare([]byte(want), password) == 1 {
				return "200", "OK", user
			}
		}
		return "400", "invalid user name or password", ""
	case "CURVE":
		if len(r.credentials) != 1 || len(r.credentials[0]) != 32 {
			return "400", "malformed CURVE credentials", ""
		}
		key := [32]byte(r.credentials[0])
		for _, d := range domains {
			if p.anyCurve[d] || p.curve[d][key] {
				id, err := Z85Encode(key[:])
				if err != nil {
					return "500", "cannot encode the client key", ""
				}
				return "200", "OK", id
			}
		}
		return "400", "client key not allowed", ""
	}
	return "500", fmt.Sprintf("mechanism %q not supported", r.mechanism), ""
}

// addressAllowed applies the address rules: a denied address never
// passes; with an allow list, only what it holds does.
func (p *policy) addressAllowed(address string) (ok bool, why string) {
	if len(p.allow) == 0 && len(p.deny) == 0 {
		return true, ""
	}
	// What libzmq gives for an ipc peer ("localhost:UID:GID:PID" on
	// Linux) is not an IP address, and matches no rule.
	addr, err := netip.ParseAddr(address)
	valid := err == nil
	if valid {
		// An IPv4 peer of a dual-stack socket shows as ::ffff:a.b.c.d.
		addr = addr.Unmap().WithZone("")
	}
	for _, d := range p.deny {
		if valid && d.Contains(addr) {
			return false, "address denied"
		}
	}
	if len(p.allow) == 0 {
		return true, ""
	}
	for _, a := range p.allow {
		if valid && a.Contains(addr) {
			return true, ""
		}
	}
	return false, "address not allowed"
}

// parsePrefixes reads addresses and CIDR prefixes; an address is the
// prefix of its full length.
func parsePrefixes(addrs []string) ([]netip.Prefix, error) {
	prefixes := make([]netip.Prefix, 0, len(addrs))
	for _, s := range addrs {
		var pfx netip.Prefix
		var err error
		if strings.Contains(s, "/") {
			pfx, err = netip.ParsePrefix(s)
		} else {
			var addr netip.Addr
			if addr, err = netip.ParseAddr(s); err == nil {
				addr = addr.WithZone("")
				pfx = netip.PrefixFrom(addr, addr.BitLen())
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or CIDR prefix: %w", s, ErrInvalid)
		}
		// Written as ::ffff:a.b.c.d, an IPv4 rule would match no peer:
		// the peers' addresses are unmapped before matching.
		if pfx.Addr().Is4In6() && pfx.Bits() >= 96 {
			pfx = netip.PrefixFrom(pfx.Addr().Unmap(), pfx.Bits()-96)
		}
		prefixes = append(prefixes, pfx.Masked())
	}
	return prefixes, nil
}

// parseCurveKey reads a CURVE public key given as 40 characters of Z85.
func parseCurveKey(s string) ([32]byte, error) {
	if len(s) != 40 {
		return [32]byte{}, fmt.Errorf("CURVE key %q is %d characters, want 40 of Z85: %w", s, len(s), ErrInvalid)
	}
	b, err := Z85Decode(s)
	if err != nil || len(b) != 32 {
		return [32]byte{}, fmt.Errorf("CURVE key %q is not Z85 text: %w", s, ErrInvalid)
	}
	return [32]byte(b), nil
}
