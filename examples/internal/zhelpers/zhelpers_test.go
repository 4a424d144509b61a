package zhelpers

import "testing"

// TestEndpoint guards ZGUIDE_PORT_OFFSET: tcp ports move by it, wildcard
// ports and other transports do not, and no offset changes nothing.
func TestEndpoint(t *testing.T) {
	t.Setenv("ZGUIDE_PORT_OFFSET", "20000")
	for in, want := range map[string]string{
		"tcp://*:5555":         "tcp://*:25555",
		"tcp://localhost:5559": "tcp://localhost:25559",
		"tcp://127.0.0.1:*":    "tcp://127.0.0.1:*",
		"ipc://weather.ipc":    "ipc://weather.ipc",
		"inproc://workers":     "inproc://workers",
	} {
		if got := Endpoint(in); got != want {
			t.Errorf("Endpoint(%q) = %q, want %q", in, got, want)
		}
	}
	t.Setenv("ZGUIDE_PORT_OFFSET", "")
	if got := Endpoint("tcp://*:5555"); got != "tcp://*:5555" {
		t.Errorf("without offset: %q", got)
	}
}
