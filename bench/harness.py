#!/usr/bin/env python3
"""depeche archive-scale benchmark harness (Python 3 standard library only).

Run through `bench/run`; see bench/README.md. Steps:
  1. corpora: generated (gen_corpus.py, fixed seed) + the repo's sample-corpus/
  2. peers: installed from Debian / crates.io when missing (idempotent)
  3. indexing: wall time, MB/s of input text, peak RSS, index size
  4. queries: one process per query, as a shell user runs them; median and
     p95 over a fixed set of 2-3 word AND queries, with and without a date
     filter (2015-2016)
  5. one markdown table (absolute figures + ratios vs depeche from the same
     run) printed and written to bench/work/results-<date>.md and .json
"""
import argparse
import datetime as dt
import glob
import hashlib
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)
import gen_corpus  # noqa: E402

SEED = 20051
QUERY_SEED = 4
DATE_FROM, DATE_TO = 2015, 2016
PG_PORT = 54329
ALL_SYSTEMS = ["depeche", "depeche-1t", "tantivy-cli", "postgresql", "xapian", "ripgrep"]
SMOKE_SYSTEMS = ["depeche", "ripgrep"]
CARGO_BIN = os.path.expanduser("~/.cargo/bin")


def log(*a):
    print("[bench %s]" % time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def parse_size(s):
    s = s.strip().lower()
    mult = {"k": 1000, "m": 1000000}.get(s[-1], 1)
    return int(float(s.rstrip("km")) * mult)


def size_name(n):
    if n >= 1000000 and n % 1000000 == 0:
        return "%dM" % (n // 1000000)
    if n >= 1000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return str(n)


def run(cmd, timeout=None, check=True, **kw):
    log("$", cmd if isinstance(cmd, str) else " ".join(cmd))
    p = subprocess.run(cmd, timeout=timeout, **kw)
    if check and p.returncode != 0:
        raise RuntimeError("command failed (%d): %s" % (p.returncode, cmd))
    return p


GNU_TIME = "/usr/bin/time"


def descendants(pid):
    """pid and its descendants (from /proc/PID/task/TID/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in glob.glob("/proc/%d/task/*/children" % p):
            try:
                with open(task) as f:
                    todo.extend(int(c) for c in f.read().split())
            except (OSError, ValueError):
                pass
    return out


MEM_KEYS = {"VmRSS": "rss", "RssAnon": "anon", "RssFile": "file", "RssShmem": "shmem"}


def sample_mem(pid, stop, peaks, interval=0.2):
    """Every `interval` s, reads VmRSS / RssAnon / RssFile / RssShmem of pid
    and its descendants from /proc and keeps, for each, the peak (MiB) of the
    largest process. Anonymous memory (heap, arenas) is what a process
    allocates; RssFile is pages of mapped files (the index's segments, which
    tantivy mmaps) that the kernel can drop at any time."""
    while not stop.is_set():
        for p in descendants(pid):
            try:
                with open("/proc/%d/status" % p) as f:
                    text = f.read()
            except OSError:
                continue
            for line in text.splitlines():
                k, _, v = line.partition(":")
                if k in MEM_KEYS:
                    try:
                        mib = int(v.split()[0]) / 1024
                    except (ValueError, IndexError):
                        continue
                    peaks[MEM_KEYS[k]] = max(peaks.get(MEM_KEYS[k], 0.0), mib)
        stop.wait(interval)


def timed(cmd, timeout, stdin=None, stdout=subprocess.DEVNULL, shell=False, env=None, ok=(0,),
          rss=False, mem=None):
    """Runs cmd; returns (wall seconds, peak RSS in MiB or None, return code,
    stdout bytes or None). With rss=True the command runs under GNU time
    (`/usr/bin/time -f %M`), whose own small process forks it: ru_maxrss seen
    from this Python process would include the pre-exec image of the
    harness itself. With a dict `mem`, the command's process tree is sampled
    from /proc every 0.2 s (see sample_mem) and mem gets the sampled peaks
    in MiB: "rss", "anon", "file", "shmem"."""
    rss_file = None
    if rss and os.path.exists(GNU_TIME) and not shell:
        rss_file = os.path.join(os.environ.get("TMPDIR", "/tmp"), "bench-rss-%d" % os.getpid())
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file, "--"] + list(cmd)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                         shell=shell, env=env, start_new_session=True)
    sampler = None
    if mem is not None:
        stop_sampling = threading.Event()
        sampler = threading.Thread(target=sample_mem, args=(p.pid, stop_sampling, mem))
        sampler.start()
    out_chunks = []
    reader = None
    if stdout == subprocess.PIPE:
        reader = threading.Thread(target=lambda: out_chunks.append(p.stdout.read()))
        reader.start()
    err_chunks = []
    ereader = threading.Thread(target=lambda: err_chunks.append(p.stderr.read()))
    ereader.start()
    deadline = t0 + timeout

    def stop_sampler():
        if sampler:
            stop_sampling.set()
            sampler.join()

    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(p.pid, signal.SIGKILL)
            pid, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            stop_sampler()
            ereader.join()
            if reader:
                reader.join()
            return wall, None, "timeout", None
        time.sleep(0.0005)
    wall = time.perf_counter() - t0
    stop_sampler()
    if mem is not None and wall < 1.0:
        mem.clear()  # a few samples, some before exec: no figure rather than a wrong one
    p.returncode = os.waitstatus_to_exitcode(status)
    if reader:
        reader.join()
    ereader.join()
    if p.returncode not in ok:
        err = (err_chunks[0] if err_chunks else b"").decode("utf-8", "replace")
        log("  exit %s: %s" % (p.returncode, err.strip()[-600:]))
    peak = None
    if rss_file:
        try:
            with open(rss_file) as f:
                peak = int(f.read().split()[-1]) / 1024
            os.unlink(rss_file)
        except (OSError, ValueError, IndexError):
            peak = None
    return wall, peak, p.returncode, (out_chunks[0] if out_chunks else None)


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return total


# ----------------------------------------------------------------- installs

def warm(paths):
    """Reads every file of `paths` once, so that each system's indexing starts
    with its input in the page cache. Without it the input's state depends on
    what ran before and on the kernel: on the benchmark machine DAMON pages
    out memory not touched for a minute, and a 1M build took 70 s with its
    corpus cached and 95 s with part of it paged out."""
    for p in paths:
        try:
            with open(p, "rb") as f:
                while f.read(1 << 20):
                    pass
        except OSError:
            pass


class Tools:
    def __init__(self):
        self.apt_updated = False
        self.problems = {}

    def apt(self, *pkgs):
        if not self.apt_updated:
            run(["apt-get", "update", "-qq"], timeout=900, check=False)
            self.apt_updated = True
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        return run(["apt-get", "install", "-y", "-qq", *pkgs], timeout=1800, check=False,
                   env=env).returncode == 0

    def ensure_time(self):
        if not os.path.exists(GNU_TIME):
            self.apt("time")

    def ensure_dict(self):
        if not os.path.exists("/usr/share/dict/french"):
            self.apt("wfrench")

    def ensure_ripgrep(self):
        if shutil.which("rg"):
            return shutil.which("rg")
        if not self.apt("ripgrep"):
            run(["cargo", "install", "ripgrep", "--locked"], timeout=1800, check=False)
        return shutil.which("rg") or (os.path.exists(CARGO_BIN + "/rg") and CARGO_BIN + "/rg")

    def ensure_tantivy(self):
        exe = shutil.which("tantivy") or CARGO_BIN + "/tantivy"
        if os.path.exists(exe):
            return exe
        # tantivy-cli 0.24.0's lock file pins traitobject 0.1.0, which no longer
        # compiles with current rustc (E0119); fall back to fresh resolution.
        if run(["cargo", "install", "tantivy-cli", "--locked"], timeout=2400,
               check=False).returncode != 0:
            log("tantivy-cli --locked failed to build; retrying without --locked")
            run(["cargo", "install", "tantivy-cli"], timeout=2400, check=False)
        return exe if os.path.exists(exe) else None

    def ensure_postgres(self):
        def find():
            bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
            return os.path.dirname(bins[-1]) if bins else None
        if not find():
            self.apt("postgresql")
        return find()

    def ensure_xapian(self):
        def ok():
            return shutil.which("quest") and subprocess.run(
                ["/usr/bin/python3", "-c", "import xapian"], capture_output=True).returncode == 0
        if not ok():
            self.apt("python3-xapian", "xapian-tools")
        return ok()


# ------------------------------------------------------------------ corpora

def gen_fingerprint():
    h = hashlib.sha256()
    with open(os.path.join(BENCH, "gen_corpus.py"), "rb") as f:
        h.update(f.read())
    return h.hexdigest()[:16]


def ensure_generated(work, n, timeout):
    d = os.path.join(work, "corpora", "gen-" + size_name(n))
    marker = os.path.join(d, ".done")
    want = "%s seed=%d n=%d" % (gen_fingerprint(), SEED, n)
    if os.path.exists(marker) and open(marker).read().strip() == want:
        return d
    if os.path.exists(d):
        shutil.rmtree(d)
    t0 = time.time()
    run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), d, str(n), "--seed", str(SEED)],
        timeout=timeout)
    with open(marker, "w") as f:
        f.write(want + "\n")
    log("generated %s in %.0fs" % (d, time.time() - t0))
    return d


def corpus_files(root):
    out = []
    for r, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for f in sorted(files):
            if not f.startswith("."):
                out.append(os.path.join(r, f))
    return out


DATE_RE = re.compile(r"^\s*date\s+(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
HEADER_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s?(.*)$")


def parse_dispatch(text):
    """Minimal parse of depeche's format, for feeding the peers."""
    lines = text.replace("\r\n", "\n").split("\n")
    year = month = day = None
    title = ""
    i = 0
    first_para = ""
    if lines and DATE_RE.match(lines[0]):
        m = DATE_RE.match(lines[0])
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else 1
        day = int(m.group(3)) if m.group(3) else 1
        first_para = lines[0][m.end():].strip()
        i = 1
        while not first_para and i < len(lines) and HEADER_RE.match(lines[i]):
            k, v = HEADER_RE.match(lines[i]).groups()
            if k.lower() == "title":
                title = v.strip()
            i += 1
    body = "\n\n".join(p.replace("\n", " ").strip() for p in "\n".join(lines[i:]).split("\n\n")
                       if p.strip())
    if first_para:
        body = first_para + "\n\n" + body
    date = None
    if year and month and 1 <= month <= 12:
        try:
            date = dt.date(year, month, day).isoformat()
        except ValueError:
            date = dt.date(year, month, 1).isoformat()
    return {"title": title, "body": body, "year": year if date else None, "date": date}


def pg_escape(s):
    return (s.replace("\x00", "").replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def ensure_export(work, name, root):
    """JSON lines (tantivy-cli, Xapian) and COPY text (PostgreSQL) of a corpus.
    Built once per corpus; its time is reported but not charged to peers."""
    d = os.path.join(work, "export")
    os.makedirs(d, exist_ok=True)
    jl, tsv = os.path.join(d, name + ".jsonl"), os.path.join(d, name + ".tsv")
    marker = os.path.join(d, name + ".done")
    files = corpus_files(root)
    sig = "v2 %d %d" % (len(files), sum(os.path.getsize(f) for f in files))
    if os.path.exists(marker) and open(marker).read().strip() == sig:
        return jl, tsv, files
    t0 = time.time()
    with open(jl, "w", encoding="utf-8") as fj, open(tsv, "w", encoding="utf-8") as ft:
        for path in files:
            with open(path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
            d_ = parse_dispatch(text)
            rel = os.path.relpath(path, root)
            doc = {"path": rel, "title": d_["title"], "body": d_["body"]}
            if d_["year"]:
                doc["year"] = d_["year"]
            fj.write(json.dumps(doc, ensure_ascii=False) + "\n")
            ft.write("\t".join([pg_escape(rel), d_["date"] or "\\N",
                                str(d_["year"]) if d_["year"] else "\\N",
                                pg_escape(d_["title"]), pg_escape(d_["body"])]) + "\n")
    with open(marker, "w") as f:
        f.write(sig + "\n")
    log("exported %s in %.1fs" % (name, time.time() - t0))
    return jl, tsv, files


# ------------------------------------------------------------------ queries

WORD_OK = re.compile(r"^[a-zàâäçéèêëîïôöùûüÿœæ]{4,}$")


def make_queries(n):
    """Fixed set of 2-3 word queries drawn from the generator's vocabulary:
    one word of the news lexicon, one of the 1,500 commonest words (after the
    function words), and for 40 % a third word (lexicon or a province)."""
    vocab, _ = gen_corpus.build_vocab(random.Random(SEED), "/usr/share/dict/french")
    lexicon = [w for w in gen_corpus.NEWS_LEXICON if WORD_OK.match(w)]
    nfunc = len(gen_corpus.FUNCTION_WORDS)
    common = [w for w in vocab[nfunc:nfunc + 1500] if WORD_OK.match(w)]
    provinces = [c for _, (_, regs) in gen_corpus.REGIONS.items() for c, _ in regs
                 if re.match(r"^[A-Za-zéèÉ]+$", c)]
    rng = random.Random(QUERY_SEED)
    out = []
    while len(out) < n:
        q = [rng.choice(lexicon), rng.choice(common)]
        if rng.random() < 0.4:
            q.append(rng.choice(provinces) if rng.random() < 0.5 else rng.choice(lexicon))
        if len(set(w.lower() for w in q)) == len(q) and q not in out:
            out.append(q)
    return out


def pct(values, p):
    v = sorted(values)
    if not v:
        return None
    k = (len(v) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


# ------------------------------------------------------------------ systems

class System:
    name = "?"

    def inputs(self, corpus):
        """The files the system's indexing reads (warmed before it is timed)."""
        return corpus["paths"]
    notes = ""
    measure_queries = True
    index_ok = (0,)   # exit codes of a successful indexing run
    query_ok = (0,)   # exit codes of a successful query

    def idx(self, corpus):
        return os.path.join(self.work, "idx", self.name, corpus["name"])

    def fresh_idx(self, corpus):
        """The index folder of `corpus`, removed; its parent exists."""
        idx = self.idx(corpus)
        shutil.rmtree(idx, ignore_errors=True)
        os.makedirs(os.path.dirname(idx), exist_ok=True)
        return idx

    def index(self, corpus):
        raise NotImplementedError

    def query_cmd(self, corpus, words, dated):
        raise NotImplementedError

    def hits(self, out):
        return None


class Depeche(System):
    index_ok = (0, 3)  # 3: some files skipped (sample-corpus has broken files on purpose)
    query_ok = (0, 1)  # 1: no dispatch matched

    def __init__(self, exe, work, threads=None):
        self.exe, self.work, self.threads = exe, work, threads
        self.name = "depeche" if threads is None else "depeche-%dt" % threads
        self.notes = ("`index` with the default threads (tantivy writer threads: one per two "
                      "cores; reading, extraction and analysis: one thread per core); "
                      "`query --json --limit 10`"
                      if threads is None else "`index` with %d tantivy writer thread (config "
                      "`threads = %d`; reading, extraction and analysis: one thread per core, "
                      "as tantivy-cli reads and parses its JSON on threads of its own); "
                      "queries not re-measured (same index as depeche)"
                      % (threads, threads))
        # The index is the same as depeche's: its queries are not measured twice.
        self.measure_queries = threads is None
        self.config = None
        if threads is not None:
            h = subprocess.run([exe, "index", "--help"], capture_output=True, text=True).stdout
            self.thread_flag = "--threads" in h
            if not self.thread_flag:
                schema = subprocess.run([exe, "schema"], capture_output=True, text=True)
                if schema.returncode != 0 or "threads" not in schema.stdout:
                    raise RuntimeError("depeche has neither --threads nor `schema` to set threads")
                self.config = os.path.join(work, "depeche-%dt.toml" % threads)
                with open(self.config, "w") as f:
                    f.write(re.sub(r"(?m)^threads\s*=.*$", "threads = %d" % threads, schema.stdout))

    def index(self, corpus, timeout):
        idx = self.fresh_idx(corpus)
        cmd = [self.exe, "index", corpus["root"], "--index", idx, "-q"]
        if self.threads is not None:
            cmd += ["--threads", str(self.threads)] if self.thread_flag else ["--config", self.config]
        mem = {}
        wall, rss, rc, _ = timed(cmd, timeout, ok=self.index_ok, rss=True, mem=mem)
        out = {"wall": wall, "rss": rss, "rc": 0 if rc in self.index_ok else rc,
               "exit": rc, "size": dir_bytes(idx), "anon": mem.get("anon"),
               "file": mem.get("file")}
        if out["rc"] == 0:
            # Issue 4: the same command again, on the unchanged corpus and the
            # index just built (warm page cache: the build just read it all).
            mem = {}
            rwall, rrss, rrc, _ = timed(cmd, timeout, ok=self.index_ok, rss=True, mem=mem)
            out["reindex"] = {"wall": rwall, "rss": rrss, "anon": mem.get("anon"),
                              "file": mem.get("file"),
                              "rc": 0 if rrc in self.index_ok else rrc, "exit": rrc}
        return out

    def query_cmd(self, corpus, words, dated):
        cmd = [self.exe, "query", " ".join(words), "--index", self.idx(corpus), "--json",
               "--limit", "10"]
        if dated:
            cmd += ["--from", str(DATE_FROM), "--to", str(DATE_TO)]
        return cmd

    def hits(self, out):
        try:
            j = json.loads(out)
        except ValueError:
            return None
        for k in ("total", "total_hits", "hits_total", "count", "matches"):
            if isinstance(j, dict) and isinstance(j.get(k), int):
                return j[k]
        return None


class TantivyCli(System):
    name = "tantivy-cli"

    def inputs(self, corpus):
        return [corpus["jsonl"]]
    notes = ("same engine, default tokenizer (no French analysis), 1 indexing thread, "
             "512 MB budget; query = `search` with a year terms aggregation (counts, no documents)")

    def __init__(self, exe, work):
        self.exe, self.work = exe, work

    def index(self, corpus, timeout):
        idx = self.fresh_idx(corpus)
        os.makedirs(idx)
        text = lambda stored: {"indexing": {"record": "position", "fieldnorms": True,
                                            "tokenizer": "default"},
                               "stored": stored, "fast": False}
        meta = {"index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
                "segments": [], "opstamp": 0,
                "schema": [
                    {"name": "path", "type": "text",
                     "options": {"indexing": None, "stored": True, "fast": False}},
                    {"name": "title", "type": "text", "options": text(True)},
                    {"name": "body", "type": "text", "options": text(True)},
                    {"name": "year", "type": "i64",
                     "options": {"indexed": True, "fieldnorms": False, "fast": True,
                                 "stored": True}}]}
        with open(os.path.join(idx, "meta.json"), "w") as f:
            json.dump(meta, f)
        with open(corpus["jsonl"], "rb") as fin:
            wall, rss, rc, _ = timed([self.exe, "index", "-i", idx, "-t", "1",
                                      "-m", str(512 * 1024 * 1024)], timeout, stdin=fin,
                                     rss=True)
        return {"wall": wall, "rss": rss, "rc": rc, "size": dir_bytes(idx)}

    def query_cmd(self, corpus, words, dated):
        q = " ".join("+" + w for w in words)
        if dated:
            q += " +year:[%d TO %d]" % (DATE_FROM, DATE_TO)
        return [self.exe, "search", "-i", self.idx(corpus), "-q", q,
                "-a", '{"years":{"terms":{"field":"year","size":100}}}']

    def hits(self, out):
        try:
            y = json.loads(out)["years"]
            return sum(b["doc_count"] for b in y["buckets"]) + y.get("sum_other_doc_count", 0)
        except (ValueError, KeyError, TypeError):
            return None


class Postgres(System):
    name = "postgresql"

    def inputs(self, corpus):
        return [corpus["tsv"]]

    def __init__(self, bindir, work):
        self.bindir, self.work = bindir, work
        self.version = os.path.basename(os.path.dirname(bindir))
        self.notes = ("PostgreSQL %s, to_tsvector('french') stored column + GIN, COPY in one "
                      "transaction (wal_level=minimal), maintenance_work_mem=512MB; query = psql: "
                      "plainto_tsquery, ts_rank top 10, ts_headline" % self.version)
        self.base = os.path.join(work, "pg")
        self.data = os.path.join(self.base, "data")
        self.sock = os.path.join(self.base, "sock")
        self.started = False

    def as_pg(self, args, **kw):
        return run(["runuser", "-u", "postgres", "--"] + args, **kw)

    def start(self):
        if self.started:
            return
        os.makedirs(self.base, exist_ok=True)
        os.makedirs(self.sock, exist_ok=True)
        # postgres must be able to reach its folders.
        p = self.base
        while p not in ("/", ""):
            os.chmod(p, os.stat(p).st_mode | 0o011) if os.stat(p).st_uid == 0 else None
            p = os.path.dirname(p)
        shutil.chown(self.base, "postgres", "postgres")
        shutil.chown(self.sock, "postgres", "postgres")
        if not os.path.exists(os.path.join(self.data, "PG_VERSION")):
            shutil.rmtree(self.data, ignore_errors=True)
            self.as_pg([self.bindir + "/initdb", "-D", self.data, "-E", "UTF8", "--locale=C.UTF-8",
                        "--auth=trust", "-U", "postgres"], timeout=300, stdout=subprocess.DEVNULL)
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self.as_pg([self.bindir + "/pg_ctl", "-D", self.data, "stop", "-m", "fast"],
                       timeout=120, check=False)
        opts = ("-k %s -p %d -c listen_addresses='' -c wal_level=minimal -c max_wal_senders=0 "
                "-c maintenance_work_mem=512MB -c max_wal_size=8GB -c shared_buffers=256MB "
                "-c max_parallel_maintenance_workers=0 -c max_parallel_workers_per_gather=0"
                % (self.sock, PG_PORT))
        self.as_pg([self.bindir + "/pg_ctl", "-D", self.data, "-l",
                    os.path.join(self.base, "server.log"), "-w", "-t", "120", "-o", opts, "start"],
                   timeout=180, stdout=subprocess.DEVNULL)
        self.started = True

    def stop(self):
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self.as_pg([self.bindir + "/pg_ctl", "-D", self.data, "stop", "-m", "fast"],
                       timeout=120, check=False, stdout=subprocess.DEVNULL)
        self.started = False

    def psql(self, db, extra):
        return [self.bindir + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.sock,
                "-p", str(PG_PORT), "-U", "postgres", "-d", db] + extra

    def db(self, corpus):
        return "c_" + re.sub(r"[^a-z0-9]", "_", corpus["name"].lower())

    def backend_hwm(self, stop, out):
        """Polls the largest VmHWM among the cluster's processes."""
        while not stop.is_set():
            for st in glob.glob("/proc/[0-9]*/status"):
                try:
                    with open(st) as f:
                        s = f.read()
                except OSError:
                    continue
                if "\nName:\tpostgres" not in "\n" + s:
                    continue
                m = re.search(r"VmHWM:\s+(\d+) kB", s)
                if m:
                    out[0] = max(out[0], int(m.group(1)) / 1024)
            stop.wait(0.2)

    def index(self, corpus, timeout):
        self.start()
        db = self.db(corpus)
        run(self.psql("postgres", ["-c", "DROP DATABASE IF EXISTS %s" % db]), timeout=300)
        run(self.psql("postgres", ["-c", "CREATE DATABASE %s" % db]), timeout=300)
        sql = ("BEGIN;\n"
               "CREATE TABLE docs (id serial PRIMARY KEY, path text, d date, year int, title text,"
               " body text, tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('french',"
               " coalesce(title,'')), 'A') || to_tsvector('french', body)) STORED);\n"
               "\\copy docs (path, d, year, title, body) FROM '%s'\n"
               "CREATE INDEX docs_tsv ON docs USING gin (tsv);\n"
               "CREATE INDEX docs_d ON docs (d);\n"
               "COMMIT;\nCHECKPOINT;\n" % corpus["tsv"].replace("'", "''"))
        sqlf = os.path.join(self.base, "load-%s.sql" % db)
        with open(sqlf, "w") as f:
            f.write(sql)
        stop, peak = threading.Event(), [0.0]
        th = threading.Thread(target=self.backend_hwm, args=(stop, peak))
        th.start()
        try:
            wall, _, rc, _ = timed(self.psql(db, ["-f", sqlf]), timeout)
        finally:
            stop.set()
            th.join()
        size = subprocess.run(self.psql(db, ["-A", "-t", "-c",
                                             "SELECT pg_total_relation_size('docs')"]),
                              capture_output=True, text=True).stdout.strip()
        return {"wall": wall, "rss": peak[0], "rc": rc, "size": int(size) if size.isdigit() else None}

    def query_cmd(self, corpus, words, dated):
        q = " ".join(words)
        where = "tsv @@ q"
        if dated:
            where += " AND d BETWEEN '%d-01-01' AND '%d-12-31'" % (DATE_FROM, DATE_TO)
        sql = ("SELECT path, ts_headline('french', body, q, 'MaxFragments=2') FROM ("
               "SELECT path, body, q, ts_rank(tsv, q) AS r FROM docs, "
               "plainto_tsquery('french', '%s') q WHERE %s ORDER BY r DESC LIMIT 10) s "
               "ORDER BY r DESC" % (q.replace("'", "''"), where))
        return self.psql(self.db(corpus), ["-A", "-t", "-c", sql])


class Xapian(System):
    name = "xapian"

    def inputs(self, corpus):
        return [corpus["jsonl"]]

    def __init__(self, work):
        self.work = work
        v = subprocess.run(["/usr/bin/python3", "-c", "import xapian;print(xapian.version_string())"],
                           capture_output=True, text=True).stdout.strip()
        self.notes = ("Xapian %s, French stemmer (python3-xapian indexer, STEM_SOME); "
                      "query = `quest -s french -o and -m 10` (ranked top 10, no snippets)" % v)

    def index(self, corpus, timeout):
        idx = self.fresh_idx(corpus)
        with open(corpus["jsonl"], "rb") as fin:
            wall, rss, rc, _ = timed(["/usr/bin/python3", os.path.join(BENCH, "xapian_index.py"),
                                      idx], timeout, stdin=fin, rss=True)
        return {"wall": wall, "rss": rss, "rc": rc, "size": dir_bytes(idx)}

    def query_cmd(self, corpus, words, dated):
        q = " ".join(words)
        if dated:
            q += " " + " ".join("year:%d" % y for y in range(DATE_FROM, DATE_TO + 1))
        return ["quest", "-d", self.idx(corpus), "-s", "french", "-o", "and", "-m", "10",
                "-b", "year:Y", q]

    def hits(self, out):
        m = re.search(rb"Exactly (\d+) matches|best estimate is (\d+)", out or b"")
        return int(m.group(1) or m.group(2)) if m else None


class Ripgrep(System):
    name = "ripgrep"

    def __init__(self, exe):
        self.exe = exe
        v = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        self.notes = ("%s over the raw files, no index; AND of words = "
                      "`rg -l -i -w -F w1 DIRS | xargs -d '\\n' rg -l -i -w -F w2 | …`; date filter "
                      "= only the year folders 2015/ 2016/ (or `rg -l '^date 201[56]'` first "
                      "when the corpus has no year folders); exact words, no stemming" % v)

    def index(self, corpus, timeout):
        return {"wall": 0.0, "rss": 0.0, "rc": 0, "size": 0}

    def query_cmd(self, corpus, words, dated):
        root = corpus["root"]
        rg = "'%s' -l -i -w -F" % self.exe
        quote = lambda s: "'" + s.replace("'", "'\\''") + "'"
        if dated:
            years = [os.path.join(root, str(y)) for y in range(DATE_FROM, DATE_TO + 1)]
            if all(os.path.isdir(y) for y in years) or corpus["generated"]:
                years = [y for y in years if os.path.isdir(y)] or ["/nonexistent"]
                first = "%s -e %s %s" % (rg, quote(words[0]), " ".join(map(quote, years)))
            else:
                first = ("'%s' -l -m1 '^\\s*date (%s)' %s | xargs -r -d '\\n' %s -e %s"
                         % (self.exe, "|".join(str(y) for y in range(DATE_FROM, DATE_TO + 1)),
                            quote(root), rg, quote(words[0])))
        else:
            first = "%s -e %s %s" % (rg, quote(words[0]), quote(root))
        rest = "".join(" | xargs -r -d '\\n' %s -e %s" % (rg, quote(w)) for w in words[1:])
        return ["bash", "-c", first + rest + "; exit 0"]

    def hits(self, out):
        return len(out.splitlines()) if out is not None else None


# ---------------------------------------------------------- extraction cost

def ensure_replicated_sample(work, sample, copies):
    """sample/20*/ (the dated dispatches of the repo's sample-corpus) copied
    `copies` times under work/corpora/sample-x<copies>/copy-NNN/."""
    years = sorted(d for d in glob.glob(os.path.join(sample, "20*")) if os.path.isdir(d))
    src = [f for y in years for f in corpus_files(y)]
    if not src:
        raise RuntimeError("%s has no 20*/ folder with dispatches" % sample)
    h = hashlib.sha256()
    for f in src:
        h.update(os.path.relpath(f, sample).encode() + b"\0")
        with open(f, "rb") as fh:
            h.update(fh.read())
    d = os.path.join(work, "corpora", "sample-x%d" % copies)
    marker = os.path.join(d, ".done")
    want = "%s copies=%d files=%d" % (h.hexdigest()[:16], copies, len(src) * copies)
    if os.path.exists(marker) and open(marker).read().strip() == want:
        return d, len(src) * copies
    shutil.rmtree(d, ignore_errors=True)
    for i in range(copies):
        for y in years:
            shutil.copytree(y, os.path.join(d, "copy-%03d" % i, os.path.basename(y)))
    with open(marker, "w") as f:
        f.write(want + "\n")
    return d, len(src) * copies


def extraction_configs(exe, work):
    """Two settings files from `depeche schema`: the default settings
    (regions and sources extracted, default threads) and the same without
    extraction ([facets.region] and [facets.source] extract = false)."""
    schema = subprocess.run([exe, "schema"], capture_output=True, text=True)
    if schema.returncode != 0:
        raise RuntimeError("`depeche schema` failed")
    on = schema.stdout
    off, n = re.subn(r"(?m)^extract\s*=\s*true\s*$", "extract = false", on)
    if n != 2:
        raise RuntimeError("`depeche schema` has no `extract` switch "
                           "in [facets.region] / [facets.source]")
    paths = {}
    for name, text in (("on", on), ("off", off)):
        paths[name] = os.path.join(work, "extraction-%s.toml" % name)
        with open(paths[name], "w") as f:
            f.write(text)
    return paths


def callgrind_instructions(cmd, timeout):
    """Instructions executed by cmd (all threads) under callgrind, or None."""
    vg = shutil.which("valgrind")
    if not vg:
        return None
    p = run([vg, "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd, timeout=timeout,
            check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    m = re.search(rb"Collected\s*:\s*(\d+)", p.stderr or b"")
    if p.returncode not in (0, 3) or not m:
        log("  callgrind failed (%s): %s" % (p.returncode, (p.stderr or b"")[-400:]))
        return None
    return int(m.group(1))


def extraction_cost(exe, work, sample, copies, reps, use_valgrind, timeout):
    """Issue 3: how much region/source extraction adds to indexing time, on
    sample-corpus/20* replicated `copies` times, default settings, every
    run from an empty index. Runs alternate (on, off, on, off…) so that
    load changes on the machine hit both alike; the minimum of each is
    kept. With valgrind, one run each under callgrind: instruction counts,
    which do not depend on the load."""
    root, nfiles = ensure_replicated_sample(work, sample, copies)
    cfg = extraction_configs(exe, work)
    out = {"copies": copies, "files": nfiles, "bytes": dir_bytes(root) , "reps": reps,
           "load_start": os.getloadavg()[0]}
    walls = {"on": [], "off": []}

    def cmd(mode):
        idx = os.path.join(work, "idx", "extraction", mode)
        shutil.rmtree(idx, ignore_errors=True)
        os.makedirs(os.path.dirname(idx), exist_ok=True)
        return [exe, "index", root, "--index", idx, "--config", cfg[mode], "-q"]

    for i in range(reps):
        for mode in (("on", "off") if i % 2 == 0 else ("off", "on")):
            wall, _, rc, _ = timed(cmd(mode), timeout, ok=(0, 3))
            if rc not in (0, 3):
                raise RuntimeError("depeche index (extraction %s) failed: %s" % (mode, rc))
            walls[mode].append(wall)
    out["walls"] = walls
    out["min_on"], out["min_off"] = min(walls["on"]), min(walls["off"])
    out["wall_pct"] = 100 * (out["min_on"] / out["min_off"] - 1)
    if use_valgrind and shutil.which("valgrind"):
        out["instr_on"] = callgrind_instructions(cmd("on"), timeout)
        out["instr_off"] = callgrind_instructions(cmd("off"), timeout)
        if out["instr_on"] and out["instr_off"]:
            out["instr_pct"] = 100 * (out["instr_on"] / out["instr_off"] - 1)
    out["load_end"] = os.getloadavg()[0]
    log("   extraction cost: %s" % {k: v for k, v in out.items() if k != "walls"})
    return out


def extraction_lines(x, smoke):
    if not x:
        return []
    if "error" in x:
        return ["## Extraction cost (issue 3)", "", "Not measured: %s" % x["error"], ""]
    lines = ["## Extraction cost (issue 3)", "",
             "`depeche index` of sample-corpus/20* replicated %d× (%d files, %.1f MB), "
             "from an empty index each time, with the default settings (regions "
             "and sources extracted; default threads) and with `[facets.region]`/`[facets.source]` "
             "`extract = false`; %d runs each, alternated, minimum kept. Load average (1 min) "
             "%.1f at start, %.1f at end."
             % (x["copies"], x["files"], x["bytes"] / 1e6, x["reps"], x["load_start"],
                x["load_end"]), "",
             "| | extraction on | extraction off | extraction adds |", "|---|---|---|---|",
             "| wall s (min of %d) | %.3f | %.3f | %+.1f %% |"
             % (x["reps"], x["min_on"], x["min_off"], x["wall_pct"])]
    if x.get("instr_pct") is not None:
        lines.append("| instructions (callgrind, all threads) | %s M | %s M | %+.1f %% |"
                     % ("{:,}".format(x["instr_on"] // 10**6),
                        "{:,}".format(x["instr_off"] // 10**6), x["instr_pct"]))
    lines.append("")
    # The target is on indexing time (wall clock). Extraction runs on the
    # reader thread beside tantivy's writer thread, so its CPU cost (the
    # instruction count) shows in the wall time only where the reader is the
    # slower of the two: both figures are printed, the wall time is judged.
    if smoke:
        lines.append("- info — extraction adds %+.1f %% to wall time (smoke run: too small "
                     "to judge)" % x["wall_pct"])
    else:
        lines.append("- %s — extraction adds ≤ 20 %% to indexing time (%+.1f %% in wall time)"
                     % ("PASS" if x["wall_pct"] <= 20 else "FAIL", x["wall_pct"]))
    if x.get("instr_pct") is not None:
        lines.append("- info — extraction adds %+.1f %% to the CPU work of indexing "
                     "(instructions, all threads)" % x["instr_pct"])
    lines.append("")
    return lines


# ------------------------------------------------------------------ driver

def build_depeche(repo, timeout):
    run(["cargo", "build", "--release", "--manifest-path", os.path.join(repo, "Cargo.toml")],
        timeout=timeout)
    meta = json.loads(run(["cargo", "metadata", "--format-version", "1", "--no-deps",
                           "--manifest-path", os.path.join(repo, "Cargo.toml")],
                          capture_output=True, timeout=300).stdout)
    return os.path.join(meta["target_directory"], "release", "depeche")


def fmt(v, f="%.1f"):
    return "—" if v is None else f % v


def ratio(peer, dep):
    if peer is None or dep is None or dep == 0:
        return "—"
    return "%.2g×" % (peer / dep) if peer / dep < 10 else "%.0f×" % (peer / dep)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k",
                    help="generated corpus sizes, comma-separated (10k,100k,1M; default 10k,100k)")
    ap.add_argument("--smoke", action="store_true",
                    help="sample-corpus + 1k, depeche and ripgrep only (CI)")
    ap.add_argument("--depeche", help="depeche binary (default: cargo build --release of the repo)")
    ap.add_argument("--repo", default=os.path.dirname(BENCH), help="depeche repository root")
    ap.add_argument("--systems", help="comma-separated subset of " + ",".join(ALL_SYSTEMS))
    ap.add_argument("--queries", type=int, default=30, help="queries per set (default 30)")
    ap.add_argument("--no-sample", action="store_true", help="skip the repo's sample-corpus/")
    ap.add_argument("--work", default=os.path.join(BENCH, "work"))
    ap.add_argument("--index-timeout", type=int, default=3600, help="seconds per indexing step")
    ap.add_argument("--query-timeout", type=int, default=120, help="seconds per query")
    ap.add_argument("--extraction-cost", action="store_true",
                    help="only measure what region/source extraction adds to indexing (issue 3)")
    ap.add_argument("--no-extraction-cost", action="store_true",
                    help="skip the extraction-cost measurement of a full run")
    ap.add_argument("--extraction-copies", type=int,
                    help="copies of sample-corpus/20* for it (default 60; --smoke: 2)")
    ap.add_argument("--extraction-reps", type=int,
                    help="timed runs of each mode (default 5; --smoke: 1)")
    ap.add_argument("--no-valgrind", action="store_true",
                    help="no callgrind instruction counts (default: when valgrind is installed, "
                         "not with --smoke)")
    a = ap.parse_args()
    if a.extraction_copies is None:
        a.extraction_copies = 2 if a.smoke else 60
    if a.extraction_reps is None:
        a.extraction_reps = 1 if a.smoke else 9
    if a.smoke:
        a.no_valgrind = True
    a.budget_mb = None

    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    systems = (a.systems.split(",") if a.systems else
               SMOKE_SYSTEMS if a.smoke else ALL_SYSTEMS)
    sizes = [1000] if a.smoke else [parse_size(s) for s in a.sizes.split(",") if s.strip()]
    if a.extraction_cost:
        systems, sizes, a.no_sample = ["depeche"], [], True
    tools = Tools()
    started = dt.datetime.now(dt.timezone.utc)
    a.load_start = os.getloadavg()[0]
    failures = {}
    extraction = None
    dep_exe = None

    # ---- systems
    tools.ensure_time()
    sysobjs = []
    pg = None
    try:
        if any(s.startswith("depeche") for s in systems):
            exe = a.depeche
            if not exe:
                try:
                    exe = build_depeche(a.repo, 3600)
                except Exception as e:  # noqa: BLE001
                    failures["depeche"] = "build failed: %s" % e
            if exe and os.path.exists(exe):
                exe = os.path.abspath(exe)
                h = subprocess.run([exe, "--help"], capture_output=True, text=True).stdout
                if "query" not in h or "index" not in h:
                    failures["depeche"] = "binary has no index/query commands yet"
                else:
                    dep_exe = exe
                    schema = subprocess.run([exe, "schema"], capture_output=True,
                                            text=True).stdout
                    m = re.search(r"(?m)^memory_budget_mb\s*=\s*(\d+)", schema)
                    a.budget_mb = int(m.group(1)) if m else None
                    for s in systems:
                        if s == "depeche":
                            sysobjs.append(Depeche(exe, work))
                        elif re.match(r"depeche-\d+t$", s):
                            try:
                                sysobjs.append(Depeche(exe, work, int(s[8:-1])))
                            except RuntimeError as e:
                                failures[s] = str(e)
            elif "depeche" not in failures:
                failures["depeche"] = "no binary at %s" % exe
        if "tantivy-cli" in systems:
            exe = tools.ensure_tantivy()
            if exe:
                sysobjs.append(TantivyCli(exe, work))
            else:
                failures["tantivy-cli"] = "cargo install tantivy-cli failed"
        if "postgresql" in systems:
            b = tools.ensure_postgres()
            if b:
                pg = Postgres(b, work)
                sysobjs.append(pg)
            else:
                failures["postgresql"] = "apt-get install postgresql failed"
        if "xapian" in systems:
            if tools.ensure_xapian():
                sysobjs.append(Xapian(work))
            else:
                failures["xapian"] = "python3-xapian / xapian-tools not installable"
        if "ripgrep" in systems:
            exe = tools.ensure_ripgrep()
            if exe:
                sysobjs.append(Ripgrep(exe))
            else:
                failures["ripgrep"] = "ripgrep not installable"

        # ---- corpora
        tools.ensure_dict()
        corpora = []
        sample = os.path.join(a.repo, "sample-corpus")
        if not a.no_sample and os.path.isdir(sample):
            corpora.append({"name": "sample-corpus", "root": sample, "generated": False})
        for n in sizes:
            corpora.append({"name": "gen-" + size_name(n), "n": n, "generated": True,
                            "root": ensure_generated(work, n, max(600, n // 200))})
        need_export = any(s.name in ("tantivy-cli", "postgresql", "xapian") for s in sysobjs)
        for c in corpora:
            files = corpus_files(c["root"])
            c["paths"] = files
            c["files"] = len(files)
            c["bytes"] = sum(os.path.getsize(f) for f in files)
            if need_export:
                t0 = time.time()
                c["jsonl"], c["tsv"], _ = ensure_export(work, c["name"], c["root"])
                c["export_s"] = time.time() - t0
        queries = make_queries(a.queries)
        log("queries:", "; ".join(" ".join(q) for q in queries))

        # ---- runs
        results = []
        for c in ([] if a.extraction_cost else corpora):
            for s in sysobjs:
                log("== %s on %s (%d files, %.1f MB)" % (s.name, c["name"], c["files"],
                                                         c["bytes"] / 1e6))
                r = {"system": s.name, "corpus": c["name"], "files": c["files"],
                     "bytes": c["bytes"]}
                results.append(r)
                subprocess.run(["sync"])
                warm(s.inputs(c))
                try:
                    ix = s.index(c, a.index_timeout)
                except Exception as e:  # noqa: BLE001
                    ix = {"rc": "error: %s" % e}
                r["index"] = ix
                log("   index: %s" % ix)
                if ix.get("rc") != 0:
                    r["error"] = "indexing failed (%s)" % ix.get("rc")
                    continue
                for dated in ((False, True) if s.measure_queries else ()):
                    key = "query_dated" if dated else "query"
                    # warm-up: two queries, not measured
                    for w in queries[:2]:
                        timed(s.query_cmd(c, w, dated), a.query_timeout, ok=s.query_ok)
                    lat, hits, errs = [], [], 0
                    for w in queries:
                        wall, _, rc, out = timed(s.query_cmd(c, w, dated), a.query_timeout,
                                                 stdout=subprocess.PIPE, ok=s.query_ok)
                        if rc not in s.query_ok:
                            errs += 1
                            continue
                        lat.append(wall * 1000)
                        hits.append(s.hits(out))
                    known = [h for h in hits if h is not None]
                    r[key] = {"median_ms": pct(lat, 0.5), "p95_ms": pct(lat, 0.95),
                              "n": len(lat), "errors": errs,
                              "hits_median": statistics.median(known) if known else None}
                    log("   %s: %s" % (key, r[key]))

        # ---- extraction cost (issue 3)
        if dep_exe and (a.extraction_cost or not a.no_extraction_cost):
            sample = os.path.join(a.repo, "sample-corpus")
            log("== extraction cost: sample-corpus/20* x%d, %d runs each"
                % (a.extraction_copies, a.extraction_reps))
            try:
                extraction = extraction_cost(dep_exe, work, sample, a.extraction_copies,
                                             a.extraction_reps, not a.no_valgrind,
                                             a.index_timeout)
            except Exception as e:  # noqa: BLE001
                extraction = {"error": str(e)}
                log("   extraction cost failed: %s" % e)
    finally:
        if pg:
            pg.stop()

    if a.extraction_cost:
        if not extraction or "error" in extraction:
            log("extraction cost not measured: %s" % ((extraction or {}).get("error") or
                                                     failures.get("depeche", "no depeche")))
            return 1
        md = "\n".join(extraction_lines(extraction, a.smoke))
        print(md)
        stamp = started.strftime("%Y-%m-%d-%H%M%S")
        with open(os.path.join(work, "extraction-%s.md" % stamp), "w") as f:
            f.write("Command: `bench/run %s`\n\n" % " ".join(sys.argv[1:]) + md)
        with open(os.path.join(work, "extraction-%s.json" % stamp), "w") as f:
            json.dump(extraction, f, indent=1)
        log("wrote %s/extraction-%s.{md,json}" % (work, stamp))
        return 0
    report(a, work, started, corpora, sysobjs, results, failures, queries, extraction)
    if a.smoke:
        bad = [k for k in failures] + [r["system"] + "/" + r["corpus"] for r in results
                                       if r.get("error") or (r.get("query") or {}).get("errors")
                                       or (r.get("query_dated") or {}).get("errors")]
        if extraction and "error" in extraction:
            bad.append("extraction cost")
        if bad:
            log("smoke run FAILED: " + ", ".join(bad))
            return 1
        log("smoke run OK")
    return 0


def report(a, work, started, corpora, sysobjs, results, failures, queries, extraction=None):
    by = {(r["corpus"], r["system"]): r for r in results}
    lines = []
    host = "%s, %d cores, %.0f GiB" % (platform.machine(), os.cpu_count(),
                                       os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)
    cmd = "bench/run " + " ".join(sys.argv[1:])
    lines.append("# depeche benchmark — %s" % started.strftime("%Y-%m-%d %H:%M UTC"))
    lines.append("")
    lines.append("Machine: %s. Command: `%s`. %d queries of 2-3 words (AND), one process per "
                 "query, warm page cache; date filter = %d-%d." % (host, cmd.strip(), len(queries),
                                                                  DATE_FROM, DATE_TO))
    lines.append("")
    lines.append("Load average (1 min) at start %.1f, at end %.1f: other work on the machine "
                 "skews figures when these exceed ~0.5." % (a.load_start, os.getloadavg()[0]))
    lines.append("")
    lines.append("Ratios (×dep) = peer / depeche from this run: > 1 means depeche is faster "
                 "(indexing time, query latency) or smaller (index size).")
    lines.append("")
    lines.append("| corpus | system | input MB | index s | MB/s | ×dep | peak RSS MB | index/input "
                 "| q median ms | q p95 ms | ×dep (median) | q+date median ms | q+date p95 ms "
                 "| ×dep (median) | hits (median) |")
    lines.append("|" + "---|" * 15)
    for c in corpora:
        dep = by.get((c["name"], "depeche"))
        for s in sysobjs:
            r = by.get((c["name"], s.name))
            if not r:
                continue
            ix = r.get("index", {})
            mb = r["bytes"] / 1e6
            wall = ix.get("wall") if ix.get("rc") == 0 else None
            dwall = dep["index"].get("wall") if dep and dep.get("index", {}).get("rc") == 0 else None
            q, qd = r.get("query") or {}, r.get("query_dated") or {}
            dq = (dep or {}).get("query") or {}
            dqd = (dep or {}).get("query_dated") or {}
            noindex = s.name == "ripgrep"
            size = ix.get("size")
            lines.append("| %s | %s | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                c["name"], s.name, mb,
                "n/a" if noindex else fmt(wall, "%.2f"),
                "n/a" if noindex else fmt(mb / wall if wall else None),
                "n/a" if noindex else "" if s.name == "depeche" else ratio(wall, dwall),
                "n/a" if noindex else fmt(ix.get("rss"), "%.0f"),
                "n/a" if noindex else fmt(size / r["bytes"] if size is not None and wall else None, "%.2f"),
                fmt(q.get("median_ms")), fmt(q.get("p95_ms")),
                "" if s.name == "depeche" else ratio(q.get("median_ms"), dq.get("median_ms")),
                fmt(qd.get("median_ms")), fmt(qd.get("p95_ms")),
                "" if s.name == "depeche" else ratio(qd.get("median_ms"), dqd.get("median_ms")),
                fmt(q.get("hits_median"), "%g") + (" (%d err)" % q["errors"] if q.get("errors") else "")
                + (" — " + r["error"] if r.get("error") else "")))
    lines.append("")
    lines.append("Systems:")
    for s in sysobjs:
        lines.append("- **%s**: %s" % (s.name, s.notes))
    for k, v in failures.items():
        lines.append("- **%s**: not measured — %s" % (k, v))
    deps = [(c, by[(c["name"], s.name)]) for c in corpora for s in sysobjs
            if s.name.startswith("depeche") and (c["name"], s.name) in by]
    if deps:
        lines.append("")
        lines.append("depeche's memory and re-index (issue 4): peak RSS = GNU time's maximum "
                     "resident set; anon / file = peaks of RssAnon (heap, writer arenas) and "
                     "RssFile (mapped pages of the index's files, which the kernel can drop) "
                     "sampled from /proc every 0.2 s; re-index = the same `depeche index` "
                     "command run again at once on the unchanged corpus and the index just "
                     "built. Budget: memory_budget_mb = %s."
                     % (a.budget_mb if a.budget_mb is not None else "?"))
        lines.append("")
        lines.append("| corpus | system | index s | peak RSS MB | anon peak MB | file peak MB "
                     "| re-index s | re-index / build | re-index peak RSS MB "
                     "| re-index anon peak MB |")
        lines.append("|" + "---|" * 10)
        for c, r in deps:
            ix = r.get("index", {})
            if ix.get("rc") != 0:
                continue
            re_ = ix.get("reindex") or {}
            rok = re_.get("rc") == 0
            lines.append("| %s | %s | %.2f | %s | %s | %s | %s | %s | %s | %s |" % (
                c["name"], r["system"], ix["wall"], fmt(ix.get("rss"), "%.0f"),
                fmt(ix.get("anon"), "%.0f"), fmt(ix.get("file"), "%.0f"),
                fmt(re_.get("wall") if rok else None, "%.2f"),
                fmt(100 * re_["wall"] / ix["wall"] if rok and ix["wall"] else None, "%.1f %%"),
                fmt(re_.get("rss") if rok else None, "%.0f"),
                fmt(re_.get("anon") if rok else None, "%.0f")))
    lines.append("")
    lines.append("Targets (issue 4), from this run:")
    for c in corpora:
        dep = by.get((c["name"], "depeche"))
        if not dep or dep.get("index", {}).get("rc") != 0 or not c.get("generated"):
            continue  # sample-corpus is too small: its figures are start-up costs
        dw = dep["index"]["wall"]
        checks = []
        t = by.get((c["name"], "tantivy-cli"))
        d1 = by.get((c["name"], "depeche-1t")) or dep
        if t and t["index"].get("rc") == 0 and d1["index"].get("rc") == 0:
            checks.append(("indexing ≥ tantivy-cli at 1 thread (%s: %.1fs vs %.1fs)" %
                           (d1["system"], d1["index"]["wall"], t["index"]["wall"]),
                           d1["index"]["wall"] <= t["index"]["wall"]))
        p = by.get((c["name"], "postgresql"))
        if p and p["index"].get("rc") == 0:
            checks.append(("indexing ≥ 5× PostgreSQL load+GIN (%.1f×)" % (p["index"]["wall"] / dw),
                           p["index"]["wall"] >= 5 * dw))
            pq, dq = (p.get("query") or {}).get("median_ms"), (dep.get("query") or {}).get("median_ms")
            if pq and dq:
                checks.append(("query faster than PostgreSQL ranked+headline (%.1f vs %.1f ms)" % (dq, pq),
                               dq < pq))
        q = dep.get("query") or {}
        if c.get("n") == 100000 and q.get("median_ms") is not None:
            checks.append(("query median < 20 ms (%.1f)" % q["median_ms"], q["median_ms"] < 20))
            checks.append(("query p95 < 60 ms (%.1f)" % q["p95_ms"], q["p95_ms"] < 60))
        rg = by.get((c["name"], "ripgrep"))
        if rg and (rg.get("query") or {}).get("median_ms") and q.get("median_ms"):
            f = rg["query"]["median_ms"] / q["median_ms"]
            if c.get("n") == 1000000:
                checks.append(("≥ 100× faster than ripgrep (%.0f×)" % f, f >= 100))
            else:
                checks.append(("faster than ripgrep by %.0f× (the 100× target is at 1M)" % f, None))
        if dep["index"].get("size") is not None:
            f = dep["index"]["size"] / dep["bytes"]
            checks.append(("index size ≤ input (%.2f)" % f if c.get("n", 0) >= 100000 else
                           "index size / input %.2f (the target is for archives, ≥ 100k)" % f,
                           f <= 1 if c.get("n", 0) >= 100000 else None))
        re_ = dep["index"].get("reindex") or {}
        if re_.get("rc") == 0:
            f = re_["wall"] / dw
            text = ("re-index of the unchanged corpus < 10 %% of the full build (%.2fs = "
                    "%.1f %% of %.1fs)" % (re_["wall"], 100 * f, dw))
            checks.append((text if c.get("n") == 1000000 else
                           text + " (the target is at 1M)", f < 0.1 if c.get("n") == 1000000
                           else None))
        if a.budget_mb is not None:
            limit = a.budget_mb + 100
            for s in sysobjs:
                r = by.get((c["name"], s.name))
                if not s.name.startswith("depeche") or not r or r["index"].get("rc") != 0:
                    continue
                peak = r["index"].get("rss")
                if peak is not None:
                    checks.append(("%s: indexing peak RSS ≤ budget + 100 MB (%.0f MB vs %d; "
                                   "anon peak %s MB)" % (s.name, peak, limit,
                                                         fmt(r["index"].get("anon"), "%.0f")),
                                   peak <= limit))
        for text, ok in checks:
            lines.append("- %s: %s — %s" % (c["name"], "info" if ok is None else
                                             "PASS" if ok else "FAIL", text))
    lines.append("")
    lines.extend(extraction_lines(extraction, a.smoke))
    lines.append("Queries: " + "; ".join("`%s`" % " ".join(q) for q in queries))
    exp = [c for c in corpora if "export_s" in c]
    if exp:
        lines.append("")
        lines.append("Not charged to the peers: converting the files to JSON lines / COPY text "
                     "(" + ", ".join("%s %.1fs" % (c["name"], c["export_s"]) for c in exp) +
                     "; 0 s when cached).")
    md = "\n".join(lines) + "\n"
    print(md)
    stamp = started.strftime("%Y-%m-%d-%H%M%S")
    with open(os.path.join(work, "results-%s.md" % stamp), "w") as f:
        f.write(md)
    with open(os.path.join(work, "results-%s.json" % stamp), "w") as f:
        json.dump({"started": started.isoformat(), "command": cmd, "machine": host,
                   "queries": queries, "failures": failures,
                   "corpora": [{k: v for k, v in c.items() if k in ("name", "files", "bytes", "n")}
                               for c in corpora],
                   "results": results, "extraction_cost": extraction}, f, indent=1,
                  ensure_ascii=False)
    log("wrote %s/results-%s.{md,json}" % (work, stamp))
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
