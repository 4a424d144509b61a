package zmq_test

import (
	"fmt"
	"log"

	"github.com/zmqgo/zmq"
)

// RFC 32's example: 8 bytes become "HelloWorld".
func ExampleZ85Encode() {
	text, err := zmq.Z85Encode([]byte{0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(text)

	// Z85 has no padding: the length must be a multiple of 4.
	_, err = zmq.Z85Encode([]byte("abc"))
	fmt.Println(err)
	// Output:
	// HelloWorld
	// zmq: Z85Encode: 3 bytes, not a multiple of 4: Invalid argument
}

// A CURVE key in Z85 text is 40 characters for 32 bytes. Text that is
// not Z85 is an error that says where, never a panic.
func ExampleZ85Decode() {
	key, err := zmq.Z85Decode("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d bytes: %x\n", len(key), key)

	_, err = zmq.Z85Decode("Hello World")
	fmt.Println(err)
	_, err = zmq.Z85Decode("Hello_orld")
	fmt.Println(err)
	// Output:
	// 32 bytes: 54fcba24e93249969316fb617c872bb0c1d1ff14800427c594cbfacf1bc2d652
	// zmq: Z85Decode: 11 characters, not a multiple of 5: Invalid argument
	// zmq: Z85Decode: byte 0x5f at offset 5 is not a Z85 character: Invalid argument
}

// A CURVE server and client with keys of their own. The client must know
// the server's public key; the server, without an authenticator
// (NewAuthenticator), accepts every client that does.
func ExampleNewCurveKeypair() {
	serverPublic, serverSecret, err := zmq.NewCurveKeypair()
	if err != nil {
		log.Fatal(err) // matches zmq.ErrNotSupported without CURVE in libzmq
	}
	clientPublic, clientSecret, err := zmq.NewCurveKeypair()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(serverPublic), len(serverSecret))

	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Term()

	server, err := ctx.NewSocket(zmq.REP)
	if err != nil {
		log.Fatal(err)
	}
	defer server.Close()
	if err := server.SetCurveServer(true); err != nil {
		log.Fatal(err)
	}
	if err := server.SetCurveSecretKey([]byte(serverSecret)); err != nil {
		log.Fatal(err)
	}
	if err := server.Bind("tcp://127.0.0.1:*"); err != nil {
		log.Fatal(err)
	}
	endpoint, err := server.LastEndpoint()
	if err != nil {
		log.Fatal(err)
	}

	client, err := ctx.NewSocket(zmq.REQ)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	if err := client.SetCurveServerKey([]byte(serverPublic)); err != nil {
		log.Fatal(err)
	}
	if err := client.SetCurvePublicKey([]byte(clientPublic)); err != nil {
		log.Fatal(err)
	}
	if err := client.SetCurveSecretKey([]byte(clientSecret)); err != nil {
		log.Fatal(err)
	}
	if err := client.Connect(endpoint); err != nil {
		log.Fatal(err)
	}

	if err := client.SendString("Hello over CURVE", 0); err != nil {
		log.Fatal(err)
	}
	request, err := server.RecvString(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(request)
	// Output:
	// 40 40
	// Hello over CURVE
}

// The public key of zmq_curve(7)'s example server, from its secret key.
// The secret key may also be given as its 32 bytes, as the socket's
// CurveSecretKey returns it.
func ExampleCurvePublic() {
	public, err := zmq.CurvePublic("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(public)

	_, err = zmq.CurvePublic("not a key")
	fmt.Println(err)
	// Output:
	// rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7
	// zmq: CurvePublic: secret key of 9 bytes, want 40 characters of Z85 text or 32 bytes: Invalid argument
}
