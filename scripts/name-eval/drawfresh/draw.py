#!/usr/bin/env python3
"""Draw an untouched evaluation set for issue 10 (name/testdata/eval/fresh2.tsv … fresh4.tsv).

150 names from company_names_sample_450k.txt and 150 records registered in
2018-2019 from company_records_sample_150k.csv, excluding every name already in
heldout.tsv, dev.tsv and the earlier fresh*.tsv files (--exclude), with a fixed seed. Rows alternate between
the sources (odd ids from the 450k names). The authority column is left for the
labellers, as in fresh.tsv.

    python3 scripts/name-eval/drawfresh/draw.py [--seed 20261202] [--prefix G] [--out name/testdata/eval/fresh2.tsv]
    python3 scripts/name-eval/drawfresh/draw.py --seed 20261203 --prefix K --out name/testdata/eval/fresh3.tsv \
        --exclude heldout.tsv,dev.tsv,fresh.tsv,fresh2.tsv
    python3 scripts/name-eval/drawfresh/draw.py --seed 20261204 --prefix M --out name/testdata/eval/fresh4.tsv \
        --exclude heldout.tsv,dev.tsv,fresh.tsv,fresh2.tsv,fresh3.tsv
"""
import argparse, csv, os, random

ap = argparse.ArgumentParser()
ap.add_argument("--data", default="../shared/data")
ap.add_argument("--seed", type=int, default=20261202)
ap.add_argument("--prefix", default="G")
ap.add_argument("--out", default="name/testdata/eval/fresh2.tsv")
ap.add_argument("--exclude", default="heldout.tsv,dev.tsv,fresh.tsv")
a = ap.parse_args()

ev = "name/testdata/eval"
seen = set()
for f in a.exclude.split(","):
    with open(os.path.join(ev, f), encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            seen.add(r["name"].strip())

cn = os.path.join(a.data, "company_names")
with open(os.path.join(cn, "company_names_sample_450k.txt"), encoding="utf-8") as fh:
    names = sorted({l.strip() for l in fh if l.strip()} - seen)
recs = {}
with open(os.path.join(cn, "company_records_sample_150k.csv"), encoding="utf-8") as fh:
    for r in csv.DictReader(fh):
        n = r["name"].strip()
        if n and n not in seen and r["reg_date"][:4] in ("2018", "2019"):
            recs.setdefault(n, r)
recs = [recs[k] for k in sorted(recs)]

rng = random.Random(a.seed)
pick_n = rng.sample(names, 150)
pick_r = [r for r in rng.sample(recs, 300) if r["name"].strip() not in set(pick_n)][:150]

with open(a.out, "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh, delimiter="\t", lineterminator="\n")
    w.writerow(["id", "source", "name", "authority_code", "authority_basis", "province", "region", "reg_date"])
    for i in range(150):
        w.writerow([f"{a.prefix}{2*i+1:03d}", "names450k", pick_n[i], "", "", "", "", ""])
        r = pick_r[i]
        w.writerow([f"{a.prefix}{2*i+2:03d}", "records2018", r["name"].strip(), "", "", r["province"], r["region"], r["reg_date"]])
