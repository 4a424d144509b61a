package examples

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestVersion(t *testing.T) {
	top := newTopology(t)
	p := top.start("version")
	want, err := exec.Command("pkg-config", "--modversion", "libzmq").Output()
	if err != nil {
		t.Fatalf("pkg-config: %v", err)
	}
	exit0(t, p, 5*time.Second)
	if got := p.Output(); got != "Current 0MQ version is "+strings.TrimSpace(string(want))+"\n" {
		t.Errorf("version printed %q, want the version pkg-config reports (%s)", got, strings.TrimSpace(string(want)))
	}
}
