package main

import (
	"io"
	"net"
	"sync"
	"testing"

	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/homehelper/homehelper/internal/mototest"
)

// dynamoOutage is moto_server behind a TCP proxy this test can cut and
// restore on the same port, as a DynamoDB endpoint that goes away and comes
// back with its tables and items (moto keeps them; only the proxy stops).
// moto rather than dynalite: a tenant's change is a transaction, which
// dynalite does not implement.
type dynamoOutage struct {
	t    *testing.T
	moto *mototest.Server
	addr string // the proxy's, fixed for the test

	mu    sync.Mutex
	l     net.Listener
	conns map[net.Conn]bool
}

func newDynamoOutage(t *testing.T) *dynamoOutage {
	t.Helper()
	o := &dynamoOutage{t: t, moto: mototest.Start(t), conns: map[net.Conn]bool{}}
	t.Cleanup(o.kill)
	return o
}

func (o *dynamoOutage) endpoint() string { return "http://" + o.addr }

// client reaches moto directly, for the test's own reads.
func (o *dynamoOutage) client() *awsdynamodb.Client {
	return awsdynamodb.NewFromConfig(o.moto.Config())
}

// start opens the proxy (again, on the same port once it has one).
func (o *dynamoOutage) start() {
	o.t.Helper()
	addr := o.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		o.t.Fatalf("proxy to moto_server: %v", err)
	}
	o.mu.Lock()
	o.l, o.addr = l, l.Addr().String()
	o.mu.Unlock()
	target := o.moto.URL[len("http://"):]
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			o.mu.Lock()
			o.conns[c], o.conns[up] = true, true
			o.mu.Unlock()
			go o.pipe(c, up)
			go o.pipe(up, c)
		}
	}()
}

func (o *dynamoOutage) pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// kill closes the proxy and every connection through it: the port refuses
// connections, as a DynamoDB endpoint that has gone.
func (o *dynamoOutage) kill() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.l != nil {
		o.l.Close()
		o.l = nil
	}
	for c := range o.conns {
		c.Close()
	}
	clear(o.conns)
}
