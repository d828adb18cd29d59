package scope

import (
	"context"
	"strings"
	"testing"
	"time"

	"namescope/apperr"
)

const testUSCC = "91410402MA44F8GT11" // check character computed per GB 32100

func TestCheckUSCC(t *testing.T) {
	for _, ok := range []string{testUSCC, "91500118691235035D", "91610600MA6TGY3B3L"} {
		if err := CheckUSCC(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "9141040", "91410402MA44F8GT12", "91410402MA44F8GTI1", "9141040２MA44F8GT1"} {
		if err := CheckUSCC(bad); codeOf(err) != apperr.CodeInvalid {
			t.Errorf("%q: %v, want invalid", bad, err)
		}
	}
}

func TestNotices(t *testing.T) {
	cat := DefaultCatalogue()
	reg := Registration{
		Enterprise: "平顶山市金鼎餐饮管理有限公司",
		USCC:       strings.ToLower(testUSCC),
		Codes:      codesOf(t, cat, "餐饮服务", "日用百货销售", "烟草制品零售", "住宿服务", "第二类医疗器械销售"),
	}
	ns, err := Notices(cat, reg)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		kind  NoticeKind
		items string
	}
	wants := map[string]want{
		"drug":              {NoticeFiling, "第二类医疗器械销售"},
		"health":            {NoticeApproval, "住宿服务"},
		"market_regulation": {NoticeApproval, "餐饮服务"},
		"public_security":   {NoticeApproval, "住宿服务"},
		"tobacco":           {NoticeApproval, "烟草制品零售"},
	}
	if len(ns) != len(wants) {
		t.Fatalf("%d notices, want %d: %+v", len(ns), len(wants), ns)
	}
	for i, n := range ns {
		if i > 0 && ns[i-1].DeptID >= n.DeptID {
			t.Errorf("notices not ordered by department")
		}
		w, ok := wants[n.DeptID]
		var items []string
		for _, it := range n.Items {
			items = append(items, it.Wording)
		}
		if !ok || n.Kind != w.kind || strings.Join(items, ",") != w.items {
			t.Errorf("notice %s: kind %s items %v", n.DeptID, n.Kind, items)
		}
		if n.USCC != testUSCC || n.Enterprise != reg.Enterprise || n.DeptName != DepartmentName(n.DeptID) ||
			len(n.ID) != 20 || len(n.Licenses) == 0 || !n.CreatedAt.IsZero() {
			t.Errorf("notice %+v", n)
		}
	}
	// Pure and idempotent: the same registration, in another order, gives
	// the same notice IDs.
	reg.Codes[0], reg.Codes[2] = reg.Codes[2], reg.Codes[0]
	again, _ := Notices(cat, reg)
	for i := range ns {
		if again[i].ID != ns[i].ID {
			t.Errorf("notice ID of %s changed", ns[i].DeptID)
		}
	}
	// General items concern no department.
	none, err := Notices(cat, Registration{Enterprise: "x公司", USCC: testUSCC, Codes: codesOf(t, cat, "软件开发")})
	if err != nil || len(none) != 0 {
		t.Errorf("general only: %v %+v", err, none)
	}
}

// A department that only supervises gets a supervision notice.
func TestNoticesSupervisionOnly(t *testing.T) {
	c := mustCatalogue(t, Entry{Code: "P1", Wording: "某许可项目", Kind: Licensed,
		Licenses: []License{{Item: "某许可", ApprovingDept: "commerce", SupervisingDept: "market_regulation"}}})
	ns, err := Notices(c, Registration{Enterprise: "x公司", USCC: testUSCC, Codes: []string{"P1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 2 || ns[0].DeptID != "commerce" || ns[0].Kind != NoticeApproval ||
		ns[1].DeptID != "market_regulation" || ns[1].Kind != NoticeSupervision {
		t.Errorf("notices %+v", ns)
	}
}

func TestNoticesErrors(t *testing.T) {
	cat := DefaultCatalogue()
	code := byWording(t, cat, "烟草制品零售").Code
	cases := []Registration{
		{USCC: testUSCC, Codes: []string{code}},
		{Enterprise: "x公司", USCC: "123", Codes: []string{code}},
		{Enterprise: "x公司", USCC: testUSCC},
		{Enterprise: "x公司", USCC: testUSCC, Codes: []string{"NOPE"}},
	}
	for _, r := range cases {
		if _, err := Notices(cat, r); codeOf(err) != apperr.CodeInvalid {
			t.Errorf("%+v: %v, want invalid", r, err)
		}
	}
}

func TestServiceNotify(t *testing.T) {
	ctx := context.Background()
	store := newMemNoticeStore()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	svc, err := NewService(ctx, nil, WithNoticeStore(store), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	cat := svc.Catalogue()
	tobacco := byWording(t, cat, "烟草制品零售").Code
	for i := 0; i < 3; i++ {
		uscc := []string{testUSCC, "91500118691235035D", "91610600MA6TGY3B3L"}[i]
		ns, err := svc.Notify(ctx, Registration{Enterprise: "烟酒店", USCC: uscc, Codes: []string{tobacco}})
		if err != nil || len(ns) != 1 || !ns[0].CreatedAt.Equal(now) {
			t.Fatalf("notify %d: %v %+v", i, err, ns)
		}
	}
	// Pushing the same registration again adds nothing.
	if _, err := svc.Notify(ctx, Registration{Enterprise: "烟酒店", USCC: testUSCC, Codes: []string{tobacco}}); err != nil {
		t.Fatal(err)
	}
	page, err := svc.DepartmentNotices(ctx, "tobacco", NoticePage{Limit: 2})
	if err != nil || len(page.Notices) != 2 || page.Next == "" {
		t.Fatalf("page 1: %v %+v", err, page)
	}
	rest, err := svc.DepartmentNotices(ctx, "tobacco", NoticePage{After: page.Next, Limit: 2})
	if err != nil || len(rest.Notices) != 1 || rest.Next != "" {
		t.Fatalf("page 2: %v %+v", err, rest)
	}
	now = now.Add(time.Hour)
	acked, err := svc.AckNotice(ctx, "tobacco", page.Notices[0].ID)
	if err != nil || !acked.AckedAt.Equal(now) {
		t.Fatalf("ack: %v %+v", err, acked)
	}
	pending, _ := svc.DepartmentNotices(ctx, "tobacco", NoticePage{Pending: true})
	if len(pending.Notices) != 2 {
		t.Errorf("%d pending notices, want 2", len(pending.Notices))
	}
	if _, err := svc.AckNotice(ctx, "drug", page.Notices[0].ID); codeOf(err) != apperr.CodeNotFound {
		t.Errorf("ack by another department: %v", err)
	}
	if _, err := svc.DepartmentNotices(ctx, "nobody", NoticePage{}); codeOf(err) != apperr.CodeNotFound {
		t.Errorf("unknown department: %v", err)
	}
	bare, _ := NewService(ctx, nil)
	defer bare.Close()
	if _, err := bare.Notify(ctx, Registration{}); codeOf(err) != apperr.CodeInternal {
		t.Errorf("no notice store: %v", err)
	}
}
