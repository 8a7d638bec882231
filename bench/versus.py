#!/usr/bin/env python3
"""Compares `claimtrack check` of this tree with an earlier commit, in one run.

    python3 bench/versus.py REV [--sizes 10k,100k] [--runs 5]

Builds both with `--profile dist` (REV in a git worktree under bench/work/),
makes the synthetic projects bench/run.py uses (no edits and 5% edited),
then times `check --format json` of the two binaries alternately on each, so
both see the same warm page cache and the same machine load, and reports the
median wall times and their ratio. It also compares what the two print: the
JSON reports must be byte for byte the same (a refactoring changes no
output), or the script says where they first differ.

With --attribution it also times this tree's `check` on the same projects
with every claim's attribution recorded (bench/work/att-*: made once by
`accept --attribution` of every claim, the history entries that adds taken
out, so the records are what `add` writes), against the same projects
without: what holding attribution costs.

Both write their table into BENCHMARKS.md, replacing their own section.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
SIZES = {  # name: docs, doc KiB, claims (as bench/run.py)
    "1k": (1000, 20, 1000),
    "10k": (10000, 20, 10000),
    "100k": (50000, 20, 100000),
}


# A commit from before the `dist` profile existed gets it defined the same way
# (full LTO, one codegen unit: what its own `release` was).
DIST = ["--config", 'profile.dist.inherits="release"', "--config", "profile.dist.lto=true",
        "--config", "profile.dist.codegen-units=1"]


def build(tree: Path, target: Path, *args):
    defined = "[profile.dist]" in (tree / "Cargo.toml").read_text()
    subprocess.run(["cargo", "build", *([] if defined else DIST), "--profile", "dist", "--quiet", *args],
                   cwd=tree, check=True, env={**os.environ, "CARGO_TARGET_DIR": str(target)})


def binary_of(rev: str) -> Path:
    """The dist binary of `rev`, built in its own worktree and target folder."""
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=REPO, check=True,
                         capture_output=True, text=True).stdout.strip()
    tree = WORK / f"versus-{sha}"
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), sha], cwd=REPO, check=True)
    target = WORK / f"versus-{sha}-target"
    build(tree, target, "--bin", "claimtrack")
    return target / "dist" / "claimtrack"


def wall(cmd, out=None):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=out or subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def first_difference(a: bytes, b: bytes) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            line = a[:i].count(b"\n") + 1
            return f"first difference at byte {i} (line {line})"
    return f"one is a prefix of the other ({len(a)} and {len(b)} bytes)"


def attribution_project(plain: Path, binary: Path) -> Path:
    """`plain` with every claim's attribution recorded, made once."""
    out = WORK / f"att-{plain.name}"
    if (out / "claims").exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copytree(plain / "claims", out / "claims")
    (out / "corpus").symlink_to(plain / "corpus")
    ids = [m for p in sorted((out / "claims").rglob("*.toml"))
           for m in re.findall(r'^id = "([^"]+)"', p.read_text(encoding="utf-8"), re.M)]
    for i in range(0, len(ids), 20000):
        subprocess.run([str(binary), "-C", str(out), "--follow-links-outside", "accept",
                        "--attribution", "--user", "bench", *ids[i:i + 20000]],
                       check=True, stdout=subprocess.DEVNULL)
    history = re.compile(r"\n\[\[claim\.history\]\]\n(?:[a-z]+ = .*\n)+")
    for p in (out / "claims").rglob("*.toml"):
        p.write_text(history.sub("\n", p.read_text(encoding="utf-8")), encoding="utf-8")
    return out


def instructions(cmd: list) -> dict:
    """Instructions executed by `cmd` under callgrind (repeatable whatever the
    machine's load): the total, the claims files' TOML parse and the
    per-document check (anchoring, and reading attribution)."""
    if shutil.which("valgrind") is None or shutil.which("callgrind_annotate") is None:
        return {}
    out = WORK / "callgrind.out"
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", str(out)], check=True,
                          capture_output=True, text=True).stdout
    out.unlink()
    counts = {}
    for key, symbol in (("total", "PROGRAM TOTALS"),
                        ("toml", "toml::de::parser::parse_document ["),
                        ("check_doc", "claimtrack::check::check_doc::{{closure}} [")):
        for line in text.splitlines():
            if symbol in line:
                counts[key] = int(line.split()[0].replace(",", ""))
                break
    return counts


def write_section(title: str, lines: list):
    """Writes `## title` into BENCHMARKS.md, replacing the section if there."""
    bench = REPO / "BENCHMARKS.md"
    text = bench.read_text(encoding="utf-8")
    section = f"## {title}\n\n" + "\n".join(lines).rstrip("\n") + "\n"
    pattern = re.compile(rf"## {re.escape(title)}\n.*?(?=\n## |\Z)", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    bench.write_text(text, encoding="utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rev")
    ap.add_argument("--sizes", default="10k,100k")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--attribution", action="store_true")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    old = binary_of(args.rev)
    build(REPO, REPO / "target", "--bin", "claimtrack")
    build(REPO, REPO / "target", "-p", "claimtrack-synth", "--bin", "synth")
    new = REPO / "target" / "dist" / "claimtrack"
    synth = REPO / "target" / "dist" / "synth"
    print(f"old: {args.rev} ({old})\nnew: this tree ({new})\n")
    rows = ["| project | old median | new median | new / old | JSON |", "|---|---|---|---|---|"]
    print("\n".join(rows))
    att_rows = ["| project | without attribution records | with them | ratio | claims files |",
                "|---|---|---|---|---|"]
    count_rows = []
    worst = 0.0
    for size in args.sizes.split(","):
        docs, kb, claims = SIZES[size]
        for rate in (0.0, 0.05):
            out = WORK / f"d{docs}-c{claims}-e{int(rate * 100)}"
            if not (out / "expected.tsv").exists():
                shutil.rmtree(out, ignore_errors=True)
                subprocess.run([str(synth), str(out), "--docs", str(docs), "--doc-kb", str(kb),
                                "--claims", str(claims), "--edit-rate", str(rate), "--seed", "1"],
                               check=True)
            outputs = []
            for b in (old, new):
                p = subprocess.run([str(b), "-C", str(out), "check", "--format", "json"],
                                   capture_output=True)
                outputs.append(p.stdout)
            same = "same bytes" if outputs[0] == outputs[1] else first_difference(*outputs)
            times = {old: [], new: []}
            wall([str(new), "-C", str(out), "check", "--format", "json"])  # warm the cache
            for _ in range(args.runs):
                for b in (old, new):
                    times[b].append(wall([str(b), "-C", str(out), "check", "--format", "json"]))
            o, n = statistics.median(times[old]), statistics.median(times[new])
            worst = max(worst, n / o)
            row = f"| {size}, {rate:.0%} edited | {o:.3f} s | {n:.3f} s | {n / o:.3f} | {same} |"
            rows.append(row)
            print(row, flush=True)
            if args.attribution and rate == 0.0:
                att = attribution_project(out, new)
                plain_t, att_t = [], []
                wall([str(new), "-C", str(att), "--follow-links-outside", "check", "--format", "json"])
                for _ in range(args.runs):
                    plain_t.append(wall([str(new), "-C", str(out), "check", "--format", "json"]))
                    att_t.append(wall([str(new), "-C", str(att), "--follow-links-outside",
                                       "check", "--format", "json"]))
                p, a = statistics.median(plain_t), statistics.median(att_t)
                mb = lambda d: sum(f.stat().st_size for f in (d / "claims").rglob("*.toml")) / 1e6
                att_rows.append(f"| {size}, no edits | {p:.3f} s | {a:.3f} s | {a / p:.3f} | "
                                f"{mb(out):.1f} MB -> {mb(att):.1f} MB |")
                print(att_rows[-1], flush=True)
                if not count_rows:
                    c = [instructions([str(new), "-C", str(d), "--follow-links-outside", "check",
                                       "--format", "json"]) for d in (out, att)]
                    if all(len(x) == 3 for x in c):
                        base = c[0]["total"]
                        pct = lambda k: 100 * (c[1][k] - c[0][k]) / base
                        count_rows = [
                            f"Instructions (callgrind, {size}, no edits): {c[0]['total'] / 1e6:,.0f} M without "
                            f"records, {c[1]['total'] / 1e6:,.0f} M with them (+{pct('total'):.1f}%). Of the "
                            f"difference, parsing the claims files' TOML is +{pct('toml'):.1f}% and the "
                            f"per-document check, where the cues are read around each quote, "
                            f"+{pct('check_doc'):.1f}%; the other "
                            f"+{pct('total') - pct('toml') - pct('check_doc'):.1f}% is turning the parsed "
                            "records into claims and reading the larger files. The records cost what their "
                            "TOML keys cost to parse, not the cues.",
                        ]
                        print("\n" + count_rows[0], flush=True)
    print(f"\nworst ratio: {worst:.3f}")
    write_section("Against an earlier build", [
        f"`python3 bench/versus.py {args.rev}` on {time.strftime('%Y-%m-%d')}: `check --format json` of this",
        f"tree and of `{args.rev}`, both `--profile dist`, timed alternately on the same projects, medians",
        f"of {args.runs}; \"JSON\" compares the two reports byte for byte.",
        "",
        *rows,
    ])
    if args.attribution:
        write_section("Holding attribution", [
            "The same projects with every claim's attribution recorded (`[claim.attribution]`, as `add`",
            "writes it), against the projects without, this tree's `check --format json`, medians of",
            f"{args.runs}. A claim's cues are read again only when the text around its quote changed",
            "(the record keeps a fingerprint of the quote's paragraph and the one before); otherwise nothing",
            "but that fingerprint is computed. Claims without records are checked as before (the",
            "table above).",
            "",
            *att_rows,
            "",
            *count_rows,
        ])


if __name__ == "__main__":
    sys.exit(main())
