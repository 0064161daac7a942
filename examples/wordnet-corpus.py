#!/usr/bin/env python3
"""Builds a probe corpus from WordNet's glosses and example sentences (Debian package wordnet-base).

Each synset line of /usr/share/wordnet/data.{noun,verb,adj,adv} ends in "| gloss", where the
gloss is a definition followed by quoted example sentences separated by "; ". Every definition
becomes "Head word: definition", every example a sentence of its own, each labelled with the
synset's lexicographer file (noun.location, noun.person, verb.motion, ...), written as
LABEL<TAB>sentence, the format ./sim probe --text reads. A seeded shuffle picks --sentences lines.

    apt-get install wordnet-base
    python3 examples/wordnet-corpus.py --sentences 20000 > wordnet-20k.txt
    ./sim probe --text wordnet-20k.txt --layer 2
"""
import argparse
import random
import sys
from pathlib import Path

# WordNet's lexicographer files, by the two-digit number in each data line (lexnames(5WN)).
LEXNAMES = [
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event", "noun.feeling",
    "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object", "noun.person",
    "noun.phenomenon", "noun.plant", "noun.possession", "noun.process", "noun.quantity", "noun.relation",
    "noun.shape", "noun.state", "noun.substance", "noun.time", "verb.body", "verb.change",
    "verb.cognition", "verb.communication", "verb.competition", "verb.consumption", "verb.contact",
    "verb.creation", "verb.emotion", "verb.motion", "verb.perception", "verb.possession", "verb.social",
    "verb.stative", "verb.weather", "adj.ppl",
]


def sentences(wordnet):
    """(label, sentence) for every definition and example in the data files, in file order."""
    for part in ("noun", "verb", "adj", "adv"):
        path = wordnet / ("data." + part)
        if not path.is_file():
            raise SystemExit(f"wordnet-corpus: {path}: not found (apt-get install wordnet-base)")
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  ") or " | " not in line:
                    continue  # the licence header lines start with two spaces
                fields, gloss = line.split(" | ", 1)
                cols = fields.split()
                label = LEXNAMES[int(cols[1])]
                head = cols[4].replace("_", " ")
                for i, seg in enumerate(s.strip() for s in gloss.strip().split("; ")):
                    text = seg.strip('"').strip()
                    if not text:
                        continue
                    if seg.startswith('"'):
                        yield label, text
                    elif i == 0:
                        yield label, f"{head}: {text}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sentences", type=int, default=20000, help="lines to write (default 20000; 0 = all)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"), help="folder of data.noun etc.")
    a = p.parse_args()
    if a.sentences < 0:
        raise SystemExit("wordnet-corpus: --sentences must be >= 0")
    rows = [(l, s.replace("\t", " ")) for l, s in sentences(a.wordnet)]
    random.Random(a.seed).shuffle(rows)
    if a.sentences:
        rows = rows[: a.sentences]
    out = sys.stdout
    for label, text in rows:
        out.write(f"{label}\t{text}\n")
    print(f"wordnet-corpus: {len(rows)} sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
