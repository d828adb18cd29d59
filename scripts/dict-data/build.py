import csv, sys, os, collections
codes={}
for r in csv.DictReader(open(os.path.join(os.path.dirname(os.path.abspath(__file__)),'../../dict/data/gbt4754_2017.csv'))):
    codes[r['code']]=r['name']
rows=[]; seen={}
errs=0
for ln,line in enumerate(open(os.path.join(os.path.dirname(os.path.abspath(__file__)),'terms.src')),1):
    line=line.strip()
    if not line or line.startswith('#'): continue
    p=line.split()
    if len(p) not in (3,4): print('bad',ln,line); errs+=1; continue
    t,c,g=p[:3]; k=p[3] if len(p)==4 else None
    c='' if c=='-' else c; g='' if g=='-' else g
    if k is None: k='industry' if c else 'generic'
    if k not in ('industry','modifier','generic'): print('badkind',ln,line); errs+=1
    if c and c not in codes: print('badcode',ln,line); errs+=1
    if c and not c[0].isdigit(): print('letter',ln,line); errs+=1
    if k=='industry' and not c: print('industry w/o code',ln,line); errs+=1
    if k=='generic' and c: print('generic with code',ln,line); errs+=1
    if t in seen: print('dup',ln,t,'first at',seen[t]); errs+=1; continue
    seen[t]=ln
    rows.append((t,c,g,k))
gc=collections.Counter(r[2] for r in rows if r[2])
rows=[(t,c,(g if gc[g]>1 else ''),k) for t,c,g,k in rows]
print(len(rows),'rows', collections.Counter(r[3] for r in rows), 'errors',errs, file=sys.stderr)
if '--write' in sys.argv:
    out=sys.argv[sys.argv.index('--write')+1]
    with open(out,'w',encoding='utf-8',newline='') as f:
        f.write('term\tcode\tgroup\tkind\n')
        for r in rows: f.write('\t'.join(r)+'\n')
