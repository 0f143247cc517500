import re
from collections import Counter


def count_words(text, min_length=1):
    words = re.findall(r"[a-z']+", text.lower())
    words = [w.strip("'") for w in words]
    return Counter(w for w in words if w and len(w) >= min_length)
