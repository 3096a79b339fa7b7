package functions_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// translated is template.yaml after SAM's transform, as CloudFormation
// receives it, from AWS's own translator (the Python aws-sam-translator on
// the machine image, which cfn-lint and the SAM CLI use): what goformation
// cannot show, such as where the AlexaSkill permission and the canary end
// up.
func translated(t *testing.T) map[string]any {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err == nil {
		err = exec.Command(python, "-c", "import samtranslator, cfnlint").Run()
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("python3 with aws-sam-translator and cfn-lint is needed (%v); CI is set, so the template's SAM transform must be checked", err)
		}
		t.Skipf("python3 with aws-sam-translator and cfn-lint not found (%v); skipping (they ship with the machine image)", err)
	}
	cmd := exec.Command(python, "testdata/samtranslate.py", templatePath)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("SAM transform: %v\n%s", err, stderr.String())
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTranslatedTemplate: as deployed, Alexa may invoke only the alias
// live (so the endpoint must be it, and a bare-ARN endpoint is refused);
// the canary's deployment group rolls back on the skill's alarms; every
// function traces with X-Ray; the SkillFunctionArn output is the alias.
func TestTranslatedTemplate(t *testing.T) {
	m := translated(t)
	res, _ := m["Resources"].(map[string]any)
	props := func(name string) map[string]any {
		r, _ := res[name].(map[string]any)
		p, _ := r["Properties"].(map[string]any)
		return p
	}
	ofType := func(typ string) []string {
		var names []string
		for name, r := range res {
			if r.(map[string]any)["Type"] == typ {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		return names
	}
	alias := ""
	for _, name := range ofType("AWS::Lambda::Alias") {
		p := props(name)
		if p["Name"] == "live" && reflect.DeepEqual(p["FunctionName"], map[string]any{"Ref": "SkillFunction"}) {
			alias = name
		}
	}
	if alias == "" {
		t.Fatalf("no alias live on SkillFunction")
	}
	alexa := 0
	for _, name := range ofType("AWS::Lambda::Permission") {
		p := props(name)
		if p["Principal"] != "alexa-appkit.amazon.com" {
			continue
		}
		alexa++
		if !reflect.DeepEqual(p["FunctionName"], map[string]any{"Ref": alias}) {
			t.Errorf("Alexa may invoke %v, want the alias %s", p["FunctionName"], alias)
		}
		if !reflect.DeepEqual(p["EventSourceToken"], map[string]any{"Ref": "SkillId"}) {
			t.Errorf("Alexa's permission is for skill %v, want the SkillId parameter", p["EventSourceToken"])
		}
	}
	if alexa != 1 {
		t.Errorf("%d permissions for Alexa, want 1", alexa)
	}

	groups := ofType("AWS::CodeDeploy::DeploymentGroup")
	if len(groups) != 1 {
		t.Fatalf("deployment groups %v, want one (the skill's)", groups)
	}
	g := props(groups[0])
	if cfgName, _ := g["DeploymentConfigName"].(map[string]any); !strings.Contains(fmtJSON(cfgName), "Canary") {
		t.Errorf("deployment config %v, want a canary", g["DeploymentConfigName"])
	}
	alarmCfg, _ := g["AlarmConfiguration"].(map[string]any)
	var alarms []string
	for _, a := range alarmCfg["Alarms"].([]any) {
		name, _ := a.(map[string]any)["Name"].(map[string]any)["Ref"].(string)
		alarms = append(alarms, name)
	}
	slices.Sort(alarms)
	if alarmCfg["Enabled"] != true || !reflect.DeepEqual(alarms, []string{"SkillCanaryDurationAlarm", "SkillCanaryErrorsAlarm", "SkillErrorLogsAlarm"}) {
		t.Errorf("the canary watches %v (enabled %v)", alarms, alarmCfg["Enabled"])
	}
	rollback, _ := g["AutoRollbackConfiguration"].(map[string]any)
	if events, _ := rollback["Events"].([]any); rollback["Enabled"] != true || !slices.Contains(events, any("DEPLOYMENT_STOP_ON_ALARM")) {
		t.Errorf("the canary does not roll back on an alarm: %v", rollback)
	}

	fns := ofType("AWS::Lambda::Function")
	if len(fns) != len(specs) {
		t.Errorf("%d functions deployed, want %d", len(fns), len(specs))
	}
	for _, name := range fns {
		tc, _ := props(name)["TracingConfig"].(map[string]any)
		if tc["Mode"] != "Active" {
			t.Errorf("%s traces %v, want Active", name, tc)
		}
	}
	outputs, _ := m["Outputs"].(map[string]any)
	arn, _ := outputs["SkillFunctionArn"].(map[string]any)
	if !reflect.DeepEqual(arn["Value"], map[string]any{"Ref": alias}) {
		t.Errorf("SkillFunctionArn is %v, want the alias", arn["Value"])
	}
}

func fmtJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
