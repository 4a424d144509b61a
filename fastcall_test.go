package zmq_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
)

// TestFastEntry checks that a normal build takes the fast entry into C
// (fastcall.go) and a race build does not; ZMQGO_FASTCALL=0 turns it off.
func TestFastEntry(t *testing.T) {
	want := !raceBuild && os.Getenv("ZMQGO_FASTCALL") != "0"
	if got := zmq.FastEntry(); got != want {
		t.Fatalf("FastEntry() = %v, want %v (race build %v, ZMQGO_FASTCALL=%q)", got, want, raceBuild, os.Getenv("ZMQGO_FASTCALL"))
	}
}

// TestFastEntryOff runs the data-path tests again in a child process with
// ZMQGO_FASTCALL=0, so that both entries are tested by every run.
func TestFastEntryOff(t *testing.T) {
	if os.Getenv("ZMQGO_FASTCALL") == "0" || raceBuild {
		t.Skip("the fast entry is already off here")
	}
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(c, os.Args[0], "-test.count=1",
		"-test.run=^(TestFastEntry|TestRoundTripSizes|TestMultipartLoops|TestRecvIntoTruncation|TestAllocs.*|TestDestroyWhileBlocked|TestDestroyDoomWiped|TestSignalsMidMessage|TestHandoffThroughLibzmq|TestSendMessageRecvMessage|TestSendBatch.*|TestRecvBatch.*)$")
	cmd.Env = append(os.Environ(), "ZMQGO_FASTCALL=0")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "PASS") {
		t.Fatalf("with ZMQGO_FASTCALL=0: %v\n%s", err, out)
	}
}
