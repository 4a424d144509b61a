# Builds the binding and runs its tests on Debian bookworm:
#   docker build -t zmqgo . && docker run --rm zmqgo
FROM golang:1.26-bookworm

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libzmq3-dev pkg-config python3-zmq \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
RUN make build

CMD ["make", "test"]
