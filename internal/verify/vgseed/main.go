// Command vgseed holds the bugs that `make valgrind` must catch, each
// behind a flag, so that a test can prove the gate fails
// (internal/verify/valgrind/gate_test.go). Without a flag it does nothing wrong and exits 0.
//
//	vgseed -use-after-close   reads the bytes of a Msg after its Close:
//	                          a read of freed C memory (pass 1 fails)
//	vgseed -leak              leaves Msgs never closed, their cleanups
//	                          disabled (pass 2 fails; needs -tags zmqseed)
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"unsafe"

	"github.com/zmqgo/zmq"
)

func main() {
	useAfterClose := flag.Bool("use-after-close", false, "read a Msg's bytes after Close")
	leak := flag.Bool("leak", false, "leak Msgs: never closed, cleanup disabled (built with -tags zmqseed)")
	flag.Parse()

	// Bigger than libzmq's 33-byte inline buffer, so the content is a
	// block of its own, malloc'ed by zmq_msg_init_size.
	const size = 5000

	if *useAfterClose {
		m, err := zmq.NewMsg(size)
		if err != nil {
			log.Fatal(err)
		}
		b := m.Bytes()
		for i := range b {
			b[i] = byte(i)
		}
		if err := m.Close(); err != nil {
			log.Fatal(err)
		}
		// The bug: b points into the freed content of m.
		sum := 0
		for _, c := range b {
			sum += int(c)
		}
		fmt.Println("use-after-close: sum of freed bytes", sum)
	}

	if *leak {
		if leakMsg == nil {
			fmt.Fprintln(os.Stderr, "vgseed: -leak needs a build with -tags zmqseed")
			os.Exit(2)
		}
		// Many of them, so that a stale copy of one pointer on a stack
		// cannot hide them all from the leak checker.
		for i := 0; i < 100; i++ {
			m, err := zmq.NewMsg(size)
			if err != nil {
				log.Fatal(err)
			}
			m.Bytes()[0] = byte(i)
			leakMsg(m)
		}
		// Freed Go memory is not cleared at once, and memcheck's leak
		// check scans it as it scans any mapped memory: the boxes that held
		// the stopped cleanups' arguments still hold the C pointers. A
		// program that goes on running reuses that memory; this one does
		// so at once, with objects of the boxes' sizes.
		runtime.GC()
		runtime.GC()
		churn[[1]unsafe.Pointer]()
		churn[[2]unsafe.Pointer]()
		churn[[3]unsafe.Pointer]()
		churn[[4]unsafe.Pointer]()
		churn[[6]unsafe.Pointer]()
		churn[[8]unsafe.Pointer]()
		runtime.GC()
		debug.FreeOSMemory()
		fmt.Println("leak: 100 messages never closed")
	}
	fmt.Println("vgseed: done")
}

// leakMsg is zmq.LeakMsgForTest in builds with the zmqseed tag, nil
// otherwise (leak_zmqseed.go).
var leakMsg func(*zmq.Msg)

// churn allocates, then drops, many objects of T's size class that hold
// pointers: they take the place of freed objects of that class, and Go
// clears memory it hands out for pointers. The boxes that held cleanup
// arguments are of one of these classes (8 to 64 bytes).
func churn[T any]() {
	objs := make([]*T, 0, 1<<16)
	for range cap(objs) {
		objs = append(objs, new(T))
	}
	runtime.KeepAlive(objs)
}
