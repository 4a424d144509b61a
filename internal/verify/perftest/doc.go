// Package perftest holds the tests of the Go versions of libzmq's perf
// tools: cmd/local_thr, cmd/remote_thr, cmd/local_lat and cmd/remote_lat.
//
// The tests build the four commands, run them in pairs over tcp on
// 127.0.0.1 and check what they print against the output format of
// libzmq 4.3.4's C tools, their exit statuses and their usage and error
// lines. When gcc and libzmq's pkg-config file are there, a small C peer
// (testdata/cpeer.c) takes the place of each Go side in turn, to show
// that the tools speak to plain libzmq programs over the wire.
//
// Set ZMQGO_LIBZMQ_PERF_DIR to a directory holding libzmq's own perf
// tools, built from its perf/ directory, to pair the Go tools with them
// too and compare their usage lines.
package perftest
