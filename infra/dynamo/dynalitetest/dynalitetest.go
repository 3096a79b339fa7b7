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
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/homehelper/homehelper/internal/servertest"
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
	return servertest.Start(t, "dynalite",
		func(port int) *exec.Cmd {
			// survive-aborts.js sits beside this file, three folders
			// below the module root that holds node_modules/dynalite.
			root := filepath.Dir(filepath.Dir(filepath.Dir(cli)))
			guard := filepath.Join(root, "infra", "dynamo", "dynalitetest", "survive-aborts.js")
			return exec.Command(node, "-r", guard, cli, "--host", "127.0.0.1", "--port", strconv.Itoa(port), "--createTableMs", "0")
		},
		func(url, output string) bool {
			// It says so from the listen callback; a dial confirms the port
			// is dynalite's and not a race lost to another process.
			if !strings.Contains(output, "listening at") {
				return false
			}
			c, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "http://"), time.Second)
			if err != nil {
				return false
			}
			c.Close()
			return true
		}, startTimeout)
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
