package evaluation_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/homehelper/homehelper/evaluation"
)

// TestOneVocabulary holds the report's text, its CSV and the definitions
// in docs/evaluation.md to the names in the terms table: a figure renamed
// in one of them and not the others fails here.
func TestOneVocabulary(t *testing.T) {
	g := pilot(t)
	r := evaluation.Compute(g.Events, g.Households, evaluation.Options{Period: g.Period()})
	var text, tidy bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteCSV(&tidy); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(tidy.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../docs/evaluation.md")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, term := range evaluation.Terms() {
		if keys[term.Key] || term.Name == "" || term.Meaning == "" || term.Section() == "" {
			t.Errorf("term %q: duplicated, or without a name, meaning or section", term.Key)
		}
		keys[term.Key] = true
		if !strings.Contains(strings.ToLower(text.String()), strings.ToLower(term.Name)) {
			t.Errorf("homehelper report does not call %s %q", term.Key, term.Name)
		}
		inCSV := false
		for _, row := range rows[1:] {
			inCSV = inCSV || strings.HasPrefix(strings.ToLower(row[1]), strings.ToLower(term.Name))
		}
		if !inCSV {
			t.Errorf("the CSV has no measure named %q (%s)", term.Name, term.Key)
		}
		if !strings.Contains(strings.ToLower(string(doc)), "| "+strings.ToLower(term.Name)+" |") {
			t.Errorf("docs/evaluation.md defines no measure %q in a table", term.Name)
		}
	}
}
