"""Property tests (hypothesis): loaders and the query evaluator never raise anything but our
own errors, whatever the input; levels behave monotonically.

Example counts stay modest (``max_examples`` 100–200, no deadline) so the suite stays fast;
``bench/fuzz.py`` explores further for as long as it is given.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scorecard_cli.core.catalog import load_catalog
from scorecard_cli.core.documents import Document, parse_documents
from scorecard_cli.core.engine import Engine
from scorecard_cli.core.errors import DescriptorError, Problem, ScorecardError
from scorecard_cli.core.levels import achieved_level
from scorecard_cli.core.model import Entity, Scorecard, Waiver
from scorecard_cli.core.query import OPERATORS, Verdict, compile_query
from scorecard_cli.core.scorecards import build_scorecard
from scorecard_cli.core.sources import Sources

SETTINGS = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

# -- strategies ---------------------------------------------------------------------------

SPECIAL_TEXT = ["", " ", "2024-01-01", "2024-01-01T00:00:00Z", "5", "1e3", "-0", "{{ x }}",
                "${{ values.name }}", "dir:.", "../..", "a\nb", "\x00", "\ud7ff", "Component",
                "backstage.io/v1alpha1", "spec.owner", "$team", "production"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(SPECIAL_TEXT),
)
KEYS = ["apiVersion", "kind", "metadata", "name", "namespace", "title", "description", "spec",
        "owner", "links", "url", "tags", "annotations", "identifier", "blueprint", "team",
        "properties", "relations", "id", "levels", "rules", "level", "type", "params", "query",
        "filter", "combinator", "conditions", "property", "operator", "value", "field", "path",
        "paths", "pattern", "days", "fixAction", "actionId", "suggestedInputs", "data", "color"]
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=6))
data = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)
YAML_ALPHABET = "[]{}:,-&*!|>#'\"\n ?%@`\\.0aZ\t\r\ufeff\u00e9~<=$"
yaml_text = st.one_of(st.text(max_size=200), st.text(alphabet=YAML_ALPHABET, max_size=200))
properties = st.one_of(
    st.sampled_from(["$identifier", "$title", "$team", "$blueprint", "p", "properties.p",
                     "p[0]", "p[-1]", 'p["a.b"]', "a..b", "[", "p[", "$x", "spec.owner",
                     "metadata.links[0].url", ""]),
    st.text(max_size=12), scalars, st.lists(scalars, max_size=2),
    st.dictionaries(st.text(max_size=3), scalars, max_size=2),
)
conditions = st.fixed_dictionaries(
    {"property": properties,
     "operator": st.one_of(st.sampled_from(list(OPERATORS)), st.text(max_size=3), scalars)},
    optional={"value": data},
)
queries = st.recursive(
    conditions,
    lambda children: st.fixed_dictionaries({}, optional={
        "combinator": st.one_of(st.sampled_from(["and", "or"]), scalars),
        "conditions": st.one_of(st.lists(children, max_size=3), data),
    }),
    max_leaves=6,
)
RULE_TYPES = ["entity.field.exists", "entity.link.exists", "scm.file.exists", "scm.anyOf",
              "entity.query", "scm.file.contains", "scm.recentCommit"]
rules = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.sampled_from(["r1", "r2"]), data),
    "identifier": data,
    "title": data,
    "level": st.one_of(st.sampled_from(["Basic", "Bronze", "silver", "Gold", "Platinum"]), data),
    "type": st.one_of(st.sampled_from(RULE_TYPES), data),
    "params": st.one_of(st.dictionaries(st.sampled_from(["field", "path", "paths", "pattern",
                                                         "days", "titleContains", "urlContains",
                                                         "type", "conditions"]), data), data),
    "query": st.one_of(queries, data),
    "fixAction": st.one_of(st.fixed_dictionaries(
        {"actionId": st.text(max_size=5)}, optional={"suggestedInputs": data}), data),
})
scorecards = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.just("sc"), data),
    "identifier": data,
    "title": data,
    "blueprint": data,
    "levels": st.one_of(st.lists(st.one_of(st.sampled_from(["Basic", "Bronze", "Gold"]), data),
                                 max_size=4), data),
    "filter": st.one_of(queries, data),
    "rules": st.one_of(st.lists(rules, max_size=4), data),
})
entity_data = st.fixed_dictionaries({}, optional={
    "apiVersion": st.one_of(st.just("backstage.io/v1alpha1"), data),
    "kind": st.one_of(st.just("Component"), data),
    "metadata": st.one_of(st.fixed_dictionaries({"name": st.one_of(st.just("n"), data)},
                                                optional={"links": data, "annotations": data,
                                                          "namespace": data, "title": data}),
                          data),
    "spec": data,
    "identifier": st.one_of(st.just("i"), data),
    "properties": data,
    "team": data,
})


def port_entity(values: dict) -> Entity:
    """A Port entity with ``properties`` as given (and the same values at the top)."""
    return Entity(ref="service:e", dialect="port", blueprint="service",
                  data={"identifier": "e", "properties": values, **values}, file="/nowhere.json",
                  display="nowhere.json",
                  meta={"$identifier": "e", "$title": values.get("p"), "$team": values.get("p"),
                        "$blueprint": "service"})


def one_line(message: str) -> bool:
    """A diagnostic must stay on one line of stderr."""
    return "\n" not in message and "\r" not in message


# -- loaders ------------------------------------------------------------------------------

@SETTINGS
@given(text=yaml_text, name=st.sampled_from(["c.yaml", "c.json"]))
def test_parse_documents_returns_documents_or_our_error(text: str, name: str) -> None:
    try:
        documents = parse_documents(text, name, name, DescriptorError)
    except ScorecardError as exc:
        assert exc.line >= 1
        assert exc.column >= 1
        return
    assert all(isinstance(d, Document) for d in documents)


@SETTINGS
@given(content=st.one_of(yaml_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                         st.binary(max_size=200),
                         entity_data.map(lambda d: yaml.safe_dump(d).encode()),
                         st.lists(entity_data, max_size=3).map(
                             lambda ds: yaml.safe_dump_all(ds).encode())),
       name=st.sampled_from(["catalog-info.yaml", "entities.json", "e.yml"]))
def test_load_catalog_never_raises(content: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        catalog = load_catalog([str(path)], folder)
    for diagnostic in catalog.diagnostics:
        assert one_line(diagnostic.format()), diagnostic.format()
        assert diagnostic.line >= 1
        assert diagnostic.column >= 1
    assert len(catalog.diagnostics) + len(catalog.entities) + len(catalog.templates) >= 1


@SETTINGS
@given(entities=st.lists(entity_data, min_size=1, max_size=3))
def test_load_catalog_of_json_entities_never_raises(entities: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entities.json"
        path.write_text(json.dumps(entities, allow_nan=True), encoding="utf-8")
        catalog = load_catalog([str(path)], folder)
    for diagnostic in catalog.diagnostics:
        assert one_line(diagnostic.format()), diagnostic.format()


@SETTINGS
@given(definition=st.one_of(scorecards, data), blueprint=st.one_of(st.none(), data))
def test_build_scorecard_returns_a_scorecard_or_problems(definition: Any,
                                                         blueprint: Any) -> None:
    scorecard, problems = build_scorecard(definition, blueprint)
    assert (scorecard is None) == bool(problems)
    assert all(isinstance(p, Problem) for p in problems)
    if scorecard is not None:
        assert isinstance(scorecard, Scorecard)
        assert scorecard.levels
        assert {r.level for r in scorecard.rules} <= {lv.title for lv in scorecard.levels}


# -- the query evaluator ------------------------------------------------------------------

@SETTINGS
@given(query=st.one_of(queries, data), value=data)
def test_query_compiles_to_a_problem_or_evaluates_to_a_verdict(query: Any, value: Any) -> None:
    try:
        compiled = compile_query(query)
    except Problem:
        return
    verdict = compiled.evaluate(port_entity({"p": value, "a": value}))
    assert isinstance(verdict, Verdict)
    assert isinstance(verdict.passed, bool)
    assert verdict.error is None or isinstance(verdict.error, str)


# -- levels -------------------------------------------------------------------------------

def rank(level: int | None) -> int:
    """None (no level) below every level index."""
    return -1 if level is None else level


@SETTINGS
@given(count=st.integers(min_value=1, max_value=6), ruled=st.sets(st.integers(0, 5)),
       failing=st.sets(st.integers(0, 5)), extra=st.integers(0, 5))
def test_achieved_level_is_monotonic(count: int, ruled: set, failing: set, extra: int) -> None:
    ruled = {r for r in ruled if r < count}
    failing = {f for f in failing if f in ruled}
    level = achieved_level(ruled, failing)
    assert rank(level) <= max(ruled, default=0)
    assert level is None or level == 0 or level in ruled  # a rule-less level is never the top
    for passing_now in failing:  # one more level passes: never lower
        assert rank(achieved_level(ruled, failing - {passing_now})) >= rank(level)
    if extra in ruled:  # one more failing level: never higher
        assert rank(achieved_level(ruled, failing | {extra})) <= rank(level)


LEVELS = ["Basic", "Bronze", "Silver", "Gold"]
flag_rules = st.lists(st.tuples(st.sampled_from(LEVELS), st.booleans()), min_size=0, max_size=8)


def flag_scorecard(rules: list[tuple[str, bool]]) -> Scorecard:
    """Rule ``r<i>`` at its level passes when the entity's flag ``f<i>`` is true."""
    definition = {"id": "sc", "levels": LEVELS, "rules": [
        {"id": f"r{i}", "level": level,
         "query": {"conditions": [{"property": f"f{i}", "operator": "=", "value": True}]}}
        for i, (level, _) in enumerate(rules)]}
    scorecard, problems = build_scorecard(definition)
    assert scorecard is not None, problems
    return scorecard


def engine_level(rules: list[tuple[str, bool]], waived: tuple[str, ...] = ()) -> int:
    """The level index the engine gives (−1 for none)."""
    scorecard = flag_scorecard(rules)
    entity = port_entity({f"f{i}": passes for i, (_, passes) in enumerate(rules)})
    waivers = [Waiver("sc", rule_id, "*", "reason", "someone", "2999-12-31")
               for rule_id in waived]
    with tempfile.TemporaryDirectory() as folder:
        result = Engine([scorecard], Sources(cwd=folder), waivers=waivers).run([entity])
    [record] = result.results
    index = scorecard.level_index(record["level"]) if record["level"] else None
    return rank(index)


@SETTINGS
@given(rules=flag_rules, pick=st.integers(0, 7))
def test_passing_one_more_rule_never_lowers_the_level(rules: list, pick: int) -> None:
    assume(rules)
    i = pick % len(rules)
    assume(not rules[i][1])
    better = [*rules[:i], (rules[i][0], True), *rules[i + 1:]]
    assert engine_level(better) >= engine_level(rules)


@SETTINGS
@given(rules=flag_rules, pick=st.integers(0, 7))
def test_a_waiver_never_lowers_the_level(rules: list, pick: int) -> None:
    assume(rules)
    i = pick % len(rules)
    assert engine_level(rules, waived=(f"r{i}",)) >= engine_level(rules)
    top = max(LEVELS.index(level) for level, _ in rules)  # the highest level with rules
    assert engine_level(rules, waived=tuple(f"r{j}" for j in range(len(rules)))) == top


@SETTINGS
@given(rules=flag_rules, added=st.sampled_from(LEVELS), at=st.integers(0, 8))
def test_adding_a_failing_rule_never_raises_the_level(rules: list, added: str, at: int) -> None:
    more = [*rules[:at], (added, False), *rules[at:]]
    assert engine_level(more) <= engine_level(rules)


@SETTINGS
@given(rules=flag_rules, added=st.sampled_from(LEVELS), at=st.integers(0, 8))
def test_adding_a_passing_rule_never_lowers_the_level(rules: list, added: str, at: int) -> None:
    """It can raise it: a passing rule at a rule-less level above makes that level reachable."""
    more = [*rules[:at], (added, True), *rules[at:]]
    assert engine_level(more) >= engine_level(rules)


@pytest.mark.parametrize(("rules", "level"), [
    ([], 0),
    ([("Bronze", True), ("Bronze", False), ("Silver", True)], 0),
    ([("Basic", False), ("Gold", True)], -1),
    ([("Silver", False)], 0),
    ([("Bronze", True)], 1),
    ([("Bronze", True), ("Gold", True)], 3),
])
def test_engine_level_examples(rules: list, level: int) -> None:
    """The helper the properties rely on, on known cases (SPEC §3)."""
    assert engine_level(rules) == level
