#!/usr/bin/env python3
"""Runs a command and samples its memory from /proc/PID/status.

    bench/memtrace.py [--interval S] [--dir IDX] [--out FILE.tsv] -- CMD ARGS…

Every S seconds (default 0.5) it records VmRSS, RssAnon, RssFile, RssShmem
and the thread count of the command's process (and, with --dir, the size of
that folder, e.g. the index being written), then prints a timeline (one
line every ~5 % of the run), the peak of each column, the peak VmHWM read
just before exit, and the wall time. Python 3 standard library only.
"""
import argparse
import subprocess
import sys
import time

from harness import dir_bytes  # bench/harness.py, beside this file

FIELDS = ("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM", "Threads")


def status(pid):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in FIELDS:
                    out[k] = int(v.split()[0])
    except (OSError, ValueError):
        return None
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--interval", type=float, default=0.5)
    ap.add_argument("--dir", help="folder whose size to sample too (the index)")
    ap.add_argument("--out", help="write every sample to this TSV file")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd)
    samples = []
    last_hwm = None
    while True:
        s = status(p.pid)
        if s is None or p.poll() is not None:
            break
        # A zombie has no memory lines left.
        if "VmRSS" in s:
            last_hwm = s.get("VmHWM", last_hwm)
            row = [time.perf_counter() - t0] + [s.get(k, 0) / 1024 for k in FIELDS[:4]]
            row.append(s.get("Threads", 0))
            row.append(dir_bytes(a.dir) / 2**20 if a.dir else 0.0)
            samples.append(row)
        time.sleep(a.interval)
    rc = p.wait()
    wall = time.perf_counter() - t0
    head = "t s\tVmRSS\tRssAnon\tRssFile\tRssShmem\tthreads\tdir MB"
    if a.out:
        with open(a.out, "w") as f:
            f.write(head + "\n")
            for r in samples:
                f.write("%.2f\t%.0f\t%.0f\t%.0f\t%.0f\t%d\t%.0f\n" % tuple(r))
    step = max(1, len(samples) // 20)
    print(head + "   (MiB)", file=sys.stderr)
    for r in samples[::step]:
        print("%.1f\t%.0f\t%.0f\t%.0f\t%.0f\t%d\t%.0f" % tuple(r), file=sys.stderr)
    if samples:
        peak = lambda i: max(r[i] for r in samples)
        at = lambda i: max(samples, key=lambda r: r[i])[0]
        print("peak VmRSS %.0f MiB (t=%.1fs), RssAnon %.0f MiB (t=%.1fs), RssFile %.0f MiB "
              "(t=%.1fs), RssShmem %.0f MiB; VmHWM %s MiB; wall %.1fs; exit %d"
              % (peak(1), at(1), peak(2), at(2), peak(3), at(3), peak(4),
                 "%.0f" % (last_hwm / 1024) if last_hwm else "?", wall, rc), file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main())
