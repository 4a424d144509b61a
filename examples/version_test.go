package examples

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestVersion guards the version example against the libzmq the build
// found: it prints the version pkg-config reports.
func TestVersion(t *testing.T) {
	top := newTopology(t)
	p := top.start("version")
	want, err := exec.Command("pkg-config", "--modversion", "libzmq").Output()
	if err != nil {
		t.Fatalf("pkg-config: %v", err)
	}
	p.ExpectExit(t, 0, 5*time.Second)
	if got := p.Stdout(); got != "Current 0MQ version is "+strings.TrimSpace(string(want))+"\n" {
		t.Errorf("version printed %q, want the version pkg-config reports (%s)", got, strings.TrimSpace(string(want)))
	}
}
