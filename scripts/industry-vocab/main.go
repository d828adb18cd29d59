// Command industry-vocab writes dict/data/industry_vocab.tsv: the words that
// describe goods, services and activities in open sources, so that the name
// parser can tell an industry expression's leading words (果酒 in 星海果酒食品,
// 口腔 in 罗兰口腔保健用品) from the 字号 they follow.
//
// Sources (see dict/data/INDUSTRY_SOURCES.md):
//
//	G  GB/T 4754-2017 class names        dict/data/gbt4754_2017.csv (embedded, government standard)
//	E  the standard's 说明 text           ../shared/data/industry/gbt4754_2017_with_explanations_zmshe.csv (government text)
//	S  the business-scope catalogue       scope/data/catalogue.json (namescope's own data)
//	N  the Nice goods and services list   ../shared/data/trademark/nice_similar_goods_flat.csv (CNIPA content, MIT copy)
//
// Each text is cut into words by the process segmenter (dict.Segmenter); a
// word is kept when it has at least two Han characters, the segmenter's
// dictionary tags it as a content word, and it is neither a division name
// nor an organisational form. Nothing is read from lists of enterprise names.
//
//	go run ./scripts/industry-vocab [-shared ../shared/data] [-out dict/data/industry_vocab.tsv]
//
// With -moved N it writes nothing and measures instead: it parses N random
// real names of the shared sample (fixed -seed) and prints those whose
// industry expression holds a word the table does not know (kind "word":
// a goods or activity word moved from the 字号, or the head of a word read
// across the boundary), with their count — the figures of
// dict/data/INDUSTRY_SOURCES.md, to be read one by one.
//
//	go run ./scripts/industry-vocab -moved 5000 -seed 11
package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"sort"
	"strings"
	"unicode"

	"namescope/dict"
	"namescope/name"
	"namescope/scripts/name-eval/corpus"
)

// contentPOS are the segmenter's part-of-speech tags of content words:
// nouns, verbal and adjectival nouns, verbs, distinguishing words. Function
// words, numerals, measure words, pronouns and time words are left out.
var contentPOS = map[string]bool{
	"n": true, "vn": true, "an": true, "ng": true, "nz": true, "v": true, "b": true, "l": true, "j": true,
}

// notIndustry are content words of the sources that describe how the
// standard is written, not goods or activities (指, 包括, 其他 are already
// function words).
var notIndustry = map[string]bool{
	"包括": true, "不包括": true, "以及": true, "其他": true, "活动": true, "从事": true, "进行": true,
	"提供": true, "用于": true, "利用": true, "使用": true, "主要": true, "相关": true, "各类": true,
	"各种": true, "一般": true, "分类": true, "列入": true, "属于": true, "具有": true, "采用": true,
	"指对": true, "称为": true, "以外": true, "除外": true, "未列明": true, "依据": true, "规定": true,
	"国家": true, "中华人民共和国": true, "中国": true, "全国": true, "国际": true,
	// Words of organisational forms (农民专业合作社, 股份经济合作社, 联社): the
	// parser reads them as the form, never as the industry.
	"合作社": true, "农民": true, "联社": true, "集团": true, "公司": true, "企业": true,
	// A brand ending as often as a mode of business: 云谷在线, 中华在线.
	"在线": true,
}

type source struct {
	tag  string
	read func() ([]string, error)
}

func main() {
	shared := flag.String("shared", "../shared/data", "the shared data directory")
	out := flag.String("out", "dict/data/industry_vocab.tsv", "file to write")
	moved := flag.Int("moved", 0, "measure instead: parse this many random real names and list those with moved words")
	seed := flag.Int64("seed", 11, "seed of the -moved sample")
	flag.Parse()
	if *moved > 0 {
		if err := measureMoved(*shared+"/company_names/company_names_sample_450k.txt", *moved, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "industry-vocab:", err)
			os.Exit(1)
		}
		return
	}
	sources := []source{
		{"G", func() ([]string, error) { return csvColumn("dict/data/gbt4754_2017.csv", "name") }},
		{"E", func() ([]string, error) {
			return csvColumn(*shared+"/industry/gbt4754_2017_with_explanations_zmshe.csv", "explanation")
		}},
		{"S", catalogueTexts},
		{"N", func() ([]string, error) {
			return csvColumn(*shared+"/trademark/nice_similar_goods_flat.csv", "item_name", "group_name")
		}},
	}
	seg := dict.Segmenter()
	tags := map[string]map[string]bool{}
	for _, src := range sources {
		texts, err := src.read()
		if err != nil {
			fmt.Fprintln(os.Stderr, "industry-vocab:", err)
			os.Exit(1)
		}
		for _, text := range texts {
			for _, s := range seg.Segment([]byte(text)) {
				w := s.Token().Text()
				if !keep(w) {
					continue
				}
				if _, pos, _ := seg.Find(w); !contentPOS[pos] {
					continue
				}
				if tags[w] == nil {
					tags[w] = map[string]bool{}
				}
				tags[w][src.tag] = true
			}
		}
	}
	words := make([]string, 0, len(tags))
	for w := range tags {
		words = append(words, w)
	}
	sort.Strings(words)
	var b strings.Builder
	b.WriteString("# Words of goods, services and activities in open sources; written by scripts/industry-vocab, see INDUSTRY_SOURCES.md.\n")
	b.WriteString("# word<TAB>sources (G class name, E 说明 text, S scope catalogue, N Nice goods list)\n")
	for _, w := range words {
		var src []string
		for _, t := range []string{"G", "E", "S", "N"} {
			if tags[w][t] {
				src = append(src, t)
			}
		}
		fmt.Fprintf(&b, "%s\t%s\n", w, strings.Join(src, ""))
	}
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "industry-vocab:", err)
		os.Exit(1)
	}
	fmt.Printf("industry-vocab: %d words written to %s\n", len(words), *out)
}

// keep: two or more Han characters, no division name, no organisational
// form, nothing on the list of the standard's own wording.
func keep(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	if n < 2 || notIndustry[w] || dict.IsRegionName(w) || len(dict.RegionFormsOf(w)) > 0 {
		return false
	}
	if _, form, ok := dict.TrimOrgForm(w); ok && form.Text == w {
		return false
	}
	return true
}

// csvColumn reads the named columns of a CSV file with a header.
func csvColumn(path string, cols ...string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var idx []int
	for _, c := range cols {
		i := -1
		for j, h := range head {
			if h == c {
				i = j
			}
		}
		if i < 0 {
			return nil, fmt.Errorf("%s: no column %q", path, c)
		}
		idx = append(idx, i)
	}
	var out []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, i := range idx {
			out = append(out, rec[i])
		}
	}
}

// catalogueTexts: the wording, keywords and explanation of every entry of
// the embedded business-scope catalogue.
func catalogueTexts() ([]string, error) {
	b, err := os.ReadFile("scope/data/catalogue.json")
	if err != nil {
		return nil, err
	}
	var cat struct {
		Entries []struct {
			Wording     string   `json:"wording"`
			Explanation string   `json:"explanation"`
			Keywords    []string `json:"keywords"`
		} `json:"entries"`
	}
	if err := json.Unmarshal(b, &cat); err != nil {
		return nil, fmt.Errorf("scope/data/catalogue.json: %w", err)
	}
	var out []string
	for _, e := range cat.Entries {
		out = append(out, e.Wording, e.Explanation)
		out = append(out, e.Keywords...)
	}
	return out, nil
}

// measureMoved parses n random names of path and prints those whose
// industry expression has a term of kind "word", then the count.
func measureMoved(path string, n int, seed int64) error {
	names, err := corpus.ReadNames(path)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewSource(seed))
	perm := r.Perm(len(names))
	if n > len(perm) {
		n = len(perm)
	}
	hits := 0
	for _, i := range perm[:n] {
		p := name.Parse(names[i])
		for _, t := range p.IndustryTerms {
			if t.Kind == "word" && !p.RegulatorNamed {
				hits++
				fmt.Printf("%s\t%s + %s + %s\n", names[i], p.TradeName, p.Industry, p.OrgForm)
				break
			}
		}
	}
	fmt.Printf("%d of %d names (seed %d) have a word the industry table does not know in their industry expression\n", hits, n, seed)
	return nil
}
