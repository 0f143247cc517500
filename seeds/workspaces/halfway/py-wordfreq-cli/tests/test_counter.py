import unittest

from wordfreq.counter import count_words


class TestCountWords(unittest.TestCase):
    def test_basic(self):
        counts = count_words("the cat and the hat")
        self.assertEqual(counts["the"], 2)
        self.assertEqual(counts["cat"], 1)

    def test_case_insensitive(self):
        counts = count_words("Dog dog DOG")
        self.assertEqual(counts["dog"], 3)

    def test_punctuation(self):
        counts = count_words("Hello, world! Hello.")
        self.assertEqual(counts["hello"], 2)
        self.assertEqual(counts["world"], 1)


if __name__ == "__main__":
    unittest.main()
