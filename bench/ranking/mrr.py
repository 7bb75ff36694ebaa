"""MRR@10 of `depeche query TITLE` finding the dispatch the title was taken from."""
import argparse, glob, json, os, re, shutil, subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--repo"); ap.add_argument("--work"); ap.add_argument("--gen")
ap.add_argument("--depeche"); ap.add_argument("rest", nargs="*")
a = ap.parse_args()
corpus, idx = os.path.join(a.work, "corpus"), os.path.join(a.work, "idx")
shutil.rmtree(a.work, ignore_errors=True)
os.makedirs(corpus)
queries = []
files = sorted(glob.glob(a.repo + "/tests/eval/dispatches/*.txt") + glob.glob(a.repo + "/sample-corpus/20*/*.txt"))
for f in files:
    text = open(f, encoding="utf-8").read()
    m = re.search(r"^title:(.*)$", text, re.M)
    name = os.path.basename(f)
    if m:
        queries.append((m.group(1).strip(), name))
        text = text[:m.start()] + text[m.end() + 1:]
    open(os.path.join(corpus, name), "w", encoding="utf-8").write(text)
os.symlink(a.gen, os.path.join(corpus, "gen"))
json.dump(queries, open(os.path.join(a.work, "queries.json"), "w"), ensure_ascii=False)
subprocess.run([a.depeche, "index", corpus, "--index", idx, "-q", "--follow"] + a.rest, check=False)
total, ranks = 0.0, []
for q, name in queries:
    out = subprocess.run([a.depeche, "query", q, "--index", idx, "--json", "--limit", "10"], capture_output=True, text=True)
    hits = json.loads(out.stdout)["hits"] if out.stdout else []
    rank = next((h["rank"] for h in hits if os.path.basename(h["path"]) == name), None)
    ranks.append(rank)
    total += 1 / rank if rank else 0
print("depeche:  MRR@10 %.3f over %d headlines (rank 1: %d, not in top 10: %d)" % (
    total / len(queries), len(queries), sum(r == 1 for r in ranks), sum(r is None for r in ranks)))
