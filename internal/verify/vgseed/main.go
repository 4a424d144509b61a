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

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/verify/scrub"
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
		// The boxes that held the stopped cleanups' arguments still hold
		// the C pointers: a program that goes on running reuses that
		// memory; this one does so at once.
		scrub.FreedGoMemory()
		fmt.Println("leak: 100 messages never closed")
	}
	fmt.Println("vgseed: done")
}

// leakMsg is zmq.LeakMsgForTest in builds with the zmqseed tag, nil
// otherwise (leak_zmqseed.go).
var leakMsg func(*zmq.Msg)
