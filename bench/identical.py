#!/usr/bin/env python3
"""Proves two builds of claimtrack say the same thing: every read-only command
run by both on the same projects, their standard output, standard error, exit
code and written files compared byte for byte.

    python3 bench/identical.py OLD_BINARY NEW_BINARY PROJECT...

Commands: `check --format json`, `list` (text and JSON), `table` by claim,
by document and by fact (text, CSV, JSON), `export w3c`, `export claimreview`,
`export sqlite` (its rows, dumped), `report` (every file of the folder), and
for a sample of claims `show`, `set`/`retract`/`supersede`/`accept` with
`--dry-run`, and `add --dry-run` of a quote of the claim's document. Dates the
commands stamp (`logged-at`, history `at`) are masked. Exits 1 on any
difference, naming the command.
"""
import hashlib
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")


def run(binary, project, args, out_dir=None):
    env = dict(os.environ, CLAIMTRACK_USER="bench", NO_COLOR="1")
    p = subprocess.run([binary, "-C", str(project), *args], capture_output=True, env=env)
    files = {}
    if out_dir is not None:
        for f in sorted(Path(out_dir).rglob("*")):
            # The report's manifest holds file times: new in each run by design.
            if f.is_file() and f.name != ".claimtrack-files":
                files[str(f.relative_to(out_dir))] = digest(f)
    mask = lambda b: STAMP.sub(b"T", b.replace(str(out_dir).encode(), b"OUT") if out_dir else b)
    return mask(p.stdout), mask(p.stderr), p.returncode, files


def digest(f):
    if f.suffix == ".sqlite":
        con = sqlite3.connect(f)
        rows = []
        for (name,) in con.execute("select name from sqlite_master where type='table' order by name"):
            rows.append(name)
            rows.extend(repr(r) for r in con.execute(f'select * from "{name}"'))
        con.close()
        return hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return hashlib.sha256(f.read_bytes()).hexdigest()


def sample_claims(project, n=12):
    ids = []
    for f in sorted((project / "claims").rglob("*.toml")):
        if f.name == "facts.toml":
            continue
        ids += re.findall(r'^id = "([^"]+)"', f.read_text(encoding="utf-8"), re.M)
    if len(ids) <= n:
        return ids
    step = len(ids) // n
    return ids[::step][:n]


def commands(project):
    out = [
        ["check", "--format", "json"],
        ["list"],
        ["list", "--format", "json"],
        ["export", "w3c"],
        ["export", "claimreview"],
    ]
    for by in ("claim", "doc", "fact"):
        for fmt in ("text", "csv", "json"):
            out.append(["table", "--by", by, "--format", fmt])
    ids = sample_claims(project)
    for i, cid in enumerate(ids):
        out.append(["show", cid])
        out.append(["set", cid, "--level", "confirmed", "--dry-run"])
        out.append(["retract", cid, "--reason", "r", "--dry-run"])
        out.append(["accept", cid, "--dry-run"])
        if i + 1 < len(ids):
            out.append(["supersede", cid, ids[i + 1], "--dry-run"])
    out.append(["show", "no-such-claim"])
    return out


def main():
    old, new, projects = sys.argv[1], sys.argv[2], [Path(p) for p in sys.argv[3:]]
    bad = 0
    for project in projects:
        cases = [(c, None) for c in commands(project)]
        cases += [(["export", "sqlite", "{out}/x.sqlite"], "dir"), (["report", "-o", "{out}/r"], "dir")]
        for args, kind in cases:
            results = []
            for binary in (old, new):
                with tempfile.TemporaryDirectory() as d:
                    a = [x.replace("{out}", d) for x in args]
                    results.append(run(binary, project, a, d if kind else None))
            same = results[0] == results[1]
            bad += not same
            print(f"{'same' if same else 'DIFFERENT'}: {project.resolve().name}: {' '.join(args)}", flush=True)
            if not same:
                for what, a, b in zip(("stdout", "stderr", "exit", "files"), *results):
                    if a != b:
                        print(f"  {what} differs", flush=True)
    print(f"{bad} difference(s)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
