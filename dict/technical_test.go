package dict

import "testing"

func TestTechnicalScore(t *testing.T) {
	for _, tc := range []struct {
		name          string
		trade, byName string // a trade's word scores above a 字号 word
	}{
		{"measurement and control against a 字号", "测控", "宏达"},
		{"welded pipe against a 字号", "焊管", "兴盛"},
		{"prawn against a 字号", "对虾", "多彩"},
		{"non-woven against a 字号", "无纺", "祥瑞"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := TechnicalScore(tc.trade), TechnicalScore(tc.byName)
			if a <= b {
				t.Errorf("TechnicalScore(%s) = %.2f, not above TechnicalScore(%s) = %.2f", tc.trade, a, tc.byName, b)
			}
		})
	}
	if s := TechnicalScore(""); s > -1e9 {
		t.Errorf("TechnicalScore(\"\") = %v, want -Inf", s)
	}
}
