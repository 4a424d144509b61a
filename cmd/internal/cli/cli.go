// Package cli holds what the command-line tools of cmd/ (zmqcat,
// zmqdevice) share in reading their command lines.
package cli

import (
	"fmt"
	"strings"
)

// UsageError is a bad command line or endpoint: the tools print it on one
// line and exit with status 2.
type UsageError struct {
	Msg string
	Err error // the cause, if any
}

// Error returns the message, which names what was wrong.
func (e *UsageError) Error() string { return e.Msg }

// Unwrap returns the cause.
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a UsageError with a formatted message and no cause.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// StringList is a flag that may be given more than once; each value is
// appended.
type StringList []string

// String joins the values with commas.
func (l *StringList) String() string { return strings.Join(*l, ",") }

// Set appends s.
func (l *StringList) Set(s string) error {
	*l = append(*l, s)
	return nil
}
