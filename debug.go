//go:build cgo

package zmq

// Leak reporting and live-object counting.
//
// With ZMQGO_DEBUG=leaks in the environment (read once, when the package
// is initialised; a comma-separated list, like GODEBUG), every Context,
// Socket and Msg records where the program created it, and the cleanup of
// one that was garbage collected without Term or Close prints that place
// to stderr:
//
//	zmq: Socket created at main.go:12 (main.run) was garbage collected without Close
//
// Without it, creating an object costs one bool test more and an atomic
// add (the live-object count), next to a cgo call and runtime.AddCleanup.
//
// The hooks, in the files that create and release the objects:
//
//	creation:    the cleanup's argument carries debugNew(kind)
//	release:     debugFreed(kind) once the C object is closed or terminated
//	cleanup:     debugLeaked(kind, where) before releasing a dropped object

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// liveKind names the objects whose C side is counted.
type liveKind int

const (
	kindContext liveKind = iota
	kindSocket
	kindMsg
	numKinds
)

var kindNames = [numKinds]string{"Context", "Socket", "Msg"}

// kindRelease is the call a leaked object of each kind missed.
var kindRelease = [numKinds]string{"Term", "Close", "Close"}

func (k liveKind) String() string {
	if k >= 0 && k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("liveKind(%d)", int(k))
}

// debugLeaks is set by ZMQGO_DEBUG=leaks and never changes afterwards.
var debugLeaks = debugOption(os.Getenv("ZMQGO_DEBUG"), "leaks")

// debugOption reports whether the comma-separated list env names opt.
func debugOption(env, opt string) bool {
	for _, f := range strings.Split(env, ",") {
		if strings.TrimSpace(f) == opt {
			return true
		}
	}
	return false
}

// live counts, per kind, the C objects created and not yet released:
// contexts not terminated, sockets not closed, messages not closed.
var live [numKinds]atomic.Int64

// debugNew counts a new object of kind k and, in leak-debug mode, returns
// where the program created it ("file.go:12 (pkg.Func)", the first caller
// outside this package); otherwise "". Its result goes into the argument
// of the object's cleanup.
func debugNew(k liveKind) string {
	live[k].Add(1)
	if !debugLeaks {
		return ""
	}
	return callerOutside()
}

// debugFreed counts the release of an object of kind k: its C side was
// closed or terminated, by the program or by a cleanup.
func debugFreed(k liveKind) {
	live[k].Add(-1)
}

// debugLeaked is called by the cleanup of an object of kind k that was
// garbage collected without being released. where is what debugNew
// returned: nothing is printed unless it was recorded.
func debugLeaked(k liveKind, where string) {
	if where == "" {
		return
	}
	debugMu.Lock()
	defer debugMu.Unlock()
	fmt.Fprintf(debugOut, "zmq: %v created at %s was garbage collected without %s\n", k, where, kindRelease[k])
}

// debugOut is where leaks are reported (tests may replace it, holding
// debugMu).
var (
	debugMu  sync.Mutex
	debugOut io.Writer = os.Stderr
)

// thisPackage is the prefix of the functions of this package,
// "github.com/zmqgo/zmq." (its external tests are "...zmq_test.").
var thisPackage = packagePrefix()

func packagePrefix() string {
	pc, _, _, _ := runtime.Caller(0)
	name := runtime.FuncForPC(pc).Name() // "github.com/zmqgo/zmq.packagePrefix"
	return name[:strings.LastIndex(name, ".")+1]
}

// callerOutside returns "file.go:line (function)" of the first frame of
// the calling goroutine that is not in this package's non-test files, or
// "unknown" if there is none.
func callerOutside() string {
	var pcs [32]uintptr
	n := runtime.Callers(3, pcs[:]) // skip Callers, callerOutside, debugNew
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		inside := strings.HasPrefix(f.Function, thisPackage) && !strings.HasSuffix(f.File, "_test.go")
		if !inside && f.Function != "" {
			return fmt.Sprintf("%s:%d (%s)", filepath.Base(f.File), f.Line, shortFunc(f.Function))
		}
		if !more {
			return "unknown"
		}
	}
}

// shortFunc drops the import path from a function name:
// "github.com/x/y.(*T).M" becomes "y.(*T).M".
func shortFunc(name string) string {
	if i := strings.LastIndex(name, "/"); i >= 0 {
		return name[i+1:]
	}
	return name
}

// leakRef is the argument of a Msg's cleanup: the C handle
// and where the object was created (debugNew).
type leakRef struct {
	h     unsafe.Pointer
	where string
}

// freeLeakedMsg is the cleanup of a Msg dropped without Close.
func freeLeakedMsg(r leakRef) {
	debugLeaked(kindMsg, r.where)
	zmqMsgFree(r.h)
	debugFreed(kindMsg)
}
