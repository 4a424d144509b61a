//go:build !cgo

package zmq

// The package is a cgo binding of libzmq: without cgo every other file is
// left out, and this undefined name is then the build's only error, so
// that the error says what to do (CGO_ENABLED=1, with libzmq's headers and
// pkg-config installed, e.g. apt-get install libzmq3-dev pkg-config).
var _ = zmq_needs_cgo__build_with_CGO_ENABLED_1_and_install_libzmq3_dev_and_pkg_config
