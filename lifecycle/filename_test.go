package lifecycle

import (
	"strings"
	"testing"

	"namescope/apperr"
)

func TestCleanFilename(t *testing.T) {
	cases := []struct{ in, want string }{
		{"营业执照.pdf", "营业执照.pdf"},
		{"  合同.pdf  ", "合同.pdf"},
		{"C:\\Users\\张三\\证据.jpg", "证据.jpg"},
		{"../../etc/passwd", "passwd"},
		{"证\x00据\n.pdf", "证据.pdf"},
		{`证"据".pdf`, "证据.pdf"},
		// A right-to-left override shows 证据\u202Egpj.exe as 证据exe.jpg.
		{"证据\u202egpj.exe", "证据gpj.exe"},
		{"证据\u2067gpj.exe\u2069", "证据gpj.exe"},
		{"\ufeff证据.pdf", "证据.pdf"},
		{"证\u200b据\u200d.pdf", "证据.pdf"},
		{"证据\u00ad.pdf\U000E0001", "证据.pdf"},
		{"证据\ufe0f.png", "证据.png"},
		{"目录/\u200b", "目录"},
		{"\u200b\u200c", "未命名文件"},
		{"", "未命名文件"},
		{"/", "未命名文件"},
		{"..", "未命名文件"},
		// Not default-ignorable: kept.
		{"报告\u3000终稿.docx", "报告\u3000终稿.docx"},
		{"\u0600.txt", "\u0600.txt"},
	}
	for _, c := range cases {
		if got := cleanFilename(c.in); got != c.want {
			t.Errorf("cleanFilename(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// An evidence file filed under a name with a bidi override is stored and
// served under the cleaned name.
func TestEvidenceFilenameStoredClean(t *testing.T) {
	e := newEnv(t, "2025-09-01")
	e.putRespondent()
	in := fileIn()
	in.Evidence = []Upload{{Filename: "证据\u202egpj.exe", ContentType: "image/jpeg", Data: []byte("MZ not a picture")}}
	d, _, err := e.svc.File(bg, "public", in)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Evidence) != 1 || d.Evidence[0].Filename != "证据gpj.exe" {
		t.Fatalf("evidence %+v", d.Evidence)
	}
	f, err := e.svc.Evidence(bg, d.ID, 1)
	if err != nil || f.Filename != "证据gpj.exe" {
		t.Fatalf("stored evidence %+v %v", f, err)
	}
}

// Reservations and name changes reach the name through the check
// (Request.Validate): an invisible character is refused on both paths,
// with its position, before anything is written.
func TestLifecycleRefusesIgnorableNames(t *testing.T) {
	e := newEnv(t, "2025-03-10")
	_, _, err := e.svc.Reserve(bg, "public", reserveIn("平顶山市沃川\u200b智联科技有限公司"))
	wantCode(t, err, apperr.CodeInvalid, "name 第 7 个字符（U+200B）", "不可见")

	_, err = e.svc.ChangeName(bg, "registrar:k1", e1USCC, ChangeInput{Name: "平顶山市沃川智联\u2060科技有限公司", Reason: "经营需要"})
	wantCode(t, err, apperr.CodeInvalid, "name 第 9 个字符（U+2060）", "不可见")

	// Nothing was reserved: the clean name is still free.
	if _, _, err := e.svc.Reserve(bg, "public", reserveIn("平顶山市沃川智联科技有限公司")); err != nil {
		t.Fatalf("clean name after the refusals: %v", err)
	}
}

// Texts staff read (party names, claims) refuse invisible characters: a
// bidi override would make what staff read differ from what was sent.
func TestCheckTextRefusesInvisibleCharacters(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"plain", "平顶山市星河科技有限公司", ""},
		{"bidi override", "平顶山市\u202e司公限有", "第 5 个字符（U+202E）"},
		{"zero-width joiner", "张\u200d三", "第 2 个字符（U+200D）"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkText("applicant.name（申请人名称）", tc.text, 60, true)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(apperr.MessageOf(err), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
