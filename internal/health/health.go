package health

import "encoding/json"

// Component names of a Report.
const (
	Store      = "store"       // the badger store
	NamesIndex = "names_index" // the enterprise-name index, caught up with the store
	MarksIndex = "marks_index" // the trademark index with the embedded well-known marks
	Scope      = "scope"       // the business-scope catalogue service
	Demo       = "demo"        // the demo registry (serve --demo), seeded
)

// State is how far one component is.
type State string

// States of a component.
const (
	Ready      State = "ready"
	Loading    State = "loading"
	Rebuilding State = "rebuilding" // an index rebuilt from the store; Done and Total tell how far
	Failed     State = "failed"
)

// Component is the state of one component. A rebuild reports its progress
// in names: Done of Total.
type Component struct {
	State State
	Done  int64
	Total int64
}

// MarshalJSON writes a component as its state ("ready"), or, while it is
// rebuilt, as {"state":"rebuilding","done":41000,"total":100000}.
func (c Component) MarshalJSON() ([]byte, error) {
	if c.State != Rebuilding {
		return json.Marshal(string(c.State))
	}
	return json.Marshal(struct {
		State State `json:"state"`
		Done  int64 `json:"done"`
		Total int64 `json:"total"`
	}{c.State, c.Done, c.Total})
}

// UnmarshalJSON reads either form MarshalJSON writes.
func (c *Component) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*c = Component{State: State(s)}
		return nil
	}
	var v struct {
		State State `json:"state"`
		Done  int64 `json:"done"`
		Total int64 `json:"total"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Component{State: v.State, Done: v.Done, Total: v.Total}
	return nil
}

// Report is the state of every component by name. A component that is not
// in the report is not part of the service and counts as ready.
type Report map[string]Component

// Ready reports whether every component is ready.
func (r Report) Ready() bool {
	for _, c := range r {
		if c.State != Ready {
			return false
		}
	}
	return true
}

// ReadyFor reports whether every one of the named components is ready, and
// otherwise returns the name of the first one that is not (in the order
// given).
func (r Report) ReadyFor(names ...string) (string, bool) {
	for _, n := range names {
		if c, ok := r[n]; ok && c.State != Ready {
			return n, false
		}
	}
	return "", true
}
