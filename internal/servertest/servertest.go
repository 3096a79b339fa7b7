// Package servertest runs a local server process for a test: the
// stand-ins for AWS the tests use (dynalite, infra/dynamo/dynalitetest;
// moto_server, internal/mototest) start, wait and stop the same way, so
// they do it here: a free loopback port, the process's output kept for the
// test's failure messages, a wait until it answers, and, when the test
// ends, a kill of that one process, saying so if it had died on its own.
package servertest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Start runs command (its arguments made for a port) on a free loopback
// port until ready, given its URL (http://127.0.0.1:PORT) and what it has
// written so far, reports that it answers, and stops it when t ends. Since another process may take the port
// between finding it free and the server binding it, it tries three times.
func Start(t testing.TB, name string, command func(port int) *exec.Cmd, ready func(url, output string) bool, timeout time.Duration) string {
	t.Helper()
	var errs []error
	for range 3 {
		url, err := start(t, name, command, ready, timeout)
		if err == nil {
			return url
		}
		errs = append(errs, err)
	}
	t.Fatalf("starting %s: %v", name, errors.Join(errs...))
	return ""
}

func start(t testing.TB, name string, command func(port int) *exec.Cmd, ready func(url, output string) bool, timeout time.Duration) (string, error) {
	port, err := freePort()
	if err != nil {
		return "", err
	}
	cmd := command(port)
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return "", err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var stopping atomic.Bool
	stop := func() {
		// Kill only the process this call started, and reap it.
		stopping.Store(true)
		_ = cmd.Process.Kill()
		<-exited
	}
	url := "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	deadline := time.Now().Add(timeout)
	for {
		select {
		case err := <-exited:
			return "", fmt.Errorf("%s exited before answering (%v): %s", name, err, out.String())
		default:
		}
		if ready(url, out.String()) {
			break
		}
		if time.Now().After(deadline) {
			stop()
			return "", fmt.Errorf("%s not answering after %v: %s", name, timeout, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Cleanup(func() {
		// A server that died during the test shows only as "connection
		// refused" on every later call: say so, with its words.
		select {
		case err := <-exited:
			if !stopping.Load() {
				t.Errorf("%s died during the test (%v); its output:\n%s", name, err, out.String())
			}
			exited <- err
		default:
		}
		stop()
	})
	return url, nil
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// syncBuffer is a bytes.Buffer safe for exec's copying goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
