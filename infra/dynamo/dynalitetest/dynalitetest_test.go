package dynalitetest

import (
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
