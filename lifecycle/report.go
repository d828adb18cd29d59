package lifecycle

import (
	"context"
	"fmt"
	"strings"
	"time"

	"namescope/apperr"
	"namescope/name"
	"namescope/registry"
)

// NameSide is one of the two names of a dispute, parsed.
type NameSide struct {
	Name       string `json:"name"`
	USCC       string `json:"uscc"`
	Normalized string `json:"normalized"`
	Region     string `json:"region"`
	TradeName  string `json:"trade_name"`
	Industry   string `json:"industry"`
	OrgForm    string `json:"org_form"`
}

func sideOf(nm, uscc string) NameSide {
	p := name.Parse(nm)
	return NameSide{Name: nm, USCC: uscc, Normalized: p.Normalized, Region: p.Region, TradeName: p.TradeName, Industry: p.Industry, OrgForm: p.OrgForm}
}

// SimilarityReport compares the two names of a dispute, attached to the case
// when it is filed: the named similarity reasons of the two 字号 (2017 比对规则
// Art 4) and a full check of the respondent's name against the registry
// (without the respondent itself), which shows how it lists the applicant.
type SimilarityReport struct {
	GeneratedAt      time.Time     `json:"generated_at"`
	Applicant        NameSide      `json:"applicant"`
	Respondent       NameSide      `json:"respondent"`
	SameTradeName    bool          `json:"same_trade_name"`
	Reasons          []name.Reason `json:"reasons"`
	RespondentCheck  *name.Result  `json:"respondent_check,omitempty"`
	ApplicantInCheck string        `json:"applicant_in_check"` // identical | similar | not_listed
	CheckError       string        `json:"check_error,omitempty"`
	Summary          string        `json:"summary"`
}

// report builds the similarity report of the applicant's and the
// respondent's names.
func (s *Service) report(ctx context.Context, applicant Party, resp *registry.Enterprise) *SimilarityReport {
	r := &SimilarityReport{
		GeneratedAt: s.now().UTC(),
		Applicant:   sideOf(applicant.Name, applicant.USCC),
		Respondent:  sideOf(resp.Name, resp.USCC),
	}
	a, b := r.Respondent.TradeName, r.Applicant.TradeName // the later name against the earlier one
	r.SameTradeName = a != "" && a == b
	r.Reasons = name.SimilarReasons(a, b)
	if r.Reasons == nil {
		r.Reasons = []name.Reason{}
	}
	res, err := s.checker.Check(ctx, name.Request{
		Name: resp.Name, AuthorityCode: resp.AuthorityCode, IndustryCode: resp.IndustryCode,
		EntType: resp.EntType, Investors: resp.Investors,
	})
	r.ApplicantInCheck = "not_listed"
	if err != nil {
		r.CheckError = apperr.MessageOf(err)
	} else {
		excludeSelf(res, resp.USCC)
		r.RespondentCheck = res
		for _, f := range res.Findings {
			for _, c := range f.Conflicts {
				if c.USCC == applicant.USCC && f.Severity == name.Block {
					r.ApplicantInCheck = "identical"
				}
			}
		}
		if r.ApplicantInCheck == "not_listed" {
			for _, sim := range res.Similar {
				if sim.USCC == applicant.USCC {
					r.ApplicantInCheck = "similar"
				}
			}
		}
	}
	var parts []string
	switch {
	case r.SameTradeName:
		parts = append(parts, fmt.Sprintf("两名称字号相同（“%s”）", a))
	case len(r.Reasons) > 0:
		var ds []string
		for _, x := range r.Reasons {
			ds = append(ds, x.Detail)
		}
		parts = append(parts, "被申请人字号与申请人字号相近："+strings.Join(ds, "；"))
	default:
		parts = append(parts, fmt.Sprintf("被申请人字号“%s”与申请人字号“%s”未发现比对规则所列的相近情形", a, b))
	}
	if r.RespondentCheck != nil {
		switch r.ApplicantInCheck {
		case "identical":
			parts = append(parts, "对被申请人名称的核查将申请人名称列为相同名称（禁止）")
		case "similar":
			parts = append(parts, "对被申请人名称的核查将申请人名称列为相近名称（提示）")
		default:
			parts = append(parts, "对被申请人名称的核查未列出申请人名称（申请人可能不在本登记机关辖区或行业不同）")
		}
		parts = append(parts, "核查结论："+string(r.RespondentCheck.Verdict))
	}
	r.Summary = strings.Join(parts, "；")
	return r
}
