# make demo   installs what is missing, then runs the Guide's chapter 2 examples together (examples/internal/tour)
# make test   installs what is missing, then go vet and the tests (with -race)
# make valgrind  runs the examples and internal/vgcover under valgrind's memcheck (errors, then leaks of C
#              memory), one line per run, then proves the gate fails on seeded bugs (internal/vgseed)

# Debian's python3, which has python3-zmq (a pyenv python3 on PATH may not).
PYTHON := /usr/bin/python3
# sudo only when not already root.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# cgo needs a C compiler; libzmq is found with pkg-config.
APT_PACKAGES := gcc libzmq3-dev pkg-config python3-zmq

.PHONY: deps build test demo clean valgrind

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

test: deps
	go vet ./...
	go test -race -count=1 -timeout 10m ./...

demo: deps
	go build -o bin/examples/ ./examples/...
	./bin/examples/tour -bin bin/examples

clean:
	rm -rf bin
	go clean ./...

valgrind: deps
	@command -v valgrind >/dev/null || { set -ex; $(SUDO) apt-get update; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y valgrind; }
	go run ./valgrind
	ZMQGO_VALGRIND=1 go test -count=1 -v -timeout 20m -run TestGateFailsOnSeededBugs ./valgrind
