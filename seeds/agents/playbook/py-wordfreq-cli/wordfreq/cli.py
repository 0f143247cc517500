"""Command-line interface: python3 -m wordfreq.cli FILE [--top N] [--min-length L]."""

import argparse
import sys
from typing import List, Optional

from wordfreq.counter import count_lines, top_words


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wordfreq",
        description="Print the most frequent words of a text file.",
    )
    parser.add_argument("file", help="path of the text file to read")
    parser.add_argument("--top", type=positive_int, default=10, metavar="N",
                        help="show only the N most frequent words (default: 10)")
    parser.add_argument("--min-length", type=positive_int, default=1, metavar="L",
                        help="ignore words shorter than L letters (default: 1)")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with open(args.file, encoding="utf-8") as handle:
            counts = count_lines(handle, args.min_length)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        print(f"wordfreq: cannot read {args.file}: {reason}", file=sys.stderr)
        return 1
    for word, count in top_words(counts, args.top):
        print(f"{word}\t{count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
