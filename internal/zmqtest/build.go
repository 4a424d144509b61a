package zmqtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// buildLimit bounds a build, which may start from a cold cache.
const buildLimit = 5 * time.Minute

// ModuleRoot returns the directory holding the module's go.mod, found by
// walking up from the working directory (a test runs in its package's
// directory).
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("zmqtest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Build runs "go build -o dir/ pkgs..." at the module root, pkgs being
// module-relative ("./cmd/zmqcat", "./examples/..."), with -race when race
// is true (pass RaceEnabled so that a test under the race detector runs
// its programs under it too).
func Build(dir string, race bool, pkgs ...string) error {
	root, err := ModuleRoot()
	if err != nil {
		return err
	}
	args := []string{"build"}
	if race {
		args = append(args, "-race")
	}
	args = append(args, "-o", dir+string(os.PathSeparator))
	args = append(args, pkgs...)
	ctx, cancel := context.WithTimeout(context.Background(), buildLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}
