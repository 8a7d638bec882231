#!/usr/bin/env python3
"""Times every command on the 100k-claim bench project, with `check` and the
floors beside them in the same run, and writes the table and the targets met
or missed into BENCHMARKS.md (the "Every command at archive scale" section).

    python3 bench/commands.py [--runs N]     (bench/run.py calls it at its end)

The project is bench/work/d50000-c100000-e5 (100,000 claims on 50,000
documents, 1 GB, one document in twenty edited; bench/run.py makes it). Each
figure is the median wall time of N runs (default 3) on a warm page cache and
the largest peak memory. Commands that would write claims run with
`--dry-run`; the report is timed into a new folder and again after one
document was edited (restored afterwards).
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BIN, FLOOR, REPO, WORK, run  # noqa: E402

PROJECT = WORK / "d50000-c100000-e5"
OUT = Path("/tmp") / "claimtrack-bench-commands"
HEADING = "## Every command at archive scale"


def measure(cmd, runs, before=None):
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(run(cmd))
    return statistics.median(r[0] for r in results), max(r[2] for r in results), results[0][3]


def claim_ids():
    first = (PROJECT / "claims" / "c00250.toml").read_text(encoding="utf-8")
    ids = re.findall(r'^id = "([^"]+)"', first, re.M)
    moved = next(l.split("\t")[0] for l in (PROJECT / "expected.tsv").read_text().splitlines()
                 if l.split("\t")[1] == "moved")
    return ids[0], ids[1], moved


def main():
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    if not (PROJECT / "expected.tsv").exists():
        sys.exit(f"no {PROJECT}: run python3 bench/run.py first")
    subprocess.run(["cargo", "build", "--profile", "dist", "--quiet", "--bin", "claimtrack"], cwd=REPO, check=True)
    subprocess.run(["cargo", "build", "--profile", "dist", "--quiet", "-p", "claimtrack-synth", "--bin", "floor"],
                   cwd=REPO, check=True)
    c = lambda *a: [str(BIN), "-C", str(PROJECT), *a]
    one, two, moved = claim_ids()
    doc = re.search(r'^doc = "([^"]+)"', (PROJECT / "claims" / "c00250.toml").read_text(), re.M).group(1)
    text = (PROJECT / "corpus" / f"{doc}.txt").read_text(encoding="utf-8")
    quote = text.split("\n\n")[2].split(". ")[1]
    run(["sh", "-c", "find corpus claims -type f -print0 | xargs -0 cat > /dev/null"], cwd=PROJECT)
    floor = measure([str(FLOOR), str(PROJECT / "corpus"), str(PROJECT / "claims")], runs)
    least = measure([str(FLOOR), "--parse", str(PROJECT / "corpus"), str(PROJECT / "claims")], runs)
    check = measure(c("check", "--format", "json"), runs)
    rows = []  # (command, kind, (wall, peak, exit))
    one_claim = [
        ("show ID", c("show", one)),
        ("add … --dry-run", c("add", "--doc", doc, "--quote", quote, "--statement",
                              "The committee published its findings", "--level", "auto", "--dry-run")),
        ("accept ID --dry-run (a moved quote)", c("accept", moved, "--dry-run")),
        ("set ID --level confirmed --dry-run", c("set", one, "--level", "confirmed", "--dry-run")),
        ("retract ID --dry-run", c("retract", one, "--reason", "bench", "--dry-run")),
        ("supersede ID NEW --dry-run", c("supersede", one, two, "--dry-run")),
    ]
    for name, cmd in one_claim:
        rows.append((name, "one", measure(cmd, runs)))
    streamed = [
        ("table --by claim --format csv", c("table", "--by", "claim", "--format", "csv")),
        ("table --by doc --format json", c("table", "--by", "doc", "--format", "json")),
        ("list --format json", c("list", "--format", "json")),
        ("export sqlite FILE", c("export", "sqlite", str(OUT) + ".sqlite")),
        ("export w3c", c("export", "w3c")),
        ("export claimreview", c("export", "claimreview")),
    ]
    for name, cmd in streamed:
        rows.append((name, "stream", measure(cmd, runs)))
    clear = lambda: shutil.rmtree(OUT, ignore_errors=True)
    fresh = measure(c("report", "-o", str(OUT)), runs, before=clear)
    rows.append(("report -o DIR (DIR new)", "report", fresh))
    path = PROJECT / "corpus" / f"{doc}.txt"
    original = path.read_bytes()
    n = [0]

    def edit():
        n[0] += 1
        path.write_bytes(original + f"\n\nA sentence added by the bench, {n[0]}.\n".encode())

    try:
        subprocess.run(c("report", "-o", str(OUT)), capture_output=True)
        again = measure(c("report", "-o", str(OUT)), runs, before=edit)
    finally:
        path.write_bytes(original)
    rows.append(("report -o DIR after one document edited", "rerun", again))
    write_floor = measure([str(FLOOR), "--copy-to", str(OUT), str(PROJECT / "corpus")], runs, before=clear)
    clear()
    for p in (str(OUT) + ".sqlite",):
        if os.path.exists(p):
            os.remove(p)
    for name, _, (wall, peak, code) in rows:
        print(f"{name}: {wall:.3f} s, {peak:.0f} MB (exit {code})", flush=True)
    write(rows, runs, floor, least, check, write_floor)


def verdict(kind, wall, peak, check, write_floor):
    if kind == "one":
        ok = wall <= 0.050 and peak <= 32
        return ok, "50 ms and 32 MB"
    if kind == "stream":
        ok = wall <= 1.5 * check[0] and peak <= 2 * check[1]
        return ok, f"1.5x `check` ({1.5 * check[0]:.2f} s) and 2x its memory ({2 * check[1]:.0f} MB)"
    if kind == "rerun":
        return wall <= 2 * check[0], f"2x `check` ({2 * check[0]:.2f} s)"
    return wall <= 1.2 * write_floor[0], f"1.2x the write floor ({1.2 * write_floor[0]:.2f} s)"


def write(rows, runs, floor, least, check, write_floor):
    lines = [
        HEADING,
        "",
        f"`python3 bench/commands.py` (also run by `bench/run.py`): the 100k-claim project, 5% edited",
        f"(`bench/work/d50000-c100000-e5`: 100,000 claims on 50,000 documents, 1 GB), {runs} runs each,",
        "median wall time and largest peak memory, all in one run. Commands that write claims run with",
        "`--dry-run`; the report re-run edits one document before each run (restored after).",
        "",
        f"In the same run: the floor (read every document and claims file on both cores) {floor[0]:.3f} s;",
        f"the least work (also validate UTF-8 and parse the claims TOML) {least[0]:.3f} s; "
        f"`check --format json` {check[0]:.3f} s and {check[1]:.0f} MB ({check[0] / least[0]:.2f}x the least work);",
        f"the write floor (`floor --copy-to DIR corpus`: every document read and written to a file of",
        f"its own) {write_floor[0]:.3f} s.",
        "",
        "| command | wall | x `check` | peak memory | target | status |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for name, kind, (wall, peak, _) in rows:
        ok, target = verdict(kind, wall, peak, check, write_floor)
        lines.append(f"| `{name}` | {wall:.3f} s | {wall / check[0]:.2f} | {peak:.0f} MB | {target} | "
                     f"{'met' if ok else 'missed'} |")
    lines.append("")
    bench = REPO / "BENCHMARKS.md"
    text = bench.read_text(encoding="utf-8")
    section = "\n".join(lines)
    if HEADING in text:
        text = re.sub(re.escape(HEADING) + r"\n.*?(?=\n## |\Z)", section.rstrip("\n") + "\n", text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    bench.write_text(text, encoding="utf-8")
    print("written to BENCHMARKS.md")


if __name__ == "__main__":
    main()
