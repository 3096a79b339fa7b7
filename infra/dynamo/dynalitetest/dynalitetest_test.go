package dynalitetest

import (
	"fmt"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func TestStartServesAndStops(t *testing.T) {
	var endpoint string
	t.Run("serve", func(t *testing.T) {
		endpoint = Start(t)
		if _, err := Client(t, endpoint).ListTables(t.Context(), &dynamodb.ListTablesInput{}); err != nil {
			t.Fatalf("ListTables: %v", err)
		}
	})
	if t.Failed() || endpoint == "" {
		return
	}
	// The subtest's cleanup has killed dynalite: its port refuses.
	u, err := url.Parse(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := net.DialTimeout("tcp", u.Host, time.Second); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after the test ended", u.Host)
	}
}

func TestStartSkipsWithoutNodeOutsideCI(t *testing.T) {
	skipped := false
	t.Run("no node", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		t.Setenv("CI", "")
		defer func() { skipped = t.Skipped() }()
		Start(t)
	})
	if !skipped {
		t.Error("Start without node on PATH did not skip")
	}
}

// TestSurvivesAnAbortedRequest: a client that gives up part way through a
// request (a cancelled context) must not take dynalite down for every test
// after it, as it did when the erasure tests cancelled mid-request.
func TestSurvivesAnAbortedRequest(t *testing.T) {
	endpoint := Start(t)
	u, err := url.Parse(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		c, err := net.DialTimeout("tcp", u.Host, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		// Headers promising a body that never comes, then hang up.
		fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 1000\r\n\r\n{\"Lim", u.Host)
		time.Sleep(50 * time.Millisecond)
		c.Close()
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := Client(t, endpoint).ListTables(t.Context(), &dynamodb.ListTablesInput{}); err != nil {
		t.Fatalf("after clients hung up part way through their requests: ListTables: %v", err)
	}
}
