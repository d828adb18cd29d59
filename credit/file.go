package credit

import (
	"context"
	"sort"
	"strings"

	"namescope/apperr"
	"namescope/store"
)

// EventView is an event as answered. The public sees the first fields of
// the published events only; staff and partners see every event with the
// rest.
type EventView struct {
	ID          string `json:"id"`
	Kind        Kind   `json:"kind"`
	KindLabel   string `json:"kind_label"`
	Date        string `json:"date"`
	Dept        string `json:"dept"`
	Summary     string `json:"summary"`
	Basis       string `json:"basis"`
	PublicUntil string `json:"public_until,omitempty"`
	Supersedes  string `json:"supersedes,omitempty"`
	// Staff only.
	Public       *bool             `json:"public,omitempty"`
	Visible      *bool             `json:"visible,omitempty"` // in public view today
	PublicFrom   string            `json:"public_from,omitempty"`
	SupersededBy string            `json:"superseded_by,omitempty"`
	Penalty      *Penalty          `json:"penalty,omitempty"`
	Details      map[string]string `json:"details,omitempty"`
	Actor        *Actor            `json:"actor,omitempty"`
}

// Lists are an enterprise's entries in the credit lists.
type Lists struct {
	Abnormal []*Listing        `json:"abnormal"`
	Serious  []*SeriousListing `json:"serious"`
	Red      []*RedEntry       `json:"red"`
}

// File is an enterprise's credit file as answered.
type File struct {
	USCC   string      `json:"uscc"`
	Name   string      `json:"name"`
	Lists  Lists       `json:"lists"`
	Events []EventView `json:"events"`
	// Staff only: annual-report filings and the year whose report is
	// missing after its 30 June.
	AnnualReports       []AnnualReport `json:"annual_reports,omitempty"`
	AnnualReportMissing int            `json:"annual_report_missing,omitempty"`
	// Staff only: objections to the enterprise's listings.
	Objections []Objection `json:"objections,omitempty"`
}

// File returns an enterprise's credit file: with all, every event and
// who acted (staff, partners); without, the events in public view today.
func (s *Service) File(ctx context.Context, uscc string, all bool) (*File, error) {
	uscc, err := normUSCC(uscc)
	if err != nil {
		return nil, err
	}
	today := s.today()
	var f *File
	err = s.db.View(func(tx *store.Tx) error {
		e, err := s.enterpriseTx(tx, uscc)
		if err != nil {
			return err
		}
		evs, err := eventsTx(tx, uscc)
		if err != nil {
			return err
		}
		f = &File{USCC: uscc, Name: e.Name, Lists: Lists{Abnormal: []*Listing{}, Serious: []*SeriousListing{}, Red: []*RedEntry{}},
			Events: []EventView{}}
		supersededBy := map[string]string{}
		for _, ev := range evs {
			if ev.Supersedes != "" {
				supersededBy[ev.Supersedes] = ev.ID
			}
		}
		// Newest first.
		for i := len(evs) - 1; i >= 0; i-- {
			ev := &evs[i]
			vis := visible(ev, supersededBy[ev.ID], today)
			if !all && !vis {
				continue
			}
			v := EventView{ID: ev.ID, Kind: ev.Kind, KindLabel: ev.Kind.Label(), Date: ev.Date, Dept: ev.Dept,
				Summary: ev.Summary, Basis: ev.Basis, PublicUntil: ev.PublicUntil, Supersedes: ev.Supersedes}
			if all {
				pub, act := ev.Public, ev.Actor
				v.Public, v.Visible, v.PublicFrom, v.SupersededBy = &pub, &vis, ev.PublicFrom, supersededBy[ev.ID]
				v.Penalty, v.Details, v.Actor = ev.Penalty, ev.Details, &act
			}
			f.Events = append(f.Events, v)
		}
		ls, err := s.listingsTx(tx, uscc)
		if err != nil {
			return err
		}
		for i := len(ls) - 1; i >= 0; i-- {
			l := &ls[i]
			l.Name = e.Name
			if !all {
				l = l.public()
			}
			f.Lists.Abnormal = append(f.Lists.Abnormal, l)
		}
		sls, err := seriousOfTx(tx, uscc)
		if err != nil {
			return err
		}
		for i := len(sls) - 1; i >= 0; i-- {
			l := sls[i]
			l.Name = e.Name
			if !all {
				l.ListedBy = nil
			}
			f.Lists.Serious = append(f.Lists.Serious, &l)
		}
		reds, err := redOfTx(tx, uscc)
		if err != nil {
			return err
		}
		for i := len(reds) - 1; i >= 0; i-- {
			r := &reds[i]
			r.Name = e.Name
			switch {
			case all:
				f.Lists.Red = append(f.Lists.Red, r)
			case r.State == RedListed || r.State == RedRemoved:
				f.Lists.Red = append(f.Lists.Red, r.public())
			}
		}
		if all {
			if f.AnnualReports, err = annualReportsTx(tx, uscc); err != nil {
				return err
			}
			f.AnnualReportMissing = missingReport(e, f.AnnualReports, today)
			obs, err := s.objectionsTx(tx, "")
			if err != nil {
				return err
			}
			for _, o := range obs {
				if o.USCC == uscc {
					f.Objections = append(f.Objections, o)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	return f, nil
}

// ListItem is an entry of a public list page.
type ListItem struct {
	ID          string `json:"id"`
	USCC        string `json:"uscc"`
	Name        string `json:"name"`
	Reason      string `json:"reason"`
	ReasonLabel string `json:"reason_label"`
	ListedOn    string `json:"listed_on"`
	Dept        string `json:"dept"`
	Basis       string `json:"basis"`
	// Reminder: the 3-year mark (SeriousFrom) is less than 60 days away.
	SeriousFrom string `json:"serious_from,omitempty"`
	Reminder    bool   `json:"reminder"`
	// Until is the last day on the serious or the red list.
	Until string `json:"until,omitempty"`
	// DocumentID and DocumentNo are the listing decision (its printable
	// document).
	DocumentID string `json:"document_id,omitempty"`
	DocumentNo string `json:"document_no,omitempty"`
}

// ListPage is a page of a list.
type ListPage struct {
	Items []ListItem `json:"items"`
	Total int        `json:"total"`
	Page  int        `json:"page"`
}

// List names.
const (
	ListAbnormal = "abnormal"
	ListSerious  = "serious"
	ListRed      = "red"
)

// ListQuery selects a page of a list.
type ListQuery struct {
	List     string
	Q        string // part of the name or the USCC
	Page     int    // from 1
	PageSize int    // 1–100
}

// Page returns a page of the enterprises currently on a list, the latest
// listing first.
func (s *Service) Page(ctx context.Context, q ListQuery) (*ListPage, error) {
	switch q.List {
	case ListAbnormal, ListSerious, ListRed:
	default:
		return nil, apperr.NotFound("没有名为 %q 的名单（abnormal、serious 或 red）", clip(q.List, 20))
	}
	if q.Page < 1 {
		return nil, apperr.Invalid("page 应为从 1 开始的页码")
	}
	if q.PageSize < 1 || q.PageSize > 100 {
		return nil, apperr.Invalid("page_size 应为 1 至 100")
	}
	needle, err := text("q", q.Q, 100, false)
	if err != nil {
		return nil, err
	}
	needle = strings.ToUpper(needle)
	out := &ListPage{Items: []ListItem{}, Page: q.Page}
	day := s.today()
	today := fmtDate(day)
	var all []ListItem
	err = s.db.View(func(tx *store.Tx) error {
		names := map[string]string{}
		nameOf := func(u string) (string, error) {
			if nm, ok := names[u]; ok {
				return nm, nil
			}
			e, err := s.ents.EnterpriseTx(tx, u)
			if err != nil {
				return "", err
			}
			nm := u
			if e != nil {
				nm = e.Name
			}
			names[u] = nm
			return nm, nil
		}
		match := func(nm, u string) bool {
			return needle == "" || strings.Contains(strings.ToUpper(nm), needle) || strings.Contains(u, needle)
		}
		if q.List == ListRed {
			return tx.Scan(store.PrefixCreditRed, "", false, func(_ string, v []byte) (bool, error) {
				var r RedEntry
				if err := unmarshal(v, &r); err != nil {
					return false, err
				}
				if !r.current(day) {
					return true, nil
				}
				nm, err := nameOf(r.USCC)
				if err != nil || !match(nm, r.USCC) {
					return err == nil, err
				}
				all = append(all, ListItem{ID: r.ID, USCC: r.USCC, Name: nm, Reason: "red", ReasonLabel: r.Grounds,
					ListedOn: r.ListedOn, Dept: r.Dept, Basis: r.Basis, Until: r.Until, DocumentNo: r.DocumentNo, DocumentID: r.DocumentID})
				return true, nil
			})
		}
		if q.List == ListSerious {
			return tx.Scan(store.PrefixCreditSerious, "", false, func(_ string, v []byte) (bool, error) {
				var l SeriousListing
				if err := unmarshal(v, &l); err != nil {
					return false, err
				}
				if !l.current(day) {
					return true, nil
				}
				nm, err := nameOf(l.USCC)
				if err != nil || !match(nm, l.USCC) {
					return err == nil, err
				}
				all = append(all, ListItem{ID: l.ID, USCC: l.USCC, Name: nm, Reason: l.Criterion, ReasonLabel: l.Reasons,
					ListedOn: l.ListedOn, Dept: l.Dept, Basis: l.Basis, Until: l.Until, DocumentID: l.DocumentID, DocumentNo: l.DocumentNo})
				return true, nil
			})
		}
		return tx.Scan(store.PrefixCreditListing, "", false, func(_ string, v []byte) (bool, error) {
			var l Listing
			if err := unmarshal(v, &l); err != nil {
				return false, err
			}
			if !l.Current() {
				return true, nil
			}
			nm, err := nameOf(l.USCC)
			if err != nil || !match(nm, l.USCC) {
				return err == nil, err
			}
			all = append(all, ListItem{ID: l.ID, USCC: l.USCC, Name: nm, Reason: string(l.Reason), ReasonLabel: l.ReasonLabel,
				ListedOn: l.ListedOn, Dept: l.Dept, Basis: l.Basis, SeriousFrom: l.SeriousFrom,
				Reminder: today >= l.ReminderFrom && today < l.SeriousFrom, DocumentID: l.DocumentID, DocumentNo: l.DocumentNo})
			return true, nil
		})
	})
	if err != nil {
		return nil, wrap(err)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].ListedOn != all[j].ListedOn {
			return all[i].ListedOn > all[j].ListedOn
		}
		return all[i].ID > all[j].ID
	})
	out.Total = len(all)
	from := (q.Page - 1) * q.PageSize
	if from < len(all) {
		out.Items = all[from:min(from+q.PageSize, len(all))]
	}
	return out, nil
}
