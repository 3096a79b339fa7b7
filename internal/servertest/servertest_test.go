package servertest

import (
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestStartServesAndStops: a server is up when Start returns and gone,
// its port refusing, once the test that started it has ended.
func TestStartServesAndStops(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skipf("python3 not found: %v", err)
	}
	var url string
	t.Run("serve", func(t *testing.T) {
		url = Start(t, "http.server",
			func(port int) *exec.Cmd {
				return exec.Command(py, "-m", "http.server", "--bind", "127.0.0.1", strconv.Itoa(port))
			},
			func(url, _ string) bool {
				resp, err := http.Get(url)
				if err != nil {
					return false
				}
				resp.Body.Close()
				return true
			}, 20*time.Second)
		resp, err := http.Get(url)
		if err != nil {
			t.Fatalf("GET %s after Start: %v", url, err)
		}
		resp.Body.Close()
	})
	if t.Failed() {
		return
	}
	if c, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "http://"), time.Second); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after the test ended", url)
	}
}
