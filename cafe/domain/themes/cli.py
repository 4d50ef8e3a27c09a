"""The command line (python -m cafe.domain.themes): themes of the notes in a text file, one per line."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from cafe.domain.text import names_in, without_names
from cafe.domain.themes import embeddings
from cafe.domain.themes.pipeline import ThemeResult, cluster_notes


def _print_listing(result: ThemeResult, texts: Sequence[str], out) -> None:
    """A readable listing: each theme with its size and representative notes."""
    unassigned = result.assignment.count(-1)
    print(f"{len(result.themes)} themes from {len(texts)} notes ({unassigned} unassigned)", file=out)
    for number, theme in enumerate(result.themes, 1):
        print(f"\n{number}. {theme.label or '(no words)'}  ({len(theme.notes)} notes)", file=out)
        for i in theme.representatives:
            print(f"   - [{i}] {texts[i].strip()}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: cluster the notes of FILE (one per line) and print the themes."""
    parser = argparse.ArgumentParser(prog="python -m cafe.domain.themes", description=main.__doc__)
    parser.add_argument("file", metavar="FILE", help="one note per line ('-' reads standard input)")
    parser.add_argument("--k", type=int, default=None, help="number of themes (default: automatic)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a listing")
    parser.add_argument("--ignore", action="append", default=[], metavar="TEXT",
                        help="text whose words to ignore, e.g. the café question (repeatable)")
    parser.add_argument("--ignore-word", action="append", default=[], metavar="WORD",
                        help="a word never to build or name a theme on (repeatable)")
    parser.add_argument("--backend", choices=("tfidf", "semantic"), default="tfidf",
                        help="group by shared words (tfidf, default) or by meaning in any language "
                             "(semantic: needs the optional package, see docs/THEMES.md)")
    args = parser.parse_args(argv)
    if args.k is not None and args.k < 1:
        parser.error("--k must be at least 1")
    if args.file == "-":
        texts = sys.stdin.read().splitlines()
    else:
        with open(args.file, encoding="utf-8", errors="replace") as fh:
            texts = fh.read().splitlines()
    vectors = None
    if args.backend == "semantic":
        if not embeddings.available():
            parser.error("--backend semantic needs the optional package: "
                         "pip install -r requirements-semantic.txt")
        names = names_in(args.ignore)
        vectors = embeddings.vectors([without_names(t, names) for t in texts])
    result = cluster_notes(texts, args.k, seed=args.seed, ignore=args.ignore,
                           ignore_words=args.ignore_word, vectors=vectors)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_listing(result, texts, sys.stdout)
    return 0
