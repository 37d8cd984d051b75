#!/usr/bin/env python3
"""Mutation run: makes N mutants of the PDF fixtures (byte flips, truncations, deleted bytes,
duplicated chunks, number blow-ups; on the files as shipped and on uncompressed qpdf --qdf
copies when qpdf is installed) and runs `gazette extract` on each, measuring CPU time and peak
RSS. Reports panics (exit 101 or "panicked"), crashes (signals), runs over the CPU limit and
over the memory limit. Offending mutants are kept in OUT/keep for reproduction.

usage: scripts/mutate-pdf.py [-n 10000] [--bin target/release/gazette] [--out DIR]
                             [--seed 1] [--jobs 2] [SEED_FILES...]
"""
import argparse, glob, os, random, re, shutil, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor

CPU_LIMIT = 5.0          # seconds of CPU that count as a runaway
RSS_LIMIT = 500 << 20    # bytes of peak RSS that count as a runaway
HARD_CPU = 30            # RLIMIT_CPU: a runaway is killed here
HARD_AS = 4 << 30        # RLIMIT_AS


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    n = len(data)
    kind = rng.choice(["flip", "flip", "byte", "truncate", "delete", "dup", "number", "multi"])
    if n == 0:
        return data, "empty"
    b = bytearray(data)
    if kind == "flip":
        k = rng.randint(1, 8)
        for _ in range(k):
            i = rng.randrange(n)
            b[i] ^= 1 << rng.randrange(8)
        return bytes(b), f"flip x{k}"
    if kind == "byte":
        i = rng.randrange(n)
        b[i] = rng.choice(b"0123456789<>[]()/ \n%RobjendstreamTJf\x00\xff")
        return bytes(b), f"byte@{i}"
    if kind == "truncate":
        i = rng.randrange(n)
        return bytes(b[:i]), f"truncate@{i}"
    if kind == "delete":
        i = rng.randrange(n)
        ln = rng.choice([1, 1, 1, 2, 10, 100, 1000])
        del b[i:i + ln]
        return bytes(b), f"delete {ln}@{i}"
    if kind == "dup":
        i = rng.randrange(n)
        ln = rng.choice([1, 10, 100, 1000, 10000])
        j = rng.randrange(n)
        chunk = bytes(b[i:i + ln]) * rng.choice([1, 1, 2, 10])
        b[j:j] = chunk
        return bytes(b), f"dup {len(chunk)}@{j}"
    if kind == "number":
        nums = [m.span() for m in re.finditer(rb"\d+", data[: 1 << 20])]
        if not nums:
            return bytes(b), "number-none"
        s, e = rng.choice(nums)
        v = rng.choice([b"0", b"-1", b"99999999", b"2147483648", b"1e38", b"65535", b"1000000"])
        return data[:s] + v + data[e:], f"number@{s}={v.decode()}"
    # several of the above
    out, how = data, []
    for _ in range(rng.randint(2, 4)):
        out, h = mutate(out, rng)
        how.append(h)
    return out, "+".join(how)


def run(bin_path: str, path: str):
    # /usr/bin/time measures the child alone (a fork of this Python process would carry its
    # memory into the child's peak RSS); the shell sets hard limits that stop a runaway
    t0 = time.monotonic()
    tf = path + ".time"
    p = subprocess.run(["/usr/bin/time", "-o", tf, "-f", "%U %S %M", "sh", "-c",
                        f'ulimit -t {HARD_CPU}; ulimit -v {HARD_AS >> 10}; exec "$0" extract "$1"',
                        bin_path, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - t0
    cpu, rss = 0.0, 0
    for line in open(tf).read().splitlines():
        f = line.split()
        if len(f) == 3 and f[2].isdigit():
            cpu, rss = float(f[0]) + float(f[1]), int(f[2]) * 1024
    os.unlink(tf)
    err = p.stderr[-65536:].decode("utf-8", "replace")
    return p.returncode, cpu, rss, wall, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--bin", default="target/release/gazette")
    ap.add_argument("--out", default="mutants-out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = a.files or sorted(glob.glob("fixtures/pdf/*.pdf") + glob.glob("fixtures/robust/*.pdf"))
    os.makedirs(os.path.join(a.out, "keep"), exist_ok=True)
    seeds = {}
    for f in files:
        seeds[os.path.basename(f)] = open(f, "rb").read()
        if shutil.which("qpdf"):
            # uncompressed copies: mutations then hit operators, not just Flate bytes
            q = os.path.join(a.out, "qdf-" + os.path.basename(f))
            r = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", f, q],
                               capture_output=True)
            if r.returncode in (0, 3) and os.path.exists(q):
                seeds["qdf-" + os.path.basename(f)] = open(q, "rb").read()
    names = sorted(seeds)
    jobs = range(a.n)
    tmp = tempfile.mkdtemp(prefix="mut")

    def work(i):
        # one generator per mutant: reproducible alone, and nothing held in memory
        rng = random.Random(a.seed * 1_000_003 + i)
        name = rng.choice(names)
        data, how = mutate(seeds[name], rng)
        path = os.path.join(tmp, f"m{i}.pdf")
        with open(path, "wb") as fh:
            fh.write(data)
        rc, cpu, rss, wall, err = run(os.path.abspath(a.bin), path)
        bad = []
        if rc == 101 or "panicked" in err:
            bad.append("panic")
        elif rc < 0 or rc > 128:
            bad.append(f"signal/{rc}")
        if cpu > CPU_LIMIT:
            bad.append("cpu")
        if rss > RSS_LIMIT:
            bad.append("rss")
        if bad:
            shutil.copy(path, os.path.join(a.out, "keep", f"m{i}-{name}"))
        os.unlink(path)
        return i, name, how, rc, cpu, rss, wall, bad, err.strip().splitlines()[-1:] if err else []

    results = []
    with ThreadPoolExecutor(a.jobs) as ex:
        for k, r in enumerate(ex.map(work, jobs)):
            results.append(r)
            if (k + 1) % 1000 == 0:
                print(f"... {k + 1} done", file=sys.stderr, flush=True)
    shutil.rmtree(tmp, ignore_errors=True)
    with open(os.path.join(a.out, "results.tsv"), "w") as fh:
        for i, name, how, rc, cpu, rss, wall, bad, err in results:
            fh.write(f"{i}\t{name}\t{how}\t{rc}\t{cpu:.3f}\t{rss >> 10}\t{wall:.3f}\t{','.join(bad)}\t{' '.join(err)[:200]}\n")
    bad = [r for r in results if r[7]]
    exits = {}
    for r in results:
        exits[r[3]] = exits.get(r[3], 0) + 1
    print(f"mutants: {len(results)}  exit codes: {dict(sorted(exits.items()))}")
    print(f"panics: {sum('panic' in r[7] for r in results)}  signals: {sum(any(b.startswith('signal') for b in r[7]) for r in results)}"
          f"  over {CPU_LIMIT:.0f}s CPU: {sum('cpu' in r[7] for r in results)}"
          f"  over {RSS_LIMIT >> 20} MB: {sum('rss' in r[7] for r in results)}")
    print("slowest (CPU s):")
    for r in sorted(results, key=lambda r: -r[4])[:5]:
        print(f"  {r[4]:7.3f}s  {r[5] >> 20:5d} MB  m{r[0]} {r[1]} {r[2]}")
    print("largest peak RSS:")
    for r in sorted(results, key=lambda r: -r[5])[:5]:
        print(f"  {r[5] >> 20:5d} MB  {r[4]:7.3f}s  m{r[0]} {r[1]} {r[2]}")
    for r in bad[:30]:
        print(f"BAD {r[7]} m{r[0]} {r[1]} {r[2]} rc={r[3]} {r[8]}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
