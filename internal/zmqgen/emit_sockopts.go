package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// socketOptions writes options_gen.go: a setter and a getter for each row
// of sockOpts, as far as libzmq can set and read the option.
func socketOptions() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(goHeader + `
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
			fmt.Fprintf(&b, "func (s *Socket) Set%s(%s %s) error {\n%s\n}\n\n", o.goName, o.param(), o.goType(), o.fill(kindCode[o.kind].set, "setter"))
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
			fmt.Fprintf(&b, "func (s *Socket) %s() (%s, error) {\n%s\n}\n\n", o.goName, o.goType(), o.fill(kindCode[o.kind].get, "getter"))
		}
	}
	return b.Bytes(), nil
}

// kindCode is the Go side of each kind: the accessors' value type and
// the bodies of the setter and the getter ("" for none). In them {c} is
// the option's constant, {n} its libzmq name, {p} the setter's parameter,
// {max} the longest value the getter reads, {forever} whether -1 has a
// meaning, and {enum} the named type of a kEnum option.
var kindCode = map[kind]struct{ goType, set, get string }{
	kInt:      {"int", "return s.setInt({c}, {n}, {p})", "return s.getInt({c}, {n})"},
	kBool:     {"bool", "return s.setInt({c}, {n}, boolInt({p}))", "v, err := s.getInt({c}, {n})\nreturn v != 0, err"},
	kDuration: {"time.Duration", "return s.setDuration({c}, {n}, {p}, {forever})", "v, err := s.getInt({c}, {n})\nreturn time.Duration(v) * time.Millisecond, err"},
	kInt64:    {"int64", "return s.setInt64({c}, {n}, {p})", "return s.getInt64({c}, {n})"},
	kUint64:   {"uint64", "return s.setUint64({c}, {n}, {p})", "return s.getUint64({c}, {n})"},
	kBytes:    {"[]byte", "return s.setBytes({c}, {n}, {p})", "return s.getBytes({c}, {n}, {max})"},
	kKey:      {"[]byte", "return s.setBytes({c}, {n}, curveKey({p}))", "return s.getBytes({c}, {n}, 32)"},
	kString:   {"string", "return s.setString({c}, {n}, {p})", "return s.getString({c}, {n}, {max})"},
	kPrefix:   {"string", "return s.setOpt({c}, {n}, unsafe.Pointer(unsafe.StringData({p})), len({p}))", ""},
	kEnum:     {"{enum}", "return s.setInt({c}, {n}, int({p}))", "v, err := s.getInt({c}, {n})\nreturn {enum}(v), err"},
}

// fill fills in template, a part of o's kindCode; what names the part
// for the panic when the kind has none.
func (o sockOpt) fill(template, what string) string {
	if template == "" {
		panic("ZMQ_" + o.zmq + ": no " + what + " for its kind")
	}
	return strings.NewReplacer(
		"{c}", "_ZMQ_"+o.zmq,
		"{n}", `"ZMQ_`+o.zmq+`"`,
		"{p}", o.param(),
		"{max}", strconv.Itoa(o.max),
		"{forever}", strconv.FormatBool(o.forever),
		"{enum}", o.enum,
	).Replace(template)
}

func (o sockOpt) goType() string { return o.fill(kindCode[o.kind].goType, "Go type") }

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
