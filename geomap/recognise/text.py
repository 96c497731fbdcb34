"""Words and sentences: the units the rules look at.

``split_sentences`` cuts a text into sentence spans; ``tokens`` gives a sentence's
words as ``Token``s with their offsets, case facts computed once.
"""

from __future__ import annotations

import re
from functools import partial
from operator import itemgetter
from typing import NamedTuple

from ..wordlists import ABBREVIATIONS

__all__ = ["Token", "split_sentences", "tokens"]

# Dotted abbreviations ("U.S.") or words with apostrophes inside (but not a possessive
# "'s": "Iraq's" is the token "Iraq") and hyphens before a capital ("Al-Raqqa", but
# "Russian-backed" is the token "Russian").
# Hyphens split words ("Canada-EU" is two names; "Winston-Salem" is found across the
# hyphen, which name keys fold like a space), except after a lower-case article: "ar-Rimal"
# (but "ex-Russian" and "pro-Syrian" are the demonyms).
# Letters straight after digits are a token only as an ordinal's ending ("13th"): the
# "MDB" of "1MDB" is no name. "People's" is one word ("People's Republic of China").
# (Every branch starts with a letter: the lookahead lets the scan skip other characters
# without trying each branch.)
_TOKEN = re.compile(
    r"(?=[^\W\d_])(?:(?:[A-Z]\.){2,}|People['\u2019]s\b"
    r"|(?:\b(?!(?:ex|pro|non|pre|neo|mid|sub|co)-)[a-z]{2,3}-(?=[A-Z]))?"
    r"(?:\b|(?<=\d)(?=(?:st|nd|rd|th)\b))"
    r"[^\W\d_]+(?:['\u2019](?!s\b)[^\W\d_]+)*)"
)
# A sentence ends at . ! or ? (plus closing quotes) before whitespace and a capital,
# digit or opening quote, or at a line break.
# (Both branches start with a closing quote or a space: the lookahead skips the rest.)
_SENTENCE_END = re.compile(
    r"(?=[\s\"'\u201d\u2019)\]])"
    r"(?:(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[A-Z0-9\"'\u201c\u2018(\[])|\s*\n\s*)"
)
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}")
_CONTRACTION = re.compile(r"['\u2019](?:ll|ve|re|d|m|t)$", re.I)
_ARTICLE_PREFIX = re.compile(r"[a-z]{1,3}[-'\u2019][A-Z]")


class Token(NamedTuple):
    """A word of the text with its offsets and case facts (``tokens`` makes them)."""

    text: str
    start: int
    end: int
    lower: str
    #: "Mosul", "al-Anbar", "d'Ivoire"; not "I'll" (see ``_capitalised``).
    capitalised: bool


def tokens(text: str, start: int, end: int) -> list[Token]:
    """The words of ``text[start:end]``.

    >>> [(t.text, t.capitalised) for t in tokens("He left al-Anbar.", 0, 17)]
    [('He', True), ('left', False), ('al-Anbar', True)]
    """
    # A sentence has some tens of words and a corpus millions: the columns are made by
    # ``map`` over C functions, and the tokens as tuples, with no Python code per word.
    found = list(_TOKEN.finditer(text, start, end))
    words = list(map(_GROUP, found))
    capitalised = list(map(str.isupper, map(_FIRST, words)))
    if any(mark in text[start:end] for mark in _MARKS):
        for k, word in enumerate(words):
            if "-" in word or "'" in word or "\u2019" in word:
                capitalised[k] = _capitalised(word)
    columns = zip(
        words, map(_START, found), map(_END, found), map(str.lower, words), capitalised, strict=True
    )
    return list(map(_TOKEN_OF, columns))


def _capitalised(word: str) -> bool:
    """Of a word with a hyphen or an apostrophe: "al-Anbar", "ez-Zor", "d'Ivoire" (a
    lower-case article joined to a capitalised name) are capitalised, a contraction
    ("I'll", "We've") never is."""
    return bool(word[0].isupper() or _ARTICLE_PREFIX.match(word)) and not _CONTRACTION.search(word)


_MARKS = ("-", "'", "\u2019")
_GROUP, _START, _END = re.Match.group, re.Match.start, re.Match.end
_FIRST = itemgetter(0)
_TOKEN_OF = partial(tuple.__new__, Token)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` covering ``text``; newlines always end a sentence.

    >>> split_sentences("Mosul fell. Dr. Smith left Raqqa.\\nNext")
    [(0, 11), (12, 33), (34, 38)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        if "\n" not in match.group() and _ends_with_abbreviation(text, start, end):
            continue
        if text[start:end].strip():
            spans.append(_trimmed(text, start, end))
        start = match.end()
    if text[start:].strip():
        spans.append(_trimmed(text, start, len(text)))
    return spans


def _ends_with_abbreviation(text: str, start: int, end: int) -> bool:
    words = text[start:end].rsplit(None, 1)  # the last word is all that is looked at
    if not words:
        return False
    if _DOTTED.fullmatch(words[-1]):
        return True  # "U.S. officials": an abbreviation, not a sentence end
    last = words[-1].rstrip(".\"'\u201d\u2019)]").lower()
    return last in ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
