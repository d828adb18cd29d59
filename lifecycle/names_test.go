package lifecycle

import (
	"context"
	"testing"

	"namescope/apperr"
	"namescope/name"
	"namescope/registry"
)

var bg = context.Background()

func reserveIn(nm string) ReserveInput {
	return ReserveInput{Name: nm, AuthorityCode: "410400", Applicant: "张三"}
}

func TestReservationRules(t *testing.T) {
	e := newEnv(t, "2025-03-10")
	const free = "平顶山市沃川智联科技有限公司"

	r, token, err := e.svc.Reserve(bg, "public", reserveIn(free))
	if err != nil {
		t.Fatal(err)
	}
	if r.State != NameReserved || r.ReservedOn != "2025-03-10" || r.ReservedUntil != "2025-05-10" || token == "" {
		t.Fatalf("reservation %+v token %q", r, token)
	}
	if r.Check == nil || r.Check.Result.Verdict != name.Pass || r.History[0].Actor != "applicant:"+r.ID {
		t.Fatalf("check evidence / actor: %+v", r)
	}
	ref, ok, err := e.svc.Token(bg, token)
	if err != nil || !ok || ref.ID != r.ID || ref.Party != PartyApplicant {
		t.Fatalf("token: %+v %v %v", ref, ok, err)
	}
	// The reserved name now blocks the identical name in the registry.
	if v := e.check(free).Verdict; v != name.Block {
		t.Fatalf("reserved name check = %s, want block", v)
	}
	_, _, err = e.svc.Reserve(bg, "public", reserveIn(free))
	wantRefused(t, err, RefusedBlocked)

	// One reservation per name and scope even when the check would let it
	// through (investor exemption): the lock refuses.
	in := reserveIn(free)
	in.Investors = []string{free}
	_, _, err = e.svc.Reserve(bg, "public", in)
	wantCode(t, err, apperr.CodeConflict, "已被保留至 2025-05-10")

	// A block is refused with the findings.
	_, _, err = e.svc.Reserve(bg, "public", reserveIn("平顶山市星河科技有限公司"))
	re := wantRefused(t, err, RefusedBlocked)
	if re.Check == nil || len(re.Check.Findings) == 0 {
		t.Fatal("refusal without findings")
	}

	// A warning needs the exact commitment text.
	similar := reserveIn("平顶山市星和科技有限公司")
	_, _, err = e.svc.Reserve(bg, "public", similar)
	re = wantRefused(t, err, RefusedCommitment)
	if re.CommitmentText != name.CommitmentText() || len(re.Check.Similar) == 0 {
		t.Fatalf("commitment refusal %+v", re)
	}
	similar.Commitment, similar.CommitmentText = true, "我承诺"
	_, _, err = e.svc.Reserve(bg, "public", similar)
	wantRefused(t, err, RefusedCommitment)
	similar.CommitmentText = name.CommitmentText()
	warned, _, err := e.svc.Reserve(bg, "public", similar)
	if err != nil {
		t.Fatal(err)
	}
	if warned.Check.Commitment == nil || warned.Check.Commitment.Text != name.CommitmentText() || warned.Check.Result.Similar[0].USCC != e1USCC {
		t.Fatalf("commitment evidence not recorded: %+v", warned.Check)
	}

	// An approval finding needs an approval reference.
	approval := reserveIn("中国沃川平顶山科技有限公司")
	_, _, err = e.svc.Reserve(bg, "public", approval)
	wantRefused(t, err, RefusedApproval)
	approval.ApprovalRef = "国市监名核〔2025〕1号"
	approved, _, err := e.svc.Reserve(bg, "public", approval)
	if err != nil || approved.Check.ApprovalRef != approval.ApprovalRef || approved.Check.Result.Verdict != name.Approval {
		t.Fatalf("approved reservation %+v %v", approved, err)
	}

	// Pre-approval items: one year.
	pre := reserveIn("平顶山市青禾智联科技有限公司")
	pre.PreApproval = true
	long, _, err := e.svc.Reserve(bg, "public", pre)
	if err != nil || long.ReservedUntil != "2026-03-10" {
		t.Fatalf("pre-approval reservation %+v %v", long, err)
	}
	// … or the scope service's answer for the chosen scope codes.
	e.svc.PreApproval = func(ctx context.Context, codes []string) (bool, error) { return codes[0] == "L1", nil }
	byScope := reserveIn("平顶山市澜岳智联科技有限公司")
	byScope.ScopeCodes = []string{"L1"}
	viaScope, _, err := e.svc.Reserve(bg, "public", byScope)
	if err != nil || viaScope.ReservedUntil != "2026-03-10" || !viaScope.PreApproval {
		t.Fatalf("scope pre-approval %+v %v", viaScope, err)
	}

	// Missing applicant / unknown industry are invalid.
	bad := reserveIn(free)
	bad.Applicant = ""
	_, _, err = e.svc.Reserve(bg, "public", bad)
	wantCode(t, err, apperr.CodeInvalid)

	// The last day of the period still holds; the day after releases it
	// (lazily on read).
	e.clk.Set("2025-05-10")
	if got, _ := e.svc.GetName(bg, r.ID); got.State != NameReserved {
		t.Fatalf("on its last day: %s", got.State)
	}
	e.clk.Set("2025-05-11")
	got, err := e.svc.GetName(bg, r.ID)
	if err != nil || got.State != NameReleased || got.EndedOn != "2025-05-11" || got.RegistryID != "" {
		t.Fatalf("after expiry: %+v %v", got, err)
	}
	if v := e.check(free).Verdict; v != name.Pass {
		t.Fatalf("released name check = %s, want pass", v)
	}
	// The sweep releases the other expired reservation, not the long one.
	rep, err := e.svc.Sweep(bg)
	if err != nil || rep.Released != 2 { // the warned name and the approved one
		t.Fatalf("sweep %+v %v", rep, err)
	}
	if got, _ := e.svc.GetName(bg, warned.ID); got.State != NameReleased || got.History[len(got.History)-1].Actor != "system:sweep" {
		t.Fatalf("swept: %+v", got)
	}
	if got, _ := e.svc.GetName(bg, long.ID); got.State != NameReserved {
		t.Fatalf("one-year reservation released early: %s", got.State)
	}
	// Released names can be reserved again.
	if _, _, err := e.svc.Reserve(bg, "public", reserveIn(free)); err != nil {
		t.Fatal(err)
	}
	// Withdrawal releases at once; a second withdrawal is refused by state.
	w, err := e.svc.Withdraw(bg, PartyApplicant+":"+long.ID, long.ID, "不再需要")
	if err != nil || w.State != NameWithdrawn {
		t.Fatalf("withdraw %+v %v", w, err)
	}
	if v := e.check("平顶山市青禾智联科技有限公司").Verdict; v != name.Pass {
		t.Fatalf("withdrawn name check = %s", v)
	}
	_, err = e.svc.Withdraw(bg, "staff:x", long.ID, "")
	wantCode(t, err, apperr.CodeConflict, "已撤回保留", "（withdraw）")
	// Registering a released reservation is refused by state.
	_, err = e.svc.Register(bg, "registrar:x", r.ID, RegisterInput{USCC: uscc("91410400MA44RG001")})
	wantCode(t, err, apperr.CodeConflict, "保留期满已释放", "（register）")
	_, err = e.svc.GetName(bg, "R9999999999")
	wantCode(t, err, apperr.CodeNotFound)
}

func TestRegistrationChangeCancelRevoke(t *testing.T) {
	e := newEnv(t, "2025-03-10")
	const first, second = "平顶山市沃川智联科技有限公司", "平顶山市青禾数联科技有限公司"
	code := uscc("91410400MA44RG001")

	r, _, err := e.svc.Reserve(bg, "public", reserveIn(first))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := e.svc.Register(bg, "registrar:k1", r.ID, RegisterInput{USCC: code, EntType: "limited_company"})
	if err != nil {
		t.Fatal(err)
	}
	if reg.State != NameRegistered || reg.USCC != code || reg.RegistryID != code || reg.RegisteredOn != "2025-03-10" {
		t.Fatalf("registered %+v", reg)
	}
	ent, err := e.reg.Get(bg, code)
	if err != nil || ent.Status != name.StatusActive || ent.Name != first {
		t.Fatalf("registry record %+v %v", ent, err)
	}
	if v := e.check(first).Verdict; v != name.Block {
		t.Fatalf("registered name check = %s", v)
	}
	_, err = e.svc.Register(bg, "registrar:k1", r.ID, RegisterInput{USCC: code})
	wantCode(t, err, apperr.CodeConflict, "已登记", "（register）")
	other, _, _ := e.svc.Reserve(bg, "public", reserveIn("平顶山市澜岳智联科技有限公司"))
	_, err = e.svc.Register(bg, "registrar:k1", other.ID, RegisterInput{USCC: code})
	wantCode(t, err, apperr.CodeConflict, "已登记为")
	_, err = e.svc.Register(bg, "registrar:k1", other.ID, RegisterInput{USCC: e1USCC})
	wantCode(t, err, apperr.CodeConflict, "登记系统")
	_, err = e.svc.Register(bg, "registrar:k1", other.ID, RegisterInput{USCC: "123"})
	wantCode(t, err, apperr.CodeInvalid)

	// Name change through a reservation of the new name.
	e.clk.Set("2025-04-01")
	nr, _, err := e.svc.Reserve(bg, "public", reserveIn(second))
	if err != nil {
		t.Fatal(err)
	}
	ch, err := e.svc.ChangeName(bg, "registrar:k1", code, ChangeInput{ReservationID: nr.ID, Reason: "经营需要"})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Old.State != NameChanged || ch.New.State != NameRegistered || ch.New.Replaces != ch.Old.ID || ch.Old.ReplacedBy != ch.New.ID {
		t.Fatalf("change %+v / %+v", ch.Old, ch.New)
	}
	ent, _ = e.reg.Get(bg, code)
	if ent.Name != second || ent.Status != name.StatusActive {
		t.Fatalf("registry after change %+v", ent)
	}
	former, err := e.reg.Get(bg, ch.Old.RegistryID)
	if err != nil || former.Status != name.StatusCancelled || former.StatusDate != "2025-04-01" || former.Name != first || former.USCC != code {
		t.Fatalf("former name record %+v %v", former, err)
	}
	// The old name blocks identical names for one year, then is free.
	if res := e.check(first); res.Verdict != name.Block {
		t.Fatalf("old name within a year: %s", res.Verdict)
	}
	hist, err := e.svc.History(bg, code)
	if err != nil || len(hist) != 2 || hist[0].Name != second || hist[1].Name != first {
		t.Fatalf("history %+v %v", hist, err)
	}
	_, err = e.svc.ChangeName(bg, "registrar:k1", code, ChangeInput{ReservationID: nr.ID})
	wantCode(t, err, apperr.CodeConflict, "已登记", "（register）")
	_, err = e.svc.ChangeName(bg, "registrar:k1", code, ChangeInput{})
	wantCode(t, err, apperr.CodeInvalid)

	// A direct name change runs the check, without the enterprise's own names.
	direct := ChangeInput{Name: "平顶山市星和数联科技有限公司"}
	_, err = e.svc.ChangeName(bg, "registrar:k1", code, ChangeInput{Name: "平顶山市星河科技有限公司"})
	wantRefused(t, err, RefusedBlocked)
	_, err = e.svc.ChangeName(bg, "registrar:k1", code, ChangeInput{Name: "平顶山市青禾数联网络科技有限公司"})
	if err != nil { // same 字号 as its own current name: not a conflict with itself
		t.Fatalf("own 字号 refused: %v", err)
	}
	_ = direct

	e.clk.Set("2026-04-02")
	if res := e.check(first); res.Verdict == name.Block {
		t.Fatalf("old name after a year still blocks: %+v", res.Findings)
	}

	// Cancellation and revocation.
	_, err = e.svc.Revoke(bg, "registrar:k1", code, "")
	wantCode(t, err, apperr.CodeInvalid)
	c, err := e.svc.Cancel(bg, "registrar:k1", code, "股东决议解散")
	if err != nil || c.State != NameCancelled {
		t.Fatalf("cancel %+v %v", c, err)
	}
	ent, _ = e.reg.Get(bg, code)
	if ent.Status != name.StatusCancelled || ent.StatusDate != "2026-04-02" {
		t.Fatalf("registry after cancel %+v", ent)
	}
	if v := e.check(c.Name).Verdict; v != name.Block {
		t.Fatalf("cancelled name within a year: %s", v)
	}
	_, err = e.svc.Cancel(bg, "registrar:k1", code, "")
	wantCode(t, err, apperr.CodeConflict, "已注销", "（cancel）")
	_, err = e.svc.Revoke(bg, "registrar:k1", code, "虚假登记")
	wantCode(t, err, apperr.CodeConflict, "已注销", "（revoke）")

	// An enterprise registered before the lifecycle existed is adopted.
	rv, err := e.svc.Revoke(bg, "staff:s1", e2USCC, "提交虚假材料取得登记")
	if err != nil || rv.State != NameRevoked || rv.Origin != OriginAdopted || len(rv.History) != 2 {
		t.Fatalf("revoke adopted %+v %v", rv, err)
	}
	ent, _ = e.reg.Get(bg, e2USCC)
	if ent.Status != name.StatusRevoked {
		t.Fatalf("registry after revoke %+v", ent)
	}
	_, err = e.svc.Cancel(bg, "registrar:k1", uscc("91410400MA44XX999"), "")
	wantCode(t, err, apperr.CodeNotFound)
	_ = registry.InputOf
}
