//go:build cgo

package zmq

// Test hook of curve.go: a libzmq without CURVE cannot be had next to the
// one the tests link, so the tests take CURVE away here instead.

// WithoutCurve makes the package see a libzmq without CURVE until the
// returned function restores it. Not for parallel tests.
func WithoutCurve() (restore func()) {
	saved := haveCurve
	haveCurve = func() bool { return false }
	return func() { haveCurve = saved }
}
