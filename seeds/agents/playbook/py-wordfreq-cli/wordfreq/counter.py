"""Word counting logic, independent of any file or console I/O."""

import re
from collections import Counter
from typing import Iterable, List, Optional, Tuple

# A word is a run of letters; apostrophes are allowed between letters ("don't").
WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)*")


def tokenize(text: str) -> List[str]:
    """Return the lower-cased words of ``text`` in order, without punctuation."""
    return WORD_RE.findall(text.lower())


def count_lines(lines: Iterable[str], min_length: int = 1) -> Counter:
    """Count the words of an iterable of lines (e.g. an open file) one line at a time."""
    counts: Counter = Counter()
    for line in lines:
        counts.update(word for word in tokenize(line) if len(word) >= min_length)
    return counts


def count_words(text: str, min_length: int = 1) -> Counter:
    """Count the words of ``text``, ignoring words shorter than ``min_length``."""
    return count_lines(text.splitlines(), min_length)


def top_words(counts: Counter, n: Optional[int] = None) -> List[Tuple[str, int]]:
    """Words by descending count, ties broken alphabetically; the first ``n`` if given."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked if n is None else ranked[:n]
