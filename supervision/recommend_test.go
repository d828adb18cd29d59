package supervision

import (
	"slices"
	"strings"
	"testing"

	"namescope/config"
)

func item(t *testing.T, code string) *Violation {
	t.Helper()
	for _, v := range Violations() {
		if v.Code == code {
			return &v
		}
	}
	t.Fatalf("no catalogue item %s", code)
	return nil
}

func hasCitation(r Recommendation, article string) bool {
	return slices.ContainsFunc(r.Citations, func(c Citation) bool { return c.Article == article })
}

func measureCodes(r Recommendation) []string {
	var out []string
	for _, m := range r.Measures {
		out = append(out, m.Code)
	}
	return out
}

// Each discretion level, with the rule that reaches it, its measures, its
// fine band and the citations it must carry.
func TestRecommendLevels(t *testing.T) {
	cfg := config.Default().Supervision
	inGrace := Grace{Months: 24, Until: "2027-05-19", InGrace: true, Reason: "小微新经济企业"}
	notFirst := Facts{First: false, FirstReason: "非初次违法"}
	first := Facts{First: true, FirstReason: "初次违法"}
	graceFirst := Facts{First: true, Grace: inGrace, NewEconomy: true}
	graceNotFirst := Facts{First: false, Grace: inGrace, NewEconomy: true}
	tests := []struct {
		name      string
		code      string
		mod       func(*Violation)
		c         Circumstances
		f         Facts
		level     string
		fine      *FineRange
		measures  []string
		citations []string // articles that must be cited
		absent    []string // articles that must not be cited
		reason    string   // a reason must contain this
	}{
		{name: "no fault: Art 33 ¶2", code: "ECO-002", c: Circumstances{Harm: HarmSerious, NoFault: true}, f: notFirst,
			level: LevelNoPenalty, measures: []string{MeasureOrderCorrection, MeasureEducation},
			citations: []string{"第三十三条第二款", "第三十三条第三款"}, reason: "没有主观过错"},
		{name: "no harm and corrected: Art 33 ¶1 shall", code: "ECO-001", c: Circumstances{Harm: HarmNone, Corrected: true}, f: notFirst,
			level: LevelNoPenalty, measures: []string{MeasureOrderCorrection, MeasureEducation},
			citations: []string{"第三十三条第一款", "第三十三条第三款"}, reason: "不予处罚清单（GD-HESHAN-JMZ）"},
		{name: "first, minor harm, corrected: 首违不罚", code: "REG-009", c: Circumstances{Harm: HarmMinor, Corrected: true}, f: first,
			level: LevelNoPenalty, citations: []string{"第三十三条第一款"}, reason: "首违不罚或轻微不罚清单（HN-LINXIANG-SWBF）"},
		{name: "not first, minor harm, corrected: lighter", code: "ECO-002", c: Circumstances{Harm: HarmMinor, Corrected: true}, f: notFirst,
			level: LevelLighter, fine: &FineRange{Min: 20000, Max: 44000}, measures: []string{MeasureOrderCorrection, MeasureFine},
			citations: []string{"第三十四条"}, absent: []string{"第三十三条第一款"}, reason: "最低 30%"},
		{name: "first but a red line: no tolerance", code: "REG-009", c: Circumstances{Harm: HarmMinor, Corrected: true, RedLines: []string{"serious_harm_to_others"}}, f: first,
			level: LevelLighter, fine: &FineRange{Min: 5000, Max: 18500}, absent: []string{"第三十三条第一款"}},
		{name: "grace period, not first, minor harm, not corrected: guidance first", code: "ECO-002", c: Circumstances{Harm: HarmMinor}, f: graceNotFirst,
			level: LevelNoPenalty, measures: []string{MeasureOrderCorrection, MeasureEducation, MeasureAdmonition},
			citations: []string{"第五十五条", "三（四）"}, reason: "指导优先"},
		{name: "grace period and crime: transfer, no grace", code: "ECO-002", c: Circumstances{Harm: HarmMinor, RedLines: []string{"crime"}}, f: graceFirst,
			level: LevelLighter, measures: []string{MeasureTransfer, MeasureOrderCorrection, MeasureFine},
			citations: []string{"第二十七条第一款"}, absent: []string{"第五十五条"}, reason: "红线（涉嫌犯罪）"},
		{name: "grace period and national security: no grace", code: "ECO-002", c: Circumstances{Harm: HarmNone, RedLines: []string{"national_security"}}, f: graceFirst,
			level: LevelOrdinary, absent: []string{"第五十五条"}, reason: "危害国家安全、公共安全"},
		{name: "grace period and serious harm to others: no grace", code: "ECO-002", c: Circumstances{Harm: HarmMinor, RedLines: []string{"serious_harm_to_others"}}, f: graceNotFirst,
			level: LevelLighter, absent: []string{"第五十五条"}, reason: "严重损害他人合法权益"},
		{name: "grace period and safety risk: no grace", code: "ECO-002", c: Circumstances{Harm: HarmMinor, RedLines: []string{"safety_risk"}}, f: graceNotFirst,
			level: LevelLighter, absent: []string{"第五十五条"}, reason: "存在安全隐患"},
		{name: "grace period, food domain excluded", code: "FOOD-001", c: Circumstances{Harm: HarmMinor}, f: graceNotFirst,
			level: LevelLighter, absent: []string{"第五十五条"}, reason: "安全底线领域"},
		{name: "grace period, serious harm: no grace", code: "ECO-002", c: Circumstances{Harm: HarmSerious}, f: graceFirst,
			level: LevelHeavier, fine: &FineRange{Min: 76000, Max: 100000}, absent: []string{"第五十五条"}},
		{name: "fine only after refusal to correct: order correction", code: "ECO-009", c: Circumstances{Harm: HarmMinor}, f: notFirst,
			level: LevelNoPenalty, measures: []string{MeasureOrderCorrection}, reason: "逾期不改正的"},
		{name: "refused correction: ordinary", code: "ECO-009", c: Circumstances{Harm: HarmNone, RefusedCorrection: true}, f: notFirst,
			level: LevelOrdinary, fine: &FineRange{Min: 44000, Max: 76000}, reason: "一般处罚"},
		{name: "Art 32 and a 减轻 list: mitigated below the minimum", code: "REG-002", c: Circumstances{Harm: HarmMinor, Mitigating: []string{"eliminated_harm"}}, f: notFirst,
			level: LevelMitigated, fine: &FineRange{Min: 0, Max: 50000}, citations: []string{"第三十二条"}, reason: "减轻处罚清单（JX-JQ-1.0）"},
		{name: "Art 32 without a list: lighter", code: "ECO-002", c: Circumstances{Harm: HarmNone, Mitigating: []string{"confessed"}}, f: notFirst,
			level: LevelLighter, fine: &FineRange{Min: 20000, Max: 44000}, citations: []string{"第三十二条"}},
		{name: "Art 32, 减轻 list, no statutory floor: warning", code: "REG-002", mod: func(v *Violation) { v.Fine.Min = 0 },
			c: Circumstances{Harm: HarmMinor, Mitigating: []string{"coerced"}}, f: notFirst,
			level: LevelMitigated, measures: []string{MeasureOrderCorrection, MeasureWarning}, reason: "法定罚款无下限"},
		{name: "从轻 list: lighter", code: "ADV-002", c: Circumstances{Harm: HarmNone}, f: notFirst,
			level: LevelLighter, fine: &FineRange{Min: 0, Max: 30000}, reason: "从轻处罚清单（SC-CHENGDU-2020-CQ）"},
		{name: "nothing: ordinary", code: "ECO-002", c: Circumstances{Harm: HarmNone}, f: notFirst,
			level: LevelOrdinary, fine: &FineRange{Min: 44000, Max: 76000}, absent: []string{"第三十二条"}},
		{name: "aggravating: heavier", code: "ECO-002", c: Circumstances{Harm: HarmMinor, Aggravating: []string{"obstruction"}}, f: notFirst,
			level: LevelHeavier, fine: &FineRange{Min: 76000, Max: 100000}, reason: "从重情节"},
		{name: "aggravating and Art 32: ordinary", code: "ECO-002", c: Circumstances{Harm: HarmSerious, Mitigating: []string{"cooperated"}}, f: notFirst,
			level: LevelOrdinary, citations: []string{"第三十二条"}, reason: "按一般处罚"},
		{name: "no fixed range: the rule", code: "ADV-004", c: Circumstances{Harm: HarmNone}, f: notFirst,
			level: LevelOrdinary, measures: []string{MeasureOrderCorrection, MeasureWarning}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			if err := c.Normalize(); err != nil {
				t.Fatal(err)
			}
			v := item(t, tc.code)
			if tc.mod != nil {
				tc.mod(v)
			}
			r := Recommend(cfg, v, c, tc.f)
			if r.Level != tc.level {
				t.Fatalf("level %s, want %s; reasons %v", r.Level, tc.level, r.Reasons)
			}
			if r.LevelLabel != LevelLabel(tc.level) {
				t.Errorf("label %q", r.LevelLabel)
			}
			if tc.fine != nil && (r.FineRange == nil || *r.FineRange != *tc.fine) {
				t.Errorf("fine range %+v, want %+v", r.FineRange, tc.fine)
			}
			if tc.level == LevelNoPenalty && r.FineRange != nil {
				t.Errorf("no penalty with a fine range %+v", r.FineRange)
			}
			if tc.measures != nil && !slices.Equal(measureCodes(r), tc.measures) {
				t.Errorf("measures %v, want %v", measureCodes(r), tc.measures)
			}
			for _, a := range tc.citations {
				if !hasCitation(r, a) {
					t.Errorf("no citation of %s: %+v", a, r.Citations)
				}
			}
			for _, a := range tc.absent {
				if hasCitation(r, a) {
					t.Errorf("cites %s, must not", a)
				}
			}
			if tc.reason != "" && !slices.ContainsFunc(r.Reasons, func(s string) bool { return strings.Contains(s, tc.reason) }) {
				t.Errorf("no reason with %q: %v", tc.reason, r.Reasons)
			}
			for _, c := range r.Citations {
				if c.Law == "" || c.Article == "" || c.Text == "" {
					t.Errorf("incomplete citation %+v", c)
				}
			}
			// Deterministic.
			again := Recommend(cfg, v, c, tc.f)
			if !slices.Equal(again.Reasons, r.Reasons) || !slices.Equal(again.Citations, r.Citations) {
				t.Error("not deterministic")
			}
		})
	}
}

// The bands follow the configuration.
func TestRecommendBandsConfigurable(t *testing.T) {
	cfg := config.Default().Supervision
	cfg.LighterBandPercent, cfg.HeavierBandPercent, cfg.MitigatedFloorPercent = 20, 40, 50
	v := item(t, "REG-002") // 50,000–200,000
	tests := []struct {
		name  string
		c     Circumstances
		level string
		want  FineRange
	}{
		{"lighter 20 %", Circumstances{Harm: HarmMinor}, LevelLighter, FineRange{Min: 50000, Max: 80000}},
		{"ordinary 20–60 %", Circumstances{Harm: HarmNone}, LevelOrdinary, FineRange{Min: 80000, Max: 140000}},
		{"heavier top 40 %", Circumstances{Harm: HarmSerious}, LevelHeavier, FineRange{Min: 140000, Max: 200000}},
		{"mitigated from half the minimum", Circumstances{Harm: HarmMinor, Mitigating: []string{"coerced"}}, LevelMitigated, FineRange{Min: 25000, Max: 50000}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			if err := c.Normalize(); err != nil {
				t.Fatal(err)
			}
			r := Recommend(cfg, v, c, Facts{})
			if r.Level != tc.level || r.FineRange == nil || *r.FineRange != tc.want {
				t.Fatalf("%s %+v, want %s %+v", r.Level, r.FineRange, tc.level, tc.want)
			}
		})
	}
}

func TestCircumstancesNormalize(t *testing.T) {
	tests := []struct {
		name string
		c    Circumstances
		want string
	}{
		{"harm missing", Circumstances{}, "缺少 circumstances.harm"},
		{"harm unknown", Circumstances{Harm: "big"}, "circumstances.harm 应为"},
		{"mitigating unknown", Circumstances{Harm: HarmNone, Mitigating: []string{"sorry"}}, "circumstances.mitigating[0]"},
		{"aggravating unknown", Circumstances{Harm: HarmNone, Aggravating: []string{"x"}}, "circumstances.aggravating[0]"},
		{"red line unknown", Circumstances{Harm: HarmNone, RedLines: []string{"tax"}}, "circumstances.red_lines[0]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Normalize()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v, want %q", err, tc.want)
			}
		})
	}
}
