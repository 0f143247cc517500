import io
import os
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

from wordfreq.cli import main
from wordfreq.counter import count_words, top_words


class CountWordsTest(unittest.TestCase):
    def test_case_and_punctuation_are_ignored(self):
        counts = count_words("The cat, the CAT! The end.")
        self.assertEqual(counts["the"], 3)
        self.assertEqual(counts["cat"], 2)
        self.assertNotIn("cat,", counts)

    def test_apostrophes_inside_words(self):
        counts = count_words("Don't stop; don't 'quote' me")
        self.assertEqual(counts["don't"], 2)
        self.assertEqual(counts["quote"], 1)

    def test_min_length(self):
        counts = count_words("a an ant ants", min_length=3)
        self.assertEqual(set(counts), {"ant", "ants"})

    def test_empty_text(self):
        self.assertEqual(count_words(""), {})


class TopWordsTest(unittest.TestCase):
    def test_ties_are_alphabetical(self):
        counts = count_words("pear fig pear apple fig pear kiwi apple")
        self.assertEqual(top_words(counts, 3), [("pear", 3), ("apple", 2), ("fig", 2)])

    def test_without_limit_returns_everything(self):
        self.assertEqual(len(top_words(count_words("a b c d"))), 4)


class CliTest(unittest.TestCase):
    def run_cli(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(argv))
        return code, out.getvalue(), err.getvalue()

    def test_top_option(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "in.txt")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("b a b\nA c b\n")
            code, out, _ = self.run_cli(path, "--top", "2")
        self.assertEqual(code, 0)
        self.assertEqual(out, "b\t3\na\t2\n")

    def test_missing_file(self):
        code, out, err = self.run_cli("/nonexistent/input.txt")
        self.assertEqual(code, 1)
        self.assertEqual(out, "")
        self.assertIn("cannot read", err)


if __name__ == "__main__":
    unittest.main()
