import sys
from counter import count_words

# usage: python cli.py FILE [N]
text = open(sys.argv[1]).read()
top = int(sys.argv[2]) if len(sys.argv) > 2 else 10
counts = count_words(text)
for word in sorted(counts, key=counts.get, reverse=True)[:top]:
    print(word, counts[word])
