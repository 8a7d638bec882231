#!/usr/bin/env python3
"""The check a user would write instead of claimtrack: each claim's quote is
looked for at its recorded position (text.find), then anywhere, and difflib
finds the closest text for the rest. Prints counts; used by bench/run.py."""
import difflib
import pathlib
import sys
import tomllib

root = pathlib.Path(sys.argv[1])
claims = []
for f in sorted((root / "claims").rglob("*.toml")):
    claims.extend(tomllib.loads(f.read_text(encoding="utf-8")).get("claim", []))
by_doc = {}
for c in claims:
    by_doc.setdefault(c["doc"], []).append(c)
counts = {"intact": 0, "moved": 0, "altered": 0, "missing": 0}
for doc, cs in by_doc.items():
    text = (root / "corpus" / f"{doc}.txt").read_text(encoding="utf-8")
    for c in cs:
        q, start = c["quote"], c.get("start")
        if start is not None and text.find(q, start, start + len(q)) == start:
            counts["intact"] += 1
        elif text.find(q) >= 0:
            counts["moved"] += 1
        else:
            m = difflib.SequenceMatcher(None, text, q, autojunk=False)
            b = m.find_longest_match(0, len(text), 0, len(q))
            lo = max(0, b.a - b.b - len(q) // 3)
            window = text[lo : lo + len(q) + 2 * (len(q) // 3)]
            ratio = difflib.SequenceMatcher(None, window, q, autojunk=False).ratio()
            counts["altered" if ratio >= 0.66 else "missing"] += 1
print(counts)
