package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"namescope/internal/testenv"
	"namescope/name"
)

func reservation(nm string) map[string]any {
	return map[string]any{"name": nm, "authority_code": "410400", "applicant": "张三",
		"commitment": true, "commitment_text": name.CommitmentText()}
}

// Issue 9, defect 1 over HTTP: 200 pairs of names the law treats as
// identical (forms differ), each pair sent as two real concurrent requests
// to a served application: exactly one of each pair gets 201, the other the
// 409 name_blocked a sequential request gets, with the check.
func TestConcurrentReservationsOverHTTP(t *testing.T) {
	e := testenv.New(t, testenv.Options{Now: testenv.At("2025-03-10")})
	url := e.Serve(t)
	const pairs = 200
	chars := []rune("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥")
	type answer struct {
		pair   int
		status int
		code   string
	}
	answers := make(chan answer, 2*pairs)
	client := &http.Client{}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 24)
	for i := 0; i < pairs; i++ {
		trade := fmt.Sprintf("%c%c%c", chars[i%len(chars)], chars[(i/len(chars))%len(chars)], []rune("澜岳沃川青禾")[i%6])
		for _, form := range []string{"有限公司", "有限责任公司"} {
			body, _ := json.Marshal(reservation("平顶山市" + trade + "智联科技" + form))
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				resp, err := client.Post(url+"/api/v1/names/reservations", "application/json", bytes.NewReader(body))
				if err != nil {
					t.Error(err)
					return
				}
				defer resp.Body.Close()
				var out struct {
					Error struct{ Code string }     `json:"error"`
					Check *struct{ Verdict string } `json:"check"`
				}
				_ = json.NewDecoder(resp.Body).Decode(&out)
				if resp.StatusCode == http.StatusConflict && (out.Check == nil || out.Check.Verdict != "block") {
					t.Errorf("pair %d: 409 without the blocking check", i)
				}
				answers <- answer{i, resp.StatusCode, out.Error.Code}
			}()
		}
	}
	wg.Wait()
	close(answers)
	created := map[int]int{}
	for a := range answers {
		switch {
		case a.status == http.StatusCreated:
			created[a.pair]++
		case a.status == http.StatusConflict && a.code == "name_blocked":
		default:
			t.Errorf("pair %d: status %d code %q", a.pair, a.status, a.code)
		}
	}
	for i := 0; i < pairs; i++ {
		if created[i] != 1 {
			t.Errorf("pair %d: %d reservations granted, want exactly 1", i, created[i])
		}
	}
}

// A retried reservation with the same Idempotency-Key answers the original
// reservation (200, Idempotent-Replayed) instead of a 409 against itself.
func TestReservationIdempotencyKeyOverHTTP(t *testing.T) {
	e := testenv.New(t, testenv.Options{Now: testenv.At("2025-03-10")})
	body := reservation("平顶山市沃川智联科技有限公司")
	st, first, _ := e.Do(t, "POST", "/api/v1/names/reservations", "", body, "Idempotency-Key", "c0ffee-0001")
	if st != http.StatusCreated {
		t.Fatalf("first: %d %v", st, first)
	}
	st, again, _ := e.Do(t, "POST", "/api/v1/names/reservations", "", body, "Idempotency-Key", "c0ffee-0001")
	if st != http.StatusOK || again["id"] != first["id"] || again["token"] == "" || again["token"] == nil {
		t.Fatalf("retry: %d %v", st, again)
	}
	st, other, _ := e.Do(t, "POST", "/api/v1/names/reservations", "", reservation("平顶山市澜岳智联科技有限公司"), "Idempotency-Key", "c0ffee-0001")
	if st != http.StatusConflict {
		t.Fatalf("key reused for another request: %d %v", st, other)
	}
	st, nokey, _ := e.Do(t, "POST", "/api/v1/names/reservations", "", body)
	if st != http.StatusConflict || nokey["error"].(map[string]any)["code"] != "name_blocked" {
		t.Fatalf("same request without the key: %d %v", st, nokey)
	}
}

// Registrar synchronisation accepts an identical name and reports it.
func TestRegistrarWriteReportsIdenticalNames(t *testing.T) {
	e := testenv.New(t, testenv.Options{Now: testenv.At("2025-03-10")})
	tok := e.Tokens["registrar"]
	a := map[string]any{"name": "平顶山市星河科技有限公司", "uscc": "91410400MA44XH001U", "status": "active", "industry_code": "I65", "authority_code": "410400"}
	st, out, _ := e.Do(t, "POST", "/api/v1/enterprises", tok, a)
	if st != http.StatusCreated || len(out["identical_names"].([]any)) != 0 {
		t.Fatalf("first: %d %v", st, out)
	}
	b := map[string]any{"name": "平顶山市星河科技有限责任公司", "uscc": "91410400MA44QH0015", "status": "active", "industry_code": "I65", "authority_code": "410400"}
	st, out, _ = e.Do(t, "POST", "/api/v1/enterprises", tok, b)
	ids, _ := out["identical_names"].([]any)
	if st != http.StatusCreated || len(ids) != 1 || ids[0].(map[string]any)["uscc"] != "91410400MA44XH001U" || out["name"] != "平顶山市星河科技有限责任公司" {
		t.Fatalf("second: %d %v", st, out)
	}
}
