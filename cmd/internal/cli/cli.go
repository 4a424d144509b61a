// Package cli holds what the command-line tools of cmd/ (zmqcat,
// zmqdevice) share in reading their command lines: the usage error, the
// endpoint lists, the repeatable flag and the CURVE flags.
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

// Endpoints flattens the values of an endpoint flag, each a
// comma-separated list; an empty endpoint in a list is a usage error.
func Endpoints(flagName string, lists ...string) ([]string, error) {
	var eps []string
	for _, list := range lists {
		for _, ep := range strings.Split(list, ",") {
			ep = strings.TrimSpace(ep)
			if ep == "" {
				return nil, Usagef("%s %q: empty endpoint in the list", flagName, list)
			}
			eps = append(eps, ep)
		}
	}
	return eps, nil
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
