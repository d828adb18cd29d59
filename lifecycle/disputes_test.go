package lifecycle

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"namescope/apperr"
	"namescope/credit"
	"namescope/name"
	"namescope/registry"
)

const respondentName = "平顶山市星和科技有限公司"

var respUSCC = uscc("91410400MA44XH101")

func (e *env) putRespondent() {
	e.t.Helper()
	_, err := e.reg.Put(bg, "test", registry.Input{Name: respondentName, USCC: respUSCC, Status: "active", IndustryCode: "I65", AuthorityCode: "410400", EntType: "limited_company"})
	if err != nil {
		e.t.Fatal(err)
	}
}

func fileIn() FileInput {
	return FileInput{
		Applicant:      Party{Name: "平顶山市星河科技有限公司", USCC: e1USCC, Contact: "0375-1234567"},
		RespondentUSCC: respUSCC,
		Claims:         "请求责令被申请人停止使用“平顶山市星和科技有限公司”名称",
		Facts:          "申请人 2019 年登记，字号“星河”在本市软件行业有一定影响；被申请人字号“星和”与之读音相同，足以使公众误认。",
		Evidence:       []Upload{{Filename: "营业执照.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 licence")}},
	}
}

func TestDisputeWorkflowSurvivesRestarts(t *testing.T) {
	e := newEnv(t, "2025-09-01")
	e.putRespondent()

	e.clk.Set("2025-09-26") // a Friday before the National Day holiday
	d, appToken, err := e.svc.File(bg, "public", fileIn())
	if err != nil {
		t.Fatal(err)
	}
	if d.State != DspReceived || d.ReceivedOn != "2025-09-26" || d.AcceptDue != "2025-10-10" || appToken == "" {
		t.Fatalf("filed %+v", d)
	}
	rep := d.Report
	if rep == nil || rep.Applicant.TradeName != "星河" || rep.Respondent.TradeName != "星和" || rep.ApplicantInCheck != "similar" || len(rep.Reasons) == 0 || rep.Reasons[0].Code != name.ReasonHomophone {
		t.Fatalf("similarity report %+v", rep)
	}
	if len(d.Evidence) != 1 || d.Evidence[0].Party != PartyApplicant || d.Evidence[0].Size != len("%PDF-1.4 licence") {
		t.Fatalf("evidence %+v", d.Evidence)
	}

	e = e.restart()
	ref, ok, _ := e.svc.Token(bg, appToken)
	if !ok || ref.Kind != KindDispute || ref.ID != d.ID || ref.Party != PartyApplicant {
		t.Fatalf("applicant token after restart: %+v", ref)
	}
	f, err := e.svc.Evidence(bg, d.ID, 1)
	if err != nil || !bytes.Equal(f.Data, []byte("%PDF-1.4 licence")) {
		t.Fatalf("evidence after restart: %v", err)
	}

	e.clk.Set("2025-09-29")
	if d, err = e.svc.RequestMaterial(bg, "staff:a", d.ID, "缺少字号使用时间和知名度的证明"); err != nil || d.State != DspMaterialRequested {
		t.Fatalf("request material %+v %v", d, err)
	}
	_, err = e.svc.Accept(bg, "staff:a", d.ID, "")
	wantCode(t, err, apperr.CodeConflict, "已告知补正材料", "（accept）")
	e.clk.Set("2025-09-30")
	d, err = e.svc.Supplement(bg, PartyApplicant+":"+d.ID, d.ID, "补充广告合同和获奖证书", []Upload{{Filename: "合同.pdf", Data: []byte("contract")}})
	if err != nil || d.State != DspReceived || d.AcceptDue != "2025-10-14" || len(d.Evidence) != 2 {
		t.Fatalf("supplement %+v %v", d, err)
	}
	_, err = e.svc.RequestMaterial(bg, "staff:a", d.ID, "再补")
	wantCode(t, err, apperr.CodeConflict, "只能一次性告知")

	e.clk.Set("2025-10-09")
	d, err = e.svc.Accept(bg, "staff:a", d.ID, "")
	if err != nil || d.AcceptedOn != "2025-10-09" || d.ServeDue != "2025-10-15" || d.RulingDue != "2026-01-09" {
		t.Fatalf("accept %+v %v", d, err)
	}

	e = e.restart()
	e.clk.Set("2025-10-16") // one working day late
	d, respToken, err := e.svc.Serve(bg, "staff:a", d.ID, "邮寄送达")
	if err != nil || d.AnswerDue != "2025-10-30" || respToken == "" {
		t.Fatalf("serve %+v %v", d, err)
	}
	if last := d.Timeline[len(d.Timeline)-1]; !last.Late || !strings.Contains(last.Note, "已超过送达期限 2025-10-15") {
		t.Fatalf("late service not recorded: %+v", last)
	}
	if ref, ok, _ := e.svc.Token(bg, respToken); !ok || ref.Party != PartyRespondent {
		t.Fatalf("respondent token %+v", ref)
	}
	e.clk.Set("2025-10-20")
	_, err = e.svc.DraftRuling(bg, actorSigner("staff:b"), d.ID, OutcomeMustChange, "理由")
	wantCode(t, err, apperr.CodeConflict, "答辩期至 2025-10-30")
	_, err = e.svc.Mediate(bg, "staff:b", d.ID, true, "协议")
	wantCode(t, err, apperr.CodeConflict, "答辩期至 2025-10-30")

	// Recusal: staff a declares an interest and is out of the case.
	if _, err = e.svc.DeclareInterest(bg, "staff:a", d.ID, "与被申请人股东系近亲属"); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.DeclareInterest(bg, "staff:a", d.ID, "again")
	wantCode(t, err, apperr.CodeConflict)
	_, err = e.svc.Extend(bg, "staff:a", d.ID, "复杂", "2026-02-09")
	wantCode(t, err, apperr.CodeForbidden)

	// One extension of the ruling deadline, with its reason.
	if d, err = e.svc.Extend(bg, "staff:b", d.ID, "需调取行业协会证明，案情复杂", "2026-02-09"); err != nil || d.RulingDue != "2026-02-09" || d.Extension.PreviousDue != "2026-01-09" {
		t.Fatalf("extend %+v %v", d, err)
	}
	_, err = e.svc.Extend(bg, "staff:b", d.ID, "again", "2026-03-09")
	wantCode(t, err, apperr.CodeConflict, "只能延长一次")

	// Silence does not stop the case.
	e.clk.Set("2025-10-31")
	if d, err = e.svc.Mediate(bg, "staff:b", d.ID, false, "被申请人未到场"); err != nil || d.State != DspMediationFailed {
		t.Fatalf("mediation %+v %v", d, err)
	}
	_, err = e.svc.Answer(bg, PartyRespondent+":"+d.ID, d.ID, "不同意", nil)
	wantCode(t, err, apperr.CodeConflict, "调解不成", "（answer）")
	_, err = e.svc.DraftRuling(bg, actorSigner("staff:a"), d.ID, OutcomeMustChange, "理由")
	wantCode(t, err, apperr.CodeForbidden)
	if d, err = e.svc.DraftRuling(bg, actorSigner("staff:b"), d.ID, OutcomeMustChange, "两字号读音相同，被申请人登记在后，足以使公众误认"); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Sign(bg, actorSigner("staff:b"), d.ID)
	wantCode(t, err, apperr.CodeConflict, "两名不同")
	_, err = e.svc.Sign(bg, actorSigner("admin:z"), d.ID)
	wantCode(t, err, apperr.CodeForbidden)
	_, err = e.svc.Sign(bg, actorSigner("staff:a"), d.ID)
	wantCode(t, err, apperr.CodeForbidden, "回避")
	if d, err = e.svc.Sign(bg, actorSigner("staff:c"), d.ID); err != nil {
		t.Fatal(err)
	}
	if d.State != DspOrdered || d.Outcome != OutcomeMustChange || d.Ruling.ChangeDue != "2025-12-01" || d.ClosedOn != "2025-10-31" ||
		strings.Join(d.Ruling.Signers, ",") != "staff:b,staff:c" {
		t.Fatalf("ruling %+v %+v", d, d.Ruling)
	}
	_, err = e.svc.Sign(bg, actorSigner("staff:d"), d.ID)
	wantCode(t, err, apperr.CodeConflict, "裁决责令停止使用名称")

	st, err := e.svc.Status(bg, respUSCC)
	if err != nil || !st.Masked || st.DisplayName != respUSCC || st.ChangeDue != "2025-12-01" || st.State != NameOrdered {
		t.Fatalf("status %+v %v", st, err)
	}
	ent, _ := e.reg.Get(bg, respUSCC)
	pub, err := e.svc.PublicEnterprise(bg, ent)
	if err != nil || pub.Name != respUSCC || pub.TradeName != "" || ent.Name != respondentName {
		t.Fatalf("public view %+v %v", pub, err)
	}
	// The ordered name still blocks identical names.
	if v := e.check(respondentName).Verdict; v != name.Block {
		t.Fatalf("ordered name check %s", v)
	}

	e = e.restart()
	e.clk.Set("2025-12-01") // 30 days end on Sunday 11-30: the period ends Monday
	if rep, err := e.svc.Sweep(bg); err != nil || rep.Flagged != 0 {
		t.Fatalf("sweep on the last day %+v %v", rep, err)
	}
	e.clk.Set("2025-12-02")
	if rep, err := e.svc.Sweep(bg); err != nil || rep.Flagged != 1 {
		t.Fatalf("sweep after the last day %+v %v", rep, err)
	}
	abn, err := e.svc.Abnormal(bg, respUSCC)
	if err != nil || abn.ListedOn != "2025-12-02" || abn.DisputeID != d.ID || abn.RemovedOn != "" {
		t.Fatalf("abnormal entry %+v %v", abn, err)
	}
	// The listing is the credit module's, written in the sweep's
	// transaction with its credit event; the outbox topic is retired.
	if pending, _ := e.db.Pending("abnormal", 10); len(pending) != 0 {
		t.Fatalf("abnormal outbox %+v", pending)
	}
	cf, err := e.cr.File(bg, respUSCC, true)
	if err != nil || len(cf.Lists.Abnormal) != 1 || cf.Lists.Abnormal[0].Reason != credit.GroundNameChange ||
		cf.Lists.Abnormal[0].ID != abn.ListingID || cf.Events[0].Kind != credit.KindAbnormalListed ||
		cf.Events[1].Kind != credit.KindNameChangeOrdered {
		t.Fatalf("credit file after listing %+v %v", cf, err)
	}
	if st, _ := e.svc.Status(bg, respUSCC); !st.AbnormalListed || !st.Masked {
		t.Fatalf("status after listing %+v", st)
	}

	// The change must drop the infringing 字号.
	sameTrade := ChangeInput{Name: "平顶山市星和网络科技有限公司", Declaration: Declaration{Commitment: true, CommitmentText: name.CommitmentText()}}
	_, err = e.svc.ChangeName(bg, "registrar:r", respUSCC, sameTrade)
	wantCode(t, err, apperr.CodeConflict, "不得继续使用原字号")
	ch, err := e.svc.ChangeName(bg, "registrar:r", respUSCC, ChangeInput{Name: "平顶山市澜岳数联科技有限公司"})
	if err != nil || ch.Old.State != NameChanged || ch.New.State != NameRegistered {
		t.Fatalf("change %+v %v", ch, err)
	}
	abn, _ = e.svc.Abnormal(bg, respUSCC)
	if abn.RemovedOn != "2025-12-02" || len(abn.History) != 2 {
		t.Fatalf("abnormal removal %+v", abn)
	}
	if st, _ := e.svc.Status(bg, respUSCC); st.Masked || st.DisplayName != "平顶山市澜岳数联科技有限公司" {
		t.Fatalf("status after change %+v", st)
	}

	// Every step is in the audit log, with before and after.
	page, err := e.svc.Audit(bg, AuditQuery{ObjectPrefix: auditObjectCase + d.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range page.Entries {
		var a struct {
			Action string          `json:"action"`
			Before json.RawMessage `json:"before"`
			After  json.RawMessage `json:"after"`
		}
		_ = json.Unmarshal(r.Entry, &a)
		actions = append(actions, a.Action)
		if len(a.After) == 0 || (a.Action != "dispute.file" && len(a.Before) == 0) {
			t.Fatalf("audit entry without before/after: %s", r.Entry)
		}
	}
	want := "dispute.file dispute.request_material dispute.supplement dispute.accept dispute.serve dispute.declare_interest dispute.extend dispute.mediate_failure dispute.draft_ruling dispute.sign_order"
	if strings.Join(actions, " ") != want {
		t.Fatalf("audit actions\n got %s\nwant %s", strings.Join(actions, " "), want)
	}
	page, _ = e.svc.Audit(bg, AuditQuery{Actor: "staff:c"})
	if len(page.Entries) != 4 { // the ruling, the order on the name, the masking of its record and the order's credit event
		t.Fatalf("staff:c audit entries: %d", len(page.Entries))
	}
	// Pages chain.
	first, _ := e.svc.Audit(bg, AuditQuery{Limit: 3})
	second, _ := e.svc.Audit(bg, AuditQuery{Limit: 3, After: first.Entries[2].Seq})
	if first.Next == "" || second.Entries[0].Seq <= first.Entries[2].Seq {
		t.Fatalf("pagination %v / %v", first.Next, second.Entries[0].Seq)
	}
}

func TestDisputeQueueAndEvidenceLimits(t *testing.T) {
	e := newEnv(t, "2025-09-01")
	e.putRespondent()
	late, _, err := e.svc.File(bg, "public", fileIn()) // accept due 2025-09-08
	if err != nil {
		t.Fatal(err)
	}
	e.clk.Set("2025-09-26")
	soon, _, _ := e.svc.File(bg, "public", fileIn()) // due 2025-10-10
	rejected, _, _ := e.svc.File(bg, "public", fileIn())
	if _, err := e.svc.Reject(bg, "staff:a", rejected.ID, "同一事实已经裁决"); err != nil {
		t.Fatal(err)
	}
	e.clk.Set("2025-10-09")
	normal, _, _ := e.svc.File(bg, "public", fileIn()) // due 2025-10-16
	list, total, err := e.svc.ListDisputes(bg, DisputeQuery{})
	if err != nil || total != 4 {
		t.Fatal(err, total)
	}
	var ids []string
	for _, x := range list {
		ids = append(ids, x.ID)
	}
	if strings.Join(ids, ",") != strings.Join([]string{late.ID, soon.ID, normal.ID, rejected.ID}, ",") {
		t.Fatalf("queue order %v", ids)
	}
	if !list[0].Deadlines.Overdue || !list[1].Deadlines.DueSoon || *list[1].Deadlines.WorkingDaysLeft != 1 || list[2].Deadlines.DueSoon || list[3].Deadlines.NextDue != "" {
		t.Fatalf("deadlines %+v", list)
	}
	only, _, _ := e.svc.ListDisputes(bg, DisputeQuery{States: []DisputeState{DspRejected}})
	if len(only) != 1 || only[0].ID != rejected.ID {
		t.Fatalf("state filter %+v", only)
	}
	_, _, err = e.svc.ListDisputes(bg, DisputeQuery{States: []DisputeState{"nope"}})
	wantCode(t, err, apperr.CodeInvalid)

	// Evidence limits, and nothing is written when they are exceeded.
	in := fileIn()
	in.Evidence = []Upload{{Filename: "big.bin", Data: make([]byte, DefaultLimits.FileBytes+1)}}
	_, _, err = e.svc.File(bg, "public", in)
	wantCode(t, err, apperr.CodeInvalid, "过大")
	in.Evidence = []Upload{{Filename: "", Data: []byte("x")}}
	_, _, err = e.svc.File(bg, "public", in)
	wantCode(t, err, apperr.CodeInvalid, "文件名")
	in.Evidence = nil
	in.RespondentUSCC = e1USCC
	_, _, err = e.svc.File(bg, "public", in)
	wantCode(t, err, apperr.CodeInvalid, "同一企业")
	in = fileIn()
	in.Applicant.Name = "平顶山市星海科技有限公司"
	_, _, err = e.svc.File(bg, "public", in)
	wantCode(t, err, apperr.CodeInvalid, "不一致")
	if _, total, _ := e.svc.ListDisputes(bg, DisputeQuery{}); total != 4 {
		t.Fatalf("refused filings wrote cases: %d", total)
	}
	// A dismissed case leaves the respondent's name alone.
	d := normal
	e.clk.Set("2025-10-10")
	d, _ = e.svc.Accept(bg, "staff:a", d.ID, "")
	d, _, _ = e.svc.Serve(bg, "staff:a", d.ID, "")
	if d, err = e.svc.Answer(bg, "staff:a", d.ID, "书面答辩：字号系独立创作", []Upload{{Filename: "答辩.pdf", Data: []byte("a")}}); err != nil || d.Answer.By != "staff:a" || d.Evidence[len(d.Evidence)-1].Party != "staff" {
		t.Fatalf("answer %+v %v", d, err)
	}
	d, _ = e.svc.DraftRuling(bg, actorSigner("staff:a"), d.ID, OutcomeDismissed, "两名称行业不同")
	if d, err = e.svc.Sign(bg, actorSigner("staff:b"), d.ID); err != nil || d.State != DspDismissed {
		t.Fatalf("dismissal %+v %v", d, err)
	}
	if st, _ := e.svc.Status(bg, respUSCC); st.Masked || st.State != NameRegistered {
		t.Fatalf("status after dismissal %+v", st)
	}
}
