package main

import (
	"bytes"
	"fmt"
	"strings"
)

// socketOptions writes options_gen.go: a setter and a getter for each row
// of sockOpts, as far as libzmq can set and read the option.
func socketOptions() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(header + `
package zmq

import (
	"time"
	"unsafe"
)

`)
	for _, o := range sockOpts {
		libname := "(ZMQ_" + o.zmq + ")"
		dep := ""
		if o.deprecated != "" {
			dep = "\n\nDeprecated: " + o.deprecated
		}
		if o.acc != ro {
			verb := "sets "
			switch {
			case o.kind == kPrefix:
				verb = "makes "
			case strings.HasPrefix(o.doc, "adds "):
				verb = ""
			}
			text := "Set" + o.goName + " " + verb + o.doc + " " + libname + "."
			if o.more != "" {
				text += " " + o.more
			}
			wrap(&b, text+dep)
			fmt.Fprintf(&b, "func (s *Socket) Set%s(%s %s) error {\n%s\n}\n\n", o.goName, o.param(), o.goType(), o.setBody())
		}
		if o.acc != wo {
			doc := o.doc
			if o.goName == "IPv4Only" {
				// The setter's "the opposite of IPv6" reads wrongly here.
				doc = "whether the socket uses IPv4 only"
			}
			text := o.goName + " returns " + doc + " " + libname + "."
			if o.more != "" && o.acc == ro {
				text += " " + o.more
			} else if o.kind == kDuration && strings.Contains(o.more, "-1") {
				text += " -1ms means " + o.minusOne() + "."
			}
			wrap(&b, text+dep)
			fmt.Fprintf(&b, "func (s *Socket) %s() (%s, error) {\n%s\n}\n\n", o.goName, o.goType(), o.getBody())
		}
	}
	return b.Bytes(), nil
}

func (o sockOpt) goType() string {
	switch o.kind {
	case kInt:
		return "int"
	case kBool:
		return "bool"
	case kDuration:
		return "time.Duration"
	case kInt64:
		return "int64"
	case kUint64:
		return "uint64"
	case kBytes, kKey:
		return "[]byte"
	case kString, kPrefix:
		return "string"
	}
	return o.enum
}

// param is the setter's parameter name.
func (o sockOpt) param() string {
	switch {
	case o.goName == "XPubWelcomeMsg":
		return "msg"
	case o.kind == kDuration:
		return "d"
	case o.kind == kBool:
		return "on"
	case o.kind == kKey:
		return "key"
	case o.kind == kPrefix:
		return "prefix"
	case o.kind == kBytes:
		return "id"
	}
	return "v"
}

func (o sockOpt) setBody() string {
	c, n, p := "_ZMQ_"+o.zmq, `"ZMQ_`+o.zmq+`"`, o.param()
	switch o.kind {
	case kInt:
		return fmt.Sprintf("return s.setInt(%s, %s, %s)", c, n, p)
	case kEnum:
		return fmt.Sprintf("return s.setInt(%s, %s, int(%s))", c, n, p)
	case kBool:
		return fmt.Sprintf("return s.setInt(%s, %s, boolInt(%s))", c, n, p)
	case kDuration:
		return fmt.Sprintf("return s.setDuration(%s, %s, %s, %v)", c, n, p, o.forever)
	case kInt64:
		return fmt.Sprintf("return s.setInt64(%s, %s, %s)", c, n, p)
	case kUint64:
		return fmt.Sprintf("return s.setUint64(%s, %s, %s)", c, n, p)
	case kBytes:
		return fmt.Sprintf("return s.setBytes(%s, %s, %s)", c, n, p)
	case kKey:
		return fmt.Sprintf("return s.setBytes(%s, %s, curveKey(%s))", c, n, p)
	case kString:
		return fmt.Sprintf("return s.setString(%s, %s, %s)", c, n, p)
	case kPrefix:
		return fmt.Sprintf("return s.setOpt(%s, %s, unsafe.Pointer(unsafe.StringData(%s)), len(%s))", c, n, p, p)
	}
	panic("ZMQ_" + o.zmq + ": no setter for its kind")
}

func (o sockOpt) getBody() string {
	c, n := "_ZMQ_"+o.zmq, `"ZMQ_`+o.zmq+`"`
	switch o.kind {
	case kInt:
		return fmt.Sprintf("return s.getInt(%s, %s)", c, n)
	case kEnum:
		return fmt.Sprintf("v, err := s.getInt(%s, %s)\nreturn %s(v), err", c, n, o.enum)
	case kBool:
		return fmt.Sprintf("v, err := s.getInt(%s, %s)\nreturn v != 0, err", c, n)
	case kDuration:
		return fmt.Sprintf("v, err := s.getInt(%s, %s)\nreturn time.Duration(v) * time.Millisecond, err", c, n)
	case kInt64:
		return fmt.Sprintf("return s.getInt64(%s, %s)", c, n)
	case kUint64:
		return fmt.Sprintf("return s.getUint64(%s, %s)", c, n)
	case kBytes:
		return fmt.Sprintf("return s.getBytes(%s, %s, %d)", c, n, o.max)
	case kKey:
		return fmt.Sprintf("return s.getBytes(%s, %s, 32)", c, n)
	case kString:
		return fmt.Sprintf("return s.getString(%s, %s, %d)", c, n, o.max)
	}
	panic("ZMQ_" + o.zmq + ": no getter for its kind")
}

// minusOne says what a getter's -1ms stands for.
func (o sockOpt) minusOne() string {
	switch o.zmq {
	case "RECONNECT_IVL":
		return "reconnection is disabled"
	case "HEARTBEAT_TIMEOUT":
		return "the heartbeat interval is used"
	case "VMCI_CONNECT_TIMEOUT":
		return "no limit"
	}
	return "forever"
}
