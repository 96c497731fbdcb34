"""Every rule of the recogniser's table, by its examples: each holds with the rule on
and does not with the rule off (so each example needs its rule)."""

from __future__ import annotations

import re

import pytest

from geomap.gazetteer import Gazetteer, load_gazetteer
from geomap.recognise import RULES, Example, Rule, extract_mentions, rules_off
from geomap.recognise.rule import STAGES


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _holds(example: Example, gaz: Gazetteer) -> list[str]:
    """What of ``example`` does not hold (empty: it all does)."""
    mentions = extract_mentions(example.text, gaz)
    surfaces = {m.surface for m in mentions}
    kinds = {(m.surface, m.kind) for m in mentions}
    wrong = [f"{p!r} is no mention" for p in example.places if p not in surfaces]
    wrong += [f"{p!r} is a mention" for p in example.not_places if p in surfaces]
    wrong += [f"{s!r} is not a {k} mention" for s, k in example.kinds if (s, k) not in kinds]
    return wrong


CASES = [
    pytest.param(rule, example, id=f"{rule.id}-{n}")
    for rule in RULES
    for n, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_rule_example_holds_and_needs_its_rule(
    rule: Rule, example: Example, gaz: Gazetteer
) -> None:
    assert _holds(example, gaz) == [], f"{rule.id}: {example.text!r}"
    with rules_off(rule.id):
        assert _holds(example, gaz) != [], f"{rule.id} is not needed by {example.text!r}"


def test_the_table_is_well_formed() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)), "rule ids are unique"
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids), "kebab-case ids"
    assert all(rule.stage in STAGES for rule in RULES)
    assert all(rule.doc and len(rule.doc.splitlines()) == 1 for rule in RULES)
    assert [rule.id for rule in RULES if not rule.examples] == [], "every rule has an example"
    # The table lists the stages in the order the engine runs them.
    order = [STAGES.index(rule.stage) for rule in RULES]
    assert order == sorted(order)


def test_rules_off_refuses_an_unknown_rule() -> None:
    with pytest.raises(ValueError, match="no such rule: no-such"):
        with rules_off("no-such"):
            pass
