# make demo   installs what is missing, then runs the Guide's chapter 2 examples together (examples/internal/tour)
# make test   installs what is missing, then go vet and the tests (with -race), then the package's
#             tests again on the current Go release (GO_NEXT, fetched by the go command)
# make lint   go vet, then staticcheck (its default checks) over every package
# make valgrind  runs the examples and internal/verify/vgcover under valgrind's memcheck (errors, then
#              leaks of C memory), one line per run, then proves the gate fails on seeded bugs
#              (internal/verify/vgseed)
# make check  installs what is missing, then the package's tests three ways: -race, -asan (LeakSanitizer
#             at exit), GOEXPERIMENT=cgocheck2 with GODEBUG=checkfinalizers=1; each must pass
# make fuzz   the fuzz smoke run: every fuzz target of fuzz_test.go for FUZZTIME (default 10s) each
# make bench  the package's benchmarks, BENCHCOUNT (default 6) runs each, then benchstat's summary
# make compare  libzmq from C, this package and pebbe/zmq4 side by side (bench/): ROUNDS (default 3)
#               rounds, then each case's medians and each binding's cost relative to C

# Debian's python3, which has python3-zmq (a pyenv python3 on PATH may not).
PYTHON := /usr/bin/python3
# sudo only when not already root.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# cgo needs a C compiler; libzmq is found with pkg-config.
APT_PACKAGES := gcc libzmq3-dev pkg-config python3-zmq

.PHONY: deps build test lint demo clean valgrind check fuzz bench compare

deps:
	@if command -v gcc >/dev/null && pkg-config --exists libzmq 2>/dev/null \
		&& $(PYTHON) -c 'import zmq' 2>/dev/null; then \
		echo "deps: gcc, libzmq $$(pkg-config --modversion libzmq) and python3-zmq are installed"; \
	else \
		echo "deps: installing $(APT_PACKAGES) with apt-get"; \
		set -ex; \
		$(SUDO) apt-get update; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $(APT_PACKAGES); \
	fi

build:
	go build ./...

# The supported Go releases: the machine's Go runs everything with -race, then
# the package's tests run again, without -race, on GO_NEXT, which the go
# command fetches from the module proxy the first time (about 10 s).
GO_NEXT := go1.27.3

test: deps
	go vet ./...
	go test -race -count=1 -timeout 10m ./...
	GOTOOLCHAIN=$(GO_NEXT) go test -count=1 -timeout 10m .

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

# go vet, then staticcheck, which the go command fetches from the module proxy the
# first time.
lint: deps
	go vet ./...
	go run $(STATICCHECK) ./...

# What make check tests: the package and the internal packages, but not the tests that
# run programs (cmd/, examples/, internal/verify/), where the sanitizers of the test
# binary prove little.
CHECK_PKGS := . ./internal/zmqtest/... ./internal/zmqgen/... ./examples/internal/...
# -asan: leak checking on (the default, made explicit); malloc may fail instead of
# aborting (a test asks for a 2^62-byte message and wants ENOMEM); a 64 MiB
# quarantine of freed memory instead of 256, so the test that drops 400 MiB of
# messages sees its RSS come back.
CHECK_ASAN_OPTIONS := detect_leaks=1:allocator_may_return_null=1:quarantine_size_mb=64

# The NewMsgData stress sends 2,000 buffers under the checkers instead of the
# 100,000 of a plain run (make test's GO_NEXT pass).
check: export ZMQ_MSGDATA_N := 2000
check: deps
	@set -e; for pass in race asan cgocheck2; do \
		start=$$(date +%s); \
		case $$pass in \
		race)      set -x; go test -race -count=1 -timeout 10m $(CHECK_PKGS); set +x ;; \
		asan)      set -x; ASAN_OPTIONS=$(CHECK_ASAN_OPTIONS) go test -asan -count=1 -timeout 10m $(CHECK_PKGS); set +x ;; \
		cgocheck2) set -x; GOEXPERIMENT=cgocheck2 go test -count=1 -timeout 10m \
				-exec 'env GODEBUG=checkfinalizers=1' $(CHECK_PKGS); set +x ;; \
		esac; \
		echo "check: $$pass pass ok in $$(( $$(date +%s) - start ))s"; \
	done

FUZZTIME := 10s

# Go 1.26's fuzz coordinator may end a run that found nothing with a bare
# "context deadline exceeded" when -fuzztime expires (go.dev/issue/75804, fixed
# in 1.27): such a run is reported and ignored; a crasher ("Failing input
# written to testdata/fuzz/...") or any other failure stops make fuzz.
fuzz: deps
	@set -e; out=$$(mktemp); trap 'rm -f $$out' EXIT; \
	for f in $$(go test -list '^Fuzz' . | grep '^Fuzz'); do \
		echo "fuzz: $$f for $(FUZZTIME)"; \
		if go test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) -timeout 5m . >$$out 2>&1; then \
			cat $$out; \
		else \
			cat $$out; \
			if grep -q 'Failing input written' $$out || ! grep -qx '    context deadline exceeded' $$out; then \
				echo "fuzz: $$f FAILED"; exit 1; \
			fi; \
			echo "fuzz: $$f: no crasher; the failure is Go's -fuzztime deadline race (go.dev/issue/75804), ignored"; \
		fi; \
	done

BENCHCOUNT := 6
BENCHSTAT := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da

# The raw results stay in bin/bench.txt, in the format benchstat compares
# (benchstat old.txt bin/bench.txt).
bench: deps
	@mkdir -p bin
	@set -e; go test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) -timeout 30m . \
		| tee bin/bench.txt; grep -q '^ok' bin/bench.txt || { echo "bench: go test failed"; exit 1; }
	@go run $(BENCHSTAT) bin/bench.txt || echo "bench: benchstat could not run; the results are in bin/bench.txt"

ROUNDS := 3

# Everything goes to bin/bench/: native (bench/c), zmqgo, pebbe and the driver,
# compare. bench/pebbe is a module of its own, so go.mod does not gain pebbe/zmq4.
compare: deps
	@mkdir -p bin/bench
	gcc -O2 -o bin/bench/native bench/c/native.c $$(pkg-config --cflags --libs libzmq) -lpthread
	go build -o bin/bench/ ./bench/zmqgo ./bench/compare
	cd bench/pebbe && go build -o ../../bin/bench/pebbe .
	./bin/bench/compare -bin bin/bench -rounds $(ROUNDS)

demo: deps
	go build -o bin/examples/ ./examples/...
	./bin/examples/tour -bin bin/examples

clean:
	rm -rf bin
	go clean ./...

valgrind: deps
	@command -v valgrind >/dev/null || { set -ex; $(SUDO) apt-get update; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y valgrind; }
	go run ./internal/verify/valgrind
	ZMQGO_VALGRIND=1 go test -count=1 -v -timeout 20m -run TestGateFailsOnSeededBugs ./internal/verify/valgrind

# make docker      builds the image: go vet, go build of the examples and cmd/, and a smoke check of
#                  the built programs (internal/verify/docker/smoke.sh); a failure fails the build
# make docker-run  builds the image if needed, then runs its default command, the chapter's tour
DOCKER_IMAGE := zmqgo

.PHONY: docker docker-run

docker:
	docker build -t $(DOCKER_IMAGE) .

docker-run: docker
	docker run --rm --init $(DOCKER_IMAGE)
