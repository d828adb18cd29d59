package api

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"namescope/apperr"
	"namescope/lifecycle"
	"namescope/registry"
	"namescope/scope"
)

// goTypeName finds Go type names in a message: package-qualified names
// (api.CheckRequest, time.Time), slices, maps, pointers, struct and
// interface types, and the numeric and boolean kinds. "string" is not
// among them: it is also the JSON word, which the decoder's syntax errors
// use ("looking for beginning of object key string").
var goTypeName = regexp.MustCompile(`\b[a-z][a-z0-9]*\.[A-Za-z_]\w*|\[\]|\bmap\[|\*[A-Za-z]|\bstruct\s*\{|\binterface\s*\{|\b(u?int(8|16|32|64)?|uintptr|float(32|64)|complex(64|128)|bool|rune|byte)\b|\bGo (value|struct)\b`)

// quoted matches the Go-quoted texts a message may repeat from the request
// (an unknown field's name): the client's own words are not type names.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// bodies are the request types the API decodes with decodeBytes, each
// returning a new value to decode into.
var bodies = []func() any{
	func() any { return new(CheckRequest) },
	func() any { return new(registry.Input) },
	func() any { return new(lifecycle.ReserveInput) },
	func() any { return new(lifecycle.RegisterInput) },
	func() any { return new(lifecycle.ChangeInput) },
	func() any { return new(lifecycle.FileInput) },
	func() any { return new(reasonBody) },
	func() any { return new(partyBody) },
	func() any { return new(stepBody) },
	func() any { return new(holidaysBody) },
	func() any { return new(map[string]json.RawMessage) },
	func() any { return new(scope.ComposeRequest) },
	func() any { return new(scope.Registration) },
	func() any { return new(normalizeRequest) },
}

// FuzzDecode feeds any body to the strict JSON decoder of the API, for each
// request type: it never panics, and it either succeeds or returns an
// invalid-request error (400) whose message is Chinese (it contains a CJK
// character) and names no Go type. The seed corpus is
// testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"name":"平顶山市星河科技有限公司","authority_code":"410400"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, mk := range bodies {
			v := mk()
			err := decodeBytes(body, v)
			if err == nil {
				continue
			}
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.CodeInvalid {
				t.Fatalf("decode %q into %T: %v is not an invalid-request error", body, v, err)
			}
			if !strings.ContainsFunc(ae.Message, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("decode %q into %T: message %q has no Chinese", body, v, ae.Message)
			}
			if m := goTypeName.FindString(quoted.ReplaceAllString(ae.Message, `""`)); m != "" {
				t.Errorf("decode %q into %T: message %q names the Go type %q", body, v, ae.Message, m)
			}
		}
	})
}
