# The chapter in an image: the Guide's examples, zmqdevice and zmqcat,
# built and checked on Debian bookworm, run on a slim bookworm with only
# libzmq5 added.
#
#   make docker        docker build -t zmqgo .
#   make docker-run    docker run --rm --init zmqgo: the chapter's tour
#   docker run --rm --init zmqgo zmqdevice queue --frontend 'tcp://*:5559' --backend 'tcp://*:5560'
#   docker run --rm --init zmqgo zmqcat --help
#
# The build fails if go vet complains, if anything does not compile, or
# if the smoke check (internal/verify/docker/smoke.sh: request-reply
# round trips between the built programs) fails. The tests themselves
# run with make test, outside the image; internal/verify/docker checks
# this file.

FROM golang:1.26-bookworm AS build

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libzmq3-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
# The build context may carry a .git the image's git does not trust.
ENV GOFLAGS=-buildvcs=false
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go vet ./...
RUN make build
RUN go build -o /out/ ./examples/... ./cmd/...
RUN sh internal/verify/docker/smoke.sh /out

FROM debian:bookworm-slim

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libzmq5 \
 && rm -rf /var/lib/apt/lists/*

# Every program go build made: the examples (tour runs them), zmqdevice,
# zmqcat and the other tools of cmd/.
COPY --from=build /out/ /usr/local/bin/

CMD ["tour", "-bin", "/usr/local/bin"]
