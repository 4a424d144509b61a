package zmq_test

import (
	"errors"
	"fmt"
	"log"
	"syscall"

	"github.com/zmqgo/zmq"
)

// authServe returns a PULL socket of zctx bound to a free port of 127.0.0.1,
// after setup, and the endpoint it got. libzmq asks the authenticator
// about tcp and ipc peers, never inproc ones.
func authServe(zctx *zmq.Context, setup func(*zmq.Socket) error) (*zmq.Socket, string) {
	s, err := zctx.NewSocket(zmq.PULL)
	if err != nil {
		log.Fatal(err)
	}
	if err := errors.Join(s.SetLinger(0), setup(s), s.Bind("tcp://127.0.0.1:*")); err != nil {
		log.Fatal(err)
	}
	ep, err := s.LastEndpoint()
	if err != nil {
		log.Fatal(err)
	}
	return s, ep
}

// authDial returns a PUSH socket of zctx, after setup, connected to ep.
func authDial(zctx *zmq.Context, ep string, setup func(*zmq.Socket) error) *zmq.Socket {
	s, err := zctx.NewSocket(zmq.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	if err := errors.Join(s.SetLinger(0), setup(s), s.Connect(ep)); err != nil {
		log.Fatal(err)
	}
	return s
}

// authReceive prints the next message of s and the User-Id the authenticator
// gave its sender.
func authReceive(s *zmq.Socket) {
	var m zmq.Msg
	defer m.Close()
	if err := s.RecvMsg(&m, 0); err != nil {
		log.Fatal(err)
	}
	user, err := m.Get(zmq.PropertyUserID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s, from %s\n", m.Bytes(), user)
}

// An authenticator serves one context; a second one on the same context
// is refused. Address rules apply to every mechanism; NULL sockets are
// judged only when they have a ZAP domain. Close the sockets the
// authenticator guards before it.
func ExampleNewAuthenticator() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	auth, err := zmq.NewAuthenticator(zctx)
	if err != nil {
		log.Fatal(err)
	}
	defer auth.Close()
	_, err = zmq.NewAuthenticator(zctx)
	fmt.Println("second authenticator:", errors.Is(err, syscall.EADDRINUSE))

	if err := auth.Allow("127.0.0.0/8", "::1"); err != nil {
		log.Fatal(err)
	}
	server, ep := authServe(zctx, func(s *zmq.Socket) error { return s.SetZAPDomain("local") })
	defer server.Close()
	client := authDial(zctx, ep, func(*zmq.Socket) error { return nil })
	defer client.Close()
	if err := client.SendString("hello from the loopback", 0); err != nil {
		log.Fatal(err)
	}
	msg, err := server.RecvString(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(msg)
	// Output:
	// second authenticator: true
	// hello from the loopback
}

// A CURVE server lets in only the clients whose public keys the
// authenticator allows; it reads a client's key as the User-Id of its
// messages.
func ExampleAuthenticator_AllowCurve() {
	serverPublic, serverSecret, err := zmq.NewCurveKeypair()
	if err != nil {
		log.Fatal(err)
	}
	clientPublic, clientSecret, err := zmq.NewCurveKeypair()
	if err != nil {
		log.Fatal(err)
	}

	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	auth, err := zmq.NewAuthenticator(zctx)
	if err != nil {
		log.Fatal(err)
	}
	defer auth.Close()
	if err := auth.AllowCurve("", clientPublic); err != nil {
		log.Fatal(err)
	}

	server, ep := authServe(zctx, func(s *zmq.Socket) error {
		return errors.Join(s.SetCurveServer(true), s.SetCurveSecretKey([]byte(serverSecret)))
	})
	defer server.Close()
	client := authDial(zctx, ep, func(s *zmq.Socket) error {
		return errors.Join(s.SetCurveServerKey([]byte(serverPublic)),
			s.SetCurvePublicKey([]byte(clientPublic)), s.SetCurveSecretKey([]byte(clientSecret)))
	})
	defer client.Close()
	if err := client.SendString("sealed", 0); err != nil {
		log.Fatal(err)
	}
	var m zmq.Msg
	defer m.Close()
	if err := server.RecvMsg(&m, 0); err != nil {
		log.Fatal(err)
	}
	user, err := m.Get(zmq.PropertyUserID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s, from the allowed key: %v\n", m.Bytes(), user == clientPublic)
	// Output: sealed, from the allowed key: true
}

// A PLAIN server checks user names and passwords through the
// authenticator; the User-Id of a client's messages is its user name. A
// client with a wrong password never completes its handshake.
func ExampleAuthenticator_AllowPlain() {
	zctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer zctx.Term()
	auth, err := zmq.NewAuthenticator(zctx)
	if err != nil {
		log.Fatal(err)
	}
	defer auth.Close()
	if err := auth.AllowPlain("*", map[string]string{"admin": "s3cret"}); err != nil {
		log.Fatal(err)
	}

	server, ep := authServe(zctx, func(s *zmq.Socket) error { return s.SetPlainServer(true) })
	defer server.Close()
	plain := func(user, password string) func(*zmq.Socket) error {
		return func(s *zmq.Socket) error {
			return errors.Join(s.SetPlainUsername(user), s.SetPlainPassword(password))
		}
	}
	intruder := authDial(zctx, ep, plain("admin", "guess"))
	defer intruder.Close()
	admin := authDial(zctx, ep, plain("admin", "s3cret"))
	defer admin.Close()
	if err := intruder.SendString("let me in", 0); err != nil {
		log.Fatal(err)
	}
	if err := admin.SendString("report", 0); err != nil {
		log.Fatal(err)
	}
	authReceive(server) // only the admin's message ever arrives
	// Output: report, from admin
}
