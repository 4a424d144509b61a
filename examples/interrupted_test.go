package examples

import (
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"
)

// TestPublishersInterrupted: the publishers that wait for their
// subscribers end cleanly (status 0, nothing on stdout past their own
// lines) on SIGINT and SIGTERM while they wait.
func TestPublishersInterrupted(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		port int // a port it binds: accepting a dial means it is waiting
	}{{"durapub", 5564}, {"durapub2", 5564}, {"syncpub", 5562}} {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(fmt.Sprintf("%s/%v", tc.name, sig), func(t *testing.T) {
				t.Parallel()
				top := newTopology(t)
				p := top.start(tc.name)
				addr := fmt.Sprintf("127.0.0.1:%d", tc.port+top.offset)
				deadline := time.Now().Add(10 * time.Second)
				for {
					c, err := net.DialTimeout("tcp", addr, time.Second)
					if err == nil {
						c.Close()
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("%s never listened on %s: %v", tc.name, addr, err)
					}
					time.Sleep(20 * time.Millisecond)
				}
				if err := p.Signal(sig); err != nil {
					t.Fatal(err)
				}
				p.ExpectExit(t, 0, 5*time.Second)
			})
		}
	}
}
