"""Name keys: how a place name is folded so that spelling variants meet.

``name_key("Ba'qubah") == name_key("Baquba") == name_key("Baqubah")``. The same
function builds the gazetteer's name index and folds the names found in text, so
the two always agree. The rules, in order:

1. Unicode compatibility decomposition; diacritics dropped; case folded.
2. Apostrophes and ayin/hamza marks dropped (Ba'qubah -> baqubah).
3. Every other run of non-letters/digits becomes one space (Al-Raqqa -> al raqqa,
   St. Louis -> st louis, U.S. -> u s is avoided: dots are dropped, U.S. -> us).
4. Per word: a final "ah" becomes "a" (Raqqah -> raqqa), doubled letters are
   single (Raqqa -> raqa, Tall Afar -> tal afar), "ou" becomes "u" (French
   transliterations: Baqouba -> baquba).
5. Arabic articles in any assimilated form (al, ar, as, ad, at, az, an, ash, adh,
   ath) become "al" (Salah ad Din == Salah al-Din, Ar Raqqah -> al raqa).

Arabic articles (Al-, Ar-, As-, ...) are not folded into the key; instead
``article_stripped`` gives the key without one, and both the index and the lookup
try it, so "Raqqa" finds "Ar Raqqah" while "El Salvador" stays itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from operator import eq

from .wordlists import ARABIC_ARTICLES

__all__ = ["article_stripped", "is_latin", "name_key", "spelling"]

_APOSTROPHES = "'\u2019\u2018\u02bc\u02bb\u02bf\u02be`\u00b4\u2032"
_DROP = str.maketrans({c: None for c in _APOSTROPHES + "."})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# ASCII names in one table: capitals lowered, marks dropped, other non-alphanumerics spaced.
_ASCII_FOLD = str.maketrans(
    {
        chr(c): (None if chr(c) in _APOSTROPHES + "." else chr(c).lower())
        if chr(c) in _APOSTROPHES + "." or chr(c).isalnum()
        else " "
        for c in range(128)
    }
)
# The assimilated forms of the Arabic article (all but "al" and "el"), folded to "al"
# before another word.
_ARTICLE_FORM_WORDS = frozenset(ARABIC_ARTICLES - {"al", "el"})
_WORDS = re.compile(r"[^\W_]+")
# Letters that NFKD does not split into base + mark.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
    }
)


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Fold a place name to its lookup key (see the module docstring).

    >>> name_key("Ar-Raqqah"), name_key("Ba'qubah"), name_key("Mosul "), name_key("As Sadr")
    ('al raqa', 'baquba', 'mosul', 'al sadr')
    """
    if name.isascii():
        # Most names: NFKD, the marks and the special letters change nothing in ASCII,
        # so one table lowers the letters, drops the marks and spaces the rest.
        spaced = name.translate(_ASCII_FOLD)
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = stripped.casefold().translate(_SPECIAL).translate(_DROP)
        spaced = _NON_ALNUM.sub(" ", folded)
    # Rules 4 and 5 word by word, with string methods (a regular expression call costs
    # several times as much on names this short).
    words = [_folded_word(word) for word in spaced.split()]
    last = len(words) - 1
    return " ".join(
        ["al" if k < last and word in _ARTICLE_FORM_WORDS else word for k, word in enumerate(words)]
    )


def _folded_word(word: str) -> str:
    """Rule 4 on one word of letters and digits: "raqqah" -> "raqa"."""
    if word.endswith("ah"):
        word = word[:-1]
    if any(map(eq, word, word[1:])):  # some letter (or digit) doubled
        kept = [word[0]]
        for c in word[1:]:
            if c != kept[-1] or not "a" <= c <= "z":
                kept.append(c)
        word = "".join(kept)
    return word.replace("ou", "u")


@lru_cache(maxsize=1 << 16)
def spelling(name: str) -> str:
    """A name as spelled, ignoring case, accents and punctuation but not letters
    (``name_key`` also folds "Iraan" to "iran" and "Lääne" to "lane").

    >>> spelling("Lääne"), spelling("Iraan"), spelling("Al-Anbar")
    ('laane', 'iraan', 'al anbar')
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(_WORDS.findall(plain))


def article_stripped(key: str) -> str | None:
    """The key without a leading Arabic article, or ``None`` if it has none.

    >>> article_stripped("al raqa"), article_stripped("baquba")
    ('raqa', None)
    """
    # "al " and a word (keys have single spaces); a string test, cheaper than a pattern.
    return key[3:] if key.startswith("al ") and key[3:4].strip() else None


def is_latin(name: str) -> bool:
    """True when the name is written in Latin script (after dropping diacritics)."""
    key = name_key(name)
    return bool(key) and key.isascii()
