import argparse

from wordfreq.counter import count_words


def main():
    parser = argparse.ArgumentParser(description="Word frequency counter")
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()

    with open(args.file) as f:
        text = f.read()

    counts = count_words(text)
    for word, count in counts.most_common(args.top):
        print(f"{word}\t{count}")


if __name__ == "__main__":
    main()
