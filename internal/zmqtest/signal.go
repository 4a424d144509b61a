package zmqtest

import (
	"os"
	"runtime"
	"syscall"
	"time"
)

// StormEvery is the interval of the signals OnSignalledThread sends.
const StormEvery = 5 * time.Millisecond

// OnSignalledThread runs f locked to its OS thread while another goroutine
// sends sig to that very thread every interval (tgkill), and returns how
// many signals were sent. A signal sent to the process lands on whichever
// thread the kernel picks, rarely the one blocked in libzmq; this one
// interrupts libzmq's poll every time f is in it.
func OnSignalledThread(sig syscall.Signal, every time.Duration, f func()) (sent int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	pid, tid := os.Getpid(), syscall.Gettid()
	stop := make(chan struct{})
	count := make(chan int)
	go func() {
		n := 0
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				count <- n
				return
			case <-tick.C:
				if syscall.Tgkill(pid, tid, sig) == nil {
					n++
				}
			}
		}
	}()
	f()
	close(stop)
	return <-count
}
