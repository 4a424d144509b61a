package main

import (
	"os"
	"os/exec"
	"regexp"
	"testing"
)

// TestGateFailsOnSeededBugs proves that `make valgrind` can fail: the
// driver runs internal/verify/vgseed under both passes with each seeded
// bug and must exit non-zero, failing the pass that is meant to catch the
// bug and that pass only; without a seeded bug it must pass. It takes a minute or
// two, so it runs only with valgrind installed and ZMQGO_VALGRIND=1 (make
// valgrind sets it).
func TestGateFailsOnSeededBugs(t *testing.T) {
	if os.Getenv("ZMQGO_VALGRIND") != "1" {
		t.Skip("set ZMQGO_VALGRIND=1 to run the valgrind gate (make valgrind does)")
	}
	if _, err := exec.LookPath("valgrind"); err != nil {
		t.Skip("valgrind is not installed")
	}
	for _, tc := range []struct {
		seed         string
		pass1, pass2 string // expected verdicts
	}{
		{"none", "PASS", "PASS"},
		{"use-after-close", "FAIL", "PASS"},
		{"leak", "PASS", "FAIL"},
	} {
		t.Run(tc.seed, func(t *testing.T) {
			out, err := exec.Command("go", "run", ".", "-seed", tc.seed).CombinedOutput()
			t.Logf("go run ./internal/verify/valgrind -seed %s:\n%s", tc.seed, out)
			wantFail := tc.pass1 == "FAIL" || tc.pass2 == "FAIL"
			if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() > 0 {
				if !wantFail {
					t.Errorf("the gate failed without a seeded bug: %v", err)
				}
			} else if err != nil {
				t.Fatalf("go run: %v", err)
			} else if wantFail {
				t.Errorf("the gate passed with seeded bug %s", tc.seed)
			}
			for pass, verdict := range map[string]string{"pass1": tc.pass1, "pass2": tc.pass2} {
				line := regexp.MustCompile(`(?m)^` + verdict + ` ` + pass + ` +vgseed +vgseed `)
				if !line.Match(out) {
					t.Errorf("no line %q in the summary", line)
				}
			}
		})
	}
}
