"""What a rule is: a named, documented step of one stage, with examples.

The stages, in the order the engine runs them on each sentence:

``sentence``
    Before any run: whole phrases ("Huntsville, Ala.", "Cooke and Love counties") that
    become mentions and take their words out of the runs.
    ``apply(reader, s_start, s_end, taken) -> list[Mention]``.
``join``
    Where the runs of capitalised words would end, a rule may carry one on
    ("Bosnia and Herzegovina"). ``apply(reader, tokens, i, j) -> new end or 0``.
``run``
    A whole run: a person, a natural feature, a street, a disease's name. Returns a
    ``RunVerdict`` (what the run is and where recognition goes on) or ``None``.
``designator`` / ``name``
    A span the gazetteer may know, longest first: ``True`` sets it aside (the engine
    tries a shorter one). ``designator`` spans end in "County", "Province"...; ``name``
    spans are the others. ``apply(run, a, b, key) -> bool``.
``match``
    A span the gazetteer knows (a ``Match``): ``SKIP`` drops it, ``SHIFT`` drops its
    first word, ``None`` lets it go on (a rule may also change it).
``single``
    A one-word match needs evidence: the first rule with an opinion (``True`` or
    ``False``) decides; with none, the word is no mention.
``kind``
    The run's mentions: a rule may change their kind ("Diyala province" is a region)
    or add one (an unknown name in "the town of Qayyarah").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..models import Mention, MentionKind, PlaceKind

__all__ = ["SHIFT", "SKIP", "Example", "Rule", "RunVerdict", "Span", "Stage"]

Stage = Literal["sentence", "join", "run", "designator", "name", "match", "single", "kind"]
STAGES: tuple[Stage, ...] = (
    "sentence",
    "join",
    "run",
    "designator",
    "name",
    "match",
    "single",
    "kind",
)

#: A span rule's accepted span: (end, mention kind, kind of place wanted).
Span = tuple[int, MentionKind, PlaceKind | None]

#: A match rule's verdicts: drop the span, or drop its first word and look again.
SKIP = "skip"
SHIFT = "shift"


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence and what the rule makes of it: ``places`` are surfaces that are
    mentions, ``not_places`` surfaces that are not, ``kinds`` ``(surface, kind)`` pairs.
    Each example needs its rule: with the rule off, it does not hold."""

    text: str
    places: tuple[str, ...] = ()
    not_places: tuple[str, ...] = ()
    kinds: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One step of recognition. ``id`` is stable (kebab-case): benchmarks, tests and
    ``docs/rules.md`` name rules by it."""

    id: str
    stage: Stage
    doc: str
    apply: Callable[..., Any] = field(repr=False)
    examples: tuple[Example, ...] = ()


@dataclass(slots=True)
class RunVerdict:
    """What a run rule found: ``mentions`` of the run; ``rest``: recognise the run's
    words from this index on as a run of their own (``None``: nothing); ``cut``: go on
    with only the run's first ``cut`` words (``None``: the run is done)."""

    mentions: list[Mention] = field(default_factory=list)
    rest: int | None = None
    cut: int | None = None
