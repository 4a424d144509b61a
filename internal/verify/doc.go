// Package verify gathers the programs and tests that check the module
// from outside its unit tests, one directory each:
//
//	valgrind   make valgrind: the examples and vgcover under memcheck, and
//	           the test proving that gate fails on seeded bugs
//	vgcover    drives every path of package zmq that reaches C, for valgrind
//	vgseed     the bugs valgrind must catch, behind flags
//	scrub      clears freed Go memory before memcheck's leak check, for
//	           vgcover and vgseed
//	sigchild   the child process of the root's CatchSignals tests
//	fuzzgen    writes the seed corpora of the root's fuzz targets into
//	           testdata/fuzz (go run ./internal/verify/fuzzgen)
//	perftest   tests of cmd/local_thr, remote_thr, local_lat, remote_lat
//	           against libzmq's own perf tools' formats and peers
//	docker     checks the Dockerfile; smoke.sh is its build's smoke test
//
// The shared test helpers are in internal/zmqtest.
package verify
