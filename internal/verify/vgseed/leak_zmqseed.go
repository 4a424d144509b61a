//go:build zmqseed

package main

import "github.com/zmqgo/zmq"

func init() { leakMsg = zmq.LeakMsgForTest }
