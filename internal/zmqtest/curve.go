package zmqtest

import (
	"testing"

	"github.com/zmqgo/zmq"
)

// CurveKeypair returns a new CURVE key pair as Z85 text, failing the test
// if libzmq cannot make one.
func CurveKeypair(t testing.TB) (public, secret string) {
	t.Helper()
	public, secret, err := zmq.NewCurveKeypair()
	if err != nil {
		t.Fatalf("NewCurveKeypair: %v", err)
	}
	return public, secret
}
