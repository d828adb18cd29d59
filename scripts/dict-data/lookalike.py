# Regenerates dict/data/lookalike.tsv and dict/data/standard_chars.txt from ../shared/data.
# Run from the repository root: python3 scripts/dict-data/lookalike.py
import json
TOP = 3
with open('dict/data/lookalike.tsv', 'w') as out:
    out.write('# char\tlook-alike chars, closest first (top %d). Derived from yongzhuo/char-similar (Apache-2.0) '
              'wiki_std_2013_level_{1,2}.txt.char.json by scripts/dict-data/lookalike.py\n' % TOP)
    for f in ['wiki_std_2013_level_1.txt.char.json', 'wiki_std_2013_level_2.txt.char.json']:
        d = json.load(open('../shared/data/similar_chars/' + f))
        for k, v in d.items():
            out.write('%s\t%s\n' % (k, v[:TOP]))
chars = []
for line in open('../shared/data/pinyin/kMandarin_8105.txt'):
    if line.startswith('#') or '#' not in line:
        continue
    chars.append(line.split('#')[1].strip())
open('dict/data/standard_chars.txt', 'w').write(
    '# 通用规范汉字表 (8105 chars), from mozillazg/pinyin-data kMandarin_8105.txt (MIT)\n' + ''.join(chars) + '\n')
