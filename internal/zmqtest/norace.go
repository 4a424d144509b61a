//go:build !race

package zmqtest

// raceEnabled: see race.go.
const raceEnabled = false
