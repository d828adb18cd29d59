package dict

import (
	"strings"
	"testing"
)

// Every row carries a category, a citation and its provenance, and the
// sector rows cite the law that restricts the word.
func TestLexiconRows(t *testing.T) {
	sectorLaw := map[string]string{
		"financial":          "第十一条第（九）项",
		"medical":            "第十一条第（九）项",
		"education":          "教育",
		"school":             "民办教育促进法》第十九条",
		"public_institution": "《企业名称登记管理规定》第十一条",
		"protected_name":     "第十五条",
	}
	count := map[string]int{}
	for _, e := range LexiconEntries() {
		count[e.Category]++
		if e.Source == "" || !strings.HasPrefix(e.Source, "authored: ") {
			t.Errorf("%s: provenance %q", e.Word, e.Source)
		}
		if !strings.Contains(e.Rule, "《") {
			t.Errorf("%s: rule %q cites no text", e.Word, e.Rule)
		}
		if law, ok := sectorLaw[e.Category]; ok && !strings.Contains(e.Rule, law) {
			t.Errorf("%s (%s): rule %q lacks %q", e.Word, e.Category, e.Rule, law)
		}
		for _, x := range e.Except {
			if !strings.Contains(x, e.Word) {
				t.Errorf("%s: exception %q does not contain the word", e.Word, x)
			}
		}
		switch e.Category {
		case "financial", "medical", "education":
			if e.Severity != "approval" {
				t.Errorf("%s: %s word with severity %s, want approval", e.Word, e.Category, e.Severity)
			}
		case "protected_name":
			// An institution's own companies use its name with its
			// authorisation, which the check cannot see.
			if e.Severity != "warn" {
				t.Errorf("%s: %s word with severity %s, want warn", e.Word, e.Category, e.Severity)
			}
		default:
			if e.Severity != "block" {
				t.Errorf("%s: %s word with severity %s, want block", e.Word, e.Category, e.Severity)
			}
		}
	}
	for c := range sectorLaw {
		if count[c] == 0 {
			t.Errorf("no %s rows", c)
		}
	}
}

func TestLexiconWhere(t *testing.T) {
	for _, tc := range []struct {
		text           string
		tnStart, tnEnd int
		want           string // word matched, "" = none
		category       string
	}{
		// InIndustry: the word says what the enterprise is.
		{"平顶山市朗益口腔诊所有限公司", 4, 8, "诊所", "medical"},
		{"平顶山市星光幼儿园", 4, 6, "幼儿园", "education"},
		{"平顶山市华育小学（集团）有限公司", 4, 8, "小学", "school"},
		{"平顶山市康宁宠物医院连锁有限公司", 4, 10, "宠物医院", "medical"},
		{"东平县尚武跆拳道培训学校有限公司", 3, 12, "学校", "education"},
		{"平顶山市平煤集团财务有限公司", 4, 8, "集团财务", "financial"},
		{"平顶山市康宁医院（集团）有限公司", 4, 8, "医院", "medical"},
		// … not when more follows it (the owner's or the place's name in a
		// firm of another trade), nor in its exceptions.
		{"平顶山市华育实验小学教育科技有限公司", 4, 10, "", ""},
		{"曲阜市实验小学服装加工厂", 3, 7, "", ""},
		{"乐清市人民医院服务公司", 3, 7, "", ""},
		{"平顶山市中学友农业生态有限公司", 4, 7, "", ""},
		{"平顶山市工业大学五塑实业有限公司", 4, 10, "", ""},
		{"平顶山市佳穗医院管理有限公司", 4, 8, "", ""},
		{"平顶山市高中压阀门有限公司", 4, 7, "", ""},
		{"平顶山市星光小学生托管服务有限公司", 4, 9, "", ""},
		{"平顶山市博宇财务有限公司", 4, 6, "", ""},
		// Anywhere, with exceptions of another meaning.
		{"平顶山市瑞达保险代理有限公司", 4, 6, "保险", "financial"},
		{"平顶山市金盾保险柜制造有限公司", 4, 6, "", ""},
		{"平顶山市友谊信托商店", 4, 6, "", ""},
		{"平顶山市红十字绣工艺品有限公司", 4, 8, "", ""},
		// The longer word is the one meant.
		{"平顶山市康泰人民医院有限公司", 4, 8, "人民医院", "public_institution"},
		{"平顶山市湛河妇幼保健院有限公司", 4, 6, "妇幼保健院", "public_institution"},
		{"平顶山市人民银行服务有限公司", 4, 8, "人民银行", "public_institution"},
		{"平顶山市中央投资咨询有限公司", 4, 6, "中央投资", "misleading"},
	} {
		ms := MatchLexicon(tc.text, tc.tnStart, tc.tnEnd)
		switch {
		case tc.want == "" && len(ms) > 0:
			t.Errorf("%s: unexpected %+v", tc.text, ms)
		case tc.want != "" && len(ms) != 1:
			t.Errorf("%s: %d matches %+v, want %s", tc.text, len(ms), ms, tc.want)
		case tc.want != "" && (ms[0].Entry.Word != tc.want || ms[0].Entry.Category != tc.category):
			t.Errorf("%s: %s (%s), want %s (%s)", tc.text, ms[0].Entry.Word, ms[0].Entry.Category, tc.want, tc.category)
		}
	}
}

func TestHasOtherMeaning(t *testing.T) {
	for w, want := range map[string]bool{"朝阳": true, "东方": true, "朝阳市": false, "河南": false, "平顶山": false} {
		if got := HasOtherMeaning(w); got != want {
			t.Errorf("HasOtherMeaning(%s) = %v", w, got)
		}
	}
}
