// Package scrub clears freed Go memory of stale pointers, for the leak
// check of valgrind's memcheck: vgcover runs it before exit in pass 2, and
// vgseed after leaking, so that a real leak is reported and a freed block
// is not.
package scrub

import (
	"runtime"
	"runtime/debug"
	"unsafe"
)

// FreedGoMemory reuses freed Go memory and hands the rest back to the OS.
// Freed Go memory is not cleared, and memcheck scans it for pointers as
// it scans any mapped memory, so the boxed arguments of cleanups that ran
// still point at C memory they freed, or at C memory that leaked.
func FreedGoMemory() {
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
}

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
