#!/usr/bin/env python3
"""Generate scope/data/catalogue.json, the default business-scope catalogue embedded in namescope.

Run from the repository root:

    python3 scripts/scope-data/gen.py [--shared ../shared/data]

Inputs: the public data under --shared (read only: the 56 entries of the Shanghai query-system
sample, the 654 harvested catalogue wordings and the legacy phrase counts), the GB/T 4754-2017
table embedded in dict/, scope/data/departments.tsv and the tables beside this script
(licenses.tsv, harvested.tsv, authored.tsv, shanghai_supplement.tsv, codes.tsv).
Outputs: scope/data/catalogue.json, codes.tsv (stable codes; new wordings get the next free
code, existing ones keep theirs) and, when scripts/scope-eval/queries.tsv exists,
scope/testdata/eval_queries.json. Deterministic: the same inputs give the same bytes.
"""
import argparse
import csv
import json
import os
import re
import sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))

KIND = {'g': 'general', 'l': 'licensed', 'f': 'filing'}
PERMIT = {0: 'general', 2: 'licensed', 4: 'filing'}


def die(msg):
    sys.exit('gen.py: ' + msg)


def read_pipe(path, nfields):
    rows = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            parts = line.split('|')
            if len(parts) < nfields:
                parts += [''] * (nfields - len(parts))
            if len(parts) > nfields:
                die(f'{path}:{n}: {len(parts)} fields, want {nfields}')
            rows.append((n, [p.strip() for p in parts]))
    return rows


def read_tsv(path):
    with open(path, encoding='utf-8') as f:
        lines = [l.rstrip('\n') for l in f if l.strip() and not l.startswith('#')]
    head = lines[0].split('\t')
    return [dict(zip(head, l.split('\t'))) for l in lines[1:]]


def split_list(s, sep='、'):
    return [x.strip() for x in s.split(sep) if x.strip()] if s else []


class GBT:
    def __init__(self, path):
        self.name, self.section = {}, {}
        with open(path, encoding='utf-8') as f:
            for r in csv.DictReader(f):
                self.name[r['code']] = r['name']
                self.section[r['code']] = r['section']

    def full(self, code, where):
        """Returns the code with its section letter (F5221), failing on unknown codes."""
        code = code.strip()
        if code[:1].isalpha() and len(code) > 1:
            code = code[1:]
        if code not in self.name or not code.isdigit():
            die(f'{where}: unknown GB/T 4754-2017 code {code!r}')
        return self.section[code] + code

    def leaves(self, codes):
        digits = sorted({c for c in codes if c.isdigit()})
        return [c for c in digits if not any(o != c and o.startswith(c) for o in digits)]


class Departments:
    def __init__(self, path):
        self.names, self.aliases = {}, []
        for r in read_tsv(path):
            self.names[r['id']] = r['name']
            for a in r['aliases'].split('|'):
                self.aliases.append((a, r['id']))
        self.aliases.sort(key=lambda x: -len(x[0]))

    def match(self, text, where):
        for alias, dept in self.aliases:
            if alias and alias in text:
                return dept
        die(f'{where}: no department matches {text!r}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=os.path.join(ROOT, '..', 'shared', 'data'))
    args = ap.parse_args()
    bs = os.path.join(args.shared, 'business_scope')

    gbt = GBT(os.path.join(ROOT, 'dict', 'data', 'gbt4754_2017.csv'))
    depts = Departments(os.path.join(ROOT, 'scope', 'data', 'departments.tsv'))

    licenses = {}
    for r in read_tsv(os.path.join(HERE, 'licenses.tsv')):
        for d in (r['approving'], r['supervising']):
            if d not in depts.names:
                die(f'licenses.tsv {r["id"]}: unknown department {d!r}')
        if r['kind'] not in ('license', 'filing') or r['timing'] not in ('pre', 'post', '-'):
            die(f'licenses.tsv {r["id"]}: bad kind/timing')
        licenses[r['id']] = r

    def license_json(lid, where):
        if lid not in licenses:
            die(f'{where}: unknown license id {lid!r}')
        r = licenses[lid]
        out = OrderedDict([('item', r['item']), ('document', r['document']),
                           ('approving_dept', r['approving']), ('level', r['level']),
                           ('supervising_dept', r['supervising'])])
        if r['kind'] == 'filing':
            out['filing'] = True
        if r['timing'] == 'pre':
            out['pre'] = True
        return out

    phrase_count = {}
    with open(os.path.join(bs, 'scope_phrase_counts_ge5.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            phrase_count.setdefault(r['phrase'], int(r['count']))

    entries = OrderedDict()  # wording -> entry

    # 1. The 56 real entries of the Shanghai query-system sample.
    supplement = {k: v.split() for _, (k, v) in read_pipe(os.path.join(HERE, 'shanghai_supplement.tsv'), 2)}
    with open(os.path.join(bs, 'catalog_sample_shanghai_56.json'), encoding='utf-8') as f:
        sample = json.load(f)
    for rec in sample:
        code, wording = rec['scopeCode'], rec['standardItem'].strip()
        where = f'shanghai {code}'
        kind = PERMIT[rec['permitType']]
        gb = [o['code'] for o in json.loads(rec['gbObjList'] or '[]')]
        industries = [gbt.full(c, where) for c in gbt.leaves(gb)]
        lics = []
        for a in rec.get('approvalList') or []:
            lic = OrderedDict([('item', a['aName']), ('document', a['licenseName']),
                               ('approving_dept', depts.match(a['approvalLevel'], where + ' approvalLevel')),
                               ('level', a['approvalLevel']),
                               ('supervising_dept', depts.match(a['supervisorDepType'], where + ' supervisorDepType'))])
            if a.get('aType') == '4':
                lic['filing'] = True
            if a.get('aType') == '1':
                lic['pre'] = True
            lics.append(lic)
        note = f'catalog_sample_shanghai_56.json scopeCode {code}（省级经营范围规范表述查询系统的返回结果）'
        if code in supplement:
            for lid in supplement[code]:
                lics.append(license_json(lid, where))
            note += '；许可事项由 namescope 补充：' + '、'.join(licenses[l]['document'] for l in supplement[code])
        keywords = []
        for frag in (rec.get('highlight') or {}).get('includedItemsIk') or []:
            for k in re.sub(r'<[^>]+>', '', frag).split('；'):
                k = k.strip()
                if k and k not in keywords:
                    keywords.append(k)
        entries[wording] = OrderedDict([
            ('code', code), ('wording', wording), ('kind', kind),
            ('explanation', (rec.get('description') or '').strip()),
            ('industries', industries),
            ('ent_types', [t for t in (rec.get('entType') or '').split(';') if t]),
            ('keywords', keywords), ('licenses', lics),
            ('provenance', OrderedDict([('source', 'shanghai_sample'), ('note', note)])),
        ])

    # 2. The 654 wordings seen in post-2021 registrations, verbatim.
    observed = {}
    with open(os.path.join(bs, 'catalogue_wordings_harvested.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            observed[r['wording']] = r
    meta = {}
    for n, (w, k, codes, lids, kws) in read_pipe(os.path.join(HERE, 'harvested.tsv'), 5):
        if w not in observed:
            die(f'harvested.tsv:{n}: {w!r} is not a harvested wording')
        meta[w] = (n, k, codes, lids, kws)
    missing = [w for w in observed if w not in meta]
    if missing:
        die(f'harvested.tsv lacks {len(missing)} wordings, e.g. {missing[:3]}')
    warnings = []
    for w, r in observed.items():
        n, k, codes, lids, kws = meta[w]
        where = f'harvested.tsv:{n}'
        obs = f'catalogue_wordings_harvested.csv：一般项目 {r["general_count"]} 次、许可项目 {r["licensed_count"]} 次（{r["sources"]} 个来源文件），观察到的区块：{r["kind"]}'
        if w in entries:
            e = entries[w]
            e['provenance']['note'] += '；' + obs
            for kw in split_list(kws):
                if kw not in e['keywords']:
                    e['keywords'].append(kw)
            continue
        kind = KIND[k]
        if (r['kind'] == '一般' and kind == 'licensed') or (r['kind'] == '许可' and kind != 'licensed'):
            warnings.append(f'{where}: {w} observed {r["kind"]}, catalogued as {kind}')
        entries[w] = OrderedDict([
            ('code', ''), ('wording', w), ('kind', kind), ('explanation', ''),
            ('industries', [gbt.full(c, where) for c in codes.split()]),
            ('ent_types', []), ('keywords', split_list(kws)),
            ('licenses', [license_json(l, where) for l in lids.split()]),
            ('provenance', OrderedDict([('source', 'harvested'), ('note', obs)])),
        ])

    # 3. Entries authored in catalogue style from the most used legacy phrases.
    for n, (w, k, codes, lids, kws, expl) in read_pipe(os.path.join(HERE, 'authored.tsv'), 6):
        where = f'authored.tsv:{n}'
        if w in entries:
            die(f'{where}: {w!r} already in the catalogue ({entries[w]["provenance"]["source"]})')
        kwl = split_list(kws)
        cited = sorted(((phrase_count[x], x) for x in kwl if x in phrase_count), reverse=True)[:6]
        note = 'namescope 按目录体例编写'
        if cited:
            note += '；旧登记用语（scope_phrase_counts_ge5.csv）：' + '、'.join(f'{x} {c}' for c, x in cited)
        entries[w] = OrderedDict([
            ('code', ''), ('wording', w), ('kind', KIND[k]), ('explanation', expl),
            ('industries', [gbt.full(c, where) for c in codes.split()]),
            ('ent_types', []), ('keywords', kwl),
            ('licenses', [license_json(l, where) for l in lids.split()]),
            ('provenance', OrderedDict([('source', 'authored'), ('note', note)])),
        ])

    # Consistency of kind and licenses; license timing.
    for w, e in entries.items():
        lic = [l for l in e['licenses'] if not l.get('filing')]
        fil = [l for l in e['licenses'] if l.get('filing')]
        if e['kind'] == 'licensed' and not lic:
            die(f'{w}: licensed entry without a license')
        if e['kind'] == 'filing' and not fil:
            die(f'{w}: filing entry without a filing')
        if e['kind'] == 'general' and e['licenses']:
            die(f'{w}: general entry with licenses')
        if not e['industries']:
            die(f'{w}: no industry code')
        timing = ''
        if e['kind'] == 'licensed':
            timing = 'pre' if any(l.get('pre') for l in lic) else 'post'
        e['license_timing'] = timing
        for l in e['licenses']:
            l.pop('pre', None)

    # Stable codes: real codes stay, others come from codes.tsv or get the next free one.
    codes_path = os.path.join(HERE, 'codes.tsv')
    assigned = OrderedDict()
    if os.path.exists(codes_path):
        for r in read_tsv(codes_path):
            assigned[r['wording']] = r['code']
    used = set(assigned.values()) | {e['code'] for e in entries.values() if e['code']}
    nextn = Counter()
    for c in used:
        m = re.fullmatch(r'X([A-T])(\d{4})', c)
        if m:
            nextn[m.group(1)] = max(nextn[m.group(1)], int(m.group(2)))
    for w, e in entries.items():
        if e['code']:
            continue
        if w in assigned:
            e['code'] = assigned[w]
            continue
        sec = e['industries'][0][0]
        nextn[sec] += 1
        e['code'] = f'X{sec}{nextn[sec]:04d}'
        assigned[w] = e['code']
    seen = {}
    for w, e in entries.items():
        if e['code'] in seen:
            die(f'code {e["code"]} used by {seen[e["code"]]!r} and {w!r}')
        seen[e['code']] = w
    with open(codes_path, 'w', encoding='utf-8') as f:
        f.write('# Stable codes of the default catalogue entries that have no official code (X + GB/T section + number).\n')
        f.write('# Maintained by gen.py: keep it under version control so that codes never move.\n')
        f.write('code\twording\n')
        for w, c in sorted(assigned.items(), key=lambda x: x[1]):
            if w in entries:
                f.write(f'{c}\t{w}\n')

    out = []
    for e in sorted(entries.values(), key=lambda e: e['code']):
        o = OrderedDict()
        for k in ('code', 'wording', 'kind', 'license_timing', 'explanation', 'industries',
                  'ent_types', 'keywords', 'licenses', 'provenance'):
            v = e[k]
            if v in ('', []) and k not in ('code', 'wording', 'kind', 'provenance'):
                continue
            o[k] = v
        out.append(o)
    doc = OrderedDict([
        ('name', 'namescope 默认经营范围目录'),
        ('description', '由 56 条省级查询系统真实条目、654 条 2021 年后登记文本中出现的规范表述（原文照录）'
                        '和 namescope 依据旧登记常用表述按目录体例编写的条目组成；并非市场监管总局发布的'
                        '《经营范围登记规范表述目录》。登记机关导入官方目录文件后即替换本目录。'),
        ('generated_by', 'scripts/scope-data/gen.py'),
        ('entries', out),
    ])
    path = os.path.join(ROOT, 'scope', 'data', 'catalogue.json')
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write('\n')

    by_src = Counter(e['provenance']['source'] for e in out)
    by_kind = Counter(e['kind'] for e in out)
    by_src_kind = Counter((e['provenance']['source'], e['kind']) for e in out)
    pre = sum(1 for e in out if e.get('license_timing') == 'pre')
    print(f'{path}: {len(out)} entries; kinds {dict(by_kind)}; pre-registration {pre}')
    print(f'  by provenance {dict(by_src)}')
    print(f'  by provenance and kind {dict(sorted(by_src_kind.items()))}')
    for w in warnings:
        print('  note:', w)

    # Evaluation sets: wordings → codes.
    code_of = {w: e['code'] for w, e in entries.items()}
    for src, dst, key in (('queries.tsv', 'eval_queries.json', 'query'),
                          ('legacy.tsv', 'legacy_phrases.json', 'phrase')):
        qpath = os.path.join(ROOT, 'scripts', 'scope-eval', src)
        if not os.path.exists(qpath):
            continue
        qs = []
        for n, (split, q, acc) in read_pipe(qpath, 3):
            ws = [] if acc.strip() == '-' else [a.strip() for a in acc.split('；') if a.strip()]
            for a in ws:
                if a not in code_of:
                    die(f'{src}:{n}: {a!r} is not a catalogue wording')
            qs.append(OrderedDict([(key, q), ('split', split),
                                   ('accept', [code_of[a] for a in ws]), ('accept_wordings', ws)]))
        qout = os.path.join(ROOT, 'scope', 'testdata', dst)
        with open(qout, 'w', encoding='utf-8') as f:
            json.dump(OrderedDict([('generated_by', f'scripts/scope-data/gen.py from scripts/scope-eval/{src}'),
                                   ('items', qs)]), f, ensure_ascii=False, indent=1)
            f.write('\n')
        print(f'{qout}: {len(qs)} items')


if __name__ == '__main__':
    main()
