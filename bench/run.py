#!/usr/bin/env python3
"""Benchmarks `claimtrack check` at newsroom scale and writes BENCHMARKS.md.

Needs only cargo and python3:  python3 bench/run.py [--quick]

For each size (1k claims over 20 MB, 10k over 200 MB, 100k over 1 GB), with no
edits and with 5% of documents edited, it measures in the same run:
  - the floor: one process reading the same documents and claims files on
    every core (`floor`, in bench/synth), and the old floor beside it
    (`find | xargs cat`, which also pays for starting processes), and the
    least work any checker must do (`floor --parse`: also validate every
    file as UTF-8 and parse the claims files as TOML);
  - `claimtrack check --format json` (wall time, CPU time, peak memory);
  - the baseline a user would write (bench/baseline.py: text.find, then difflib).
Each timing is the median of several runs after a warm-up read, so every
command sees the same warm page cache. `--quick` runs the two smaller sizes;
without it, bench/commands.py then times every other command on the 100k
project.
"""
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
BIN = REPO / "target" / "dist" / "claimtrack"
SYNTH = REPO / "target" / "dist" / "synth"
APPROX = REPO / "target" / "dist" / "examples" / "approx"
FLOOR = REPO / "target" / "dist" / "floor"

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


def splice(heading, lines, until=r"\n## "):
    """Puts a section (its lines, the heading first) into BENCHMARKS.md in
    place of the one with that heading (up to `until`, a regex), or at the end."""
    bench = REPO / "BENCHMARKS.md"
    text = bench.read_text(encoding="utf-8")
    section = "\n".join(lines).rstrip("\n") + "\n"
    if heading in text:
        text = re.sub(re.escape(heading) + r"\n.*?(?=" + until + r"|\Z)", lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    bench.write_text(text, encoding="utf-8")


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
    subprocess.run(["cargo", "build", "--profile", "dist", "--quiet", "--bin", "claimtrack"], cwd=REPO, check=True)
    subprocess.run(["cargo", "build", "--profile", "dist", "--quiet", "-p", "claimtrack-synth",
                    "--bin", "synth", "--bin", "floor", "--example", "approx"], cwd=REPO, check=True)
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
            old_floor = median_of(cat, cwd=out)
            floor = median_of([str(FLOOR), str(out / "corpus"), str(out / "claims")])
            least = median_of([str(FLOOR), "--parse", str(out / "corpus"), str(out / "claims")])
            check = median_of([str(BIN), "-C", str(out), "check", "--format", "json"])
            base = run([sys.executable, str(REPO / "bench" / "baseline.py"), str(out)])
            mb = sum(f.stat().st_size for f in (out / "corpus").rglob("*.txt")) / 1e6
            rows.append((name, rate, mb, floor, check, base, old_floor, least))
            print(f"{name} edit {rate:.0%}: floor {floor[0]:.3f}s (cat {old_floor[0]:.3f}s, least work "
                  f"{least[0]:.3f}s), check {check[0]:.3f}s ({check[0] / floor[0]:.2f}x floor), "
                  f"{check[2]:.0f} MB, baseline {base[0]:.2f}s", flush=True)
    approx = subprocess.run([str(APPROX)], capture_output=True, text=True, check=True).stdout.strip()
    print(approx)
    peer = peer_comparison()
    memory = memory_cases(quick)
    profiles = profile_cost(sizes)
    write_report(rows, approx, quick, peer, memory, profiles)
    if not quick:
        # Every other command on the 100k-claim project, beside `check`.
        subprocess.run([sys.executable, str(REPO / "bench" / "commands.py")], check=True)


def profile_cost(sizes):
    """What `--release` (thin LTO, what a new user builds first) costs at run
    time against `--profile dist` (full LTO, one codegen unit, which every
    other figure here uses): `check` on the largest edited project, the two
    binaries interleaved run by run so both see the same machine.
    Returns (project, release median s, dist median s)."""
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "claimtrack"], cwd=REPO, check=True)
    release = REPO / "target" / "release" / "claimtrack"
    name, docs, _, claims = sizes[-1]
    out = WORK / f"d{docs}-c{claims}-e5"
    cmd = lambda b: [str(b), "-C", str(out), "check", "--format", "json"]
    run(cmd(release))
    times = {"release": [], "dist": []}
    for _ in range(3 * RUNS):
        times["release"].append(run(cmd(release))[0])
        times["dist"].append(run(cmd(BIN))[0])
    r, d = statistics.median(times["release"]), statistics.median(times["dist"])
    print(f"profiles on {name}, 5% edited: release {r:.3f}s, dist {d:.3f}s ({r / d:.3f}x)", flush=True)
    return name, r, d


def memory_cases(quick):
    """Peak memory of `check` on two hostile shapes: one claims file of many
    claims, and one very large document whose quote needs the approximate
    search. Returns [(case, wall s, peak MB, per-unit figure)]."""
    out = []
    seed = (REPO / "corpus" / "the-bell" / "mikhailov-crowdstrike.txt").read_text(encoding="utf-8")
    n = 100_000 if quick else 1_000_000
    root = WORK / f"one-file-{n}"
    if not (root / "claims" / "all.toml").exists():
        shutil.rmtree(root, ignore_errors=True)
        (root / "corpus").mkdir(parents=True)
        (root / "claims").mkdir(parents=True)
        (root / "corpus" / "bell.txt").write_text(seed, encoding="utf-8")
        quote = "Mikhailov passed on the information to Crowdstrike through an intermediary."
        start = seed.index(quote)
        start = len(seed[:start])
        with open(root / "claims" / "all.toml", "w", encoding="utf-8") as f:
            for i in range(n):
                f.write(f'[[claim]]\nid = "c{i}"\nstatement = "Claim {i}."\nlevel = "confirmed"\n'
                        f'doc = "bell"\nquote = "{quote}"\nstart = {start}\n\n')
    wall, _, peak, _ = run([str(BIN), "-C", str(root), "check", "--format", "json"])
    out.append((f"{n:,} claims in one claims file", wall, peak, f"{peak * 1024 / n:.1f} KB per claim"))
    mb = 50 if quick else 200
    root = WORK / f"big-doc-{mb}"
    if not (root / "claims" / "c.toml").exists():
        shutil.rmtree(root, ignore_errors=True)
        (root / "corpus").mkdir(parents=True)
        (root / "claims").mkdir(parents=True)
        copies = mb * 1_000_000 // len(seed.encode("utf-8")) + 1
        body = "\n\n".join(seed for _ in range(copies))
        # The quote edited once, near the end: only the approximate search finds it.
        body += "\n\nMikhailov passed on some information to Crowdstrike through an intermediary."
        (root / "corpus" / "big.txt").write_text(body, encoding="utf-8")
        (root / "claims" / "c.toml").write_text(
            '[[claim]]\nid = "edited"\nstatement = "s"\nlevel = "confirmed"\ndoc = "big"\n'
            'quote = "Mikhailov passed on the zinformation to Crowdstrike through an intermediaryy."\n',
            encoding="utf-8")
    size = (root / "corpus" / "big.txt").stat().st_size / 1e6
    wall, _, peak, _ = run([str(BIN), "-C", str(root), "--max-doc-size", "1G", "check", "--format", "json"])
    out.append((f"one {size:.0f} MB document, its quote edited", wall, peak, f"{peak / size:.1f}x the document"))
    for case in out:
        print(f"memory: {case[0]}: {case[1]:.2f} s, peak {case[2]:.0f} MB ({case[3]})", flush=True)
    return out


def peer_comparison():
    """The peer annotation tool's matcher against `check`, in one run: its
    harness (`compare.py`, from --peer DIR, by default the peer-timing folder
    beside this repository) builds one 2 MB document with 300 quotes (a third
    exact, a third with 1-3 letters changed, a third absent) and times both.
    Returns (agreement lines, peer ms, cli ms, ratio), or None without it."""
    args = sys.argv[1:]
    peer_dir = Path(args[args.index("--peer") + 1]) if "--peer" in args else REPO.parent / "shared" / "peer-timing"
    script = peer_dir / "compare.py"
    if not script.exists():
        print(f"no peer harness at {peer_dir}: peer comparison skipped")
        return None
    out = subprocess.run([sys.executable, str(script), str(BIN)], capture_output=True, text=True, check=True).stdout
    print(out.strip())
    agree = [l for l in out.splitlines() if l.startswith("cli agrees")]
    m = re.search(r"time: peer ([0-9.]+) ms, cli ([0-9.]+) ms.*peer/cli ([0-9.]+)", out)
    if not m:
        return None
    return agree, float(m.group(1)), float(m.group(2)), float(m.group(3))


def approx_ms(line, label):
    """A median in ms from the approx example's line, after `label`."""
    m = re.search(re.escape(label) + r"[^;]*?median ([0-9.]+) ms", line)
    return float(m.group(1)) if m else float("nan")


def status(ok, text):
    return ("met: " if ok else "missed: ") + text


def write_report(rows, approx, quick, peer, memory, profiles):
    lines = [
        "# Benchmarks",
        "",
        "Written by `python3 bench/run.py`" + (" --quick" if quick else "") + f" on {time.strftime('%Y-%m-%d')}.",
        f"Machine: {machine()}.",
        "",
        "Projects come from the synthetic generator (`cargo run --release -p claimtrack-synth -- OUT --docs N",
        "--doc-kb 20 --claims N --edit-rate R --seed 1`): news-like prose with curly quotes, em dashes and",
        "no-break spaces, every claim pinned, and with `--edit-rate 0.05` one document in twenty edited the",
        "ways articles get edited (typo fixed, sentence inserted or deleted, paragraph moved or duplicated,",
        "lines re-wrapped, quotes straightened, a word changed inside a quote).",
        "",
        "Every timing is the median of " + str(RUNS) + " runs, after one warm-up read, so all commands see a",
        "warm page cache. The floor is one process reading the same documents and claims files on both",
        "cores and doing nothing else (`target/dist/floor corpus claims`, from `bench/synth`); the old",
        "floor, `find corpus -name '*.txt' -print0 | xargs -0 cat > /dev/null`, is shown beside it: it",
        "also pays for starting processes, so it flattered `check`. The least work is the floor that also",
        "does what no checker can skip: it validates every file as UTF-8 (simdutf8) and parses every",
        "claims file with the TOML parser `check` uses (`floor --parse corpus claims`), on both cores,",
        "each worker taking the next files as it becomes free. The baseline is `bench/baseline.py`, what a user would write instead:",
        "`text.find(quote)` at the recorded position, then anywhere, then `difflib` for the rest (run once:",
        "it is slow). Peak memory is the largest resident set of any run.",
        "",
        "| project | edited | corpus | floor (in-process) | old floor (cat) | least work (x floor) | `check --format json` wall | CPU | x floor | x old floor | x least work | peak memory | Python baseline | x faster than baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, rate, mb, floor, check, base, old_floor, least in rows:
        lines.append(
            f"| {name} | {rate:.0%} | {mb:.0f} MB | {floor[0]:.3f} s | {old_floor[0]:.3f} s | "
            f"{least[0]:.3f} s ({least[0] / floor[0]:.2f}) | {check[0]:.3f} s | {check[1]:.2f} s | "
            f"{check[0] / floor[0]:.2f} | {check[0] / old_floor[0]:.2f} | {check[0] / least[0]:.2f} | "
            f"{check[2]:.0f} MB | {base[0]:.2f} s | {base[0] / check[0]:.0f} |"
        )
    lines += [
        "",
        "One approximate search (`cargo run --release -p claimtrack-synth --example approx`): " + approx + ".",
        "",
    ]
    if peer:
        agree, peer_ms, cli_ms, ratio = peer
        lines += [
            "Against the peer annotation tool's quote matcher (its harness `compare.py`: one 2 MB document",
            "built from the seed articles, 300 quotes, a third exact, a third with 1-3 letters changed, a",
            "third absent; exact and edited quotes pinned as `add` pins them; both timed in the same run):",
            f"peer {peer_ms:.0f} ms, `check` {cli_ms:.0f} ms, **{ratio:.1f}x** faster; "
            + "; ".join(a.replace("cli agrees with expected on ", "") for a in agree) + " verdicts as expected.",
            "",
        ]
    if profiles:
        pname, rel, dist = profiles
        lines += [
            "Build profiles: every figure here is from `--profile dist` (full LTO, one codegen unit: what to",
            "install). `--release` (thin LTO, what `cargo run --release -- check` builds first, in about 60%",
            f"of the time) checks the {pname} project, 5% edited, in a median {rel:.3f} s against {dist:.3f} s",
            f"(**{rel / dist:.2f}x**), the two binaries interleaved run by run.",
            "",
        ]
    if memory:
        lines += [
            "Peak memory on hostile shapes (`check --format json`, one run each):",
            "",
            "| case | wall | peak memory | per unit |",
            "| --- | ---: | ---: | ---: |",
        ] + [f"| {c} | {w:.2f} s | {p:.0f} MB | {u} |" for c, w, p, u in memory] + [""]
    lines += [
        "## Targets",
        "",
        "| target | status |",
        "| --- | --- |",
    ]
    big = [r for r in rows if r[0].startswith("100k")]
    if big:
        clean = next(r for r in big if r[1] == 0)
        edited = next(r for r in big if r[1] > 0)
        c_ratio = clean[4][0] / clean[6][0]
        e_ratio = edited[4][0] / edited[6][0]
        speedup = edited[5][0] / edited[4][0]
        base_floor = edited[5][0] / edited[6][0]
        peak = max(r[4][2] for r in big)
        lines += [
            f"| no edits, 100k claims over 1 GB: at most 2x the old floor (cat) | {status(c_ratio <= 2, f'{c_ratio:.2f}x')} |",
            f"| 5% edited: at most 3x the old floor (cat) | {status(e_ratio <= 3, f'{e_ratio:.2f}x')} |",
            f"| 5% edited: at least 20x faster than the Python baseline | "
            + status(speedup >= 20, f"{speedup:.0f}x" + (
                "" if speedup >= 20 else
                f"; the baseline itself takes only {base_floor:.0f}x the floor here, so 20x would need "
                f"`check` to take {base_floor / 20:.2f}x the floor"
                + (", less time than `cat` takes to read the documents" if base_floor < 20 else "")))
            + " |",
            f"| peak memory at most 64 MB + the largest document (20 KB) per worker | {status(peak <= 64.1, f'{peak:.0f} MB')} |",
            f"| 5% edited, 100k claims: within 1.5x the old floor (cat) | {status(e_ratio <= 1.5, f'{e_ratio:.2f}x')} |",
        ]
    for r in rows:
        if r[0].startswith(("10k", "100k")):
            ratio = r[4][0] / r[3][0]
            least = r[7][0] / r[3][0]
            limit = 1.5 if r[1] == 0 else 1.8
            why = (f"; the least work alone (read, validate, parse the claims) takes {least:.2f}x the floor"
                   if ratio > limit else "")
            lines.append(
                f"| {r[0]}, {r[1]:.0%} edited: at most {limit}x the in-process floor | "
                f"{status(ratio <= limit, f'{ratio:.2f}x')}{why} |")
    if peer:
        lines.append(f"| at least 20x faster than the peer's matcher on its own case | {status(peer[3] >= 20, f'{peer[3]:.1f}x')} |")
    if memory:
        (_, _, claims_peak, _), (doc_case, _, doc_peak, _) = memory
        n = 100_000 if quick else 1_000_000
        per_claim = claims_peak * 1024 / n
        size = float(doc_case.split()[1])
        lines.append(f"| many claims in one file: at most 1 KB per claim | {status(per_claim <= 1.0, f'{per_claim:.1f} KB')} |")
        lines.append(f"| one large document: peak at most 3x its size | {status(doc_peak <= 3 * size, f'{doc_peak / size:.1f}x')} |")
    if profiles:
        _, rel, dist = profiles
        lines.append(f"| `--release` (thin LTO) at most 5% slower than `--profile dist` | {status(rel <= 1.05 * dist, f'{rel / dist:.2f}x')} |")
    search = approx_ms(approx, "approximate search")
    first = approx_ms(approx, "first quote")
    lines += [
        f"| approximate search of a 300-character quote in 1 MB: at most 5 ms | "
        f"{status(search <= 5, f'{search:.2f} ms')} (a document's first quote, which also normalizes the 1 MB text once for all its quotes: {first:.2f} ms) |",
        "",
        "## What bounds the time",
        "",
        "Profiled with `perf record` on the 10k- and 100k-claim projects. Before tuning, three things",
        "took most of the time: computing line numbers in claims files by rescanning each file from its",
        "start for every key (quadratic; now a line index), counting code points byte by byte for the",
        "offset index (now eight bytes at a time with a popcount) and converting offsets from coarse",
        "4 KiB checkpoints (now 1 KiB checkpoints and word-at-a-time skipping); claims files are now",
        "parsed in parallel. Then two more: the document index was two passes (a table of every line",
        "start, and a popcount of code points per 1 KiB), 10% of the 100k run; it is now one pass of",
        "byte counters the compiler vectorizes, keeping per 1 KiB block the code points, line breaks",
        "and line start before it (3%). The JSON report was one serial serializer; it is now rendered",
        "in parallel, 4,096 findings at a time, byte for byte the same document (a test pins it).",
        "Then three more: documents are validated as UTF-8 by simdutf8 (std's validator goes byte by",
        "byte wherever a curly quote or dash breaks an ASCII run, every few words in news text) and",
        "kept with their bytes in a self_cell, so the text is neither copied nor validated twice",
        "(std's validator was 10-15% of the run; simdutf8 is 6%); claims files are parsed with the",
        "`toml` crate's span-keeping `DeTable` instead of an editable toml_edit document (the parse phase",
        "of the 100k run went from 0.25 s to 0.17 s, with the same findings byte for byte); and the",
        "folders of the corpus are listed in parallel (0.08 s to 0.06 s on 50,000 documents).",
        "Now, on the 100k-claim project with no edits, the profile is: the kernel's copy of the files",
        "about a quarter (the floor pays it too), the TOML parser about 8%, UTF-8 validation 6.5%, the",
        "`stat` and path lookup before each open 5%, the document index 4-5%, allocation about 5%,",
        "converting offsets 3%, rendering JSON 3%. By phase: claims parsed 0.17 s, corpus listed",
        "0.06 s, documents checked 0.42 s, JSON report written 0.06 s.",
        "The least-work column shows why the in-process targets (1.5x with no edits, 1.8x with 5%",
        "edited) are out of reach on this machine: reading the files, validating them and parsing the",
        "claims files, and nothing else, already takes 1.8-2x the floor on the 100k project, where",
        "32 MB of claims in TOML cost more CPU than reading 1 GB of documents, and about 1.4x on the",
        "10k one, which would leave 6-20 ms of the target for everything else. On two cores every",
        "CPU-second of work adds half a second of wall time; `check` must also anchor every quote,",
        "index line and column, and write the report. A faster allocator (mimalloc) cut the parsing",
        "by a tenth but doubled the peak memory, so it is not used.",
        "",
        "Memory does not grow with the corpus: each worker holds one document at a time, and the corpus",
        "index keeps only the documents some claim names (and those with a metadata file, which are",
        "validated), one short path each. It grows with the claims log, by about half a kilobyte per",
        "claim: each claims file is packed as it is parsed (every id, document id, quote, prefix and",
        "suffix in one string; statements, tags and notes are not kept), an intact anchor is kept as a",
        "40-byte entry whose finding is built only when it is written, and only findings that are not",
        "intact are kept whole. The JSON report is streamed, a batch of 4,096 findings at a time.",
        "",
        "The approximate search is a block-based Myers scan with Ukkonen's cut-off, and the anchoring",
        "rule keeps it small: an edited quote counts only where it was recorded or where its recorded",
        "context still stands, so a pinned quote is searched within a third of its length in edits only",
        "in a window around its recorded place, then in windows where pieces of its recorded prefix and",
        "suffix occur. Elsewhere (the closest-text hint, and quotes pinned by nothing) only nearly exact",
        "text is looked for, at most a tenth of the quote in edits, where the pigeonhole principle is",
        "strong: a match with at most k edits contains one of k + 1 disjoint pieces of the quote exactly.",
        "On a large document the pieces are looked up in a q-gram index of its normalized text, built",
        "once and shared by all its quotes (rarest q-gram of each piece, then the whole piece verified);",
        "on a small one only every (piece - q + 1)-th text position is hashed. The normalization of the",
        "text is made once per document, only when some quote in it needs it, and the quotes of one",
        "document are anchored in parallel.",
        "",
    ]
    # Sections other scripts write (bench/report.py, bench/versus.py) are kept.
    bench = REPO / "BENCHMARKS.md"
    old = bench.read_text(encoding="utf-8") if bench.exists() else ""
    kept = [m.group(0).rstrip("\n") for m in re.finditer(
        r"## (?:The HTML report|Against an earlier build|Holding attribution|Hostile input|Every command at archive scale)\n.*?(?=\n## |\Z)", old, re.S)]
    bench.write_text("\n".join(lines).rstrip("\n") + "".join("\n\n" + k for k in kept) + "\n")


if __name__ == "__main__":
    main()
