#!/usr/bin/env python3
"""Black-box mutation fuzzing of the claimtrack binary, on stable Rust.

    python3 fuzz/blackbox.py [--minutes 10] [--seed 1] [--binary PATH]

Each run copies the bundled project into a scratch folder, mutates one input
(a claims file, a document, a document's metadata, claims/facts.toml, a saved
HTML page or a Hypothesis export) with byte-level and structure-aware
mutations (bit flips, splices, deep nesting, control and bidi characters,
huge numbers, CRLF, BOMs, truncation), runs one command on it (check, check
--fix, show, list, table, report, export, import html, import hypothesis,
add), and records the exit code and time. A run is a failure when the
process is killed by a signal, exits outside 0/1/2, prints a Rust panic, or
takes more than 10 s. Failing inputs are kept under fuzz/blackbox-failures/.
Prints the counts at the end (and exits 1 on any failure).
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HANG = 10.0

TRICKS = [b"\x1b[31m", b"\xe2\x80\xae", b"\x00", b"\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b'"""',
          b"'''", b"\\", b"[[claim]]\n", b"[claim.attribution]\n", b"start = 18446744073709551615\n",
          b"start = -1\n", b"quote = \"\"\n", b"::error::x\n", b"=HYPERLINK(\"x\")", b"\xf0\x9f\x98\x80",
          b"\xc3", b"\xd0\x90", b"\xc2\xa0", b"[...]", b"...", b"\xe2\x80\xa6", b"\n\n\n", b"a" * 5000]


def mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(9)
        at = rng.randrange(len(b) + 1) if b else 0
        if op == 0 and b:
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        elif op == 1:
            b[at:at] = rng.choice(TRICKS)
        elif op == 2 and b:
            end = min(len(b), at + rng.randint(1, 200))
            del b[at:end]
        elif op == 3 and b:
            start = rng.randrange(len(b))
            piece = b[start:start + rng.randint(1, 300)]
            b[at:at] = piece * rng.randint(1, 20)
        elif op == 4:
            b = b[:at]
        elif op == 5:
            b[at:at] = rng.choice([b"<b>", b"<div>", b"[", b"{", b"\""]) * rng.randint(100, 20000)
        elif op == 6:
            b = b.replace(b"\n", b"\r\n") if rng.random() < 0.5 else b.replace(b"\r\n", b"\n")
        elif op == 7:
            b[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        else:
            b[at:at] = str(rng.choice([0, -1, 2**31, 2**32, 2**63, 2**64, 10**30])).encode()
    return bytes(b)


def hypothesis_export(rng: random.Random) -> bytes:
    ann = {"id": "a1", "created": rng.choice(["2026-11-19T09:30:00+00:00", "2026-11-19", "x", None]),
           "user": "acct:x@hypothes.is", "uri": "https://slate.com/x", "text": "",
           "tags": ["level:confirmed"],
           "target": [{"source": "https://slate.com/x", "selector": [
               {"type": "TextQuoteSelector", "exact": "sentenced to prison in late February"}]}]}
    return json.dumps({"annotations": [ann] * rng.randint(1, 3)}).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--binary", default=str(REPO / "target" / "release" / "claimtrack"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    binary = Path(args.binary)
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    failures_dir = REPO / "fuzz" / "blackbox-failures"
    counts = {"runs": 0, "exit 0": 0, "exit 1": 0, "exit 2": 0, "panics": 0, "signals": 0,
              "other exits": 0, "hangs": 0}
    slowest = 0.0
    deadline = time.monotonic() + args.minutes * 60
    claims = sorted((REPO / "claims").rglob("*.toml"))
    docs = sorted((REPO / "corpus").rglob("*.txt"))
    metas = sorted((REPO / "corpus").rglob("*.toml"))
    with tempfile.TemporaryDirectory() as tmp:
        # A copy: a rebuild of target/ during the run must not pull the
        # binary away from under it.
        binary = Path(shutil.copy2(binary, Path(tmp) / "claimtrack"))
        while time.monotonic() < deadline:
            work = Path(tmp) / "p"
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(REPO / "claims", work / "claims")
            shutil.copytree(REPO / "corpus", work / "corpus")
            kind = rng.choice(["claims", "doc", "meta", "facts", "html", "hypothesis"])
            stdin = None
            if kind == "claims":
                f = work / rng.choice(claims).relative_to(REPO)
                f.write_bytes(mutate(f.read_bytes(), rng))
            elif kind == "doc":
                f = work / rng.choice(docs).relative_to(REPO)
                f.write_bytes(mutate(f.read_bytes(), rng))
            elif kind == "meta":
                f = work / rng.choice(metas).relative_to(REPO)
                f.write_bytes(mutate(f.read_bytes(), rng))
            elif kind == "facts":
                f = work / "claims" / "facts.toml"
                f.write_bytes(mutate(f.read_bytes(), rng))
            elif kind == "html":
                page = (b"<html><head><meta charset=\"utf-8\"><title>T</title></head><body><article>"
                        + b"".join(b"<p>" + d.read_bytes()[:600] + b"</p>" for d in docs[:2])
                        + b"</article></body></html>")
                (work / "page.html").write_bytes(mutate(page, rng))
            else:
                stdin = mutate(hypothesis_export(rng), rng)
            cmd = {
                "claims": lambda: rng.choice([["check"], ["check", "--fix"], ["list"], ["table"],
                                              ["show", "tail-on-mikhailov"], ["report"],
                                              ["export", "w3c"], ["check", "--format", "json"]]),
                "doc": lambda: rng.choice([["check"], ["check", "--fix"], ["report"],
                                           ["show", "tail-on-mikhailov"],
                                           ["add", "--doc", "the-bell/mikhailov-crowdstrike", "--level",
                                            "confirmed", "--statement", "s", "--quote", "Eight months later"]]),
                "meta": lambda: rng.choice([["check"], ["show", "tail-on-mikhailov"], ["report"]]),
                "facts": lambda: rng.choice([["check"], ["export", "claimreview"], ["table"]]),
                "html": lambda: ["import", "html", "page.html", "--id", "news/fuzzed"],
                "hypothesis": lambda: ["import", "hypothesis", "-", "--doc",
                                       "slate/cybercrime-treason-trial", "--level-from-tags"],
            }[kind]()
            t = time.monotonic()
            try:
                p = subprocess.run([str(binary), "-C", str(work), *cmd], input=stdin or b"",
                                   capture_output=True, timeout=HANG)
                took = time.monotonic() - t
                slowest = max(slowest, took)
                code, err, hung = p.returncode, p.stderr, False
            except subprocess.TimeoutExpired:
                code, err, hung = None, b"", True
            counts["runs"] += 1
            bad = None
            if hung:
                counts["hangs"] += 1
                bad = "hang"
            elif b"panicked at" in err:
                counts["panics"] += 1
                bad = "panic"
            elif code < 0:
                counts["signals"] += 1
                bad = f"signal{-code}"
            elif code in (0, 1, 2):
                counts[f"exit {code}"] += 1
            else:
                counts["other exits"] += 1
                bad = f"exit{code}"
            if bad:
                keep = failures_dir / f"{counts['runs']:06}-{bad}-{kind}"
                shutil.copytree(work, keep, dirs_exist_ok=True)
                (keep / "command.txt").write_text(" ".join(cmd) + "\n")
                if stdin:
                    (keep / "stdin").write_bytes(stdin)
                print(f"FAIL {bad}: {kind} {' '.join(cmd)} -> {keep}", flush=True)
    print(json.dumps({**counts, "slowest run (s)": round(slowest, 2), "minutes": args.minutes,
                      "seed": args.seed}, indent=1))
    failed = counts["panics"] + counts["signals"] + counts["other exits"] + counts["hangs"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
