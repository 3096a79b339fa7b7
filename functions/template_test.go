// The SAM CLI cannot run where the tests run, so this test holds
// template.yaml to what the code relies on: each function builds from its
// CodeUri with the flags Lambda needs, sets exactly the environment its code
// reads, is triggered the right way, may touch only its own tables and
// secret; the tables have the adapter's keys, indexes and TTL attribute,
// and keep their data when the stack goes.
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
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/awslabs/goformation/v7"
	"github.com/awslabs/goformation/v7/cloudformation"
	cfndynamodb "github.com/awslabs/goformation/v7/cloudformation/dynamodb"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/cloudformation/serverless"
	"github.com/awslabs/goformation/v7/intrinsics"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
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
	// event is the type of the function's one event.
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
		},
		event: "AlexaSkill",
		policies: []string{
			"AWSSecretsManagerGetSecretValuePolicy SecretArn=!Ref PseudonymKeySecret",
			"DynamoDBCrudPolicy TableName=!Ref DataTable",
			"DynamoDBReadPolicy TableName=!Ref UsageTable",
			"DynamoDBWritePolicy TableName=!Ref UsageTable",
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
}

// openTemplate parses template.yaml keeping references visible: by default
// goformation resolves !Ref to a resource as "" and !GetAtt as null, which
// would let any reference pass. Here they become "!Ref Name",
// "!GetAtt Name.Attr" and "!Sub text", as written.
func openTemplate(t *testing.T) *cloudformation.Template {
	t.Helper()
	tmpl, err := goformation.OpenWithOptions(templatePath, processorOptions)
	if err != nil {
		t.Fatalf("parsing %s: %v", templatePath, err)
	}
	return tmpl
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
// shows them, for what goformation's types lose.
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
	if len(tmpl.Globals) > 0 {
		t.Errorf("template has Globals; goformation does not merge them into functions, so this test could not check them: set each property on the function")
	}
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
		target := refTarget(t, name, wantValue)
		if _, isParam := tmpl.Parameters[target]; !isParam && resourceType(tmpl, target) == "" {
			t.Errorf("%s refers to %s, which is neither a parameter nor a resource", name, target)
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
	}
	seen := map[string]bool{}
	for _, env := range []map[string]string{{}, full} {
		_ = read(func(k string) string { seen[k] = true; return env[k] })
	}
	return slices.Sorted(maps.Keys(seen))
}

func checkEvents(t *testing.T, tmpl *cloudformation.Template, s functionSpec, fn *serverless.Function) {
	t.Helper()
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
		}
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
				want := map[string]string{"TableName": "AWS::DynamoDB::Table", "SecretArn": "AWS::SecretsManager::Secret"}[k]
				if typ := resourceType(tmpl, refTarget(t, name, v)); typ != want {
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
			if len(a.AlarmActions) == 0 {
				t.Errorf("alarm %s notifies nobody", name)
			}
		}
		if !found {
			t.Errorf("no alarm on %s's %s", s.id, metric)
		}
	}
}

// TestTemplateErrorLogAlarm: the conversation turns faults into apologies,
// which Lambda counts as successes; the template counts ERROR log lines
// instead. The filter must match what slog's JSON handler writes.
func TestTemplateErrorLogAlarm(t *testing.T) {
	tmpl := openTemplate(t)
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
		if f.LogGroupName == "!Ref SkillFunctionLogGroup" && f.FilterPattern == pattern && len(f.MetricTransformations) == 1 {
			metric, namespace = f.MetricTransformations[0].MetricName, f.MetricTransformations[0].MetricNamespace
		}
	}
	if metric == "" {
		t.Fatalf("no metric filter %s on the skill's log group", pattern)
	}
	for _, a := range tmpl.GetAllCloudWatchAlarmResources() {
		if aws.ToString(a.MetricName) == metric && aws.ToString(a.Namespace) == namespace && len(a.AlarmActions) > 0 {
			return
		}
	}
	t.Errorf("no alarm with actions on %s/%s", namespace, metric)
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
			switch {
			case name == names.Usage && (ttl == nil || !ttl.Enabled || aws.ToString(ttl.AttributeName) != dynamo.TTLAttribute):
				t.Errorf("usage table TTL is %+v, want enabled on %q, the attribute the adapter writes", ttl, dynamo.TTLAttribute)
			case name == names.Data && ttl != nil:
				t.Errorf("data table has TTL on %q; the adapter expires nothing there", aws.ToString(ttl.AttributeName))
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
	if out.Value != "!GetAtt SkillFunction.Arn" {
		t.Errorf("SkillFunctionArn is %v, want !GetAtt SkillFunction.Arn", out.Value)
	}
}
