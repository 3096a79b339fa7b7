package staff

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The charting library is built into the binary (no CDN, so the dashboard
// works offline and under a strict CSP). package.json pins its version;
// these tests keep the copy in static/vendor/ that version.
const vendoredChart = "static/vendor/chart.umd.min.js"

func pinnedChartVersion(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	v := pkg.DevDependencies["chart.js"]
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
		t.Fatalf("package.json must pin chart.js to an exact version, not %q", v)
	}
	return v
}

func TestVendoredChartIsThePinnedVersion(t *testing.T) {
	v := pinnedChartVersion(t)
	embedded, err := fs.ReadFile(staticFiles, vendoredChart)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(embedded[:200], []byte("Chart.js v"+v+"\n")) {
		t.Errorf("the built-in %s is not Chart.js v%s: %q", vendoredChart, v, embedded[:60])
	}
	for _, lic := range []string{"static/vendor/chart.js-LICENSE.md", "static/vendor/kurkle-color-LICENSE.md"} {
		b, err := fs.ReadFile(staticFiles, lic)
		if err != nil || !bytes.Contains(b, []byte("MIT License")) {
			t.Errorf("%s: the MIT licence must ship with the library (%v)", lic, err)
		}
	}
	lock, err := os.ReadFile(filepath.Join("..", "..", "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`"node_modules/chart\.js": \{\s*"version": "` + regexp.QuoteMeta(v) + `"`).Match(lock) {
		t.Errorf("package-lock.json does not lock chart.js %s: run npm install", v)
	}

	installed, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "chart.js", "dist", "chart.umd.min.js"))
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but node_modules/chart.js is missing: run npm ci")
		}
		t.Skip("node_modules/chart.js is not installed (npm ci): compared the version only")
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(installed, embedded) {
		t.Errorf("%s differs from node_modules/chart.js/dist/chart.umd.min.js: copy it again after changing the pinned version", vendoredChart)
	}
}

// TestNothingFromElsewhere: no page or script of ours refers to another
// site; the CSP would block it anyway, and the Chromium test checks no
// request leaves the server.
func TestNothingFromElsewhere(t *testing.T) {
	external := regexp.MustCompile(`(?i)(src|href|action)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import|fetch\(\s*["']https?:`)
	for _, dir := range []fs.FS{templateFiles, staticFiles} {
		err := fs.WalkDir(dir, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.Contains(path, "/vendor/") {
				return err
			}
			b, err := fs.ReadFile(dir, path)
			if err != nil {
				return err
			}
			if m := external.Find(b); m != nil {
				t.Errorf("%s refers to another site: %s", path, m)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestStaticFilesServed(t *testing.T) {
	f := newFixture(t, testNow)
	for path, ctype := range map[string]string{
		"/staff/static/vendor/chart.umd.min.js": "text/javascript; charset=utf-8",
		"/staff/static/staff.js":                "text/javascript; charset=utf-8",
		"/staff/static/style.css":               "text/css; charset=utf-8",
	} {
		w := f.do("GET", path, "")
		if w.Code != 200 || w.Header().Get("Content-Type") != ctype {
			t.Errorf("%s: %d %q", path, w.Code, w.Header().Get("Content-Type"))
		}
	}
}
