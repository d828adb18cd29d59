package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"namescope/api"
	"namescope/apperr"
	"namescope/internal/testenv"
	"namescope/registry"
)

// stubRegistry is an api.Registry whose every call answers err.
type stubRegistry struct{ err error }

func (r stubRegistry) PutReport(context.Context, string, registry.Input, ...registry.Also) (*registry.Enterprise, []registry.IdenticalName, error) {
	return nil, nil, r.err
}
func (r stubRegistry) Get(context.Context, string) (*registry.Enterprise, error) { return nil, r.err }
func (r stubRegistry) Search(context.Context, string, string, int) ([]registry.Enterprise, error) {
	return nil, r.err
}
func (r stubRegistry) History(context.Context, string) ([]json.RawMessage, error) { return nil, r.err }
func (r stubRegistry) SetProtected(context.Context, string, string, bool, string) (*registry.Enterprise, error) {
	return nil, r.err
}
func (r stubRegistry) PutMarks(context.Context, string, string, []registry.MarkInput) (int, error) {
	return 0, r.err
}

// The registry seam: a write that kept conflicting is a 409 the client may
// retry, a failure of the store is a 500 that shows nothing of it.
func TestRegistrySeamErrors(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
		// offContract: the stub answers what the registry cannot (a
		// search reads, it never conflicts), outside the API document.
		offContract bool
	}{
		{"contention", apperr.Conflict("该记录正被同时修改，请稍后重试"), http.StatusConflict, "conflict", true},
		{"store failure", apperr.Internal(errors.New("badger: manifest corrupt")), http.StatusInternalServerError, "internal", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.New(t, testenv.Options{API: func(d *api.Deps) { d.Registry = stubRegistry{tc.err} }, OffContract: tc.offContract})
			in := map[string]any{"name": "平顶山市星河科技有限公司", "status": "active", "industry_code": "I65", "authority_code": "410400"}
			st, out, raw := env.Do(t, "POST", "/api/v1/enterprises", env.Tokens["registrar"], in)
			if st != tc.wantStatus || out["error"].(map[string]any)["code"] != tc.wantCode {
				t.Fatalf("%d %s", st, raw)
			}
			if st, _, raw := env.Do(t, "GET", "/api/v1/enterprises?q=星河", "", nil); st != tc.wantStatus {
				t.Fatalf("search: %d %s", st, raw)
			}
		})
	}
}
