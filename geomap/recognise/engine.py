"""The engine: walks ``RULES`` stage by stage over each sentence.

For each sentence: the ``sentence`` rules take whole phrases; the remaining words form
runs of capitalised words (``join`` rules may carry a run on); each run goes through the
``run`` rules, then its spans are matched against the gazetteer, longest first
(``designator`` / ``name`` rules), each match goes through the ``match`` rules (a lone
word through the ``single`` rules), and the ``kind`` rules have the last word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from operator import attrgetter

from ..gazetteer import Gazetteer
from ..models import Mention
from ..names import name_key
from ..wordlists import CONNECTORS, ENGLISH_ARTICLES
from .evidence import single_strength
from .reader import DESIGNATORS, MAX_NAME_TOKENS, Match, Reader, Run, Single
from .rule import SHIFT, SKIP, STAGES, Rule, Span, Stage
from .table import RULES
from .text import Token, split_sentences, tokens

_CAPITALISED = attrgetter("capitalised")

__all__ = ["Recogniser", "extract_mentions", "rules_off"]

_OFF: ContextVar[frozenset[str]] = ContextVar("geomap_rules_off", default=frozenset())


@contextmanager
def rules_off(*ids: str) -> Iterator[None]:
    """Recognise without the rules ``ids`` inside the ``with`` block (for ablation).

    >>> from geomap.gazetteer import load_gazetteer
    >>> with rules_off("title-before"):
    ...     [m.surface for m in extract_mentions("Col. Dallas said so.", load_gazetteer())]
    ['Dallas']
    """
    known = {rule.id for rule in RULES}
    unknown = sorted(set(ids) - known)
    if unknown:
        raise ValueError(f"no such rule: {', '.join(unknown)}")
    token = _OFF.set(_OFF.get() | frozenset(ids))
    try:
        yield
    finally:
        _OFF.reset(token)


def extract_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Find every place mention in ``text``.

    >>> from geomap.gazetteer import load_gazetteer
    >>> [m.surface for m in extract_mentions("Fighters left Mosul for Raqqa.", load_gazetteer())]
    ['Mosul', 'Raqqa']
    """
    return sorted(_recogniser(_OFF.get()).mentions(text, gazetteer), key=lambda m: (m.start, m.end))


@lru_cache(maxsize=8)
def _recogniser(off: frozenset[str]) -> Recogniser:
    """The table's engine without the rules ``off``: built once, not per document."""
    return Recogniser(RULES, off=off)


class Recogniser:
    """The rules of ``rules`` but those in ``off``, by stage, in table order."""

    def __init__(self, rules: Iterable[Rule], off: frozenset[str] = frozenset()) -> None:
        self.stages: dict[Stage, tuple[Rule, ...]] = {stage: () for stage in STAGES}
        for rule in rules:
            if rule.id not in off:
                self.stages[rule.stage] += (rule,)
        # The functions themselves, for the loops that run per span and per word.
        self._applies = {stage: tuple(r.apply for r in self.stages[stage]) for stage in STAGES}

    def mentions(self, text: str, gazetteer: Gazetteer) -> Iterator[Mention]:
        reader = Reader(text, gazetteer)
        for s_start, s_end in split_sentences(text):
            yield from self._sentence(reader, s_start, s_end)

    def _sentence(self, reader: Reader, s_start: int, s_end: int) -> Iterator[Mention]:
        words = tokens(reader.text, s_start, s_end)
        taken: list[tuple[int, int]] = []
        for apply in self._applies["sentence"]:
            yield from apply(reader, s_start, s_end, taken)
        if taken:
            words = [t for t in words if not any(a < t.end and t.start < b for a, b in taken)]
        capitalised = list(map(_CAPITALISED, words))
        i = 0
        while True:
            try:
                i = capitalised.index(True, i)
            except ValueError:
                return
            j = self._run_end(reader, words, i)
            yield from self._run(Run(reader, words, i, j, s_start, s_end, self))
            i = j

    def _run_end(self, reader: Reader, words: list[Token], i: int) -> int:
        """End (exclusive) of the run of capitalised tokens starting at ``i``."""
        j = i + 1
        while j < len(words) and reader.adjacent(words[j - 1], words[j]):
            if words[j].capitalised:
                j += 1
                continue
            # A connector joins the run only if a capitalised token follows it.
            k = j
            while k < len(words) and _joins(words, k, j):
                if k + 1 >= len(words) or not reader.adjacent(words[k], words[k + 1]):
                    break
                k += 1
            if k > j and k < len(words) and words[k].capitalised:
                j = k + 1
                continue
            joined = next(
                (end for apply in self._applies["join"] if (end := apply(reader, words, i, j))),
                0,
            )
            if joined:
                j = joined
                continue
            break
        return j

    def _run(self, run: Run) -> Iterator[Mention]:
        for apply in self._applies["run"]:
            verdict = apply(run)
            if verdict is None:
                continue
            yield from verdict.mentions
            if verdict.rest is not None:
                rest = Run(
                    run.reader,
                    run.tokens,
                    run.i + verdict.rest,
                    run.j,
                    run.s_start,
                    run.s_end,
                    self,
                )
                yield from self._run(rest)
            if verdict.cut is None:
                return
            run.end_at(run.i + verdict.cut)
        found = self._matches(run)
        for apply in self._applies["kind"]:
            apply(run, found)
        yield from found

    def _matches(self, run: Run) -> list[Mention]:
        words, text = run.words, run.reader.text
        found: list[Mention] = []
        a = 0
        while a < len(words):
            span = self.longest_match(run, a)
            if span is None:
                a += 1
                continue
            b, kind, wants = span
            start, end = words[a].start, words[b - 1].end
            # An admin mention is looked up without its designator ("Diyala Province").
            query = text[start : words[b - 2].end] if kind == "admin" else text[start:end]
            m = Match(a, b, kind, wants, start, end, text[start:end], query)
            verdict = None
            for apply in self._applies["match"]:
                verdict = apply(run, m)
                if verdict is not None:
                    break
            if verdict == SHIFT:
                a += 1
                continue
            if verdict != SKIP:
                found.append(
                    Mention(
                        m.surface, m.start, m.end, m.query, m.kind, run.s_start, run.s_end, m.wants
                    )
                )
            a = m.b
        return found

    def longest_match(self, run: Run, a: int) -> Span | None:
        """The longest span ``run.words[a:b]`` that is a place: ``(b, mention kind, kind
        wanted)``, as the ``designator`` and ``name`` rules decide."""
        words, text = run.words, run.reader.text
        first = words[a]
        if (first.lower in CONNECTORS and not first.capitalised) or first.text in ENGLISH_ARTICLES:
            return None
        names, designators = self._applies["name"], self._applies["designator"]
        for b in range(min(len(words), a + MAX_NAME_TOKENS), a, -1):
            last = words[b - 1]
            if not last.capitalised:
                continue
            key = name_key(text[first.start : last.end])
            designated = b - a >= 2 and last.lower in DESIGNATORS
            for apply in designators if designated else names:
                verdict = apply(run, a, b, key)
                if verdict is True:
                    break
                if verdict is not None:
                    return verdict  # type: ignore[no-any-return]
        return None

    def accept_single(self, run: Run, m: Match) -> bool:
        """Should the one-word match ``m`` count as a mention? The first ``single`` rule
        with an opinion decides; with none, it does not."""
        words = run.words
        token = words[m.a]
        candidates = run.reader.gaz.find(token.text)
        s = Single(
            token,
            run.i + m.a,
            m.a == 0 and run.sentence_initial(),
            run.after if m.b == len(words) else None,
            candidates,
            single_strength(token.text, candidates),
        )
        for apply in self._applies["single"]:
            verdict = apply(run, s)
            if verdict is not None:
                return bool(verdict)
        return False


def _joins(words: list[Token], k: int, j: int) -> bool:
    """Token ``k`` is a lower-case connector inside a name whose connectors start at
    ``j``: "Salah ad Din", and "the" after "of" ("Democratic Republic of the Congo")."""
    token = words[k]
    if token.capitalised:
        return False
    return token.lower in CONNECTORS or (
        token.lower == "the" and k > j and words[k - 1].lower == "of"
    )
