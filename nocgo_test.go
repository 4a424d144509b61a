package zmq_test

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// TestBuildWithoutCgo: without cgo, go build and go vet of the package fail
// with one error, nocgo.go's, whose name says what is needed; every other
// file needs cgo and is left out, so no error of theirs hides it.
func TestBuildWithoutCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	root, err := zt.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"build", "vet"} {
		// A cold build cache can make even this small build slow.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, goCmd, verb, ".")
		cmd.Dir = root
		// GOFLAGS and GODEBUG are cleared so that the outer run's settings
		// (-race; make check's checkfinalizers, which makes the go command
		// itself print) do not apply.
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=", "GODEBUG=")
		out, err := cmd.CombinedOutput()
		cancel()
		if err == nil {
			t.Errorf("CGO_ENABLED=0 go %s . succeeded; want nocgo.go's error\n%s", verb, out)
			continue
		}
		// Compile errors are "file.go:line:col: ..." lines; headers ("# pkg")
		// and what a GODEBUG of the outer run makes tools print (replayed
		// from the go command's cache too) are not.
		var errs []string
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if compileError.MatchString(line) {
				errs = append(errs, line)
			}
		}
		if len(errs) != 1 || !strings.HasPrefix(errs[0], "./nocgo.go:") ||
			!strings.Contains(errs[0], "zmq_needs_cgo__build_with_CGO_ENABLED_1_and_install_libzmq3_dev_and_pkg_config") {
			t.Errorf("CGO_ENABLED=0 go %s . gave %d error lines, want only nocgo.go's:\n%s", verb, len(errs), out)
		}
	}
}

var compileError = regexp.MustCompile(`\.go:\d+:\d+: `)
