// Package docker checks the Dockerfile as far as it can be checked
// without a Docker engine (dockerfile_test.go): the base images and
// packages, that every program the runtime stage copies is one the build
// stage's go build produces, that every make target it calls exists, that
// its default command runs a program it copies with flags that program
// has, and that the smoke check it runs (smoke.sh) passes here, against
// programs built the same way.
package docker
