package health

import (
	"encoding/json"
	"testing"
)

func TestComponentJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Component
		json string
	}{
		{"ready is a string", Component{State: Ready}, `"ready"`},
		{"loading is a string", Component{State: Loading}, `"loading"`},
		{"a rebuild carries its progress", Component{State: Rebuilding, Done: 41000, Total: 100000}, `{"state":"rebuilding","done":41000,"total":100000}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.c)
			if err != nil || string(b) != tc.json {
				t.Fatalf("marshal: %s %v, want %s", b, err, tc.json)
			}
			var back Component
			if err := json.Unmarshal(b, &back); err != nil || back != tc.c {
				t.Fatalf("unmarshal: %+v %v", back, err)
			}
		})
	}
}

func TestReport(t *testing.T) {
	r := Report{Store: {State: Ready}, NamesIndex: {State: Rebuilding, Done: 1, Total: 2}, Scope: {State: Loading}}
	for _, tc := range []struct {
		name  string
		need  []string
		first string
		ok    bool
	}{
		{"the store alone", []string{Store}, "", true},
		{"an absent component counts as ready", []string{Store, Demo}, "", true},
		{"the first one not ready is named", []string{Store, Scope, NamesIndex}, Scope, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first, ok := r.ReadyFor(tc.need...)
			if first != tc.first || ok != tc.ok {
				t.Errorf("ReadyFor = %q %v, want %q %v", first, ok, tc.first, tc.ok)
			}
		})
	}
	if r.Ready() {
		t.Error("Ready with components loading")
	}
	if !(Report{Store: {State: Ready}}).Ready() {
		t.Error("not Ready with every component ready")
	}
}
