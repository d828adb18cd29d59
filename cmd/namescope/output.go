package main

import (
	"encoding/json"
	"fmt"
	"io"

	"namescope/name"
)

func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

var verdictLabel = map[name.Severity]string{
	name.Block:    "不予通过（禁止申报）",
	name.Approval: "须经上级机关批准",
	name.Warn:     "提示风险（须承诺后申报）",
	name.Pass:     "通过",
}

func printResult(out io.Writer, r *name.Result) {
	fmt.Fprintf(out, "名称：%s\n结论：%s (%s)\n", r.Normalized, verdictLabel[r.Verdict], r.Verdict)
	fmt.Fprintf(out, "行政区划：%s  字号：%s  行业：%s  组织形式：%s\n",
		orDash(r.Parts.Region), orDash(r.Parts.TradeName), orDash(r.Parts.Industry), orDash(r.Parts.OrgForm))
	for _, f := range r.Findings {
		fmt.Fprintf(out, "- [%s] %s\n    依据：%s\n", f.Severity, f.Message, f.Rule)
		for _, c := range f.Conflicts {
			fmt.Fprintf(out, "    在先名称：%s %s\n", c.Name, c.USCC)
		}
	}
	for _, s := range r.Similar {
		fmt.Fprintf(out, "  近似：%s（%s，%.2f）", s.Name, s.Status, s.Score)
		for _, rs := range s.Reasons {
			fmt.Fprintf(out, " %s", rs.Detail)
		}
		fmt.Fprintln(out)
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
