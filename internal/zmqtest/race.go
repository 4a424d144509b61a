//go:build race

package zmqtest

// raceEnabled: the running binary has the race detector, so the programs
// it builds get it too (Build).
const raceEnabled = true
