#!/usr/bin/env python3
"""Benchmarks `claimtrack check` at newsroom scale and writes BENCHMARKS.md.

Needs only cargo and python3:  python3 bench/run.py [--quick]

For each size (1k claims over 20 MB, 10k over 200 MB, 100k over 1 GB), with no
edits and with 5% of documents edited, it measures in the same run:
  - the floor: reading the same documents (`cat` to /dev/null);
  - `claimtrack check --format json` (wall time, CPU time, peak memory);
  - the baseline a user would write (bench/baseline.py: text.find, then difflib).
Each timing is the median of several runs after a warm-up read, so every
command sees the same warm page cache. `--quick` runs the two smaller sizes.
"""
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
BIN = REPO / "target" / "release" / "claimtrack"
SYNTH = REPO / "target" / "release" / "examples" / "synth"
APPROX = REPO / "target" / "release" / "examples" / "approx"

SIZES = [  # name, docs, doc KiB, claims
    ("1k claims / 20 MB", 1000, 20, 1000),
    ("10k claims / 200 MB", 10000, 20, 10000),
    ("100k claims / 1 GB", 50000, 20, 100000),
]
RUNS = 5


def run(cmd, **kw):
    """Runs a command; returns (wall s, cpu s, peak RSS MB, exit code)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.stderr.close()
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def median_of(cmd, runs=RUNS, **kw):
    results = [run(cmd, **kw) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        max(r[2] for r in results),
        results[0][3],
    )


def machine():
    cores = os.cpu_count()
    mem = "?"
    model = platform.processor() or "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cores} cores ({model}), {mem} memory, {platform.system()} {platform.release()}"


def main():
    quick = "--quick" in sys.argv
    sizes = SIZES[:2] if quick else SIZES
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "claimtrack",
                    "--example", "synth", "--example", "approx"], cwd=REPO, check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, docs, kb, claims in sizes:
        for rate in (0.0, 0.05):
            out = WORK / f"d{docs}-c{claims}-e{int(rate * 100)}"
            if not (out / "expected.tsv").exists():
                shutil.rmtree(out, ignore_errors=True)
                subprocess.run([str(SYNTH), str(out), "--docs", str(docs), "--doc-kb", str(kb),
                                "--claims", str(claims), "--edit-rate", str(rate), "--seed", "1"], check=True)
            cat = ["sh", "-c", "find corpus -name '*.txt' -print0 | xargs -0 cat > /dev/null"]
            run(cat, cwd=out)  # warm the page cache
            floor = median_of(cat, cwd=out)
            check = median_of([str(BIN), "-C", str(out), "check", "--format", "json"])
            base = run([sys.executable, str(REPO / "bench" / "baseline.py"), str(out)])
            mb = sum(f.stat().st_size for f in (out / "corpus").rglob("*.txt")) / 1e6
            rows.append((name, rate, mb, floor, check, base))
            print(f"{name} edit {rate:.0%}: floor {floor[0]:.3f}s, check {check[0]:.3f}s "
                  f"({check[0] / floor[0]:.2f}x floor), {check[2]:.0f} MB, baseline {base[0]:.2f}s", flush=True)
    approx = subprocess.run([str(APPROX)], capture_output=True, text=True, check=True).stdout.strip()
    print(approx)
    write_report(rows, approx, quick)


def approx_ms(line):
    """The scan's median from the approx example's line."""
    try:
        return line.split("median ")[1].split(";")[0]
    except IndexError:
        return line


def write_report(rows, approx, quick):
    lines = [
        "# Benchmarks",
        "",
        "Written by `python3 bench/run.py`" + (" --quick" if quick else "") + f" on {time.strftime('%Y-%m-%d')}.",
        f"Machine: {machine()}.",
        "",
        "Projects come from the synthetic generator (`cargo run --release --example synth -- OUT --docs N",
        "--doc-kb 20 --claims N --edit-rate R --seed 1`): news-like prose with curly quotes, em dashes and",
        "no-break spaces, every claim pinned, and with `--edit-rate 0.05` one document in twenty edited the",
        "ways articles get edited (typo fixed, sentence inserted or deleted, paragraph moved or duplicated,",
        "lines re-wrapped, quotes straightened, a word changed inside a quote).",
        "",
        "Every timing is the median of " + str(RUNS) + " runs, after one warm-up read, so all commands see a",
        "warm page cache. The floor is reading the same documents: `find corpus -name '*.txt' -print0 |",
        "xargs -0 cat > /dev/null`. The baseline is `bench/baseline.py`, what a user would write instead:",
        "`text.find(quote)` at the recorded position, then anywhere, then `difflib` for the rest (run once:",
        "it is slow). Peak memory is the largest resident set of any run.",
        "",
        "| project | edited | corpus | floor (cat) | `check --format json` wall | CPU | x floor | peak memory | Python baseline | x faster than baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, rate, mb, floor, check, base in rows:
        lines.append(
            f"| {name} | {rate:.0%} | {mb:.0f} MB | {floor[0]:.3f} s | {check[0]:.3f} s | {check[1]:.2f} s | "
            f"{check[0] / floor[0]:.2f} | {check[2]:.0f} MB | {base[0]:.2f} s | {base[0] / check[0]:.0f} |"
        )
    lines += [
        "",
        "One approximate search (`cargo run --release --example approx`): " + approx + ".",
        "",
        "## Targets",
        "",
        "| target | status |",
        "| --- | --- |",
    ]
    big = [r for r in rows if r[0].startswith("100k")]
    if big:
        clean = next(r for r in big if r[1] == 0)
        edited = next(r for r in big if r[1] > 0)
        lines += [
            f"| no edits, 100k claims over 1 GB: at most 2x the floor | {clean[4][0] / clean[3][0]:.2f}x |",
            f"| 5% edited: at most 3x the floor | {edited[4][0] / edited[3][0]:.2f}x |",
            f"| 5% edited: at least 20x faster than the Python baseline | {edited[5][0] / edited[4][0]:.0f}x: "
            f"missed; the baseline itself takes only {edited[5][0] / edited[3][0]:.0f}x the floor here, so 20x "
            f"would need `check` to beat reading the documents |",
            f"| peak memory at most 64 MB + the largest document per worker | {max(r[4][2] for r in big):.0f} MB: missed, see below |",
        ]
    lines += [
        f"| approximate search of a 300-character quote in 1 MB: at most 5 ms | {approx_ms(approx)}: missed, see below |",
        "",
        "## What bounds the time",
        "",
        "Profiled with `perf record` on the 10k-claim project. Before tuning, three things took most of",
        "the time: computing line numbers in claims files by rescanning each file from its start for every",
        "key (quadratic; now a line index), counting code points byte by byte for the offset index (now",
        "eight bytes at a time with a popcount) and converting offsets from coarse 4 KiB checkpoints",
        "(now 1 KiB checkpoints and word-at-a-time skipping); claims files are now parsed in parallel.",
        "After that, a run is bound by reading the documents (the kernel's copy to user space), UTF-8",
        "validation and the one pass that indexes lines and code points: the work the floor does, plus",
        "one pass over the bytes.",
        "",
        "Memory is not bound by the corpus: each worker holds one document at a time and drops it. It is",
        "bound by the claims log and the report: every claim and one finding per anchor stay in memory",
        "(about 2.5 KB per claim: the claim's strings, the finding's message, found text and positions),",
        "so 100k claims take a few hundred MB. Meeting 64 MB at that size needs findings that do not copy",
        "claim text and a report streamed in claims-file order; that is the next step.",
        "",
        "The approximate search is a block-based Myers scan with Ukkonen's cut-off, run first with a",
        "bound of a tenth of the quote's length (most edited quotes are lightly edited) and then, only if",
        "nothing is found, a third. On a 300-character quote two of its five 64-row blocks stay active,",
        "so the scan costs about 8 ns per character; the 1 MB normalization adds about 5 ms, and is made",
        "once per document, only when some quote in it needs it.",
        "",
    ]
    (REPO / "BENCHMARKS.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
