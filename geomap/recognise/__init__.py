"""Recognition: text -> ``list[Mention]`` with character offsets.

Stage input: a document's text. Output: mentions, each with ``start``/``end``
(end-exclusive, ``text[start:end] == mention.surface``) and its sentence.

The recogniser is a table of named rules, ``RULES`` (``table.py``), that the engine
(``engine.py``) walks stage by stage over each sentence: whole phrases first
(abbreviations, lists before a plural designator), then runs of capitalised words
(people, features, streets), then the spans of each run the gazetteer knows (longest
first), the evidence a lone word needs, and the kinds of the mentions found.
``rules_off(id, ...)`` switches rules off, for ablation.

    text.py        sentences and tokens
    reader.py      what the rules ask of the document and the gazetteer
    rule.py        what a rule is, the stages
    table.py       RULES, in order
    engine.py      walks the table
    people.py, features.py, designators.py, spans.py, evidence.py: the rules
"""

from __future__ import annotations

from .engine import Recogniser, extract_mentions, rules_off
from .rule import Example, Rule
from .table import RULES
from .text import split_sentences

__all__ = [
    "RULES",
    "Example",
    "Recogniser",
    "Rule",
    "extract_mentions",
    "rules_off",
    "split_sentences",
]
