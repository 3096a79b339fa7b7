package main

// `homehelper loadtest`: many virtual tenants hold whole conversations
// with a running `homehelper serve -dev` over loopback for a bounded time,
// then the books are checked against the store the server writes to. The
// figures in docs/reliability.md come from this command.
//
// The requests are built by infra/simulator from the skill's own
// interaction model, so they are what Alexa would send for the words a
// tenant says, and each tenant reacts to what it hears, as a person would:
// a guide offered before a repair is declined, an offered visit someone
// else has just taken is followed by the next offer, and so on.

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/infra/simulator"
	"github.com/homehelper/homehelper/intents"
	skillpackage "github.com/homehelper/homehelper/skill-package"
)

// loadOptions is what `homehelper loadtest` is told.
type loadOptions struct {
	url      string
	tenants  int
	duration time.Duration
	seed     uint64
}

// Short mode: enough tenants to race for coach slots and enough time for
// each to hold a few conversations, quick enough for every `make test`.
const (
	shortTenants  = 8
	shortDuration = 3 * time.Second
)

// loadRequestTimeout bounds one request. The server gives up writing
// after 10 s (serve.go); a request still unanswered after that is an error.
const loadRequestTimeout = 15 * time.Second

// maxErrorLines is how many errors the summary spells out; the rest are counted.
const maxErrorLines = 10

// errBooks is returned when a check fails, so the exit status says so.
var errBooks = errors.New("the books do not balance")

// loadtest is `homehelper loadtest`: enrol a household per virtual tenant
// in the server's store, run the tenants for the duration, check the
// books, print the summary. It fails (errBooks) if any check fails.
func loadtest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("loadtest", stderr)
	var st storage
	var o loadOptions
	var short bool
	storageFlags(fs, &st)
	fs.StringVar(&o.url, "url", "", "the running \"homehelper serve -dev\" to load, as it printed it: http://127.0.0.1:PORT (required; loopback only)")
	fs.IntVar(&o.tenants, "tenants", 50, "virtual tenants, each its own pilot household, speaker and conversations, all at once")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "how long tenants start new conversations (one in progress is finished)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed for the tenants' choices: the same seed makes the same choices")
	fs.BoolVar(&short, "short", false, fmt.Sprintf("short mode for the tests: %d tenants for %v, unless -tenants or -duration say otherwise", shortTenants, shortDuration))
	if err := parse(fs, args); err != nil {
		return err
	}
	if short {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["tenants"] {
			o.tenants = shortTenants
		}
		if !set["duration"] {
			o.duration = shortDuration
		}
	}
	if o.tenants < 1 || o.duration <= 0 {
		return fmt.Errorf("%w: -tenants must be at least 1 and -duration more than 0", errUsage)
	}
	base, err := loopbackURL(o.url)
	if err != nil {
		return err
	}
	o.url = base

	// Only warnings: the store's info lines would interleave with the summary.
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := openData(ctx, st, log)
	if err != nil {
		return err
	}
	defer a.close()

	lr, err := newLoadRun(o, a)
	if err != nil {
		return err
	}
	before, err := lr.health(ctx)
	if err != nil {
		return fmt.Errorf("is `homehelper serve -dev` running at %s? %w", o.url, err)
	}
	fmt.Fprintf(stdout, "Enrolling %d pilot households for the virtual tenants…\n", o.tenants)
	if err := lr.enrol(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Running %d tenants against %s for %v (seed %d)…\n", o.tenants, o.url, o.duration, o.seed)
	l := lr.drive(ctx)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted before the books could be checked: %w", err)
	}
	after, err := lr.health(ctx)
	if err != nil {
		l.fail("", "", "", fmt.Sprintf("GET /healthz after the run: %v", err))
	}
	l.refused = after.refused - before.refused
	l.backlog = after.backlog

	checks := checkBooks(ctx, a.store, l, time.Now())
	writeSummary(stdout, st.kind, l, checks)
	for _, c := range checks {
		if !c.ok {
			return errBooks
		}
	}
	return nil
}

// loopbackURL checks -url: the load test sends unsigned requests as any
// speaker it likes, which only a development server on this machine takes.
func loopbackURL(raw string) (string, error) {
	if raw == "" {
		return "", fmt.Errorf("%w: -url is required: the address `homehelper serve -dev` printed", errUsage)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return "", fmt.Errorf("%w: -url %q: want http://127.0.0.1:PORT", errUsage, raw)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", fmt.Errorf("%w: -url %q: the load test runs only against a server on this machine's loopback address", errUsage, raw)
	}
	return strings.TrimSuffix(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}

// loadRun is one load test: the tenants, and what they share.
type loadRun struct {
	opts    loadOptions
	app     *app
	sim     *simulator.Simulator
	client  *http.Client
	tenants []*vtenant
	runID   string
}

func newLoadRun(o loadOptions, a *app) (*loadRun, error) {
	sim, err := simulator.New(skillpackage.ModelEnGB, simulator.Options{Locale: "en-GB"})
	if err != nil {
		return nil, fmt.Errorf("loading interaction model: %w", err)
	}
	// One kept-alive connection per tenant, as each tenant waits for its
	// answer before speaking again; without this the client would open and
	// close connections and measure the kernel rather than the server.
	tr := &http.Transport{
		MaxIdleConns:        o.tenants,
		MaxIdleConnsPerHost: o.tenants,
		IdleConnTimeout:     30 * time.Second,
	}
	return &loadRun{
		opts: o, app: a, sim: sim,
		client: &http.Client{Transport: tr, Timeout: loadRequestTimeout},
		// Household references and speaker ids unique to this run, so a
		// second run against the same store starts from nothing of its own.
		runID: time.Now().UTC().Format("20060102T150405") + "-" + strconv.FormatUint(rand.Uint64()%1e6, 10),
	}, nil
}

// serverHealth is what GET /healthz reports.
type serverHealth struct{ backlog, refused int64 }

func (lr *loadRun) health(ctx context.Context) (serverHealth, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, lr.opts.url+"/healthz", nil)
	if err != nil {
		return serverHealth{}, err
	}
	resp, err := lr.client.Do(req)
	if err != nil {
		return serverHealth{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return serverHealth{}, fmt.Errorf("GET /healthz: %s", resp.Status)
	}
	var h serverHealth
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, v, _ := strings.Cut(sc.Text(), " ")
		n, _ := strconv.ParseInt(v, 10, 64)
		switch name {
		case "usage_backlog":
			h.backlog = n
		case "refused_requests":
			h.refused = n
		}
	}
	return h, sc.Err()
}

// enrol makes one pilot household per tenant, through the program's own
// enrolment as `pilot add` does, in the store the server uses.
func (lr *loadRun) enrol(ctx context.Context) error {
	lr.tenants = make([]*vtenant, lr.opts.tenants)
	now := time.Now()
	consent := civilDate(now.In(lr.app.cfg.Location))
	errs := make([]error, len(lr.tenants))
	// A few at a time: enrolment is a handful of writes each, and on
	// DynamoDB their round trips add up.
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i := range lr.tenants {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			ref := fmt.Sprintf("LT-%s-%04d", lr.runID, i+1)
			h, err := intents.Enrol(ctx, lr.app.store, lr.app.pseudo, intents.Enrolling{Ref: ref, ConsentDate: consent}, now)
			if err != nil {
				errs[i] = fmt.Errorf("enrolling %s: %w", ref, err)
				return
			}
			lr.tenants[i] = newTenant(lr, i, h)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// drive runs every tenant until the duration is up and gathers what they
// sent, heard and timed.
func (lr *loadRun) drive(ctx context.Context) *ledger {
	l := &ledger{tenants: lr.tenants, start: time.Now()}
	deadline := l.start.Add(lr.opts.duration)
	var wg sync.WaitGroup
	for _, t := range lr.tenants {
		wg.Go(func() { t.live(ctx, deadline) })
	}
	wg.Wait()
	l.end = time.Now()
	for _, t := range lr.tenants {
		l.requests += len(t.sent)
		l.latencies = append(l.latencies, t.latencies...)
		l.errors += t.errors
		l.httpErrors += t.httpErrors
		l.invalid += t.invalid
		l.unexpected += t.unexpected
		l.errorLines = append(l.errorLines, t.errorLines...)
		for k, n := range t.troubles {
			if l.troubles == nil {
				l.troubles = map[string]int{}
			}
			l.troubles[k] += n
		}
		for k, n := range t.stats {
			if l.stats == nil {
				l.stats = map[string]int{}
			}
			l.stats[k] += n
		}
	}
	slices.Sort(l.latencies)
	return l
}

// ledger is what the tenants did, to be checked against the store.
type ledger struct {
	tenants    []*vtenant
	start, end time.Time
	requests   int
	latencies  []time.Duration // sorted
	// errors = httpErrors + invalid + unexpected (+ anything else that went wrong).
	errors, httpErrors, invalid, unexpected int
	errorLines                              []string
	troubles                                map[string]int // errors by kind
	stats                                   map[string]int
	refused, backlog                        int64 // from /healthz: refused during the run, backlog after it
}

// fail counts an error found outside any tenant's conversation.
func (l *ledger) fail(tenant, said, heard, why string) {
	l.errors++
	l.errorLines = append(l.errorLines, errorLine(tenant, said, heard, why))
	if l.troubles == nil {
		l.troubles = map[string]int{}
	}
	l.troubles[errorLine("", said, firstSentence(heard), why)]++
}

func errorLine(tenant, said, heard, why string) string {
	var b strings.Builder
	if tenant != "" {
		b.WriteString(tenant + ": ")
	}
	b.WriteString(why)
	if said != "" {
		fmt.Fprintf(&b, " (said %q", said)
		if heard != "" {
			fmt.Fprintf(&b, ", heard %q", clip(heard, 200))
		}
		b.WriteString(")")
	}
	return b.String()
}

// firstSentence is enough of a reply to tell one kind from another.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p/100*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// heardRepair is a repair reference a tenant was read out.
type heardRepair struct {
	ref, problem string
}

// heardBooking is a coach visit a tenant was told is booked.
type heardBooking struct {
	slotID, coach, when string
}

// sentRequest is one request a tenant sent, for the usage-event check.
type sentRequest struct {
	tenant int
	linked bool // the speaker was linked when it was sent: the event must name the household
}

// vtenant is one virtual tenant: a pilot household with one speaker.
type vtenant struct {
	lr        *loadRun
	n         int
	name      string // for error lines: the household reference
	household intents.Household
	speakerID string // the pseudonym the server will give the device
	conv      *simulator.Conversation
	rng       *rand.Rand
	linked    bool

	// What the tenant has heard, which the store must bear out.
	repairs []heardRepair
	booking *heardBooking

	// What it sent and how it went.
	sent       map[string]sentRequest // by request id
	latencies  []time.Duration
	errors     int
	httpErrors int
	invalid    int
	unexpected int
	errorLines []string
	troubles   map[string]int // errors by kind, for the summary
	lastError  string         // the last error in full, for the books
	// What the tenant heard instead after saying yes to saving a repair,
	// booking a visit or cancelling one: what it was told happened, which
	// the books must bear out too.
	refused map[string][]string
	stats   map[string]int
}

func newTenant(lr *loadRun, i int, h intents.Household) *vtenant {
	device := fmt.Sprintf("amzn1.ask.device.LOADTEST-%s-%04d", lr.runID, i+1)
	user := fmt.Sprintf("amzn1.ask.account.LOADTEST-%s-%04d", lr.runID, i+1)
	return &vtenant{
		lr: lr, n: i, name: h.Ref, household: h,
		speakerID: lr.app.pseudo.Of("speaker", device),
		conv:      lr.sim.NewConversation(user, device),
		// Each tenant its own stream from the seed, so a tenant's choices
		// do not depend on how the others' turns interleave; they still
		// follow what it hears (a visit lost to another tenant, say).
		rng:      rand.New(rand.NewPCG(lr.opts.seed, uint64(i))),
		sent:     map[string]sentRequest{},
		troubles: map[string]int{},
		refused:  map[string][]string{},
		stats:    map[string]int{},
	}
}

// The conversations a tenant holds, and how often, out of 100.
var conversationMix = []struct {
	name   string
	weight int
	hold   func(*vtenant, context.Context)
}{
	{"repair", 25, (*vtenant).reportRepair},
	{"guide", 20, (*vtenant).followGuide},
	{"book", 20, (*vtenant).bookVisit},
	{"check", 10, (*vtenant).checkVisit},
	{"status", 10, (*vtenant).repairStatus},
	{"help", 5, (*vtenant).askHelp},
	{"fallback", 5, (*vtenant).sayNonsense},
	{"stop", 5, (*vtenant).openAndStop},
}

// live links the tenant's speaker, then holds conversations until the
// deadline. A conversation under way at the deadline is finished, so the
// books never hold half a booking.
func (t *vtenant) live(ctx context.Context, deadline time.Time) {
	if !t.link(ctx) {
		return // nothing else can work for an unlinked tenant
	}
	total := 0
	for _, c := range conversationMix {
		total += c.weight
	}
	for ctx.Err() == nil && time.Now().Before(deadline) {
		n := t.rng.IntN(total)
		for _, c := range conversationMix {
			if n -= c.weight; n < 0 {
				t.stats["conversation "+c.name]++
				c.hold(t, ctx)
				break
			}
		}
	}
}

// reply is what the tenant heard.
type reply struct {
	speech string
	card   *alexa.Card
	ended  bool
	state  intents.State
}

// turn sends one request and reads the answer; false means the turn
// failed (counted) and the conversation must stop.
func (t *vtenant) turn(ctx context.Context, said string, build func() ([]byte, error)) (reply, bool) {
	body, err := build()
	if err != nil {
		return t.broken(said, "", fmt.Sprintf("the simulator made no request: %v", err))
	}
	var env struct {
		Request struct {
			RequestID string `json:"requestId"`
		} `json:"request"`
	}
	if err := json.Unmarshal(body, &env); err != nil || env.Request.RequestID == "" {
		return t.broken(said, "", "the simulator's request has no request id")
	}
	// Counted before it is sent: a request that fails on the way may still
	// have reached the server and left an event.
	t.sent[env.Request.RequestID] = sentRequest{tenant: t.n, linked: t.linked}

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.lr.opts.url+"/alexa", bytes.NewReader(body))
	if err != nil {
		return t.broken(said, "", err.Error())
	}
	req.Header.Set("Content-Type", "application/json")
	began := time.Now()
	resp, err := t.lr.client.Do(req)
	var out []byte
	if err == nil {
		out, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	t.latencies = append(t.latencies, time.Since(began))
	if err != nil {
		t.httpErrors++
		return t.broken(said, "", fmt.Sprintf("POST /alexa: %v", err))
	}
	if resp.StatusCode != http.StatusOK {
		t.httpErrors++
		return t.broken(said, "", fmt.Sprintf("POST /alexa: %s: %s", resp.Status, clip(strings.TrimSpace(string(out)), 200)))
	}
	r, err := t.read(body, out)
	if err != nil {
		t.invalid++
		return t.broken(said, "", "invalid response: "+err.Error())
	}
	return r, true
}

// read checks a response as Alexa would and feeds it to the simulator.
func (t *vtenant) read(req, body []byte) (reply, error) {
	var resp alexa.Response
	if err := json.Unmarshal(body, &resp); err != nil {
		return reply{}, err
	}
	if resp.Version != "1.0" {
		return reply{}, fmt.Errorf("version %q", resp.Version)
	}
	endedRequest := t.conv.Ended // End has already closed the session
	if !endedRequest {
		sp := resp.Body.OutputSpeech
		if sp == nil || sp.Type != "SSML" || !strings.HasPrefix(sp.SSML, "<speak>") || !strings.HasSuffix(sp.SSML, "</speak>") {
			return reply{}, fmt.Errorf("no SSML speech: %s", clip(string(body), 200))
		}
	}
	if err := t.lr.sim.Observe(t.conv, body); err != nil {
		return reply{}, err
	}
	d, err := describe(req, body, t.conv)
	if err != nil {
		return reply{}, err
	}
	r := reply{speech: d.Speech, card: d.Card, ended: t.conv.Ended}
	if !r.ended && d.Reprompt == "" {
		return reply{}, errors.New("the session stays open with no reprompt")
	}
	if len(t.conv.Attributes) > 0 {
		if err := json.Unmarshal(t.conv.Attributes, &r.state); err != nil {
			return reply{}, fmt.Errorf("session attributes: %w", err)
		}
	}
	return r, nil
}

// broken records a failed turn and leaves the tenant ready for a new
// session: whatever the server thought of this one, the next starts afresh.
func (t *vtenant) broken(said, heard, why string) (reply, bool) {
	t.errors++
	t.lastError = errorLine(t.name, said, heard, why)
	if len(t.errorLines) < maxErrorLines {
		t.errorLines = append(t.errorLines, t.lastError)
	}
	t.troubles[errorLine("", said, firstSentence(heard), why)]++
	t.conv = t.lr.sim.NewConversation(t.conv.UserID, t.conv.DeviceID)
	return reply{}, false
}

func (t *vtenant) say(ctx context.Context, text string) (reply, bool) {
	return t.turn(ctx, text, func() ([]byte, error) { return t.lr.sim.Say(t.conv, text) })
}

// open starts a session: "open home helper", answering a leftover guide's
// "Shall we carry on?" with no so the session is at the menu.
func (t *vtenant) open(ctx context.Context) (reply, bool) {
	r, ok := t.say(ctx, "open home helper")
	if !ok || !t.expect(r, "open home helper", "Welcome") {
		return r, false
	}
	if strings.Contains(r.speech, "Shall we carry on?") {
		r, ok = t.say(ctx, "no")
		if !ok || !t.expect(r, "no", "What would you like to do?") {
			return r, false
		}
	}
	return r, true
}

// expect checks that what was heard says every one of want; if not the
// reply was not what a tenant should hear, which is counted as an error,
// and the session is closed.
func (t *vtenant) expect(r reply, said string, want ...string) bool {
	for _, w := range want {
		if !strings.Contains(r.speech, w) {
			t.wrong(r, said, fmt.Sprintf("unexpected reply: wanted %q", w))
			return false
		}
	}
	return true
}

func (t *vtenant) wrong(r reply, said, why string) {
	t.unexpected++
	t.broken(said, r.speech, why)
}

// finish ends a conversation as a tenant would: a rating or no thanks for
// the feedback question, no to "anything else?", otherwise stop, goodbye
// or exit.
func (t *vtenant) finish(ctx context.Context, r reply) {
	for range 4 {
		if r.ended {
			return
		}
		var said string
		switch {
		case strings.Contains(r.speech, "how easy was that?"):
			said = "no thanks"
			if t.rng.IntN(2) == 0 {
				said = strconv.Itoa(1 + t.rng.IntN(5))
			}
			t.stats["feedback asked"]++
		case strings.HasSuffix(r.speech, "Is there anything else I can help with?"):
			said = "no"
		default:
			said = []string{"stop", "goodbye", "exit"}[t.rng.IntN(3)]
		}
		var ok bool
		if r, ok = t.say(ctx, said); !ok {
			return
		}
	}
	if !r.ended {
		t.wrong(r, "", "the session would not end")
	}
}

// link speaks the household's code, as its letter tells the tenant to.
func (t *vtenant) link(ctx context.Context) bool {
	t.stats["conversation link"]++
	if _, ok := t.open(ctx); !ok {
		return false
	}
	said := "my code is " + spaced(t.household.LinkCode)
	r, ok := t.say(ctx, said)
	if !ok {
		return false
	}
	if !strings.Contains(r.speech, "now linked") {
		t.wrong(r, said, "the link code did not link: does serve use the same -data and -store as the load test?")
		return false
	}
	t.linked = true
	t.finish(ctx, r)
	return true
}

// Problems a tenant reports, as said and as the model resolves them; none
// is dangerous for a household that is not vulnerable, so each ends in a
// reference rather than emergency advice.
var loadProblems = []struct{ said, id string }{
	{"a dripping tap", "TAP"},
	{"a leak", "LEAK"},
	{"a blocked sink", "SINK_BLOCKED"},
	{"a problem with a window", "WINDOW"},
	{"a problem with a door", "DOOR"},
	{"damp or mould", "DAMP_MOULD"},
	{"a light that isn't working", "LIGHT"},
	{"a noisy boiler", "BOILER_NOISE"},
	{"low boiler pressure", "BOILER_PRESSURE"},
}

var loadRooms = []string{"kitchen", "bathroom", "living room", "bedroom", "hallway"}

// Guides a tenant follows, as asked for and by the problem they are for.
var loadGuides = []struct{ said, id string }{
	{"how do I bleed my radiator", "RADIATOR"},
	{"help me fix a blocked sink", "SINK_BLOCKED"},
	{"how do I fix low boiler pressure", "BOILER_PRESSURE"},
	{"help me fix a switch that keeps tripping", "TRIP_SWITCH"},
	{"help me with damp or mould", "DAMP_MOULD"},
}

var (
	refHeard    = regexp.MustCompile(`Your reference is ([A-Z]{2}[0-9]{4})\.`)
	bookedHeard = regexp.MustCompile(`Booked\. (\S+) will visit you on ([^.]+)\.`)
	openHeard   = regexp.MustCompile(`You have ([0-9]+) open repairs?\.`)
)

// reportRepair: problem and room in one breath, no to any guide offered
// first, the read-back, and yes (or now and then no) to report it.
func (t *vtenant) reportRepair(ctx context.Context) {
	p := loadProblems[t.rng.IntN(len(loadProblems))]
	room := loadRooms[t.rng.IntN(len(loadRooms))]
	var said string
	var r reply
	var ok bool
	if t.rng.IntN(2) == 0 {
		// A one-shot: "Alexa, ask home helper to report …".
		said = fmt.Sprintf("ask home helper to report %s in the %s", p.said, room)
		r, ok = t.say(ctx, said)
	} else {
		if _, ok = t.open(ctx); !ok {
			return
		}
		said = fmt.Sprintf("there's %s in the %s", p.said, room)
		r, ok = t.say(ctx, said)
	}
	if !ok {
		return
	}
	if strings.Contains(r.speech, "Would you like to try it first?") {
		said = "no"
		if r, ok = t.say(ctx, said); !ok {
			return
		}
	}
	if !t.expect(r, said, "Shall I report it?") {
		return
	}
	if t.rng.IntN(10) == 0 {
		said = "no"
		if r, ok = t.say(ctx, said); !ok || !t.expect(r, said, "I haven't reported it") {
			return
		}
		t.stats["repair declined"]++
		t.finish(ctx, r)
		return
	}
	t.confirmRepair(ctx, p.id)
}

// confirmRepair says yes to "Shall I report it?" and notes the reference.
func (t *vtenant) confirmRepair(ctx context.Context, problem string) {
	r, ok := t.say(ctx, "yes")
	if !ok {
		return
	}
	m := refHeard.FindStringSubmatch(r.speech)
	if m == nil || !strings.HasPrefix(r.speech, "Done.") {
		t.refused["repair"] = append(t.refused["repair"], firstSentence(r.speech))
		t.wrong(r, "yes", "no repair reference read out")
		return
	}
	if r.card == nil || r.card.Title != "Repair reported: "+m[1] {
		t.wrong(r, "yes", "the card does not show reference "+m[1])
		return
	}
	t.repairs = append(t.repairs, heardRepair{ref: m[1], problem: problem})
	t.stats["repair reported"]++
	t.finish(ctx, r)
}

// followGuide: a self-fix guide, next by next to "Did that fix it?"; then
// yes (fixed) or no, which hands over to a repair report.
func (t *vtenant) followGuide(ctx context.Context) {
	g := loadGuides[t.rng.IntN(len(loadGuides))]
	if _, ok := t.open(ctx); !ok {
		return
	}
	r, ok := t.say(ctx, g.said)
	if !ok || !t.expect(r, g.said, "Step 1 of") {
		return
	}
	for step := 1; !strings.Contains(r.speech, "Did that fix it?"); step++ {
		said := "next"
		if step > 20 {
			t.wrong(r, said, "the guide never asked whether it fixed it")
			return
		}
		if t.rng.IntN(8) == 0 {
			said = "repeat that please" // a tenant who missed a step
		}
		if r, ok = t.say(ctx, said); !ok || !t.expect(r, said, "Step ") {
			return
		}
	}
	if t.rng.IntN(2) == 0 {
		if r, ok = t.say(ctx, "yes"); !ok || !t.expect(r, "yes", "That's great") {
			return
		}
		t.stats["guide fixed"]++
		t.finish(ctx, r)
		return
	}
	if r, ok = t.say(ctx, "no"); !ok || !t.expect(r, "no", "sorry that didn't fix it", "Which room") {
		return
	}
	t.stats["guide not fixed"]++
	said := "the " + loadRooms[t.rng.IntN(len(loadRooms))]
	if r, ok = t.say(ctx, said); !ok || !t.expect(r, said, "Shall I report it?") {
		return
	}
	t.confirmRepair(ctx, g.id)
}

// bookVisit: cancel a standing visit first ("cancel my visit", yes), then
// "book a visit" and yes to the first offer or the second. Every tenant
// asks for the earliest free slot, so tenants race for the same ones.
func (t *vtenant) bookVisit(ctx context.Context) {
	r, ok := t.open(ctx)
	if !ok {
		return
	}
	if t.booking != nil {
		if r, ok = t.say(ctx, "cancel my visit"); !ok || !t.expect(r, "cancel my visit", "Your visit is with "+t.booking.coach+" on "+t.booking.when, "Are you sure you want to cancel it?") {
			return
		}
		if r, ok = t.say(ctx, "yes"); !ok {
			return
		}
		if !strings.Contains(r.speech, "I've cancelled your visit with "+t.booking.coach) {
			t.refused["cancel"] = append(t.refused["cancel"], firstSentence(r.speech))
			t.wrong(r, "yes", "wanted \"I've cancelled your visit with "+t.booking.coach+"\"")
			return
		}
		t.booking = nil
		t.stats["visit cancelled"]++
	}
	said := "book a visit"
	if r, ok = t.say(ctx, said); !ok {
		return
	}
	declined := t.rng.IntN(3) == 0 // no to the first offer, yes to the next
	for races := 0; ; {
		switch {
		case strings.Contains(r.speech, "don't have any more free visits"):
			t.stats["no free visit"]++
			t.finish(ctx, r)
			return
		case !strings.HasSuffix(r.speech, "Shall I book it?") || r.state.Offer == nil:
			t.wrong(r, said, "wanted a visit offered, or none free")
			return
		}
		offer := *r.state.Offer
		if declined {
			declined = false
			said = "no"
			if r, ok = t.say(ctx, said); !ok {
				return
			}
			continue
		}
		if races == 5 {
			// Enough: a tenant beaten to five visits in a row gives up.
			if r, ok = t.say(ctx, "stop"); ok && t.expect(r, "stop", "I haven't booked") {
				t.finish(ctx, r)
			}
			return
		}
		said = "yes"
		if r, ok = t.say(ctx, said); !ok {
			return
		}
		// Beaten to it: the next free visit is offered, or none is left.
		// (With none left the skill says only that, not that the visit
		// just accepted was taken: coachGiveUp drops offerSlot's lead.)
		if strings.Contains(r.speech, "someone has just taken that time") || strings.Contains(r.speech, "don't have any more free visits") {
			races++
			t.stats["visit lost to another tenant"]++
			continue
		}
		m := bookedHeard.FindStringSubmatch(r.speech)
		if m == nil || m[1] != offer.Coach {
			t.refused["book"] = append(t.refused["book"], firstSentence(r.speech))
			t.wrong(r, said, "wanted \"Booked. "+offer.Coach+" will visit you on …\"")
			return
		}
		t.booking = &heardBooking{slotID: offer.ID, coach: m[1], when: m[2]}
		t.stats["visit booked"]++
		t.finish(ctx, r)
		return
	}
}

// checkVisit: "when is my coach coming", one-shot; what is heard must be
// the visit this tenant was told is booked, or none.
func (t *vtenant) checkVisit(ctx context.Context) {
	said := "ask home helper when is my coach coming"
	r, ok := t.say(ctx, said)
	if !ok {
		return
	}
	if t.booking == nil {
		if !t.expect(r, said, "You don't have a visit booked") {
			return
		}
		if r, ok = t.say(ctx, "no"); !ok {
			return
		}
		t.finish(ctx, r)
		return
	}
	if t.expect(r, said, "Your next visit is with "+t.booking.coach+" on "+t.booking.when+".") {
		t.finish(ctx, r)
	}
}

// repairStatus: the open repairs read back must number those this tenant
// reported (nobody marks them done during a load test).
func (t *vtenant) repairStatus(ctx context.Context) {
	if _, ok := t.open(ctx); !ok {
		return
	}
	said := "what's happening with my repair"
	r, ok := t.say(ctx, said)
	if !ok {
		return
	}
	if len(t.repairs) == 0 {
		if !t.expect(r, said, "You don't have any open repairs") {
			return
		}
		if r, ok = t.say(ctx, "no"); !ok {
			return
		}
		t.finish(ctx, r)
		return
	}
	m := openHeard.FindStringSubmatch(r.speech)
	if m == nil || m[1] != strconv.Itoa(len(t.repairs)) {
		t.wrong(r, said, fmt.Sprintf("wanted \"You have %d open …\"", len(t.repairs)))
		return
	}
	t.finish(ctx, r)
}

func (t *vtenant) askHelp(ctx context.Context) {
	if _, ok := t.open(ctx); !ok {
		return
	}
	if r, ok := t.say(ctx, "help"); ok && t.expect(r, "help", "For example") {
		t.finish(ctx, r)
	}
}

func (t *vtenant) sayNonsense(ctx context.Context) {
	if _, ok := t.open(ctx); !ok {
		return
	}
	// Words that ask for nothing: "sing me a song" is Alexa's own now.
	said := "purple monkey dishwasher"
	if r, ok := t.say(ctx, said); ok && t.expect(r, said, "Sorry, I didn't understand") {
		t.finish(ctx, r)
	}
}

func (t *vtenant) openAndStop(ctx context.Context) {
	r, ok := t.open(ctx)
	if ok {
		t.finish(ctx, r)
	}
}

// toldInstead says what the tenant heard when it said yes to a save,
// booking or cancellation that did not go as asked, or else its last
// error, to explain a discrepancy in the books.
func (t *vtenant) toldInstead(what string) string {
	if heard := t.refused[what]; len(heard) > 0 {
		return fmt.Sprintf(" (after yes to the %s it heard: %q)", what, strings.Join(heard, `", "`))
	}
	if t.lastError != "" {
		return " (its last error: " + t.lastError + ")"
	}
	return ""
}

// booksStore is what checking the books reads: the usage log, repairs and
// bookings. ListRepairs (intents.RepairQueue) and ListSlots
// (intents.Availability) are used where the store has them.
type booksStore interface {
	intents.UsageReader
	OpenRepairs(ctx context.Context, householdID string) ([]intents.Repair, error)
	ActiveBooking(ctx context.Context, householdID string, now time.Time) (intents.Booking, error)
}

// check is one line of the books.
type check struct {
	name   string
	ok     bool
	detail string
	faults []string // the first few discrepancies
}

func (c *check) fault(format string, args ...any) {
	c.ok = false
	if len(c.faults) < 2*maxErrorLines {
		c.faults = append(c.faults, fmt.Sprintf(format, args...))
	}
}

// checkBooks compares what the tenants sent and heard with what the store
// holds: no errors, one usage event per request, every repair heard stored
// for its household, every visit heard standing, no slot held twice.
func checkBooks(ctx context.Context, s booksStore, l *ledger, now time.Time) []check {
	usage, attributed := checkUsage(ctx, s, l)
	return []check{
		checkErrors(l),
		usage,
		attributed,
		checkRepairs(ctx, s, l),
		checkBookings(ctx, s, l, now),
	}
}

func checkErrors(l *ledger) check {
	c := check{name: "no errors", ok: true}
	c.detail = fmt.Sprintf("%d requests: %d failed over HTTP, %d invalid responses, %d unexpected replies, %d other",
		l.requests, l.httpErrors, l.invalid, l.unexpected, l.errors-l.httpErrors-l.invalid-l.unexpected)
	if l.errors > 0 {
		// The kinds, commonest first, then a few in full.
		kinds := slices.SortedFunc(maps.Keys(l.troubles), func(a, b string) int {
			return cmp.Or(cmp.Compare(l.troubles[b], l.troubles[a]), strings.Compare(a, b))
		})
		for _, k := range kinds {
			c.fault("%d × %s", l.troubles[k], k)
		}
		for _, line := range l.errorLines[:min(len(l.errorLines), 3)] {
			c.fault("for example, %s", line)
		}
	}
	if l.requests == 0 {
		c.fault("no request was sent")
	}
	if l.refused > 0 {
		c.fault("the server refused %d requests during the run (refused_requests on /healthz)", l.refused)
	}
	if l.backlog > 0 {
		c.fault("the server holds %d usage events it could not write (usage_backlog on /healthz)", l.backlog)
	}
	return c
}

// checkUsage: exactly one usage event per request sent, each from the
// tenant's speaker. Events are read over the run's window; those from the
// tenants' speakers that no tenant sent are extra. The second check is
// that every event of a linked speaker names its household, as
// docs/usage-events.md promises (household_id is empty only when the
// speaker is not linked), so per-household counts are whole.
func checkUsage(ctx context.Context, s booksStore, l *ledger) (check, check) {
	c := check{name: "one usage event per request", ok: true}
	h := check{name: "every event of a linked speaker names its household", ok: true}
	// Event times are Alexa's timestamps, whole seconds.
	from := l.start.Truncate(time.Second).Add(-time.Second)
	to := l.end.Add(2 * time.Second)
	evs, err := s.UsageEvents(ctx, from, to)
	if err != nil {
		c.fault("reading usage events: %v", err)
		h.fault("reading usage events: %v", err)
		return c, h
	}
	speakers := map[string]*vtenant{}
	for _, t := range l.tenants {
		speakers[t.speakerID] = t
	}
	sentAll := map[string]sentRequest{}
	for _, t := range l.tenants {
		maps.Copy(sentAll, t.sent)
	}
	seen := map[string]int{}
	extra, linked, unnamed := 0, 0, 0
	for _, e := range evs {
		sent, ok := sentAll[e.RequestID]
		if !ok {
			if t := speakers[e.SpeakerID]; t != nil {
				extra++
				c.fault("an event no tenant sent: request %s from %s (%s %s)", e.RequestID, t.name, e.RequestType, e.Intent)
			}
			continue
		}
		seen[e.RequestID]++
		t := l.tenants[sent.tenant]
		if e.SpeakerID != t.speakerID {
			c.fault("event %s is from speaker %q, not %s's", e.RequestID, e.SpeakerID, t.name)
		}
		if !sent.linked || seen[e.RequestID] > 1 {
			continue
		}
		linked++
		if e.HouseholdID != t.household.ID {
			unnamed++
			h.fault("event %s (%s %s, outcome %s) from %s names household %q", e.RequestID, e.RequestType, e.Intent, e.Outcome, t.name, e.HouseholdID)
		}
	}
	missing, twice := 0, 0
	for _, t := range l.tenants {
		for _, id := range slices.Sorted(maps.Keys(t.sent)) {
			switch n := seen[id]; {
			case n == 0:
				missing++
				c.fault("no usage event for request %s from %s", id, t.name)
			case n > 1:
				twice++
				c.fault("%d usage events for request %s from %s", n, id, t.name)
			}
		}
	}
	c.detail = fmt.Sprintf("%d requests sent, %d with their event; %d missing, %d extra, %d counted twice",
		l.requests, len(seen)-twice, missing, extra, twice)
	h.detail = fmt.Sprintf("%d events of linked speakers, %d without their household", linked, unnamed)
	return c, h
}

// checkRepairs: every reference a tenant heard is stored, for its
// household and problem ("never a false done"), and the store holds no
// repair for these households that nobody was told of.
func checkRepairs(ctx context.Context, s booksStore, l *ledger) check {
	c := check{name: "every repair heard is stored", ok: true}
	stored := map[string][]intents.Repair{} // by household id
	how := "OpenRepairs per household"
	if q, ok := s.(intents.RepairQueue); ok {
		how = "ListRepairs"
		all, err := q.ListRepairs(ctx)
		if err != nil {
			c.fault("listing repairs: %v", err)
			return c
		}
		for _, r := range all {
			stored[r.HouseholdID] = append(stored[r.HouseholdID], r)
		}
	} else {
		for _, t := range l.tenants {
			open, err := s.OpenRepairs(ctx, t.household.ID)
			if err != nil {
				c.fault("open repairs of %s: %v", t.name, err)
				return c
			}
			stored[t.household.ID] = open
		}
	}
	heard, kept := 0, 0
	for _, t := range l.tenants {
		mine := map[string]intents.Repair{}
		for _, r := range stored[t.household.ID] {
			mine[r.Ref] = r
		}
		kept += len(mine)
		told := map[string]bool{}
		for _, h := range t.repairs {
			heard++
			told[h.ref] = true
			r, ok := mine[h.ref]
			switch {
			case !ok:
				c.fault("%s heard reference %s, which the store does not hold for it", t.name, h.ref)
			case r.Problem != h.problem:
				c.fault("%s reported %s as %s; the store has %s", t.name, h.ref, h.problem, r.Problem)
			}
		}
		for ref := range mine {
			if !told[ref] {
				c.fault("the store holds repair %s for %s, who was never read that reference%s", ref, t.name, t.toldInstead("repair"))
			}
		}
	}
	c.detail = fmt.Sprintf("%d references heard, %d repairs stored for these households (read with %s)", heard, kept, how)
	return c
}

// checkBookings: every visit a tenant heard "Booked." for, and did not
// cancel, is its household's standing booking, and one with none has
// none; and no coach slot is held twice (two households' bookings on one
// slot, or one slot listed with two bookings).
func checkBookings(ctx context.Context, s booksStore, l *ledger, now time.Time) check {
	c := check{name: "every visit heard is booked, no slot held twice", ok: true}
	holder := map[string]string{} // slot id → household reference, from ActiveBooking
	booked := 0
	for _, t := range l.tenants {
		b, err := s.ActiveBooking(ctx, t.household.ID, now)
		switch {
		case errors.Is(err, intents.ErrNotFound):
			if t.booking != nil {
				c.fault("%s heard \"Booked.\" for %s (%s), but has no standing booking%s", t.name, t.booking.slotID, t.booking.when, t.toldInstead("cancel"))
			}
			continue
		case err != nil:
			c.fault("active booking of %s: %v", t.name, err)
			return c
		}
		booked++
		if t.booking == nil {
			c.fault("%s has a standing booking of %s it was never told of%s", t.name, b.Slot.ID, t.toldInstead("book"))
		} else if b.Slot.ID != t.booking.slotID {
			c.fault("%s heard it was booked for %s; the store has %s", t.name, t.booking.slotID, b.Slot.ID)
		}
		if other, ok := holder[b.Slot.ID]; ok {
			c.fault("slot %s is held by both %s and %s", b.Slot.ID, other, t.name)
		}
		holder[b.Slot.ID] = t.name
	}
	c.detail = fmt.Sprintf("%d of %d households hold a visit, each as heard", booked, len(l.tenants))

	av, ok := s.(intents.Availability)
	if !ok {
		c.detail += "; slots checked through each household's ActiveBooking (the store has no ListSlots)"
		return c
	}
	// Every slot from an hour ago to past the seeded horizon.
	slots, err := av.ListSlots(ctx, now.Add(-time.Hour), now.AddDate(0, 0, seedDays+7))
	if err != nil {
		c.fault("listing slots: %v", err)
		return c
	}
	ours := map[string]*vtenant{}
	for _, t := range l.tenants {
		ours[t.household.ID] = t
	}
	listed := map[string]int{}
	byBooking := map[string]string{}
	held := 0
	heldBy := map[string][]string{} // our household reference → slots
	for _, sb := range slots {
		listed[sb.Slot.ID]++
		if listed[sb.Slot.ID] == 2 {
			c.fault("slot %s is listed more than once: held twice?", sb.Slot.ID)
		}
		if sb.Booking == nil {
			continue
		}
		held++
		if slot, dup := byBooking[sb.Booking.ID]; dup {
			c.fault("booking %s holds both %s and %s", sb.Booking.ID, slot, sb.Slot.ID)
		}
		byBooking[sb.Booking.ID] = sb.Slot.ID
		if t := ours[sb.Booking.HouseholdID]; t != nil {
			heldBy[t.name] = append(heldBy[t.name], sb.Slot.ID)
			if name, ok := holder[sb.Slot.ID]; !ok || name != t.name {
				c.fault("ListSlots says %s holds %s; ActiveBooking does not", t.name, sb.Slot.ID)
			}
		}
	}
	for name, ids := range heldBy {
		if len(ids) > 1 {
			c.fault("%s holds %d slots: %v", name, len(ids), ids)
		}
	}
	for slot, name := range holder {
		if !slices.Contains(heldBy[name], slot) {
			c.fault("ActiveBooking says %s holds %s; ListSlots does not", name, slot)
		}
	}
	c.detail += fmt.Sprintf("; ListSlots: %d slots, %d held, each by one booking", len(listed), held)
	return c
}

// writeSummary prints the run's figures and the books.
func writeSummary(w io.Writer, storeKind string, l *ledger, checks []check) {
	if storeKind == "" {
		storeKind = "sqlite"
	}
	secs := l.end.Sub(l.start).Seconds()
	conversations := 0
	for k, n := range l.stats {
		if strings.HasPrefix(k, "conversation ") {
			conversations += n
		}
	}
	ms := func(d time.Duration) string {
		return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + " ms"
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "store\t%s\n", storeKind)
	fmt.Fprintf(tw, "tenants\t%d\n", len(l.tenants))
	fmt.Fprintf(tw, "duration\t%.1f s\n", secs)
	fmt.Fprintf(tw, "conversations\t%d\n", conversations)
	fmt.Fprintf(tw, "requests\t%d\n", l.requests)
	fmt.Fprintf(tw, "requests/s\t%.0f\n", float64(l.requests)/secs)
	fmt.Fprintf(tw, "latency\tp50 %s, p90 %s, p99 %s, max %s (client side, loopback)\n",
		ms(percentile(l.latencies, 50)), ms(percentile(l.latencies, 90)), ms(percentile(l.latencies, 99)), ms(percentile(l.latencies, 100)))
	fmt.Fprintf(tw, "errors\t%d\n", l.errors)
	var events []string
	for _, k := range slices.Sorted(maps.Keys(l.stats)) {
		events = append(events, fmt.Sprintf("%s %d", k, l.stats[k]))
	}
	fmt.Fprintf(tw, "what happened\t%s\n", strings.Join(events, ", "))
	_ = tw.Flush()

	fmt.Fprintln(w, "\nThe books:")
	failed := 0
	for _, c := range checks {
		verdict := "PASS"
		if !c.ok {
			verdict = "FAIL"
			failed++
		}
		fmt.Fprintf(w, "  %s  %s: %s\n", verdict, c.name, c.detail)
		for _, f := range c.faults {
			fmt.Fprintf(w, "          %s\n", f)
		}
	}
	if failed == 0 {
		fmt.Fprintln(w, "\nThe books balance.")
	} else {
		fmt.Fprintf(w, "\nThe books do not balance: %d of %d checks failed.\n", failed, len(checks))
	}
}
