//go:build !race

package proctest

// raceEnabled is true when the test binary runs under the race detector:
// the tools it starts are then built with -race too.
const raceEnabled = false
