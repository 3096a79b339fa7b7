package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
)

// TestColdStart measures process start to first answer of the built
// bootstrap, beside a hello-world Go Lambda measured the same way, through
// a test-only Lambda Runtime API. It builds binaries and takes a while, so
// it runs only when asked:
//
//	HOMEHELPER_COLDSTART=1 go test -run TestColdStart -v ./functions/skill/
//
// HOMEHELPER_COLDSTART_RUNS sets the runs of each (default 40). The
// binaries are built as the Makefile builds them, but for this machine's
// architecture; the skill reads its key from the environment (no Secrets
// Manager call) and DynamoDB is dynalite on loopback. docs/performance.md
// records the figures.
func TestColdStart(t *testing.T) {
	if os.Getenv("HOMEHELPER_COLDSTART") == "" {
		t.Skip("set HOMEHELPER_COLDSTART=1 to measure cold starts")
	}
	runs := 40
	if v := os.Getenv("HOMEHELPER_COLDSTART_RUNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("HOMEHELPER_COLDSTART_RUNS=%q", v)
		}
		runs = n
	}

	bin := t.TempDir()
	build := func(out, pkg string) {
		cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(bin, out), pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, b)
		}
	}
	build("bootstrap", ".")
	build("hello", "./testdata/hello")

	endpoint := dynalitetest.Start(t)
	tables := dynamo.Tables{Data: "coldstart-data", Usage: "coldstart-usage"}
	if err := dynamo.New(dynalitetest.Client(t, endpoint), tables).CreateTables(context.Background()); err != nil {
		t.Fatal(err)
	}
	launch, err := os.ReadFile(filepath.Join("..", "..", "events", "launch.json"))
	if err != nil {
		t.Fatal(err)
	}

	var skillEnv []string
	e := env(tables, false)
	e["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint
	for k, v := range e {
		skillEnv = append(skillEnv, k+"="+v)
	}
	type subject struct {
		name  string
		path  string
		env   []string
		times []time.Duration
	}
	subjects := []*subject{
		{name: "hello-world", path: filepath.Join(bin, "hello")},
		{name: "skill", path: filepath.Join(bin, "bootstrap"), env: skillEnv},
	}
	// One unmeasured run each warms the page cache and dynalite; then
	// the two alternate, so drift in the machine's load falls on both.
	for i := -1; i < runs; i++ {
		for _, s := range subjects {
			// Each answer needs its own request id: the skill keeps one
			// usage event per request id.
			event := []byte(strings.Replace(string(launch), "launch-0001", fmt.Sprintf("launch-cold-%d", i), 1))
			d := coldStart(t, s.path, s.env, event)
			if i >= 0 {
				s.times = append(s.times, d)
			}
		}
	}
	stats := map[string][2]time.Duration{}
	for _, s := range subjects {
		info, err := os.Stat(s.path)
		if err != nil {
			t.Fatal(err)
		}
		med, p90 := percentile(s.times, 50), percentile(s.times, 90)
		stats[s.name] = [2]time.Duration{med, p90}
		t.Logf("%-12s median %6.1f ms  p90 %6.1f ms  (%d runs, binary %.1f MiB)", s.name, ms(med), ms(p90), len(s.times), float64(info.Size())/(1<<20))
	}
	out, _ := exec.Command("go", "version").Output()
	t.Logf("machine: %d CPUs, %s/%s, %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, strings.TrimSpace(string(out)))
	skill, hello := stats["skill"][0], stats["hello-world"][0]
	t.Logf("skill / hello-world (medians): %.2f", float64(skill)/float64(hello))
	if skill > 25*time.Millisecond {
		t.Errorf("skill's median cold start %.1f ms is over the 25 ms target", ms(skill))
	}
	if skill > 3*hello {
		t.Errorf("skill's median cold start %.1f ms is over 3× hello-world's %.1f ms", ms(skill), ms(hello))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// percentile is the nearest-rank percentile of ds.
func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (p*len(s)+99)/100 - 1
	return s[max(i, 0)]
}

// runtimeAPI is the part of Lambda's Runtime API a Go function uses: it
// hands out one event and reports when the answer comes back. Each run has
// its own, so a poll left in flight by the last process can never take the
// next one's event.
type runtimeAPI struct {
	addr    string
	event   []byte
	once    sync.Once // the event is handed out once
	answers chan answer
}

type answer struct {
	at   time.Time
	err  bool
	body string
}

func startRuntimeAPI(t *testing.T, event []byte) *runtimeAPI {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	api := &runtimeAPI{addr: l.Addr().String(), event: event, answers: make(chan answer, 2)}
	const base = "/2018-06-01/runtime/"
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+base+"invocation/next", func(w http.ResponseWriter, r *http.Request) {
		first := false
		api.once.Do(func() { first = true })
		if !first {
			// One event per process: the next poll waits until the
			// process is stopped.
			<-r.Context().Done()
			return
		}
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", "coldstart")
		h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(7*time.Second).UnixMilli(), 10))
		h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:coldstart")
		h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000")
		_, _ = w.Write(api.event)
	})
	mux.HandleFunc("POST "+base+"invocation/{id}/{kind}", func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusAccepted)
		api.answers <- answer{at: at, err: r.PathValue("kind") != "response", body: string(body)}
	})
	mux.HandleFunc("POST "+base+"init/error", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusAccepted)
		api.answers <- answer{at: time.Now(), err: true, body: string(body)}
	})
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return api
}

// coldStart starts the binary against its own Runtime API holding event,
// and returns the time from starting the process to receiving its answer.
func coldStart(t *testing.T, path string, env []string, event []byte) time.Duration {
	t.Helper()
	api := startRuntimeAPI(t, event)
	cmd := exec.Command(path)
	// Only what Lambda itself would set (TZ as Lambda sets it), plus env:
	// nothing from this process's environment reaches the function.
	cmd.Env = append([]string{"AWS_LAMBDA_RUNTIME_API=" + api.addr, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", "TZ=:UTC"}, env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait() // after this, stderr is safe to read
	}
	defer stop()
	select {
	case a := <-api.answers:
		if a.err {
			stop()
			t.Fatalf("%s answered with an error: %s\n%s", filepath.Base(path), a.body, stderr.String())
		}
		if filepath.Base(path) == "bootstrap" && !strings.Contains(a.body, "outputSpeech") {
			t.Fatalf("skill's answer has no speech: %s", a.body)
		}
		return a.at.Sub(start)
	case <-time.After(10 * time.Second):
		stop()
		t.Fatalf("%s did not answer in 10 s\n%s", filepath.Base(path), stderr.String())
	}
	return 0
}
