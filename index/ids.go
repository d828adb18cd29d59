package index

import (
	"context"
	"fmt"
	"strings"
)

// DocSummary is what the name index holds of one document, as far as it
// can be read back: the scope as its keys carry it (410100 → 4101) and its
// 字号. The index stores no field values, so both are recovered from the
// document's 字号 term.
type DocSummary struct {
	Scope     string
	TradeName string
}

// SummaryOf returns the summary a document is indexed with, for comparing
// what the store says with what DocIDs reads back.
func SummaryOf(d NameDoc) DocSummary {
	return summaryOfKey(key(d.Scope, d.TradeName))
}

func summaryOfKey(k string) DocSummary {
	scope, tn, _ := strings.Cut(k, "|")
	return DocSummary{Scope: scope, TradeName: tn}
}

// DocIDs returns every document of the index with its summary. It reads
// the 字号 field's dictionary and postings once, so it costs one pass over
// the index; a document without a 字号 term (which Apply never writes) is
// returned with an empty summary. It is meant for verification (index
// against store) and tests, not for serving.
func (n *Names) DocIDs(ctx context.Context) (map[string]DocSummary, error) {
	adv, err := n.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("name index: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("name index reader: %w", err)
	}
	defer r.Close()

	out := map[string]DocSummary{}
	dict, err := r.FieldDict(fTrade)
	if err != nil {
		return nil, fmt.Errorf("name index dictionary: %w", err)
	}
	defer dict.Close()
	for {
		de, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("name index dictionary: %w", err)
		}
		if de == nil {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sum := summaryOfKey(de.Term)
		tfr, err := r.TermFieldReader(ctx, []byte(de.Term), fTrade, false, false, false)
		if err != nil {
			return nil, fmt.Errorf("name index postings of %q: %w", de.Term, err)
		}
		for {
			tfd, err := tfr.Next(nil)
			if err != nil {
				tfr.Close()
				return nil, fmt.Errorf("name index postings of %q: %w", de.Term, err)
			}
			if tfd == nil {
				break
			}
			id, err := r.ExternalID(tfd.ID)
			if err != nil {
				tfr.Close()
				return nil, fmt.Errorf("name index document id: %w", err)
			}
			out[id] = sum
		}
		if err := tfr.Close(); err != nil {
			return nil, err
		}
	}

	// Documents the 字号 field does not list.
	all, err := r.DocIDReaderAll()
	if err != nil {
		return nil, fmt.Errorf("name index documents: %w", err)
	}
	defer all.Close()
	for {
		iid, err := all.Next()
		if err != nil {
			return nil, fmt.Errorf("name index documents: %w", err)
		}
		if iid == nil {
			break
		}
		id, err := r.ExternalID(iid)
		if err != nil {
			return nil, fmt.Errorf("name index document id: %w", err)
		}
		if _, ok := out[id]; !ok {
			out[id] = DocSummary{}
		}
	}
	return out, nil
}
