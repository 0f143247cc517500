"""wordfreq: count word frequencies in text files."""

from wordfreq.counter import count_lines, count_words, top_words

__all__ = ["count_lines", "count_words", "top_words"]
