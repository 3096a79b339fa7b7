// Package dynalitetest runs dynalite, an in-memory implementation of the
// DynamoDB API, for tests: the DynamoDB store's own tests and any other
// package's (the Lambda function's, cmd's end-to-end tests) that need a real
// DynamoDB endpoint without an AWS account.
//
// dynalite is the npm package pinned in the module root's package.json and
// installed into node_modules (make test runs npm ci). Tests skip when node
// or dynalite is missing, except in CI (the CI environment variable is set),
// where a missing dynalite fails the test: CI must run the DynamoDB tests.
//
// dynalite 4.0.0 implements neither transactions nor UpdateTimeToLive, and
// ignores ReturnValuesOnConditionCheckFailure; code tested against it must
// not rely on them.
package dynalitetest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Region is the region Client's clients claim; dynalite ignores it, but
// the SDK needs one to sign requests.
const Region = "eu-west-1"

// startTimeout bounds the wait for dynalite to say it is listening. It
// normally takes 0.1–0.2 s; the margin is for a loaded CI machine.
const startTimeout = 20 * time.Second

// cliPath is where npm installs dynalite's command-line entry point,
// relative to the module root.
var cliPath = filepath.Join("node_modules", "dynalite", "cli.js")

// Start starts an in-memory dynalite on a free loopback port, stops it when
// the test ends, and returns its endpoint URL (http://127.0.0.1:PORT).
// Tables are ACTIVE as soon as they are created (--createTableMs 0).
func Start(t testing.TB) (endpoint string) {
	t.Helper()
	node, cli, err := find()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("dynalitetest: %v (CI is set, so the DynamoDB tests must run: run npm ci)", err)
		}
		t.Skipf("dynalitetest: %v; skipping (run npm ci in the module root to run it)", err)
	}
	// The port is found free and then handed to dynalite, which cannot take
	// port 0; another process may grab it in between, so try a few.
	var errs []error
	for range 3 {
		endpoint, err := start(t, node, cli)
		if err == nil {
			return endpoint
		}
		errs = append(errs, err)
	}
	t.Fatalf("dynalitetest: starting dynalite: %v", errors.Join(errs...))
	return ""
}

// Client returns a DynamoDB client for endpoint, with static dummy
// credentials (dynalite checks that requests are signed, not by whom).
func Client(t testing.TB, endpoint string) *dynamodb.Client {
	t.Helper()
	cfg := aws.Config{
		Region: Region,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "dynalite", SecretAccessKey: "dynalite", Source: "dynalitetest"}, nil
		}),
	}
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(endpoint)
	})
}

// find returns the node binary and dynalite's cli.js, found by walking up
// from the working directory (the test's package folder) to go.mod.
func find() (node, cli string, err error) {
	node, err = exec.LookPath("node")
	if err != nil {
		return "", "", fmt.Errorf("node not found: %w", err)
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
	cli = filepath.Join(dir, cliPath)
	if _, err := os.Stat(cli); err != nil {
		return "", "", fmt.Errorf("dynalite not installed: %w", err)
	}
	return node, cli, nil
}

// start runs one dynalite and waits for it to report that it is listening.
func start(t testing.TB, node, cli string) (string, error) {
	port, err := freePort()
	if err != nil {
		return "", err
	}
	cmd := exec.Command(node, cli, "--host", "127.0.0.1", "--port", strconv.Itoa(port), "--createTableMs", "0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return "", err
	}
	exited := make(chan error, 1)
	ready := make(chan struct{})
	go func() {
		// Wait for the "listening" line, then keep draining stdout so a
		// chatty dynalite never blocks on a full pipe.
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "listening at") {
				close(ready)
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		exited <- cmd.Wait()
	}()
	var stopping atomic.Bool
	stop := func() {
		// Kill only the child this call started, and reap it.
		stopping.Store(true)
		_ = cmd.Process.Kill()
		<-exited
	}
	select {
	case <-ready:
	case err := <-exited:
		return "", fmt.Errorf("dynalite exited before listening (%v): %s", err, stderr.String())
	case <-time.After(startTimeout):
		stop()
		return "", fmt.Errorf("dynalite not listening after %v: %s", startTimeout, stderr.String())
	}
	t.Cleanup(func() {
		// A dynalite that died during the test would show only as
		// "connection refused" on every later call: say so, with its words.
		select {
		case err := <-exited:
			if !stopping.Load() {
				t.Errorf("dynalite died during the test (%v); its stderr:\n%s", err, stderr.String())
			}
			exited <- err
		default:
		}
		stop()
	})
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	// The line comes from the listen callback, so the port accepts now; a
	// dial confirms it is dynalite's port and not a race we lost.
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", fmt.Errorf("dynalite said it was listening, but %s refuses: %w", addr, err)
	}
	c.Close()
	return "http://" + addr, nil
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

// syncBuffer is a bytes.Buffer safe for the exec package's copying
// goroutine to write while a failing Start reads it.
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
