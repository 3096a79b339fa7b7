package alexa

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// TestAppendStateKnowsEveryField: a field added to intents.State is
// written by encoding/json (correct, but slower) until appendState learns
// it. With every field set, appendState's own writing must equal
// encoding/json's.
func TestAppendStateKnowsEveryField(t *testing.T) {
	if !stateKnown {
		t.Fatalf("intents.State has %d fields; appendState in encode.go writes %d: add the new ones there and set stateFields",
			reflect.TypeFor[intents.State]().NumField(), stateFields)
	}
	var st intents.State
	v := reflect.ValueOf(&st).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x" + v.Type().Field(i).Name)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int:
			f.SetInt(int64(i + 1))
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		case reflect.Slice:
			f.Set(reflect.Append(reflect.MakeSlice(f.Type(), 0, 1), reflect.ValueOf("x")))
		default:
			t.Fatalf("field %s: kind %s not set by this test", v.Type().Field(i).Name, f.Kind())
		}
	}
	want, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendState(nil, &st); string(got) != string(want) {
		t.Errorf("appendState with every field set:\n got %s\nwant %s", got, want)
	}
}
