# Baseline like the best peer: tantivy's default tokenizer (split on
# non-alphanumerics, lower-case, no stemming/folding), OR, BM25 (k1 1.2, b .75)
# summed over title and body.
import json,os,re,math,collections
import argparse
ap=argparse.ArgumentParser(); ap.add_argument('--work'); a=ap.parse_args()
qs=json.load(open(os.path.join(a.work,'queries.json')))
tok=lambda s:[w.lower() for w in re.findall(r'[^\W_]+',s)]
docs=[]
for root,_,files in os.walk(os.path.join(a.work,'corpus'),followlinks=True):
    for f in files:
        p=os.path.join(root,f); t=open(p,encoding='utf-8',errors='replace').read()
        m=re.search(r'^title:(.*)$',t,re.M); title=m.group(1) if m else ''
        body=re.sub(r'^(\s*date \S+|title:.*)$','',t,flags=re.M)
        docs.append((p,{'title':collections.Counter(tok(title)),'body':collections.Counter(tok(body))}))
N=len(docs); stats={}
for fld in ('title','body'):
    df=collections.Counter(); tot=0
    for _,d in docs: df.update(d[fld].keys()); tot+=sum(d[fld].values())
    stats[fld]=(df,tot/N)
def score(d,terms):
    s=0
    for fld in ('title','body'):
        df,avg=stats[fld]; c=d[fld]; L=sum(c.values())
        for t in terms:
            tf=c.get(t,0)
            if not tf: continue
            idf=math.log(1+(N-df[t]+.5)/(df[t]+.5))
            s+=idf*tf*2.2/(tf+1.2*(1-.75+.75*L/avg))
    return s
rr=0
for q,name in qs:
    terms=tok(q)
    ranked=sorted(((score(d,terms),p) for p,d in docs),reverse=True)[:10]
    r=next((i+1 for i,(s,p) in enumerate(ranked) if os.path.basename(p)==name),None)
    rr+=1/r if r else 0
print('baseline: MRR@10 %.3f over %d headlines (default tokenizer, OR, BM25 over title+body)'%(rr/len(qs),len(qs)))
