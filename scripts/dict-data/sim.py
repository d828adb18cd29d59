import csv, random, re, sys, collections
TSV=sys.argv[1] if len(sys.argv)>1 else 'dict/data/industry_terms.tsv'
D='/work/shared/data/'
terms={}
for r in csv.DictReader(open(TSV,encoding='utf-8'),delimiter='\t'):
    terms[r['term']]=r
maxlen=max(map(len,terms))
# regions
def shorts(name, level):
    out={name}
    for suf in ['维吾尔自治区','壮族自治区','回族自治区','自治区','省','市']:
        if level in ('p','c') and name.endswith(suf) and len(name)-len(suf)>=2:
            out.add(name[:-len(suf)]); break
    if level=='c':
        m=re.match(r'^(.{2,}?)(?:[\u4e00-\u9fff]{1,6}族)+自治州$',name)
        if m: out.add(m.group(1))
        for suf in ['自治州','地区','盟']:
            if name.endswith(suf) and len(name)-len(suf)>=2: out.add(name[:-len(suf)])
    return out
regions=set()
for fn,lv in (('provinces.csv','p'),('cities.csv','c'),('areas.csv','a')):
    for r in csv.DictReader(open(D+'regions/'+fn)):
        n=r['name']
        if n in ('市辖区','县','省直辖县级行政区划','自治区直辖县级行政区划'): continue
        regions|=shorts(n,lv)
regions.discard('')
county_short=set()
for r in csv.DictReader(open(D+'regions/areas.csv')):
    n=r['name']
    m=re.match(r'^(.{2,}?)(?:[\u4e00-\u9fff]{1,6}族)+自治[县旗]$',n)
    if m: county_short.add(m.group(1)); continue
    if n[-1] in '县区市旗' and len(n)>=3: county_short.add(n[:-1])
county_short-=regions
rmax=max(map(len,regions|county_short))
orgs=[r['suffix'] for r in csv.DictReader(open(D+'company_names/org_form_suffix_counts.csv')) if not r['suffix'].startswith('(')]
orgs=sorted(set(orgs+['有限公司','有限责任公司','股份有限公司','分公司','厂','店']),key=len,reverse=True)
PAREN=re.compile(r'[（(][^）)]*[）)]')
def split_name(name):
    s=PAREN.sub('',name.strip())
    m=re.search('股份有限公司|有限责任公司|有限公司',s)
    org=''
    if m: org=s[m.start():]; s=s[:m.start()]
    else:
        for o in orgs:
            if s.endswith(o) and len(s)>len(o): org=o; s=s[:-len(o)]; break
    region=''
    while True:
        hit=None
        for L in range(min(rmax,len(s)-2),1,-1):
            if s[:L] in regions or (s[:L] in county_short and len(s)-L>=4): hit=s[:L]; break
        if not hit: break
        region+=hit; s=s[len(hit):]
    return region,s,org
def parse(core):
    ind=[]
    while True:
        best=None
        for L in range(min(maxlen,len(core)-2),0,-1):
            if core[-L:] in terms: best=core[-L:]; break
        if not best: break
        ind.insert(0,best); core=core[:-len(best)]
    return core,ind
if __name__=='__main__':
    names=[l.strip() for l in open(D+'company_names/company_names_sample_450k.txt',encoding='utf-8') if l.strip()]
    random.seed(int(sys.argv[2]) if len(sys.argv)>2 else 4754)
    sample=random.sample(names,5000)
    res=[]; none=0; onlygen=0; used=collections.Counter(); firsts=collections.Counter()
    for n in sample:
        reg,core,org=split_name(n)
        zh,ind=parse(core)
        res.append((n,reg,zh,ind,org))
        if not ind: none+=1
        elif not any(terms[t]['code'] for t in ind): onlygen+=1
        for t in ind: used[t]+=1
    print(f'no term: {none}/{len(sample)} = {none/len(sample):.1%}; only code-less terms: {onlygen} = {onlygen/len(sample):.1%}; with coded term: {(len(sample)-none-onlygen)/len(sample):.1%}')
    random.seed(1)
    for n,reg,zh,ind,org in random.sample(res,50):
        print(f'{zh} | {"".join(ind) or "-"}    [{reg}|{org}]  {n}')
    if '--dump' in sys.argv:
        with open('/tmp/parses.txt','w') as f:
            for n,reg,zh,ind,org in res: f.write(f'{zh}\t{"+".join(ind)}\t{reg}\t{org}\t{n}\n')
        with open('/tmp/nb/used.txt','w') as f:
            for t,c in used.most_common(): f.write(f'{t}\t{c}\n')
