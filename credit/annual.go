package credit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"namescope/apperr"
	"namescope/store"
)

// AnnualReport is an annual-report filing as the registration system or a
// partner delivers it (企业信息公示暂行条例 Art 8: the report of year N is
// filed from 1 January to 30 June of year N+1).
type AnnualReport struct {
	USCC    string    `json:"uscc"`
	Year    int       `json:"year"`
	FiledOn string    `json:"filed_on"`
	Late    bool      `json:"late"`
	EventID string    `json:"event_id"`
	By      Actor     `json:"by"`
	At      time.Time `json:"recorded_at"`
}

// AnnualReportInput is POST /api/v1/credit/annual-reports.
type AnnualReportInput struct {
	USCC    string `json:"uscc"`
	Year    int    `json:"year"`
	FiledOn string `json:"filed_on"`
}

// AnnualReportResult is the answer: the filing, and whether it was
// delivered before (nothing written).
type AnnualReportResult struct {
	Report   *AnnualReport `json:"report"`
	Replayed bool          `json:"replayed"`
}

// reportDue is the last day to file the report of year.
func reportDue(year int) time.Time { return time.Date(year+1, time.June, 30, 0, 0, 0, 0, time.UTC) }

// FileAnnualReport records a filing and its credit event (filed, or filed
// late after 30 June). The same filing delivered again is a replay; a
// different filing date for the same year is refused.
func (s *Service) FileAnnualReport(ctx context.Context, by Actor, in AnnualReportInput) (*AnnualReportResult, error) {
	uscc, err := normUSCC(in.USCC)
	if err != nil {
		return nil, err
	}
	filed, err := parseDate("filed_on", in.FiledOn)
	if err != nil {
		return nil, err
	}
	if filed.After(s.today()) {
		return nil, apperr.Invalid("filed_on（%s）不能晚于今天", fmtDate(filed))
	}
	if in.Year < 2000 || in.Year >= filed.Year() {
		return nil, apperr.Invalid("year 应为报送日期之前的年度（%d 年报送的是 %d 年及以前年度的报告）", filed.Year(), filed.Year()-1)
	}
	var res *AnnualReportResult
	err = s.db.UpdateContext(ctx, func(tx *store.Tx) error {
		res = nil
		var old AnnualReport
		switch err := tx.Get(annualReportKey(uscc, in.Year), &old); {
		case err == nil:
			if old.FiledOn != fmtDate(filed) {
				return apperr.Conflict("该企业 %d 年度报告已于 %s 报送", in.Year, old.FiledOn)
			}
			res = &AnnualReportResult{Report: &old, Replayed: true}
			return nil
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		e, err := s.enterpriseTx(tx, uscc)
		if err != nil {
			return err
		}
		if e.Established != "" && e.Established > fmt.Sprintf("%04d-12-31", in.Year) {
			return apperr.Invalid("该企业成立于 %s，没有 %d 年度报告", e.Established, in.Year)
		}
		ar := &AnnualReport{USCC: uscc, Year: in.Year, FiledOn: fmtDate(filed), Late: filed.After(reportDue(in.Year)),
			By: by, At: s.now().UTC()}
		ev := Event{USCC: uscc, Kind: KindAnnualReport, Date: ar.FiledOn, Actor: by,
			Summary: fmt.Sprintf("报送 %d 年度报告", in.Year), Basis: "《企业信息公示暂行条例》第八条"}
		if ar.Late {
			ev.Kind = KindAnnualReportLate
			ev.Summary = fmt.Sprintf("逾期报送 %d 年度报告（应于 %s 前报送）", in.Year, fmtDate(reportDue(in.Year)))
		}
		stored, err := s.RecordTx(tx, ev)
		if err != nil {
			return err
		}
		ar.EventID = stored.ID
		res = &AnnualReportResult{Report: ar}
		return tx.Put(annualReportKey(uscc, in.Year), ar)
	})
	if err != nil {
		return nil, wrap(err)
	}
	return res, nil
}

// annualReportsTx lists an enterprise's filings, by year.
func annualReportsTx(tx *store.Tx, uscc string) ([]AnnualReport, error) {
	var out []AnnualReport
	err := tx.Scan(store.PrefixCreditAnnual+uscc+"/", "", false, func(_ string, v []byte) (bool, error) {
		var ar AnnualReport
		if err := unmarshal(v, &ar); err != nil {
			return false, err
		}
		out = append(out, ar)
		return true, nil
	})
	return out, err
}

// missingReport is the year whose report is missing on day today (after
// its 30 June), 0 when none is: the report of the previous year, for an
// enterprise established before that year ended.
func missingReport(e *Enterprise, reports []AnnualReport, today time.Time) int {
	year := today.Year() - 1
	if !today.After(reportDue(year)) {
		year--
	}
	if e.Established == "" || e.Established > fmt.Sprintf("%04d-12-31", year) {
		return 0
	}
	for _, r := range reports {
		if r.Year == year {
			return 0
		}
	}
	return year
}
