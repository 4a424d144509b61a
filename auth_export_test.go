//go:build cgo

package zmq

// AuthCounts returns how many ZAP requests a has let in and refused, so
// that a test can wait for a refusal instead of sleeping.
func AuthCounts(a *Authenticator) (allowed, refused uint64) {
	return a.allowed.Load(), a.refused.Load()
}
