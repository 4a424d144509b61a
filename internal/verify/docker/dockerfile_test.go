package docker_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	line int    // where it starts
	cmd  string // FROM, RUN, COPY... (upper case)
	args string
}

// stage is the instructions from one FROM to the next.
type stage struct {
	from  string // the FROM arguments: "golang:1.26-bookworm AS build"
	instr []instruction
}

func parseDockerfile(t *testing.T, text string) []stage {
	t.Helper()
	var stages []stage
	var cur *instruction
	var pending []string
	flush := func() {
		if cur == nil {
			return
		}
		cur.args = strings.TrimSpace(strings.Join(pending, " "))
		if cur.cmd == "FROM" {
			stages = append(stages, stage{from: cur.args})
		} else if len(stages) == 0 {
			t.Fatalf("Dockerfile line %d: %s before FROM", cur.line, cur.cmd)
		} else {
			stages[len(stages)-1].instr = append(stages[len(stages)-1].instr, *cur)
		}
		cur, pending = nil, nil
	}
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue // comments may sit inside a continued instruction too
		}
		if cur == nil {
			cmd, rest, _ := strings.Cut(line, " ")
			cur = &instruction{line: i + 1, cmd: strings.ToUpper(cmd)}
			line = rest
		}
		cont := strings.HasSuffix(line, "\\")
		pending = append(pending, strings.TrimSuffix(line, "\\"))
		if !cont {
			flush()
		}
	}
	if cur != nil {
		t.Fatalf("Dockerfile ends inside the instruction of line %d", cur.line)
	}
	return stages
}

// commands splits a shell command line at && into word lists.
func commands(run string) [][]string {
	var cmds [][]string
	for _, c := range strings.Split(run, "&&") {
		if f := strings.Fields(c); len(f) > 0 {
			cmds = append(cmds, f)
		}
	}
	return cmds
}

// aptPackages returns what the stage's RUN instructions apt-get install.
func aptPackages(st stage) []string {
	var pkgs []string
	for _, in := range st.instr {
		if in.cmd != "RUN" {
			continue
		}
		for _, c := range commands(in.args) {
			i := slices.Index(c, "install")
			if i < 0 || !slices.Contains(c[:i], "apt-get") {
				continue
			}
			for _, w := range c[i+1:] {
				if !strings.HasPrefix(w, "-") {
					pkgs = append(pkgs, w)
				}
			}
		}
	}
	return pkgs
}

// makefile holds the targets of the Makefile, their recipes, and which
// are phony.
type makefile struct {
	recipes map[string][]string
	phony   map[string]bool
}

var targetLine = regexp.MustCompile(`^([A-Za-z0-9_.-]+)\s*:([^=].*)?$`)

func parseMakefile(text string) makefile {
	mf := makefile{recipes: map[string][]string{}, phony: map[string]bool{}}
	var current string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "\t") {
			if current != "" {
				mf.recipes[current] = append(mf.recipes[current], strings.TrimSpace(line))
			}
			continue
		}
		current = ""
		if rest, ok := strings.CutPrefix(line, ".PHONY:"); ok {
			for _, name := range strings.Fields(rest) {
				mf.phony[name] = true
			}
			continue
		}
		if m := targetLine.FindStringSubmatch(line); m != nil {
			current = m[1]
			if _, ok := mf.recipes[current]; !ok {
				mf.recipes[current] = []string{}
			}
		}
	}
	return mf
}

// TestDockerfile guards an image that would not build or not run: wrong
// base images or packages, a make target or a file that does not exist,
// a runtime stage copying what the build stage did not produce, a default
// command with flags its program lacks, and a smoke check that fails
// against programs built the Dockerfile's way.
func TestDockerfile(t *testing.T) {
	root, err := zmqtest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	mtext, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	mf := parseMakefile(string(mtext))
	stages := parseDockerfile(t, string(text))
	if len(stages) != 2 {
		t.Fatalf("%d stages, want 2 (build, runtime)", len(stages))
	}
	build, runtime := stages[0], stages[1]
	buildFrom := strings.Fields(build.from)
	if len(buildFrom) != 3 || buildFrom[0] != "golang:1.26-bookworm" || !strings.EqualFold(buildFrom[1], "AS") {
		t.Errorf("build stage is FROM %q, want golang:1.26-bookworm AS <name>", build.from)
	}
	stageName := buildFrom[len(buildFrom)-1]
	if runtime.from != "debian:bookworm-slim" {
		t.Errorf("runtime stage is FROM %q, want debian:bookworm-slim", runtime.from)
	}
	if pkgs := aptPackages(build); !slices.Contains(pkgs, "libzmq3-dev") || !slices.Contains(pkgs, "pkg-config") {
		t.Errorf("build stage installs %q, want libzmq3-dev and pkg-config", pkgs)
	}
	if pkgs := aptPackages(runtime); !slices.Equal(pkgs, []string{"libzmq5"}) {
		t.Errorf("runtime stage installs %q, want only libzmq5", pkgs)
	}

	// The build stage: go vet, make targets, go build -o DIR/, the smoke
	// script; files it copies from the context.
	var outDir, smoke string
	var buildArgs []string
	vetted := false
	for _, in := range build.instr {
		switch in.cmd {
		case "COPY":
			srcs := strings.Fields(in.args)
			for _, src := range srcs[:len(srcs)-1] {
				if _, err := os.Stat(filepath.Join(root, src)); src != "." && err != nil {
					t.Errorf("Dockerfile line %d copies %s: %v", in.line, src, err)
				}
			}
		case "RUN":
			for _, c := range commands(in.args) {
				switch {
				case c[0] == "make":
					for _, target := range c[1:] {
						if strings.HasPrefix(target, "-") || strings.Contains(target, "=") {
							continue
						}
						if _, ok := mf.recipes[target]; !ok {
							t.Errorf("Dockerfile line %d runs make %s: the Makefile has no such target", in.line, target)
						}
					}
				case len(c) >= 2 && c[0] == "go" && c[1] == "vet":
					vetted = slices.Equal(c[2:], []string{"./..."})
				case len(c) >= 2 && c[0] == "go" && c[1] == "build":
					if i := slices.Index(c, "-o"); i > 0 && i+1 < len(c) && strings.HasSuffix(c[i+1], "/") {
						outDir = path.Clean(c[i+1])
						buildArgs = slices.Concat(c[1:i], c[i+2:])
					}
				default:
					for _, w := range c {
						if strings.HasSuffix(w, ".sh") {
							smoke = w
						}
					}
				}
			}
		}
	}
	if !vetted {
		t.Error("the build stage does not run go vet ./...")
	}
	if outDir == "" {
		t.Fatal("the build stage has no go build -o DIR/ PACKAGES")
	}
	if smoke == "" {
		t.Fatal("the build stage runs no smoke script")
	}

	// Build what the Dockerfile builds, the way it does, into a temporary
	// directory standing for outDir.
	bin := t.TempDir()
	goBuild := exec.Command("go", slices.Concat(buildArgs[:1], []string{"-o", bin + "/"}, buildArgs[1:])...)
	goBuild.Dir = root
	if out, err := goBuild.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", goBuild.Args, err, out)
	}
	entries, err := os.ReadDir(bin)
	if err != nil {
		t.Fatal(err)
	}
	produced := map[string]bool{}
	for _, e := range entries {
		produced[e.Name()] = true
	}
	for _, want := range []string{"tour", "version", "hwserver", "hwclient", "zmqcat", "zmqdevice"} {
		if !produced[want] {
			t.Errorf("go %s does not produce %s", strings.Join(buildArgs, " "), want)
		}
	}

	// The runtime stage copies only what go build produced.
	var copied []string // names of the programs in the image
	var destDir string
	for _, in := range runtime.instr {
		if in.cmd != "COPY" && in.cmd != "ADD" {
			continue
		}
		f := strings.Fields(in.args)
		if len(f) < 3 || f[0] != "--from="+stageName {
			t.Errorf("Dockerfile line %d: %s %s does not copy from the %s stage", in.line, in.cmd, in.args, stageName)
			continue
		}
		srcs, dest := f[1:len(f)-1], f[len(f)-1]
		destDir = path.Clean(dest)
		for _, src := range srcs {
			switch clean := path.Clean(src); {
			case clean == outDir: // the whole directory
				for name := range produced {
					copied = append(copied, name)
				}
			case path.Dir(clean) == outDir && produced[path.Base(clean)]:
				copied = append(copied, path.Base(clean))
				if !strings.HasSuffix(dest, "/") && len(srcs) > 1 {
					t.Errorf("Dockerfile line %d copies several files to %s, which needs a trailing /", in.line, dest)
				}
			default:
				t.Errorf("Dockerfile line %d copies %s, which go build -o %s/ does not produce", in.line, src, outDir)
			}
		}
	}
	if len(copied) == 0 {
		t.Fatal("the runtime stage copies no program")
	}

	// CMD runs a copied program, with flags it has.
	var cmd []string
	for _, in := range runtime.instr {
		if in.cmd == "CMD" {
			if err := json.Unmarshal([]byte(in.args), &cmd); err != nil {
				t.Fatalf("Dockerfile line %d: CMD %s is not in exec form: %v", in.line, in.args, err)
			}
		}
	}
	if len(cmd) == 0 {
		t.Fatal("the runtime stage has no CMD")
	}
	program := path.Base(cmd[0])
	if !slices.Contains(copied, program) {
		t.Fatalf("CMD runs %s, which the image does not have (it has %q)", cmd[0], copied)
	}
	if cmd[0] != program && path.Dir(cmd[0]) != destDir {
		t.Errorf("CMD runs %s, but the programs are in %s", cmd[0], destDir)
	}
	if i := slices.Index(cmd, "-bin"); i >= 0 {
		if i+1 >= len(cmd) || path.Clean(cmd[i+1]) != destDir {
			t.Errorf("CMD %q: -bin should name %s, where the programs are", cmd, destDir)
		}
	}
	help, _ := exec.Command(filepath.Join(bin, program), "-h").CombinedOutput()
	for _, arg := range cmd[1:] {
		if !strings.HasPrefix(arg, "-") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if !regexp.MustCompile(`(?m)(^|\s)--?` + regexp.QuoteMeta(name) + `(\s|=|$)`).Match(help) {
			t.Errorf("CMD %q: %s -h does not list %s:\n%s", cmd, program, arg, help)
		}
	}

	// The Makefile builds and runs the image.
	for target, want := range map[string]string{"docker": "docker build", "docker-run": "docker run"} {
		recipe, ok := mf.recipes[target]
		if !ok {
			t.Errorf("the Makefile has no %s target", target)
			continue
		}
		if !mf.phony[target] {
			t.Errorf("make %s is not .PHONY", target)
		}
		if !strings.Contains(strings.Join(recipe, "\n"), want) {
			t.Errorf("make %s runs %q, want %s", target, recipe, want)
		}
	}

	// The smoke check passes against the binaries built here.
	script := filepath.Join(root, smoke)
	if _, err := os.Stat(script); err != nil {
		t.Fatalf("smoke script: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	run := exec.CommandContext(ctx, "sh", script, bin)
	run.Dir = root
	run.WaitDelay = 5 * time.Second
	out, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("sh %s %s: %v (%v)\n%s", smoke, bin, err, ctx.Err(), out)
	}
	t.Logf("smoke check:\n%s", out)
	if !strings.Contains(string(out), "smoke: passed") {
		t.Errorf("the smoke check did not say it passed:\n%s", out)
	}
}

// TestParseDockerfile guards the Dockerfile reader the test above relies
// on: continuation lines, comments inside an instruction, stages, apt
// packages and && commands.
func TestParseDockerfile(t *testing.T) {
	stages := parseDockerfile(t, `# a comment
FROM golang:1.26-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
    # a comment inside the instruction
      libzmq3-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
run make build && go build -o /out/ ./cmd/...

FROM debian:bookworm-slim
COPY --from=build /out/zmqcat /out/zmqdevice /usr/local/bin/
CMD ["zmqcat", "--help"]
`)
	if len(stages) != 2 || stages[0].from != "golang:1.26-bookworm AS build" || stages[1].from != "debian:bookworm-slim" {
		t.Fatalf("stages %+v", stages)
	}
	if got := aptPackages(stages[0]); !slices.Equal(got, []string{"libzmq3-dev", "pkg-config"}) {
		t.Errorf("apt packages %q", got)
	}
	run := stages[0].instr[1]
	if run.cmd != "RUN" || run.line != 8 {
		t.Errorf("second instruction %+v", run)
	}
	if got := commands(run.args); len(got) != 2 || !slices.Equal(got[0], []string{"make", "build"}) {
		t.Errorf("commands %q", got)
	}
	if c := stages[1].instr; len(c) != 2 || c[0].cmd != "COPY" || c[1].args != `["zmqcat", "--help"]` {
		t.Errorf("runtime stage %+v", c)
	}
}

// TestParseMakefile guards the Makefile reader: recipes, .PHONY, and
// variables or comments not taken for targets.
func TestParseMakefile(t *testing.T) {
	mf := parseMakefile("X := 1\n.PHONY: a b\n\na: b\n\techo a\n\t@echo again\nb:\n\techo b\n# c: not a target\nd::\n")
	if !slices.Equal(mf.recipes["a"], []string{"echo a", "@echo again"}) || !slices.Equal(mf.recipes["b"], []string{"echo b"}) {
		t.Errorf("recipes %q", mf.recipes)
	}
	if _, ok := mf.recipes["X"]; ok {
		t.Error("a variable taken for a target")
	}
	if _, ok := mf.recipes["c"]; ok {
		t.Error("a comment taken for a target")
	}
	if _, ok := mf.recipes["d"]; !ok {
		t.Error("double-colon target d missed")
	}
	if !mf.phony["a"] || !mf.phony["b"] || mf.phony["d"] {
		t.Errorf("phony %v", mf.phony)
	}
}
