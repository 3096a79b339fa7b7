// The SAM CLI cannot run where the tests run, so this test holds
// template.yaml to what the code relies on: each function builds from its
// CodeUri with the flags Lambda needs, sets exactly the environment its code
// reads, is triggered the right way, may touch only its own tables, secret
// and queue; the tables have the adapter's keys, indexes and TTL attribute,
// and keep their data when the stack goes, as do the usage spill queues.
package functions_test

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"debug/elf"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/awslabs/goformation/v7"
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/cloudwatch"
	cfndynamodb "github.com/awslabs/goformation/v7/cloudformation/dynamodb"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/cloudformation/serverless"
	"github.com/awslabs/goformation/v7/cloudformation/sqs"
	"github.com/awslabs/goformation/v7/intrinsics"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/functions/internal/notifier"
	"github.com/homehelper/homehelper/functions/staff/staffenv"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/intents"
)

const templatePath = "../template.yaml"

// alexaTimeout is how long Alexa waits for a skill's answer, in seconds.
const alexaTimeout = 8

// functionSpec is what the code expects of one function in the template.
type functionSpec struct {
	id  string // logical id; SAM's makefile build runs `make build-<id>`
	pkg string // the main package its bootstrap must be built from
	// read is the code's own reading of its environment.
	read func(getenv func(string) string) error
	// env is every variable the template must set, and what to.
	env map[string]string
	// event is the type of the function's one event; "" for none (the
	// staff function is invoked through its HTTP API's integration).
	event string
	// policies are its SAM policy templates, and nothing else.
	policies []string
	// alarms are the AWS/Lambda metrics that must have an alarm.
	alarms []string
}

var specs = []functionSpec{
	{
		id:  "SkillFunction",
		pkg: "github.com/homehelper/homehelper/functions/skill",
		read: func(getenv func(string) string) error {
			_, err := lambdaenv.ReadSkill(getenv)
			return err
		},
		env: map[string]string{
			lambdaenv.SkillID:            "!Ref SkillId",
			lambdaenv.DataTable:          "!Ref DataTable",
			lambdaenv.UsageTable:         "!Ref UsageTable",
			lambdaenv.UsageRetentionDays: "!Ref UsageRetentionDays",
			lambdaenv.PseudonymSecretARN: "!Ref PseudonymKeySecret",
			lambdaenv.LandlordPhone:      "!Ref LandlordPhone",
			lambdaenv.EmergencyPhone:     "!Ref EmergencyPhone",
			lambdaenv.ReminderHour:       "!Ref ReminderHour",
			lambdaenv.UsageSpillQueueURL: "!Ref UsageSpillQueue", // a queue's Ref is its URL
		},
		event: "AlexaSkill",
		policies: []string{
			"AWSSecretsManagerGetSecretValuePolicy SecretArn=!Ref PseudonymKeySecret",
			"DynamoDBCrudPolicy TableName=!Ref DataTable",
			"DynamoDBCrudPolicy TableName=!Ref UsageTable",
			"SQSSendMessagePolicy QueueName=!GetAtt UsageSpillQueue.QueueName",
		},
		alarms: []string{"Duration", "Errors", "Throttles"},
	},
	{
		id:  "CoachSlotsFunction",
		pkg: "github.com/homehelper/homehelper/functions/coachslots",
		read: func(getenv func(string) string) error {
			_, err := lambdaenv.ReadCoachSlots(getenv)
			return err
		},
		env:      map[string]string{lambdaenv.DataTable: "!Ref DataTable"},
		event:    "Schedule",
		policies: []string{"DynamoDBWritePolicy TableName=!Ref DataTable"},
		alarms:   []string{"Errors"},
	},
	{
		id:  "UsageDrainFunction",
		pkg: "github.com/homehelper/homehelper/functions/usagedrain",
		read: func(getenv func(string) string) error {
			_, err := lambdaenv.ReadUsageDrain(getenv)
			return err
		},
		env: map[string]string{
			lambdaenv.UsageTable:         "!Ref UsageTable",
			lambdaenv.UsageRetentionDays: "!Ref UsageRetentionDays", // drained events expire like the rest
		},
		event: "SQS",
		// RecordUsage is one conditional PutItem (TestDrain checks it call
		// by call).
		policies: []string{"DynamoDBWritePolicy TableName=!Ref UsageTable"},
		alarms:   []string{"Errors"},
	},
	{
		id:  "UsageRollupFunction",
		pkg: "github.com/homehelper/homehelper/functions/usagerollup",
		read: func(getenv func(string) string) error {
			_, err := lambdaenv.ReadUsageDrain(getenv)
			return err
		},
		env: map[string]string{
			lambdaenv.UsageTable:         "!Ref UsageTable",
			lambdaenv.UsageRetentionDays: "!Ref UsageRetentionDays", // day rows expire with the events
		},
		event: "DynamoDB",
		// Reads the event, its speaker's events (by_speaker) and fold
		// state; transactions of updates and puts; the stream's failures
		// go to the DLQ.
		policies: []string{
			"DynamoDBCrudPolicy TableName=!Ref UsageTable",
			"SQSSendMessagePolicy QueueName=!GetAtt UsageRollupDeadLetterQueue.QueueName",
		},
		// IteratorAge: how far the staff figures lag the usage events.
		alarms: []string{"Errors", "IteratorAge"},
	},
	{
		id:  "NotifyFunction",
		pkg: "github.com/homehelper/homehelper/functions/notify",
		read: func(getenv func(string) string) error {
			_, err := notifier.Read(getenv)
			return err
		},
		env: map[string]string{
			lambdaenv.DataTable: "!Ref DataTable",
			notifier.TopicARN:   "!Ref HandoffTopic",
			notifier.SecretARN:  "!Ref HandoffSecret",
		},
		event: "DynamoDB",
		// Reads the repair and the household's Ref; writes the hand-off
		// state; publishes; signs; the stream's failures go to the DLQ.
		policies: []string{
			"AWSSecretsManagerGetSecretValuePolicy SecretArn=!Ref HandoffSecret",
			"DynamoDBReadPolicy TableName=!Ref DataTable",
			"DynamoDBWritePolicy TableName=!Ref DataTable",
			"SNSPublishMessagePolicy TopicName=!GetAtt HandoffTopic.TopicName",
			"SQSSendMessagePolicy QueueName=!GetAtt NotifyDeadLetterQueue.QueueName",
		},
		// IteratorAge: how long new repairs wait in the stream.
		alarms: []string{"Errors", "IteratorAge"},
	},
	{
		// The same notifier as NotifyFunction, so the same environment
		// and, less the stream's dead-letter queue, the same policies.
		id:  "HandoffSweepFunction",
		pkg: "github.com/homehelper/homehelper/functions/handoffsweep",
		read: func(getenv func(string) string) error {
			_, err := notifier.Read(getenv)
			return err
		},
		env: map[string]string{
			lambdaenv.DataTable: "!Ref DataTable",
			notifier.TopicARN:   "!Ref HandoffTopic",
			notifier.SecretARN:  "!Ref HandoffSecret",
		},
		event: "Schedule",
		policies: []string{
			"AWSSecretsManagerGetSecretValuePolicy SecretArn=!Ref HandoffSecret",
			"DynamoDBReadPolicy TableName=!Ref DataTable",
			"DynamoDBWritePolicy TableName=!Ref DataTable",
			"SNSPublishMessagePolicy TopicName=!GetAtt HandoffTopic.TopicName",
		},
		alarms: []string{"Errors"},
	},
	{
		id:  "StaffFunction",
		pkg: "github.com/homehelper/homehelper/functions/staff",
		read: func(getenv func(string) string) error {
			_, err := staffenv.Read(getenv)
			return err
		},
		env: map[string]string{
			lambdaenv.DataTable:           "!Ref DataTable",
			lambdaenv.UsageTable:          "!Ref UsageTable",
			lambdaenv.UsageRollupFunction: "!Ref UsageRollupFunction", // reports read the day rows it keeps
			lambdaenv.PseudonymSecretARN:  "!Ref PseudonymKeySecret",
			staffenv.CognitoDomain:        "!Sub ${StaffUserPoolDomain}.auth.${AWS::Region}.amazoncognito.com",
			staffenv.CognitoClientID:      "!Ref StaffUserPoolClient",
			staffenv.CognitoPoolID:        "!Ref StaffUserPool",
			lambdaenv.LandlordPhone:       "!Ref LandlordPhone",
			lambdaenv.EmergencyPhone:      "!Ref EmergencyPhone",
			lambdaenv.ExportBucket:        "!Ref ExportBucket",
			lambdaenv.ExportQueueURL:      "!Ref ExportQueue", // a queue's Ref is its URL
		},
		// Invoked by StaffApi's integration (TestTemplateStaffSite).
		event: "",
		// Staff change the data table; withdrawal blanks usage events.
		policies: []string{
			"AWSSecretsManagerGetSecretValuePolicy SecretArn=!Ref PseudonymKeySecret",
			"DynamoDBCrudPolicy TableName=!Ref DataTable",
			"DynamoDBReadPolicy TableName=!Ref UsageTable",
			"DynamoDBWritePolicy TableName=!Ref UsageTable",
			// Asks for downloads, finds them and signs links to them.
			"S3ReadPolicy BucketName=!Ref ExportBucket",
			"SQSSendMessagePolicy QueueName=!GetAtt ExportQueue.QueueName",
		},
		alarms: []string{"Errors"},
	},
	{
		id:  "ExportFunction",
		pkg: "github.com/homehelper/homehelper/functions/export",
		read: func(getenv func(string) string) error {
			_, err := lambdaenv.ReadExport(getenv)
			return err
		},
		env: map[string]string{
			lambdaenv.UsageTable:   "!Ref UsageTable",
			lambdaenv.ExportBucket: "!Ref ExportBucket",
		},
		event: "SQS",
		// Reads the period's events; writes the download in parts.
		policies: []string{
			"DynamoDBReadPolicy TableName=!Ref UsageTable",
			"S3WritePolicy BucketName=!Ref ExportBucket",
		},
		alarms: []string{"Errors"},
	},
}

// spec returns the spec of the function with logical id id.
func spec(t *testing.T, id string) functionSpec {
	t.Helper()
	for _, s := range specs {
		if s.id == id {
			return s
		}
	}
	t.Fatalf("no spec for %s", id)
	return functionSpec{}
}

// openTemplate parses template.yaml keeping references visible: by default
// goformation resolves !Ref to a resource as "" and !GetAtt as null, which
// would let any reference pass. Here they become "!Ref Name",
// "!GetAtt Name.Attr" and "!Sub text", as written. goformation does not
// merge Globals into functions, so mergedTemplate does that first.
func openTemplate(t *testing.T) *cloudformation.Template {
	t.Helper()
	js, err := json.Marshal(rawTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := goformation.ParseJSONWithOptions(js, processorOptions)
	if err != nil {
		t.Fatalf("parsing %s: %v", templatePath, err)
	}
	return tmpl
}

// mergeGlobals gives every AWS::Serverless::Function the Globals.Function
// properties as SAM does: a property the function sets wins, maps (such as
// Environment.Variables and Tags) are merged key by key, lists are the
// globals' followed by the function's. Globals is then removed.
func mergeGlobals(t *testing.T, m map[string]any) {
	t.Helper()
	globals, _ := m["Globals"].(map[string]any)
	delete(m, "Globals")
	fnGlobals, _ := globals["Function"].(map[string]any)
	for name := range globals {
		if name != "Function" {
			t.Errorf("Globals.%s: only Globals.Function is merged by this test", name)
		}
	}
	res, _ := m["Resources"].(map[string]any)
	for _, r := range res {
		r, _ := r.(map[string]any)
		if r["Type"] != "AWS::Serverless::Function" {
			continue
		}
		props, _ := r["Properties"].(map[string]any)
		if props == nil {
			props = map[string]any{}
			r["Properties"] = props
		}
		for k, g := range fnGlobals {
			props[k] = mergeGlobal(g, props[k])
		}
	}
}

func mergeGlobal(global, local any) any {
	switch g := global.(type) {
	case map[string]any:
		l, ok := local.(map[string]any)
		if !ok {
			if local != nil {
				return local
			}
			return g
		}
		out := maps.Clone(l)
		for k, v := range g {
			out[k] = mergeGlobal(v, l[k])
		}
		return out
	case []any:
		l, _ := local.([]any)
		return append(slices.Clone(g), l...)
	}
	if local != nil {
		return local
	}
	return global
}

// processorOptions keep references visible (see openTemplate).
var processorOptions = &intrinsics.ProcessorOptions{
	IntrinsicHandlerOverrides: map[string]intrinsics.IntrinsicHandler{
		"Ref": func(_ string, in, _ interface{}) interface{} { return "!Ref " + fmt.Sprint(in) },
		"Fn::GetAtt": func(_ string, in, _ interface{}) interface{} {
			if parts, ok := in.([]interface{}); ok {
				s := make([]string, len(parts))
				for i, p := range parts {
					s[i] = fmt.Sprint(p)
				}
				return "!GetAtt " + strings.Join(s, ".")
			}
			return "!GetAtt " + fmt.Sprint(in)
		},
		"Fn::Sub": func(_ string, in, _ interface{}) interface{} { return "!Sub " + fmt.Sprint(in) },
	},
}

// rawTemplate is template.yaml as JSON, intrinsics shown as openTemplate
// shows them and Globals merged into the functions, for what goformation's
// types lose.
func rawTemplate(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	js, err := intrinsics.ProcessYAML(data, processorOptions)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	mergeGlobals(t, m)
	return m
}

// refTarget returns X for "!Ref X", failing the test for anything else.
func refTarget(t *testing.T, what, v string) string {
	t.Helper()
	name, ok := strings.CutPrefix(v, "!Ref ")
	if !ok {
		t.Fatalf("%s is %q, want a !Ref", what, v)
	}
	return name
}

// getAttTarget returns X for "!GetAtt X.attr", failing the test for
// anything else.
func getAttTarget(t *testing.T, what, v, attr string) string {
	t.Helper()
	name, ok := strings.CutPrefix(v, "!GetAtt ")
	if ok {
		name, ok = strings.CutSuffix(name, "."+attr)
	}
	if !ok {
		t.Fatalf("%s is %q, want !GetAtt X.%s", what, v, attr)
	}
	return name
}

// rawResource is one resource's Properties as written (see rawTemplate).
func rawResource(t *testing.T, name string) map[string]any {
	t.Helper()
	res, _ := rawTemplate(t)["Resources"].(map[string]any)
	r, ok := res[name].(map[string]any)
	if !ok {
		t.Fatalf("no resource %s", name)
	}
	props, _ := r["Properties"].(map[string]any)
	return props
}

// resourceType is the type of a resource, or "" if there is none by that name.
func resourceType(tmpl *cloudformation.Template, name string) string {
	r, ok := tmpl.Resources[name]
	if !ok {
		return ""
	}
	return r.AWSCloudFormationType()
}

func TestTemplateFunctions(t *testing.T) {
	tmpl := openTemplate(t)
	fns := tmpl.GetAllServerlessFunctionResources()
	var ids []string
	for _, s := range specs {
		ids = append(ids, s.id)
	}
	if got := slices.Sorted(maps.Keys(fns)); !reflect.DeepEqual(got, slices.Sorted(slices.Values(ids))) {
		t.Fatalf("template functions are %v, want %v (add the new one to specs)", got, ids)
	}
	for _, s := range specs {
		t.Run(s.id, func(t *testing.T) {
			fn := fns[s.id]
			checkRuntime(t, s, fn)
			checkEnvironment(t, tmpl, s, fn)
			checkEvents(t, tmpl, s, fn)
			checkPolicies(t, tmpl, s)
			checkLogsAndAlarms(t, tmpl, s)
		})
	}
}

func checkRuntime(t *testing.T, s functionSpec, fn *serverless.Function) {
	t.Helper()
	if got := aws.ToString(fn.Runtime); got != "provided.al2023" {
		t.Errorf("Runtime is %q, want provided.al2023", got)
	}
	if !reflect.DeepEqual(fn.Architectures, []string{"arm64"}) {
		t.Errorf("Architectures are %v, want [arm64] (the Makefile builds GOARCH=arm64)", fn.Architectures)
	}
	if got := aws.ToString(fn.Handler); got != "bootstrap" {
		t.Errorf("Handler is %q, want bootstrap", got)
	}
	if got := fn.AWSCloudFormationMetadata["BuildMethod"]; got != "makefile" {
		t.Errorf("Metadata.BuildMethod is %v, want makefile (SAM's go1.x build method takes no -tags)", got)
	}
	if fn.Timeout == nil {
		t.Errorf("no Timeout: Lambda's default of 3 s is too tight with a slow store")
	}
	if got := aws.ToString(fn.Tracing); got != "Active" {
		t.Errorf("Tracing is %q, want Active (X-Ray)", got)
	}
	if fn.Tags["project"] != "homehelper" || fn.Tags["stage"] != "!Ref Stage" {
		t.Errorf("Tags are %v, want project and stage (cost reports, teardown)", fn.Tags)
	}
	if s.event == "AlexaSkill" {
		if fn.Timeout != nil && *fn.Timeout >= alexaTimeout {
			t.Errorf("Timeout is %d s; Alexa gives up at %d s, so the function must finish first", *fn.Timeout, alexaTimeout)
		}
		if fn.MemorySize == nil || *fn.MemorySize != 128 {
			t.Errorf("MemorySize is %v, want 128 until measured otherwise (docs/performance.md)", fn.MemorySize)
		}
	}
	if fn.CodeUri == nil || fn.CodeUri.String == nil {
		t.Fatalf("CodeUri is not a local folder")
	}
	checkBuilds(t, s, filepath.Join(filepath.Dir(templatePath), *fn.CodeUri.String))
}

// checkBuilds runs the Makefile target SAM runs for the function, in its
// CodeUri, and checks the bootstrap it leaves: the right package, for
// Lambda's arm64 Linux, static, with -tags lambda.norpc.
func checkBuilds(t *testing.T, s functionSpec, codeURI string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(codeURI, "Makefile")); err != nil {
		t.Fatalf("CodeUri %s has no Makefile for SAM's makefile build: %v", codeURI, err)
	}
	target := "build-" + s.id
	if testing.Short() {
		out, err := exec.Command("make", "-n", "-C", codeURI, target, "ARTIFACTS_DIR=/tmp/x").CombinedOutput()
		if err != nil {
			t.Fatalf("make -n %s: %v\n%s", target, err, out)
		}
		return
	}
	dir := t.TempDir()
	cmd := exec.Command("make", "-C", codeURI, target, "ARTIFACTS_DIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make %s: %v\n%s", target, err, out)
	}
	bootstrap := filepath.Join(dir, "bootstrap")
	f, err := elf.Open(bootstrap)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	defer f.Close()
	if f.Machine != elf.EM_AARCH64 {
		t.Errorf("bootstrap is for %v, want EM_AARCH64", f.Machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("bootstrap is dynamically linked; provided.al2023 needs CGO_ENABLED=0")
		}
	}
	info, err := buildinfo.ReadFile(bootstrap)
	if err != nil {
		t.Fatalf("reading build info: %v", err)
	}
	if info.Path != s.pkg {
		t.Errorf("bootstrap is built from %s, want %s", info.Path, s.pkg)
	}
	settings := map[string]string{}
	for _, kv := range info.Settings {
		settings[kv.Key] = kv.Value
	}
	for k, want := range map[string]string{"GOOS": "linux", "GOARCH": "arm64", "CGO_ENABLED": "0", "-tags": "lambda.norpc", "-trimpath": "true"} {
		if settings[k] != want {
			t.Errorf("bootstrap built with %s=%q, want %q", k, settings[k], want)
		}
	}
}

// checkEnvironment: the template sets exactly what the code reads (less
// what must only ever be set locally), each to the reference expected.
func checkEnvironment(t *testing.T, tmpl *cloudformation.Template, s functionSpec, fn *serverless.Function) {
	t.Helper()
	var set map[string]string
	if fn.Environment != nil {
		set = fn.Environment.Variables
	}
	reads := envReads(s.read)
	var want []string
	for _, name := range reads {
		if !slices.Contains(lambdaenv.LocalOnly, name) {
			want = append(want, name)
		}
	}
	if got := slices.Sorted(maps.Keys(set)); !reflect.DeepEqual(got, want) {
		t.Errorf("template sets %v; the code reads %v (of which %v only locally)", got, reads, lambdaenv.LocalOnly)
	}
	if got := slices.Sorted(maps.Keys(s.env)); !reflect.DeepEqual(got, want) {
		t.Errorf("this test expects %v; the code reads %v: update specs", got, want)
	}
	for name, wantValue := range s.env {
		if set[name] != wantValue {
			t.Errorf("%s is %q, want %q", name, set[name], wantValue)
		}
		var targets []string
		if sub, ok := strings.CutPrefix(wantValue, "!Sub "); ok {
			// A !Sub's ${X} must each be one of this template's, or AWS's
			// own (${AWS::Region}).
			for _, part := range strings.Split(sub, "${")[1:] {
				ref, _, _ := strings.Cut(part, "}")
				if !strings.HasPrefix(ref, "AWS::") {
					targets = append(targets, ref)
				}
			}
		} else {
			targets = []string{refTarget(t, name, wantValue)}
		}
		for _, target := range targets {
			if _, isParam := tmpl.Parameters[target]; !isParam && resourceType(tmpl, target) == "" {
				t.Errorf("%s refers to %s, which is neither a parameter nor a resource", name, target)
			}
		}
	}
	for _, name := range lambdaenv.LocalOnly {
		if _, ok := set[name]; ok {
			t.Errorf("template sets %s, which is for local runs only", name)
		}
	}
}

// envReads returns every variable read calls getenv for, under an empty
// environment and under a complete one, so a variable read only when
// another is set still shows.
func envReads(read func(func(string) string) error) []string {
	full := map[string]string{
		lambdaenv.SkillID:            "amzn1.ask.skill.00000000-0000-0000-0000-000000000000",
		lambdaenv.DataTable:          "data",
		lambdaenv.UsageTable:         "usage",
		lambdaenv.UsageRetentionDays: "400",
		lambdaenv.PseudonymSecretARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:k",
		lambdaenv.PseudonymKey:       strings.Repeat("A", 44),
		lambdaenv.LandlordPhone:      "0808 157 0000",
		lambdaenv.EmergencyPhone:     "0808 157 0999",
		lambdaenv.ReminderHour:       "18",
		lambdaenv.UsageSpillQueueURL: "https://sqs.eu-west-1.amazonaws.com/123456789012/usage-spill",
	}
	seen := map[string]bool{}
	for _, env := range []map[string]string{{}, full} {
		_ = read(func(k string) string { seen[k] = true; return env[k] })
	}
	return slices.Sorted(maps.Keys(seen))
}

func checkEvents(t *testing.T, tmpl *cloudformation.Template, s functionSpec, fn *serverless.Function) {
	t.Helper()
	if s.event == "" {
		if len(fn.Events) != 0 {
			t.Errorf("function has %d events, want none", len(fn.Events))
		}
		return
	}
	if len(fn.Events) != 1 {
		t.Fatalf("function has %d events, want one %s", len(fn.Events), s.event)
	}
	for name, ev := range fn.Events {
		// goformation accepts any type name, so check it here.
		if ev.Type != s.event {
			t.Errorf("event %s is %q, want %q", name, ev.Type, s.event)
		}
		switch s.event {
		case "AlexaSkill":
			if ev.Properties == nil || ev.Properties.AlexaSkillEvent == nil {
				t.Fatalf("AlexaSkill event %s has no SkillId", name)
			}
			// The trigger's skill id and the code's check must be the same.
			got := aws.ToString(ev.Properties.AlexaSkillEvent.SkillId)
			if want := s.env[lambdaenv.SkillID]; got != want {
				t.Errorf("AlexaSkill event's SkillId is %q, want %q, as %s", got, want, lambdaenv.SkillID)
			}
			if p, ok := tmpl.Parameters[refTarget(t, "SkillId", got)]; !ok || p.Default != nil {
				t.Errorf("the skill id must be a parameter without a default, so no deploy answers a skill by accident")
			}
		case "Schedule":
			if ev.Properties == nil || ev.Properties.ScheduleEvent == nil || ev.Properties.ScheduleEvent.Schedule == "" {
				t.Errorf("Schedule event %s has no schedule", name)
			}
		case "SQS":
			checkSQSEvent(t, tmpl, s, fn, name)
		case "DynamoDB":
			checkStreamEvent(t, tmpl, s, name)
		}
	}
}

// checkSQSEvent: the function is triggered by a queue of this template,
// reports failed messages one by one (the code returns batch item
// failures, which Lambda ignores unless told to read them, retrying the
// whole batch instead), in small batches, and the queue lets a message
// stay hidden for as long as the function may take.
func checkSQSEvent(t *testing.T, tmpl *cloudformation.Template, s functionSpec, fn *serverless.Function, name string) {
	t.Helper()
	// goformation's SQS event type lacks FunctionResponseTypes and
	// ScalingConfig: read the event as written.
	fnProps := rawResource(t, s.id)
	evs, _ := fnProps["Events"].(map[string]any)
	ev, _ := evs[name].(map[string]any)
	props, _ := ev["Properties"].(map[string]any)
	queueRef, _ := props["Queue"].(string)
	queueName := getAttTarget(t, "SQS event's Queue", queueRef, "Arn")
	q, err := tmpl.GetSQSQueueWithName(queueName)
	if err != nil {
		t.Fatalf("SQS event's queue: %v", err)
	}
	if got := fmt.Sprint(props["FunctionResponseTypes"]); got != "[ReportBatchItemFailures]" {
		t.Errorf("FunctionResponseTypes is %s, want [ReportBatchItemFailures]: the function reports failed messages, not errors", got)
	}
	if n, _ := props["BatchSize"].(float64); n < 1 || n > 10 {
		t.Errorf("BatchSize is %v, want a small batch, 1 to 10", props["BatchSize"])
	}
	scaling, _ := props["ScalingConfig"].(map[string]any)
	if n, _ := scaling["MaximumConcurrency"].(float64); n < 2 {
		t.Errorf("ScalingConfig.MaximumConcurrency is %v: without it a backlog could take the skill's concurrency (2 is the least Lambda accepts)", scaling["MaximumConcurrency"])
	}
	switch {
	case q.VisibilityTimeout == nil:
		t.Errorf("%s sets no VisibilityTimeout; set it, at least the function's timeout", queueName)
	case fn.Timeout != nil && *q.VisibilityTimeout < *fn.Timeout:
		t.Errorf("%s's VisibilityTimeout is %d s, under the function's %d s timeout: Lambda refuses the event source", queueName, *q.VisibilityTimeout, *fn.Timeout)
	}
}

// checkStreamEvent: the function reads the data table's stream, which
// carries new images; only INSERTs of repair and booking items and MODIFYs
// of booking items with cancelled_at pass the filters (so recording a
// repair's hand-off, a MODIFY, does not trigger it again), and the code
// reads each of those for what it is; failed
// records are reported one by one, retried with bisection a bounded number
// of times, then sent to a dead-letter queue of this template that is
// alarmed on.
func checkStreamEvent(t *testing.T, tmpl *cloudformation.Template, s functionSpec, name string) {
	t.Helper()
	evs, _ := rawResource(t, s.id)["Events"].(map[string]any)
	ev, _ := evs[name].(map[string]any)
	props, _ := ev["Properties"].(map[string]any)
	stream, _ := props["Stream"].(string)
	// The rollup function reads the usage table's stream, and each event
	// itself; the hand-off reads the data table's new images.
	wantTable, wantView := "DataTable", "NEW_IMAGE"
	if s.id == "UsageRollupFunction" {
		wantTable, wantView = "UsageTable", "KEYS_ONLY"
	}
	if table := getAttTarget(t, "DynamoDB event's Stream", stream, "StreamArn"); table != wantTable {
		t.Errorf("stream of %s, want %s's", table, wantTable)
	}
	tb, err := tmpl.GetDynamoDBTableWithName(wantTable)
	if err != nil {
		t.Fatal(err)
	}
	if tb.StreamSpecification == nil || tb.StreamSpecification.StreamViewType != wantView {
		t.Errorf("%s's StreamSpecification is %+v, want StreamViewType %s", wantTable, tb.StreamSpecification, wantView)
	}
	for k, want := range map[string]string{
		"StartingPosition": "TRIM_HORIZON", "BatchSize": "10", "MaximumRetryAttempts": "8",
		"BisectBatchOnFunctionError": "true", "FunctionResponseTypes": "[ReportBatchItemFailures]",
	} {
		if got := fmt.Sprint(props[k]); got != want {
			t.Errorf("%s is %s, want %s", k, got, want)
		}
	}
	dest, _ := props["DestinationConfig"].(map[string]any)
	onFailure, _ := dest["OnFailure"].(map[string]any)
	dlqRef, _ := onFailure["Destination"].(string)
	dlq := getAttTarget(t, "OnFailure destination", dlqRef, "Arn")
	if onFailure["Type"] != "SQS" || resourceType(tmpl, dlq) != "AWS::SQS::Queue" {
		t.Errorf("OnFailure is %v, want an SQS queue of this template", onFailure)
	}
	if r := rawTemplate(t)["Resources"].(map[string]any)[dlq].(map[string]any); r["DeletionPolicy"] != "Retain" {
		t.Errorf("%s's DeletionPolicy is %v, want Retain", dlq, r["DeletionPolicy"])
	}
	alarmed := false
	for an, a := range tmpl.GetAllCloudWatchAlarmResources() {
		if aws.ToString(a.Namespace) == "AWS/SQS" && aws.ToString(a.MetricName) == "ApproximateNumberOfMessagesVisible" &&
			len(a.Dimensions) == 1 && a.Dimensions[0].Value == "!GetAtt "+dlq+".QueueName" {
			alarmed = true
			checkNotifies(t, tmpl, an, a)
			if a.Threshold == nil || *a.Threshold > 1 {
				t.Errorf("alarm %s's threshold is %v, want any message (1)", an, a.Threshold)
			}
		}
	}
	if !alarmed {
		t.Errorf("no alarm on a message in %s", dlq)
	}
	fc, _ := props["FilterCriteria"].(map[string]any)
	filters, _ := fc["Filters"].([]any)
	if s.id == "UsageRollupFunction" {
		checkUsageStreamFilter(t, filters)
		return
	}
	// Each pattern as the code reads the record it passes: the event, the
	// pk's prefix, and whether cancelled_at must exist.
	type passes struct {
		event, prefix string
		cancelled     bool
	}
	var got []passes
	for _, f := range filters {
		pattern, _ := f.(map[string]any)["Pattern"].(string)
		var p struct {
			EventName []string `json:"eventName"`
			DynamoDB  struct {
				NewImage map[string]map[string][]map[string]any `json:"NewImage"`
			} `json:"dynamodb"`
		}
		dec := json.NewDecoder(strings.NewReader(pattern))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("filter pattern %q: %v", pattern, err)
		}
		pk := p.DynamoDB.NewImage["pk"]["S"]
		if len(p.EventName) != 1 || len(pk) != 1 || len(pk[0]) != 1 {
			t.Errorf("filter %s: want one event and one pk prefix", pattern)
			continue
		}
		prefix, _ := pk[0]["prefix"].(string)
		ps := passes{event: p.EventName[0], prefix: prefix}
		for attr, v := range p.DynamoDB.NewImage {
			switch {
			case attr == "pk":
			case attr == "cancelled_at" && reflect.DeepEqual(v, map[string][]map[string]any{"N": {{"exists": true}}}):
				ps.cancelled = true
			default:
				t.Errorf("filter %s: unexpected condition on %s: %v", pattern, attr, v)
			}
		}
		got = append(got, ps)
	}
	want := []passes{
		{"INSERT", dynamo.RepairPrefix, false},  // a repair saved
		{"INSERT", dynamo.BookingPrefix, false}, // a visit booked
		{"MODIFY", dynamo.BookingPrefix, true},  // a visit cancelled
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stream filters pass %+v, want %+v", got, want)
	}
	// What they pass, the code takes for what it is.
	for _, w := range want {
		rec := events.DynamoDBEventRecord{EventName: w.event, Change: events.DynamoDBStreamRecord{NewImage: map[string]events.DynamoDBAttributeValue{
			"pk": events.NewStringAttribute(w.prefix + "X1"), "ref": events.NewStringAttribute("X1"), "booking_id": events.NewStringAttribute("X1"),
			"household_id": events.NewStringAttribute("hh"), "slot_id": events.NewStringAttribute("sl"), "reported_at": events.NewNumberAttribute("1"),
		}}}
		if w.cancelled {
			rec.Change.NewImage["cancelled_at"] = events.NewNumberAttribute("2")
		}
		sub, err := dynamo.StreamHandOffOf(rec)
		if err != nil || (sub.RepairRef == "") == (w.prefix == dynamo.RepairPrefix) || sub.Cancelled != w.cancelled {
			t.Errorf("a record the filter %+v passes is read as %+v, %v", w, sub, err)
		}
	}
}

// checkUsageStreamFilter: the rollup function's filter passes INSERTs of
// usage events only, and UsageKeyOf takes what it passes for an event
// and what it refuses (a day row, a mark) for none.
func checkUsageStreamFilter(t *testing.T, filters []any) {
	t.Helper()
	if len(filters) != 1 {
		t.Fatalf("usage stream filters %v, want one", filters)
	}
	pattern, _ := filters[0].(map[string]any)["Pattern"].(string)
	var p struct {
		EventName []string `json:"eventName"`
		DynamoDB  struct {
			Keys map[string]map[string][]map[string]any `json:"Keys"`
		} `json:"dynamodb"`
	}
	dec := json.NewDecoder(strings.NewReader(pattern))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("filter pattern %q: %v", pattern, err)
	}
	pk := p.DynamoDB.Keys["pk"]["S"]
	if !reflect.DeepEqual(p.EventName, []string{"INSERT"}) || len(p.DynamoDB.Keys) != 1 || len(pk) != 1 {
		t.Fatalf("filter %s: want INSERTs with one pk prefix", pattern)
	}
	prefix, _ := pk[0]["prefix"].(string)
	rec := func(event, pk string) events.DynamoDBEventRecord {
		return events.DynamoDBEventRecord{EventName: event, Change: events.DynamoDBStreamRecord{Keys: map[string]events.DynamoDBAttributeValue{
			"pk": events.NewStringAttribute(pk), "sk": events.NewStringAttribute("1764547200000#req"),
		}}}
	}
	if _, ok := dynamo.UsageKeyOf(rec("INSERT", prefix+"2026-12-01#03")); !ok {
		t.Errorf("an event the filter passes (pk prefix %q) is not read as one", prefix)
	}
	if _, ok := dynamo.UsageKeyOf(rec("MODIFY", prefix+"2026-12-01#03")); ok {
		t.Errorf("a MODIFY (the rollup's own mark, an erasure) is read as a new event")
	}
	if _, ok := dynamo.UsageKeyOf(rec("INSERT", "rollup#2026-12")); ok {
		t.Errorf("a day row is read as an event")
	}
}

// checkPolicies: only the SAM policy templates expected, each scoped to one
// table or secret of this template; no inline statements, no managed policies.
func checkPolicies(t *testing.T, tmpl *cloudformation.Template, s functionSpec) {
	t.Helper()
	// goformation's union type for Policies is lossy (a managed policy's
	// name in a list of templates comes back as {}), so read the policies
	// from the template as written: a list of one-key objects, each a SAM
	// policy template and its string arguments. A managed policy name or an
	// inline statement does not fit that shape.
	raw := rawTemplate(t)
	res, _ := raw["Resources"].(map[string]any)
	r, _ := res[s.id].(map[string]any)
	props, _ := r["Properties"].(map[string]any)
	b, err := json.Marshal(props["Policies"])
	if err != nil {
		t.Fatal(err)
	}
	var templates []map[string]map[string]string
	if err := json.Unmarshal(b, &templates); err != nil {
		t.Fatalf("Policies must be SAM policy templates only, got %s: %v", b, err)
	}
	for _, m := range templates {
		if len(m) != 1 {
			t.Errorf("policy %v is not one SAM policy template", m)
		}
	}
	var got []string
	for _, m := range templates {
		for name, args := range m {
			for k, v := range args {
				got = append(got, name+" "+k+"="+v)
				want := map[string]string{"TableName": "AWS::DynamoDB::Table", "SecretArn": "AWS::SecretsManager::Secret", "QueueName": "AWS::SQS::Queue", "TopicName": "AWS::SNS::Topic", "BucketName": "AWS::S3::Bucket"}[k]
				var target string
				if k == "QueueName" || k == "TopicName" {
					// SAM's SQS and SNS templates take the name, not the
					// URL or ARN.
					target = getAttTarget(t, name, v, k)
				} else {
					target = refTarget(t, name, v)
				}
				if typ := resourceType(tmpl, target); typ != want {
					t.Errorf("%s is scoped to %s, a %q; want one of this template's %s", name, v, typ, want)
				}
			}
		}
	}
	sort.Strings(got)
	if !reflect.DeepEqual(got, s.policies) {
		t.Errorf("policies are\n%v\nwant\n%v", got, s.policies)
	}
}

func checkLogsAndAlarms(t *testing.T, tmpl *cloudformation.Template, s functionSpec) {
	t.Helper()
	wantGroup := "!Sub /aws/lambda/${" + s.id + "}"
	found := false
	for _, g := range tmpl.GetAllLogsLogGroupResources() {
		if aws.ToString(g.LogGroupName) == wantGroup {
			found = true
			if g.RetentionInDays == nil {
				t.Errorf("log group %s keeps logs for ever; set RetentionInDays", wantGroup)
			}
		}
	}
	if !found {
		t.Errorf("no log group %s: Lambda would make one that keeps logs for ever", wantGroup)
	}
	checkErrorLogAlarm(t, tmpl, s.id+"LogGroup")
	for _, metric := range s.alarms {
		found := false
		for name, a := range tmpl.GetAllCloudWatchAlarmResources() {
			if aws.ToString(a.Namespace) != "AWS/Lambda" || aws.ToString(a.MetricName) != metric {
				continue
			}
			if len(a.Dimensions) != 1 || a.Dimensions[0].Name != "FunctionName" || a.Dimensions[0].Value != "!Ref "+s.id {
				continue
			}
			found = true
			checkNotifies(t, tmpl, name, a)
			if metric == "Duration" {
				// One cold start must not page anyone: a percentile over
				// several periods in a row.
				if aws.ToString(a.ExtendedStatistic) != "p99" || a.EvaluationPeriods < 3 || aws.ToInt(a.DatapointsToAlarm) < 3 {
					t.Errorf("duration alarm %s is %s%s over %d of %d periods, want p99 over 3 or more in a row",
						name, aws.ToString(a.Statistic), aws.ToString(a.ExtendedStatistic), aws.ToInt(a.DatapointsToAlarm), a.EvaluationPeriods)
				}
			}
		}
		if !found {
			t.Errorf("no alarm on %s's %s", s.id, metric)
		}
	}
}

// checkNotifies: the alarm tells the template's alarm topic.
func checkNotifies(t *testing.T, tmpl *cloudformation.Template, name string, a *cloudwatch.Alarm) {
	t.Helper()
	if !slices.Contains(a.AlarmActions, "!Ref AlarmTopic") || resourceType(tmpl, "AlarmTopic") != "AWS::SNS::Topic" {
		t.Errorf("alarm %s notifies %v, not the alarm topic", name, a.AlarmActions)
	}
}

// checkErrorLogAlarm: the functions turn many faults into a logged ERROR
// and a successful invocation (the skill's apology, a hand-off that needs a
// person); the template counts ERROR log lines in the function's log group
// and alarms on any. The filter must match what slog's JSON handler writes.
func checkErrorLogAlarm(t *testing.T, tmpl *cloudformation.Template, logGroup string) {
	t.Helper()
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).ErrorContext(context.Background(), "x")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	if line["level"] != "ERROR" {
		t.Fatalf("slog writes level %v; the filter below expects ERROR", line["level"])
	}
	const pattern = `{ $.level = "ERROR" }`
	var metric, namespace string
	for _, f := range tmpl.GetAllLogsMetricFilterResources() {
		if f.LogGroupName == "!Ref "+logGroup && f.FilterPattern == pattern && len(f.MetricTransformations) == 1 {
			metric, namespace = f.MetricTransformations[0].MetricName, f.MetricTransformations[0].MetricNamespace
		}
	}
	if metric == "" {
		t.Errorf("no metric filter %s on %s", pattern, logGroup)
		return
	}
	for name, a := range tmpl.GetAllCloudWatchAlarmResources() {
		if aws.ToString(a.MetricName) == metric && aws.ToString(a.Namespace) == namespace {
			checkNotifies(t, tmpl, name, a)
			if aws.ToFloat64(a.Threshold) > 1 {
				t.Errorf("alarm %s fires at %v ERROR lines, want any", name, aws.ToFloat64(a.Threshold))
			}
			return
		}
	}
	t.Errorf("no alarm on %s/%s", namespace, metric)
}

// design is a table's keys and indexes, comparable whichever side it came from.
type design struct {
	Keys    string
	Attrs   []string
	Indexes []string
	Billing string
}

func designOfDefinition(d *dynamodb.CreateTableInput) design {
	keys := func(ks []dynamodbKey) string {
		var s []string
		for _, k := range ks {
			s = append(s, k.name+" "+k.typ)
		}
		return strings.Join(s, ", ")
	}
	var out design
	var ks []dynamodbKey
	for _, k := range d.KeySchema {
		ks = append(ks, dynamodbKey{aws.ToString(k.AttributeName), string(k.KeyType)})
	}
	out.Keys = keys(ks)
	for _, a := range d.AttributeDefinitions {
		out.Attrs = append(out.Attrs, aws.ToString(a.AttributeName)+" "+string(a.AttributeType))
	}
	for _, g := range d.GlobalSecondaryIndexes {
		var gk []dynamodbKey
		for _, k := range g.KeySchema {
			gk = append(gk, dynamodbKey{aws.ToString(k.AttributeName), string(k.KeyType)})
		}
		out.Indexes = append(out.Indexes, fmt.Sprintf("global %s (%s) %s %v", aws.ToString(g.IndexName), keys(gk), g.Projection.ProjectionType, g.Projection.NonKeyAttributes))
	}
	for _, l := range d.LocalSecondaryIndexes {
		var lk []dynamodbKey
		for _, k := range l.KeySchema {
			lk = append(lk, dynamodbKey{aws.ToString(k.AttributeName), string(k.KeyType)})
		}
		out.Indexes = append(out.Indexes, fmt.Sprintf("local %s (%s) %s %v", aws.ToString(l.IndexName), keys(lk), l.Projection.ProjectionType, l.Projection.NonKeyAttributes))
	}
	out.Billing = string(d.BillingMode)
	sort.Strings(out.Attrs)
	sort.Strings(out.Indexes)
	return out
}

func designOfTemplate(tb *cfndynamodb.Table) design {
	keys := func(ks []cfndynamodb.Table_KeySchema) string {
		var s []string
		for _, k := range ks {
			s = append(s, k.AttributeName+" "+k.KeyType)
		}
		return strings.Join(s, ", ")
	}
	proj := func(p *cfndynamodb.Table_Projection) string {
		if p == nil {
			return "<none> []"
		}
		return fmt.Sprintf("%s %v", aws.ToString(p.ProjectionType), p.NonKeyAttributes)
	}
	var out design
	out.Keys = keys(tb.KeySchema)
	for _, a := range tb.AttributeDefinitions {
		out.Attrs = append(out.Attrs, a.AttributeName+" "+a.AttributeType)
	}
	for _, g := range tb.GlobalSecondaryIndexes {
		out.Indexes = append(out.Indexes, fmt.Sprintf("global %s (%s) %s", g.IndexName, keys(g.KeySchema), proj(g.Projection)))
	}
	for _, l := range tb.LocalSecondaryIndexes {
		out.Indexes = append(out.Indexes, fmt.Sprintf("local %s (%s) %s", l.IndexName, keys(l.KeySchema), proj(l.Projection)))
	}
	out.Billing = aws.ToString(tb.BillingMode)
	sort.Strings(out.Attrs)
	sort.Strings(out.Indexes)
	return out
}

type dynamodbKey struct{ name, typ string }

// TestTemplateTables: the tables the skill is pointed at have the
// adapter's design exactly, TTL on the attribute it writes, and keep their
// data: on-demand, point-in-time recovery, encryption, retained on delete.
func TestTemplateTables(t *testing.T) {
	tmpl := openTemplate(t)
	skill := specs[0]
	names := dynamo.Tables{
		Data:  refTarget(t, "data table", skill.env[lambdaenv.DataTable]),
		Usage: refTarget(t, "usage table", skill.env[lambdaenv.UsageTable]),
	}
	tables := tmpl.GetAllDynamoDBTableResources()
	if got, want := slices.Sorted(maps.Keys(tables)), slices.Sorted(slices.Values([]string{names.Data, names.Usage})); !reflect.DeepEqual(got, want) {
		t.Errorf("template tables are %v, want %v", got, want)
	}
	for _, def := range dynamo.Definitions(names) {
		name := aws.ToString(def.TableName)
		t.Run(name, func(t *testing.T) {
			tb, ok := tables[name]
			if !ok {
				t.Fatalf("no table %s", name)
			}
			if got, want := designOfTemplate(tb), designOfDefinition(def); !reflect.DeepEqual(got, want) {
				t.Errorf("table differs from infra/dynamo.Definitions:\n got %+v\nwant %+v", got, want)
			}
			if aws.ToString(tb.BillingMode) != "PAY_PER_REQUEST" {
				t.Errorf("BillingMode is %q, want PAY_PER_REQUEST", aws.ToString(tb.BillingMode))
			}
			if tb.PointInTimeRecoverySpecification == nil || !aws.ToBool(tb.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled) {
				t.Errorf("point-in-time recovery is off")
			}
			if tb.SSESpecification == nil || !tb.SSESpecification.SSEEnabled {
				t.Errorf("SSESpecification.SSEEnabled is off")
			}
			if tb.AWSCloudFormationDeletionPolicy != policies.DeletionPolicy("Retain") || tb.AWSCloudFormationUpdateReplacePolicy != policies.UpdateReplacePolicy("Retain") {
				t.Errorf("DeletionPolicy %q, UpdateReplacePolicy %q: want Retain for both, so deleting or replacing the stack keeps the pilot's data",
					tb.AWSCloudFormationDeletionPolicy, tb.AWSCloudFormationUpdateReplacePolicy)
			}
			ttl := tb.TimeToLiveSpecification
			// Both: usage events expire, and so does a repair kept after
			// its household's erasure that never goes (dynamo.KeptFor).
			if ttl == nil || !ttl.Enabled || aws.ToString(ttl.AttributeName) != dynamo.TTLAttribute {
				t.Errorf("TTL is %+v, want enabled on %q, the attribute the adapter writes", ttl, dynamo.TTLAttribute)
			}
		})
	}
}

// TestTemplateSecret: the generated secret is a key intents can read, and
// survives the stack.
func TestTemplateSecret(t *testing.T) {
	tmpl := openTemplate(t)
	name := refTarget(t, "secret", specs[0].env[lambdaenv.PseudonymSecretARN])
	sec, err := tmpl.GetSecretsManagerSecretWithName(name)
	if err != nil {
		t.Fatal(err)
	}
	if sec.AWSCloudFormationDeletionPolicy != "Retain" || sec.AWSCloudFormationUpdateReplacePolicy != "Retain" {
		t.Errorf("the key must be retained: a new key gives every household a new pseudonym")
	}
	g := sec.GenerateSecretString
	if g == nil {
		t.Fatalf("the secret is not generated")
	}
	if g.SecretStringTemplate != nil || g.GenerateStringKey != nil {
		t.Errorf("the secret would be JSON; the code reads the whole string as the key")
	}
	// Without punctuation or spaces, every character is one of base64's
	// letters and digits, so any generated string decodes if its length
	// does; try the length with the one character CloudFormation might use
	// most.
	if !aws.ToBool(g.ExcludePunctuation) || aws.ToBool(g.IncludeSpace) {
		t.Errorf("the generated string may hold punctuation or spaces, which are not base64")
	}
	n := aws.ToInt(g.PasswordLength)
	if _, err := intents.DecodePseudonymKey(strings.Repeat("A", n)); err != nil {
		t.Errorf("a %d-character generated secret is not a key: %v", n, err)
	}
}

func TestTemplateOutputs(t *testing.T) {
	tmpl := openTemplate(t)
	out, ok := tmpl.Outputs["SkillFunctionArn"]
	if !ok {
		t.Fatalf("no SkillFunctionArn output: skill.json's endpoint needs it")
	}
	// The alias a deployment moves, not the function: the bare ARN
	// would run $LATEST, skipping the canary.
	if out.Value != "!Ref SkillFunction.Alias" {
		t.Errorf("SkillFunctionArn is %v, want !Ref SkillFunction.Alias", out.Value)
	}
}

// TestTemplateUsageSpill: the queue the skill spills to (its environment
// and its send policy) is the one the drain is triggered by; the queue and
// its dead-letter queue are encrypted, keep messages as long as SQS
// allows, and survive the stack; a message the drain keeps failing on
// ends in the dead-letter queue, not deleted; and both queues are alarmed
// on, to the alarm topic.
func TestTemplateUsageSpill(t *testing.T) {
	tmpl := openTemplate(t)
	skill, drain := spec(t, "SkillFunction"), spec(t, "UsageDrainFunction")
	queueName := refTarget(t, lambdaenv.UsageSpillQueueURL, skill.env[lambdaenv.UsageSpillQueueURL])
	if !slices.Contains(skill.policies, "SQSSendMessagePolicy QueueName=!GetAtt "+queueName+".QueueName") {
		t.Errorf("the skill may not send to %s, the queue it spills to", queueName)
	}
	// As written: goformation drops an SQS event with properties its
	// type lacks (see checkSQSEvent).
	evs, _ := rawResource(t, drain.id)["Events"].(map[string]any)
	if len(evs) == 0 {
		t.Errorf("%s has no events", drain.id)
	}
	for name, ev := range evs {
		props, _ := ev.(map[string]any)["Properties"].(map[string]any)
		if props["Queue"] != "!GetAtt "+queueName+".Arn" {
			t.Errorf("%s's event %s reads %v, not %s, the queue the skill spills to", drain.id, name, props["Queue"], queueName)
		}
	}

	q, err := tmpl.GetSQSQueueWithName(queueName)
	if err != nil {
		t.Fatal(err)
	}
	redrive, _ := q.RedrivePolicy.(map[string]any)
	dlqRef, _ := redrive["deadLetterTargetArn"].(string)
	dlqName := getAttTarget(t, "RedrivePolicy.deadLetterTargetArn", dlqRef, "Arn")
	if dlqName != "UsageSpillDeadLetterQueue" {
		t.Errorf("dead-letter queue is %s, want UsageSpillDeadLetterQueue", dlqName)
	}
	// Enough receives to ride out a short outage, few enough that a
	// malformed message reaches the dead-letter queue (and its alarm)
	// within a day.
	if n, _ := redrive["maxReceiveCount"].(float64); n < 3 || n > 50 {
		t.Errorf("maxReceiveCount is %v, want 3 to 50", redrive["maxReceiveCount"])
	}
	dlq, err := tmpl.GetSQSQueueWithName(dlqName)
	if err != nil {
		t.Fatal(err)
	}
	if dlq.RedrivePolicy != nil {
		t.Errorf("the dead-letter queue has a redrive policy of its own: messages could leave it")
	}
	const fourteenDays = 14 * 24 * 3600
	for name, queue := range map[string]*sqs.Queue{queueName: q, dlqName: dlq} {
		// Usage events are pseudonymous personal data: a KMS key, whose
		// every use CloudTrail logs. The AWS-managed one, because its key
		// policy lets the account's functions use it through SQS; a
		// customer-managed key would need KMS statements in both
		// functions' policies, which they do not have.
		if got := aws.ToString(queue.KmsMasterKeyId); got != "alias/aws/sqs" {
			t.Errorf("%s is encrypted with KMS key %q, want alias/aws/sqs", name, got)
		}
		// A message keeps its first enqueue time in the dead-letter
		// queue, so that needs at least the spill queue's retention.
		if aws.ToInt(queue.MessageRetentionPeriod) != fourteenDays {
			t.Errorf("%s keeps messages %d s, want 14 days (SQS's longest)", name, aws.ToInt(queue.MessageRetentionPeriod))
		}
		if aws.ToBool(queue.FifoQueue) {
			t.Errorf("%s is FIFO; the spill sends no message group", name)
		}
		if queue.AWSCloudFormationDeletionPolicy != "Retain" || queue.AWSCloudFormationUpdateReplacePolicy != "Retain" {
			t.Errorf("%s: DeletionPolicy %q, UpdateReplacePolicy %q: want Retain for both, so the trial's evidence in it outlives the stack",
				name, queue.AWSCloudFormationDeletionPolicy, queue.AWSCloudFormationUpdateReplacePolicy)
		}
		if queue.QueueName != nil {
			t.Errorf("%s has a fixed name; a retained queue would then block deploying the stage again", name)
		}
	}

	// The alarms: a spilled event left unwritten for 15 minutes or
	// more, and any message in the dead-letter queue.
	alarms := map[string]struct {
		queue, metric string
		max           float64 // the highest threshold that still says what is wanted
	}{
		"age":          {queueName, "ApproximateAgeOfOldestMessage", 15 * 60},
		"dead letters": {dlqName, "ApproximateNumberOfMessagesVisible", 1},
	}
	for what, want := range alarms {
		found := false
		for name, a := range tmpl.GetAllCloudWatchAlarmResources() {
			if aws.ToString(a.Namespace) != "AWS/SQS" || aws.ToString(a.MetricName) != want.metric {
				continue
			}
			if len(a.Dimensions) != 1 || a.Dimensions[0].Name != "QueueName" || a.Dimensions[0].Value != "!GetAtt "+want.queue+".QueueName" {
				continue
			}
			found = true
			if aws.ToFloat64(a.Threshold) > want.max || a.ComparisonOperator != "GreaterThanOrEqualToThreshold" || aws.ToString(a.Statistic) != "Maximum" {
				t.Errorf("alarm %s fires at %s %v of the %s, want Maximum >= at most %v",
					name, a.ComparisonOperator, aws.ToFloat64(a.Threshold), aws.ToString(a.Statistic), want.max)
			}
			checkNotifies(t, tmpl, name, a)
		}
		if !found {
			t.Errorf("no %s alarm on %s's %s", what, want.queue, want.metric)
		}
	}

	outputs := map[string]string{
		"UsageSpillQueueUrl":           "!Ref " + queueName,
		"UsageSpillDeadLetterQueueUrl": "!Ref " + dlqName,
		"UsageSpillDeadLetterQueueArn": "!GetAtt " + dlqName + ".Arn",
	}
	for name, want := range outputs {
		if out, ok := tmpl.Outputs[name]; !ok || out.Value != want {
			t.Errorf("output %s is %v, want %s (docs/deploy.md uses it)", name, out.Value, want)
		}
	}
}

// TestTemplateStaffSite: the staff function is reached only through its
// HTTP API (both routes, payload 2.0, the invoke permission scoped to that
// API); the user pool takes no self sign-up and wants strong passwords;
// the client is public with the code grant, back to the callback the code
// serves; and the function trusts exactly that pool, client and domain.
func TestTemplateStaffSite(t *testing.T) {
	tmpl := openTemplate(t)
	s := spec(t, "StaffFunction")
	const api = "StaffApi"

	a, err := tmpl.GetApiGatewayV2ApiWithName(api)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(a.ProtocolType) != "HTTP" {
		t.Errorf("%s is %q, want an HTTP API", api, aws.ToString(a.ProtocolType))
	}

	var integration string
	for name, in := range tmpl.GetAllApiGatewayV2IntegrationResources() {
		if in.ApiId != "!Ref "+api {
			continue
		}
		integration = name
		if in.IntegrationType != "AWS_PROXY" || aws.ToString(in.IntegrationUri) != "!GetAtt "+s.id+".Arn" || aws.ToString(in.PayloadFormatVersion) != "2.0" {
			t.Errorf("integration %s: %s to %s, payload %s; want AWS_PROXY to %s, payload 2.0 (the code reads APIGatewayV2HTTPRequest)",
				name, in.IntegrationType, aws.ToString(in.IntegrationUri), aws.ToString(in.PayloadFormatVersion), s.id)
		}
		if ms := aws.ToInt(in.TimeoutInMillis); ms != 0 && ms < 1000*15 {
			t.Errorf("integration times out after %d ms, before the function's 15 s", ms)
		}
	}
	if integration == "" {
		t.Fatalf("no integration on %s", api)
	}
	var routes []string
	for _, r := range tmpl.GetAllApiGatewayV2RouteResources() {
		if r.ApiId != "!Ref "+api {
			continue
		}
		routes = append(routes, r.RouteKey)
		if aws.ToString(r.Target) != "!Sub integrations/${"+integration+"}" {
			t.Errorf("route %s targets %s, not the function's integration", r.RouteKey, aws.ToString(r.Target))
		}
		if r.AuthorizationType != nil && *r.AuthorizationType != "NONE" {
			// Browsers send no Authorization header on page loads: the
			// handler checks the cookie itself.
			t.Errorf("route %s has authorization %s; the staff handler signs in itself", r.RouteKey, *r.AuthorizationType)
		}
	}
	slices.Sort(routes)
	if want := []string{"ANY /staff", "ANY /staff/{proxy+}"}; !slices.Equal(routes, want) {
		t.Errorf("routes %v, want %v", routes, want)
	}
	stageOK := false
	for _, st := range tmpl.GetAllApiGatewayV2StageResources() {
		if st.ApiId == "!Ref "+api && st.StageName == "$default" && aws.ToBool(st.AutoDeploy) {
			stageOK = true
		}
	}
	if !stageOK {
		t.Errorf("no auto-deployed $default stage on %s: the URL in StaffSiteUrl would not answer", api)
	}
	permOK := false
	for name, p := range tmpl.GetAllLambdaPermissionResources() {
		if p.FunctionName != "!Ref "+s.id {
			continue
		}
		permOK = true
		want := "!Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${" + api + "}/*"
		if p.Principal != "apigateway.amazonaws.com" || aws.ToString(p.SourceArn) != want {
			t.Errorf("permission %s: %s from %s, want apigateway.amazonaws.com from %s", name, p.Principal, aws.ToString(p.SourceArn), want)
		}
	}
	if !permOK {
		t.Errorf("no permission for %s to invoke %s", api, s.id)
	}

	// The pool, domain and client the function is told to trust.
	poolName := refTarget(t, staffenv.CognitoPoolID, s.env[staffenv.CognitoPoolID])
	pool, err := tmpl.GetCognitoUserPoolWithName(poolName)
	if err != nil {
		t.Fatal(err)
	}
	if pool.AdminCreateUserConfig == nil || !aws.ToBool(pool.AdminCreateUserConfig.AllowAdminCreateUserOnly) {
		t.Errorf("anyone could sign up to %s: set AdminCreateUserConfig.AllowAdminCreateUserOnly", poolName)
	}
	if pool.Policies == nil || pool.Policies.PasswordPolicy == nil {
		t.Fatalf("%s has no password policy", poolName)
	}
	pp := pool.Policies.PasswordPolicy
	if aws.ToInt(pp.MinimumLength) < 12 || !aws.ToBool(pp.RequireLowercase) || !aws.ToBool(pp.RequireUppercase) || !aws.ToBool(pp.RequireNumbers) || !aws.ToBool(pp.RequireSymbols) {
		t.Errorf("password policy %+v is weak", pp)
	}
	if mfa := aws.ToString(pool.MfaConfiguration); mfa != "ON" && mfa != "OPTIONAL" {
		t.Errorf("MfaConfiguration is %q, want ON or OPTIONAL", mfa)
	}
	if pool.AWSCloudFormationDeletionPolicy != policies.DeletionPolicy("Retain") {
		t.Errorf("deleting the stack would delete every staff account")
	}

	domain, err := tmpl.GetCognitoUserPoolDomainWithName("StaffUserPoolDomain")
	if err != nil {
		t.Fatal(err)
	}
	if domain.UserPoolId != "!Ref "+poolName {
		t.Errorf("the domain is for %s, not %s", domain.UserPoolId, poolName)
	}

	clientName := refTarget(t, staffenv.CognitoClientID, s.env[staffenv.CognitoClientID])
	c, err := tmpl.GetCognitoUserPoolClientWithName(clientName)
	if err != nil {
		t.Fatal(err)
	}
	if c.UserPoolId != "!Ref "+poolName {
		t.Errorf("client %s is in %s, not %s", clientName, c.UserPoolId, poolName)
	}
	if aws.ToBool(c.GenerateSecret) {
		t.Errorf("client %s has a secret; the code is a public client with PKCE and sends none", clientName)
	}
	if !aws.ToBool(c.AllowedOAuthFlowsUserPoolClient) || !slices.Equal(c.AllowedOAuthFlows, []string{"code"}) {
		t.Errorf("client flows %v, want the code grant only", c.AllowedOAuthFlows)
	}
	if got := slices.Sorted(slices.Values(c.AllowedOAuthScopes)); !slices.Equal(got, []string{"email", "openid"}) {
		t.Errorf("client scopes %v, want openid and email (the code asks for them)", got)
	}
	siteURL := "https://${" + api + "}.execute-api.${AWS::Region}.amazonaws.com"
	if !slices.Equal(c.CallbackURLs, []string{"!Sub " + siteURL + "/staff/signin/callback"}) {
		t.Errorf("callback URLs %v, want the API's /staff/signin/callback", c.CallbackURLs)
	}
	if !slices.Equal(c.LogoutURLs, []string{"!Sub " + siteURL + "/staff/signin/signedout"}) {
		t.Errorf("logout URLs %v, want the API's /staff/signin/signedout", c.LogoutURLs)
	}

	out, ok := tmpl.Outputs["StaffSiteUrl"]
	if !ok || out.Value != "!Sub "+siteURL+"/staff/" {
		t.Errorf("StaffSiteUrl is %v, want !Sub %s/staff/", out.Value, siteURL)
	}
	if !strings.Contains(s.env[staffenv.CognitoDomain], "${StaffUserPoolDomain}") {
		t.Errorf("the function's Cognito domain is not the template's")
	}
}

// TestTemplateSafeDeploy: every deploy of the skill publishes a version
// behind the alias live and moves tenants to it through a canary that the
// skill's alarms roll back; the canary's error and latency alarms watch the
// new version only, and the error-log alarm is among them, since the skill
// answers most faults with an apology Lambda counts as a success.
func TestTemplateSafeDeploy(t *testing.T) {
	tmpl := openTemplate(t)
	fn, err := tmpl.GetServerlessFunctionWithName("SkillFunction")
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(fn.AutoPublishAlias); got != "live" {
		t.Errorf("AutoPublishAlias is %q, want live", got)
	}
	dp := fn.DeploymentPreference
	if dp == nil {
		t.Fatalf("no DeploymentPreference: every deploy would reach every tenant at once")
	}
	if typ := aws.ToString(dp.Type); !strings.HasPrefix(typ, "Canary") && !strings.HasPrefix(typ, "Linear") {
		t.Errorf("DeploymentPreference.Type is %q, want a Canary or Linear one", typ)
	}
	if dp.Enabled != nil && !*dp.Enabled {
		t.Errorf("DeploymentPreference is disabled")
	}
	watched := map[string]bool{}
	for _, ref := range dp.Alarms {
		name := refTarget(t, "DeploymentPreference alarm", ref)
		a, err := tmpl.GetCloudWatchAlarmWithName(name)
		if err != nil {
			t.Errorf("DeploymentPreference alarm %s: %v", name, err)
			continue
		}
		dims := map[string]string{}
		for _, d := range a.Dimensions {
			dims[d.Name] = d.Value
		}
		switch aws.ToString(a.Namespace) {
		case "AWS/Lambda":
			if dims["FunctionName"] != "!Ref SkillFunction" || dims["ExecutedVersion"] != "!GetAtt SkillFunction.Version.Version" || dims["Resource"] != "!Sub ${SkillFunction}:live" {
				t.Errorf("canary alarm %s watches %v, want the new version of SkillFunction behind live", name, dims)
			}
			watched[aws.ToString(a.MetricName)] = true
		case "!Sub HomeHelper/${Stage}":
			watched["error logs"] = true
		default:
			t.Errorf("canary alarm %s watches %s, not the skill", name, aws.ToString(a.Namespace))
		}
	}
	for _, want := range []string{"Errors", "Duration", "error logs"} {
		if !watched[want] {
			t.Errorf("no rollback on the skill's %s (alarms %v)", want, dp.Alarms)
		}
	}
}

// TestTemplateHandoffSecret: what the stack generates is a secret the
// notifier accepts (its JSON names, a signing key long enough, no webhook
// yet), there are no webhook parameters, the contact parameters are not
// echoed (so sam deploy --guided keeps them out of samconfig.toml), and the
// secret has no fixed name, so a retained one cannot block deploying the
// stage again.
func TestTemplateHandoffSecret(t *testing.T) {
	tmpl := openTemplate(t)
	name := refTarget(t, "secret", spec(t, "NotifyFunction").env[notifier.SecretARN])
	sec, err := tmpl.GetSecretsManagerSecretWithName(name)
	if err != nil {
		t.Fatal(err)
	}
	if sec.Name != nil {
		t.Errorf("%s has a fixed name %q", name, *sec.Name)
	}
	g := sec.GenerateSecretString
	if g == nil || g.SecretStringTemplate == nil || g.GenerateStringKey == nil {
		t.Fatalf("%s is not generated as JSON: %+v", name, g)
	}
	var value map[string]any
	if err := json.Unmarshal([]byte(*g.SecretStringTemplate), &value); err != nil {
		t.Fatalf("SecretStringTemplate: %v", err)
	}
	value[*g.GenerateStringKey] = strings.Repeat("a", aws.ToInt(g.PasswordLength))
	b, _ := json.Marshal(value)
	got, err := notifier.ParseSecret(string(b))
	if err != nil {
		t.Fatalf("the generated secret %s is refused: %v", b, err)
	}
	if got.RepairsURL != "" || got.EmergencyURL != "" || got.CoachesURL != "" {
		t.Errorf("the generated secret names a webhook: %+v", got)
	}
	for pname, p := range tmpl.Parameters {
		if strings.Contains(strings.ToLower(pname), "webhook") {
			t.Errorf("parameter %s: webhook addresses belong in %s", pname, name)
		}
		contact := strings.Contains(pname, "Email") || strings.Contains(pname, "Sms")
		if contact && !aws.ToBool(p.NoEcho) {
			t.Errorf("parameter %s holds a person's contact but is not NoEcho: sam deploy --guided would save it in samconfig.toml", pname)
		}
	}
	topic, err := tmpl.GetSNSTopicWithName(refTarget(t, "topic", spec(t, "NotifyFunction").env[notifier.TopicARN]))
	if err != nil {
		t.Fatal(err)
	}
	if topic.KmsMasterKeyId == nil {
		t.Errorf("the hand-off topic carries tenancies and problems but has no KMS key")
	}
	found := false
	for an, a := range tmpl.GetAllCloudWatchAlarmResources() {
		if aws.ToString(a.Namespace) == "AWS/SNS" && aws.ToString(a.MetricName) == "NumberOfNotificationsFailed" &&
			len(a.Dimensions) == 1 && a.Dimensions[0].Value == "!GetAtt HandoffTopic.TopicName" {
			found = true
			checkNotifies(t, tmpl, an, a)
		}
	}
	if !found {
		t.Errorf("no alarm on the hand-off topic's failed deliveries")
	}
}

// TestTeardownKeepsNothingUnnamed: every resource the stack keeps when it
// is deleted (DeletionPolicy Retain) has an output naming it, and
// docs/deploy.md's teardown notes that output before the stack goes and
// deletes what it names at the end: nothing of the pilot's is left behind
// unseen.
func TestTeardownKeepsNothingUnnamed(t *testing.T) {
	raw := rawTemplate(t)
	doc, err := os.ReadFile(filepath.Join("..", "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, teardown, ok := strings.Cut(string(doc), "## Tearing down")
	if !ok {
		t.Fatal("docs/deploy.md has no Tearing down section")
	}
	teardown, _, _ = strings.Cut(teardown, "\n## ")
	_, end, _ := strings.Cut(teardown, "### Back to nothing")
	tmpl := openTemplate(t)
	for name, r := range raw["Resources"].(map[string]any) {
		if r.(map[string]any)["DeletionPolicy"] != "Retain" {
			continue
		}
		var outs []string
		for o, out := range tmpl.Outputs {
			v := fmt.Sprint(out.Value)
			if v == "!Ref "+name || strings.HasPrefix(v, "!GetAtt "+name+".") {
				outs = append(outs, o)
			}
		}
		if len(outs) == 0 {
			t.Errorf("%s is kept when the stack is deleted, but no output names it", name)
			continue
		}
		if !slices.ContainsFunc(outs, func(o string) bool { return strings.Contains(teardown, " "+o) && strings.Contains(end, "$"+o) }) {
			t.Errorf("%s is kept when the stack is deleted; deploy.md's teardown should note %v and delete it in Back to nothing", name, outs)
		}
	}
}

// TestSamconfig: samconfig.toml, tracked by git, has the two stages the
// runbook deploys (default: the pilot; test), each its own stack and
// Stage, and nothing personal: no contact parameter, no address, no phone
// number, no webhook.
func TestSamconfig(t *testing.T) {
	var cfg map[string]map[string]map[string]map[string]any
	if _, err := toml.DecodeFile("../samconfig.toml", &cfg); err != nil {
		t.Fatal(err)
	}
	stacks := map[string]bool{}
	for env, want := range map[string]string{"default": "pilot", "test": "test"} {
		stack, _ := cfg[env]["global"]["parameters"]["stack_name"].(string)
		if stack == "" || stacks[stack] {
			t.Errorf("environment %s: stack_name %q (each stage needs its own stack)", env, stack)
		}
		stacks[stack] = true
		overrides, _ := cfg[env]["deploy"]["parameters"]["parameter_overrides"].(string)
		if !strings.Contains(overrides, `Stage="`+want+`"`) {
			t.Errorf("environment %s deploys %q, want Stage=%q", env, overrides, want)
		}
	}
	raw, err := os.ReadFile("../samconfig.toml")
	if err != nil {
		t.Fatal(err)
	}
	personal := regexp.MustCompile(`(?i)[\w.+-]+@[\w-]+\.[\w.]+|\+44\d|\b07\d{9}\b|Email=|Sms=|https://hooks|webhook`)
	for n, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if m := personal.FindString(line); m != "" {
			t.Errorf("samconfig.toml:%d holds %q: personal data or a secret in a tracked file", n+1, m)
		}
	}
}
