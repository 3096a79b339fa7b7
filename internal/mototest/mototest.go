// Package mototest runs moto_server, which speaks the real AWS APIs on one
// local port, for the tests that need what dynalite lacks: DynamoDB streams,
// TTL and transactions, and the other AWS services the functions use (SQS,
// SNS, Secrets Manager). dynalite (infra/dynamo/dynalitetest) stays the
// fast choice for plain DynamoDB.
//
// moto_server ships with the machine image (Python's moto package; CI has
// it too). Tests skip when it is missing, except in CI (the CI environment
// variable is set), where a missing moto_server fails the test: CI must run
// the end-to-end AWS tests.
package mototest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/homehelper/homehelper/internal/servertest"
)

// Region and Account are what moto's ARNs and queue URLs carry.
const (
	Region  = "eu-west-1"
	Account = "123456789012"
)

// startTimeout bounds the wait for moto_server to answer. It takes 2–3 s on
// these machines; the margin is for a loaded CI machine.
const startTimeout = 60 * time.Second

// Server is one running moto_server.
type Server struct {
	// URL is its endpoint, http://127.0.0.1:PORT: for every service.
	URL string
}

// Start starts moto_server on a free loopback port and stops it when the
// test ends. Every account, region and resource starts empty.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("mototest: moto_server not found (%v); CI is set, so the AWS end-to-end tests must run: install Python's moto[server]", err)
		}
		t.Skipf("mototest: moto_server not found (%v); skipping (it ships with the machine image: pip install 'moto[server]')", err)
	}
	moto := servertest.Start(t, "moto_server",
		func(port int) *exec.Cmd { return exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port)) },
		func(url, _ string) bool {
			// moto's own API answers once the server is up.
			resp, err := http.Get(url + "/moto-api/data.json")
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		}, startTimeout)
	return &Server{URL: serialise(t, moto)}
}

// serialise returns the URL of a proxy to moto that lets one DynamoDB call
// through at a time. DynamoDB applies each call atomically, a transaction's
// conditions and writes together; moto_server serves requests on threads
// and does not, so eight copies of one request racing to claim it (each a
// TransactWriteItems conditional on the claim being free) could all pass
// their conditions there, as they cannot on DynamoDB.
func serialise(t testing.TB, moto string) string {
	u, err := url.Parse(moto)
	if err != nil {
		t.Fatalf("mototest: %v", err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	var dynamo sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("X-Amz-Target"), "DynamoDB_") {
			dynamo.Lock()
			defer dynamo.Unlock()
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Config is an AWS configuration that reaches this server for every
// service, with moto's region and dummy credentials.
func (s *Server) Config() aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  aws.CredentialsProviderFunc(credentials),
		BaseEndpoint: aws.String(s.URL),
	}
}

// Env is what Lambda puts in a function's environment, pointed at this
// server: region, credentials and AWS_ENDPOINT_URL.
func (s *Server) Env() map[string]string {
	return map[string]string{
		"AWS_REGION": Region, "AWS_ACCESS_KEY_ID": "moto", "AWS_SECRET_ACCESS_KEY": "moto",
		"AWS_ENDPOINT_URL": s.URL,
	}
}

func credentials(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "moto", SecretAccessKey: "moto", Source: "mototest"}, nil
}

// Call makes one AWS JSON 1.0 call (X-Amz-Target target) to service,
// signed as the SDK signs it, and decodes the answer into out: for the APIs
// the module has no SDK client for (DynamoDB Streams).
func (s *Server) Call(ctx context.Context, service, target string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", target)
	sum := sha256.Sum256(body)
	creds, _ := credentials(ctx)
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), service, Region, time.Now()); err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s: %w", target, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s: %s", target, resp.Status, b)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s: answer %s: %w", target, b, err)
	}
	return nil
}
