package zmq_test

// The option value types: which options select which security
// mechanism, and the String forms of Mechanism and Events.

import (
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// TestSocketOptionMechanism: setting a PLAIN, CURVE or GSSAPI option must
// switch the socket's mechanism as libzmq documents, "" as PLAIN user name
// must switch it back, and Mechanism's String must use libzmq's names.
func TestSocketOptionMechanism(t *testing.T) {
	ctx := zt.Context(t)
	for _, c := range []struct {
		name string
		set  func(*zmq.Socket) error
		want zmq.Mechanism
	}{
		{"PLAIN_USERNAME", func(s *zmq.Socket) error { return s.SetPlainUsername("u") }, zmq.MechanismPlain},
		{"PLAIN_SERVER", func(s *zmq.Socket) error { return s.SetPlainServer(true) }, zmq.MechanismPlain},
		{"CURVE_SERVER", func(s *zmq.Socket) error { return s.SetCurveServer(true) }, zmq.MechanismCurve},
		{"CURVE_SERVERKEY", func(s *zmq.Socket) error { return s.SetCurveServerKey(optServerPublicZ85) }, zmq.MechanismCurve},
		{"GSSAPI_SERVER", func(s *zmq.Socket) error { return s.SetGSSAPIServer(true) }, zmq.MechanismGSSAPI},
	} {
		s := freshSocket(t, ctx, zmq.DEALER)
		if err := c.set(s); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if m, err := s.Mechanism(); err != nil || m != c.want {
			t.Errorf("Mechanism after %s: %v, %v; want %v", c.name, m, err, c.want)
		}
	}

	// "" as PLAIN user name returns to NULL.
	s := freshSocket(t, ctx, zmq.DEALER)
	if err := s.SetPlainUsername("u"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPlainUsername(""); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Mechanism(); m != zmq.MechanismNull {
		t.Errorf(`Mechanism after SetPlainUsername(""): %v, want NULL`, m)
	}

	if got := zmq.MechanismCurve.String(); got != "CURVE" {
		t.Errorf("MechanismCurve.String() = %q", got)
	}
	if got := zmq.Mechanism(9).String(); got != "Mechanism(9)" {
		t.Errorf("Mechanism(9).String() = %q", got)
	}
}

// TestEventsString: Events prints as its flags joined by "|", with bits it
// does not know shown as a number rather than lost.
func TestEventsString(t *testing.T) {
	for ev, want := range map[zmq.Events]string{
		0:                        "0",
		zmq.POLLIN:               "POLLIN",
		zmq.POLLIN | zmq.POLLOUT: "POLLIN|POLLOUT",
		zmq.POLLERR | 16:         "POLLERR|Events(16)",
	} {
		if got := ev.String(); got != want {
			t.Errorf("Events(%d).String() = %q, want %q", int(ev), got, want)
		}
	}
}
