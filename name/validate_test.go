package name_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"namescope/apperr"
	"namescope/name"
)

func TestValidateName(t *testing.T) {
	long := strings.Repeat("星", name.MaxNameRunes+1)
	cases := []struct {
		field, in string
		want      []string // substrings of the message; nil: valid
	}{
		{"name", "平顶山市星河科技有限公司", nil},
		{"name", "平顶山市星河科技（集团）有限公司", nil},
		{"name", strings.Repeat("星", name.MaxNameRunes), nil},
		{"name", "", []string{"name 不能为空"}},
		{"name", " \u3000 ", []string{"name 不能为空"}},
		{"name", "平顶山\xff星河", []string{"name 第 4 个字符", "UTF-8"}},
		{"name", long, []string{"name 过长", "最多 60 个字符"}},
		{"name", "平顶山市\t星河科技有限公司", []string{"name 第 5 个字符（U+0009）是控制字符"}},
		{"name", "平顶山市星河科技有限公司\u0085", []string{"name 第 13 个字符（U+0085）是控制字符"}},
		{"name", "平顶山市\u200b星河科技有限公司", []string{"name 第 5 个字符（U+200B）是不可见的格式字符，请删除后重新输入"}},
		{"name", "\ufeff平顶山市星河科技有限公司", []string{"name 第 1 个字符（U+FEFF）是不可见的格式字符"}},
		{"name", "平顶山市星河\u200d科技有限公司", []string{"第 7 个字符（U+200D）"}},
		{"name", "平顶山市星河\u202e科技有限公司", []string{"第 7 个字符（U+202E）"}},
		{"name", "平顶山市星河\u2066科技有限公司", []string{"第 7 个字符（U+2066）"}},
		{"name", "平顶山市星\u00ad河科技有限公司", []string{"第 6 个字符（U+00AD）"}},
		{"name", "平顶山市星\u034f河科技有限公司", []string{"第 6 个字符（U+034F）"}},
		{"name", "平顶山市星河\ufe0e科技有限公司", []string{"第 7 个字符（U+FE0E）"}},
		{"name", "平顶山市星河\U000E0101科技有限公司", []string{"第 7 个字符（U+E0101）"}},
		{"name", "平顶山市星河\U000E0020科技有限公司", []string{"第 7 个字符（U+E0020）"}},
		{"name", "平顶山市\u3164星河科技有限公司", []string{"第 5 个字符（U+3164）"}},
		{"name", "平顶山市\uffa0星河科技有限公司", []string{"第 5 个字符（U+FFA0）"}},
		{"name", "平顶山市\u115f星河科技有限公司", []string{"第 5 个字符（U+115F）"}},
		{"name", "平顶山市星河\u180e科技有限公司", []string{"第 7 个字符（U+180E）"}},
		{"new_name", "平顶山市\u2060星河科技有限公司", []string{"new_name 第 5 个字符（U+2060）"}},
	}
	for _, c := range cases {
		err := name.ValidateName(c.field, c.in)
		if c.want == nil {
			if err != nil {
				t.Errorf("ValidateName(%q) = %v, want nil", c.in, err)
			}
			continue
		}
		if apperr.CodeOf(err) != apperr.CodeInvalid {
			t.Errorf("ValidateName(%q) = %v, want an invalid error", c.in, err)
			continue
		}
		for _, w := range c.want {
			if msg := apperr.MessageOf(err); !strings.Contains(msg, w) {
				t.Errorf("ValidateName(%q): message %q lacks %q", c.in, msg, w)
			}
		}
	}
}

// The check refuses the name before it reaches the registry.
func TestCheckRefusesIgnorableCharacters(t *testing.T) {
	chk := &name.Checker{Registry: scanRegistry(fixture()), Now: func() time.Time { return today }}
	for _, nm := range []string{"平顶山市星\u200b河科技有限公司", " 平顶山市星河科技有限公司\u200c "} {
		_, err := chk.Check(context.Background(), name.Request{Name: nm, AuthorityCode: "410400"})
		if apperr.CodeOf(err) != apperr.CodeInvalid || !strings.Contains(apperr.MessageOf(err), "不可见的格式字符") {
			t.Errorf("%q: %v, want the invisible-character refusal", nm, err)
		}
	}
}

// Investor names decide the investor exemption: they are checked as names.
func TestValidateInvestors(t *testing.T) {
	tests := []struct {
		name      string
		investors []string
		wantErr   string
	}{
		{"plain names", []string{"平顶山市星河科技有限公司", "张三"}, ""},
		{"blank entries are skipped", []string{"", "  "}, ""},
		{"zero-width space", []string{"平顶山市星河科技有限公司", "平顶山市星\u200b河科技有限公司"}, "investors[1] 第 6 个字符（U+200B）"},
		{"bidi override", []string{"\u202e张三"}, "investors[0] 第 1 个字符（U+202E）"},
		{"too many", make([]string, 201), "最多 200 个"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := name.ValidateInvestors("investors", tc.investors)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(apperr.MessageOf(err), tc.wantErr) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
}
