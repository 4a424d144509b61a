package zmq_test

// Fuzz targets for what reaches libzmq from users and peers: endpoint
// strings, option values, multipart frames through a device and message
// property names. Each must end in an error or a success, never in a
// crash, a panic or a libzmq assertion. The seed corpora are in
// testdata/fuzz/<FuzzName>/; plain `go test` runs the seeds, `make fuzz`
// runs each target for a short fixed time.

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// dnsTransports are the transports whose Connect could ask DNS for a
// host name, and Term wait for the answer: an address of these with a
// letter in it is bound (Bind never asks DNS) but not connected to, so
// that the fuzzer does not stall on the resolver.
var dnsTransports = []string{"tcp://", "ws://", "wss://", "udp://", "pgm://", "epgm://", "norm://", "vmci://"}

// fuzzEndpoint rewrites ep so that nothing outside dir is touched: an ipc
// Bind removes whatever file is at the path first (libzmq unlinks it), so
// "ipc://go.mod" must not reach libzmq as is. Abstract names ("ipc://@x")
// and the wildcard "ipc://*" create no file in the tree and stay as they
// are; any other path becomes one file name in dir.
func fuzzEndpoint(ep, dir string) string {
	rest, ok := strings.CutPrefix(ep, "ipc://")
	if !ok || rest == "*" || strings.HasPrefix(rest, "@") {
		return ep
	}
	return "ipc://" + dir + "/s" + strings.ReplaceAll(rest, "/", "_")
}

// mayResolve reports whether Connect(ep) could make libzmq ask DNS.
func mayResolve(ep string) bool {
	for _, p := range dnsTransports {
		if rest, ok := strings.CutPrefix(ep, p); ok {
			return strings.IndexFunc(rest, func(r rune) bool {
				return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
			}) >= 0
		}
	}
	return false
}

// checkEndpointErr fails unless err is nil or an *OpError naming op and
// ep, and unless an endpoint with a NUL byte was refused with ErrInvalid.
func checkEndpointErr(t *testing.T, op, ep string, err error) {
	t.Helper()
	if strings.IndexByte(ep, 0) >= 0 && !errors.Is(err, zmq.ErrInvalid) {
		t.Fatalf("%s %q (with a NUL byte): %v, want ErrInvalid", op, ep, err)
	}
	if err == nil {
		return
	}
	var oe *zmq.OpError
	if !errors.As(err, &oe) || oe.Op != op || oe.Endpoint != ep {
		t.Fatalf("%s %q: %#v, want an *OpError naming the call and the endpoint", op, ep, err)
	}
}

// Any endpoint given to Bind and Connect ends in success or an OpError
// naming the call, never in a crash or a libzmq assertion.
func FuzzEndpoint(f *testing.F) {
	ctx := zt.Context(f)
	f.Fuzz(func(t *testing.T, ep string) {
		ep = fuzzEndpoint(ep, t.TempDir())
		a, b := zt.Socket(t, ctx, zmq.PAIR), zt.Socket(t, ctx, zmq.PAIR)
		berr := a.Bind(ep)
		checkEndpointErr(t, "bind", ep, berr)
		if mayResolve(ep) {
			return
		}
		checkEndpointErr(t, "connect", ep, b.Connect(ep))
		if berr != nil {
			return
		}
		last, err := a.LastEndpoint()
		if err != nil {
			t.Fatalf("LastEndpoint after Bind(%q): %v", ep, err)
		}
		if last != "" && !mayResolve(last) {
			checkEndpointErr(t, "connect", last, zt.Socket(t, ctx, zmq.PAIR).Connect(last))
		}
	})
}

// optionSetter is a Set* method of *Socket with one argument and an error
// result, and the getter of the same name if there is one.
type optionSetter struct {
	name   string
	set    reflect.Value // func(*Socket, T) error
	arg    reflect.Type
	get    reflect.Value // func(*Socket) (U, error), or invalid
	getter string
}

// optionSetters lists the setters of *Socket by reflection, in method
// name order (the order the seed corpus was written in), so options
// added later are fuzzed without a change here.
func optionSetters() []optionSetter {
	st := reflect.TypeOf((*zmq.Socket)(nil))
	errType := reflect.TypeOf((*error)(nil)).Elem()
	var list []optionSetter
	for i := 0; i < st.NumMethod(); i++ {
		m := st.Method(i)
		ft := m.Type
		if !strings.HasPrefix(m.Name, "Set") || ft.NumIn() != 2 || ft.NumOut() != 1 || ft.Out(0) != errType {
			continue
		}
		if strings.HasSuffix(m.Name, "Deadline") {
			continue // SetDeadline and its kin are not libzmq options
		}
		o := optionSetter{name: m.Name, set: m.Func, arg: ft.In(1), getter: strings.TrimPrefix(m.Name, "Set")}
		if g, ok := st.MethodByName(o.getter); ok && g.Type.NumIn() == 1 && g.Type.NumOut() == 2 && g.Type.Out(1) == errType {
			o.get = g.Func
		}
		list = append(list, o)
	}
	return list
}

// fuzzValue makes a value of type typ from the fuzz bytes: integers from
// up to 8 little-endian bytes (sign-extended from the last one), bools
// from the low bit, strings and byte slices as they are.
func fuzzValue(typ reflect.Type, b []byte) (reflect.Value, bool) {
	var u uint64
	for i := 0; i < len(b) && i < 8; i++ {
		u |= uint64(b[i]) << (8 * i)
	}
	if n := len(b); n > 0 && n < 8 && b[n-1]&0x80 != 0 {
		u |= ^uint64(0) << (8 * n) // sign-extend
	}
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(u)) // truncated to the type's size
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(u)
	case reflect.Bool:
		v.SetBool(len(b) > 0 && b[0]&1 != 0)
	case reflect.String:
		v.SetString(string(b))
	case reflect.Slice:
		if typ.Elem().Kind() != reflect.Uint8 {
			return v, false
		}
		if b != nil {
			v.SetBytes(append([]byte(nil), b...))
		}
	default:
		return v, false
	}
	return v, true
}

// Any value given to any option setter on any socket type ends in success
// or an error, its getter does not panic after it, and the socket still
// works.
func FuzzSocketOption(f *testing.F) {
	setters := optionSetters()
	if len(setters) < 50 {
		f.Fatalf("only %d option setters found on *Socket", len(setters))
	}
	ctx := zt.Context(f)
	f.Fuzz(func(t *testing.T, opt uint16, typ uint8, val []byte) {
		o := setters[int(opt)%len(setters)]
		arg, ok := fuzzValue(o.arg, val)
		if !ok {
			t.Skipf("%s takes a %v, which fuzzValue cannot make", o.name, o.arg)
		}
		st := zmq.Type(int(typ) % 12) // PAIR .. STREAM
		s := zt.Socket(t, ctx, st)
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%v.%s(%#v) panicked: %v", st, o.name, arg, r)
				}
			}()
			out := o.set.Call([]reflect.Value{reflect.ValueOf(s), arg})
			err, _ = out[0].Interface().(error)
		}()
		if err != nil {
			var oe *zmq.OpError
			if !errors.As(err, &oe) && !errors.Is(err, zmq.ErrInvalid) && !errors.Is(err, zmq.ErrNotSupported) {
				t.Fatalf("%v.%s(%#v): %#v, want an *OpError", st, o.name, arg, err)
			}
		}
		if !o.get.IsValid() {
			return
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%v.%s() after %s(%#v) panicked: %v", st, o.getter, o.name, arg, r)
				}
			}()
			o.get.Call([]reflect.Value{reflect.ValueOf(s)})
		}()
		// The socket is still usable.
		if _, err := s.Type(); err != nil {
			t.Fatalf("Type after %s(%#v): %v", o.name, arg, err)
		}
	})
}

// splitFrames turns fuzz bytes into frames: the first byte is the
// separator of the rest. At most 100 frames.
func splitFrames(data []byte) [][]byte {
	if len(data) == 0 {
		return nil
	}
	frames := bytes.Split(data[1:], data[:1])
	if len(frames) > 100 {
		frames = frames[:100]
	}
	return frames
}

// Any multipart message goes through a STREAMER device whole: no frame
// lost, added, reordered or changed.
func FuzzDeviceMultipart(f *testing.F) {
	ctx := zt.Context(f)
	in := zt.Socket(f, ctx, zmq.PUSH)
	front := zt.Socket(f, ctx, zmq.PULL)
	back := zt.Socket(f, ctx, zmq.PUSH)
	out := zt.Socket(f, ctx, zmq.PULL)
	fe, be := zt.Inproc(f), zt.Inproc(f)
	for _, err := range []error{front.Bind(fe), back.Bind(be), in.Connect(fe), out.Connect(be)} {
		if err != nil {
			f.Fatal(err)
		}
	}
	devErr := make(chan error, 1)
	go func() { devErr <- zmq.Device(zmq.STREAMER, front, back) }()
	// Registered after the sockets: runs before their Close.
	f.Cleanup(func() {
		if err := ctx.Shutdown(); err != nil {
			f.Errorf("Shutdown: %v", err)
		}
		select {
		case err := <-devErr:
			if !errors.Is(err, zmq.ErrTerm) {
				f.Errorf("Device returned %v, want ErrTerm", err)
			}
		case <-time.After(zt.Limit):
			f.Errorf("Device did not return within %v of Shutdown", zt.Limit)
		}
	})

	f.Fuzz(func(t *testing.T, data []byte) {
		frames := splitFrames(data)
		if len(frames) == 0 {
			if err := in.SendMessage(nil, 0); !errors.Is(err, zmq.ErrInvalid) {
				t.Fatalf("SendMessage of no frames: %v, want ErrInvalid", err)
			}
			return
		}
		if err := in.SendMessage(frames, 0); err != nil {
			t.Fatalf("SendMessage of %d frames: %v", len(frames), err)
		}
		got, err := out.RecvMessage(0)
		if err != nil {
			t.Fatalf("RecvMessage after sending %d frames: %v", len(frames), err)
		}
		if len(got) != len(frames) {
			t.Fatalf("sent %d frames through the STREAMER, received %d", len(frames), len(got))
		}
		for i := range frames {
			if !bytes.Equal(got[i], frames[i]) {
				t.Fatalf("frame %d of %d: sent %q, received %q", i, len(frames), frames[i], got[i])
			}
		}
		if _, err := out.Recv(zmq.DONTWAIT); !errors.Is(err, zmq.ErrAgain) {
			t.Fatalf("after the message, Recv(DONTWAIT) = %v, want ErrAgain: the device passed more than was sent", err)
		}
	})
}

// knownProperties are the properties a message received over tcp from a
// PAIR peer has, with a check of the value.
var knownProperties = map[string]func(string) bool{
	zmq.PropertySocketType:  func(v string) bool { return v == "PAIR" },
	zmq.PropertyPeerAddress: func(v string) bool { return v == "127.0.0.1" },
}

// Any name given to Msg.Get returns a value or an ErrInvalid OpError naming
// the property, a NUL byte is refused, and the message is left as it was.
func FuzzMsgProperty(f *testing.F) {
	ctx := zt.Context(f)
	a, b := zt.Pair(f, ctx, zmq.PAIR, zmq.PAIR)
	if err := b.SendString("property", 0); err != nil {
		f.Fatal(err)
	}
	m := new(zmq.Msg)
	f.Cleanup(func() { m.Close() })
	if err := a.RecvMsg(m, 0); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name string) {
		v, err := m.Get(name)
		switch {
		case strings.IndexByte(name, 0) >= 0:
			if !errors.Is(err, zmq.ErrInvalid) {
				t.Fatalf("Get(%q) (with a NUL byte) = %q, %v; want ErrInvalid", name, v, err)
			}
		case knownProperties[name] != nil:
			if err != nil || !knownProperties[name](v) {
				t.Fatalf("Get(%q) = %q, %v", name, v, err)
			}
		case err != nil:
			if !errors.Is(err, zmq.ErrInvalid) {
				t.Fatalf("Get(%q): %v, want a value or ErrInvalid", name, err)
			}
			var oe *zmq.OpError
			if !errors.As(err, &oe) || oe.Option != name {
				t.Fatalf("Get(%q): %#v, want an *OpError naming the property", name, err)
			}
		}
		if string(m.Bytes()) != "property" {
			t.Fatalf("after Get(%q) the message holds %q", name, m.Bytes())
		}
	})
}

// TestFuzzSettersListed pins what FuzzSocketOption's seeds were written
// for: the setter at each index. When a setter is added, the index of the
// later ones moves, which only reshuffles the seeds; it is reported so
// the corpus can be regenerated (go run ./internal/verify/fuzzgen).
func TestFuzzSettersListed(t *testing.T) {
	setters := optionSetters()
	var names []string
	for _, s := range setters {
		names = append(names, s.name)
	}
	t.Logf("%d setters: %s", len(setters), strings.Join(names, " "))
	for _, s := range setters {
		if _, ok := fuzzValue(s.arg, []byte{1}); !ok {
			t.Errorf("%s takes a %v, which FuzzSocketOption cannot make", s.name, s.arg)
		}
	}
}
