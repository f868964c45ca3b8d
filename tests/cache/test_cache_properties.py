"""The result cache never serves a stale result: for random sequences of edits, a run
that uses the cache gives the very bytes of a run without it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cache.helpers import (
    DAY,
    SERVICES,
    START,
    build_monorepo,
    commit,
    entity,
    run,
    scorecard,
    write_scorecard,
)
from tests.conftest import git

service = st.sampled_from(SERVICES)
edits = st.one_of(
    st.tuples(st.just("catalog"), service, st.sampled_from([None, "team-a", "team-b"]),
              st.sampled_from(["production", "experimental"])),
    st.tuples(st.just("scorecard"), st.sampled_from(["README.md", "README", "docs/README.md"]),
              st.sampled_from(["^## Usage", "^# "]), st.sampled_from([1, 30, 400]),
              st.sampled_from(["Bronze", "Silver"])),
    st.tuples(st.just("add"), service, st.sampled_from(["README.md", "CODEOWNERS", "docs/x.md"])),
    st.tuples(st.just("remove"), service, st.sampled_from(["README.md", "CODEOWNERS"])),
    st.tuples(st.just("content"), service, st.sampled_from(["# T\n", "# T\n## Usage\n", ""])),
    st.tuples(st.just("stage"), st.just(""), st.just("")),
    st.tuples(st.just("commit"), st.integers(0, 100)),
    st.tuples(st.just("clock"), st.floats(0, 120, allow_nan=False)),
)


def apply(root: Path, edit: tuple, clock: list[float]) -> None:
    kind = edit[0]
    folder = root / "services" / str(edit[1]) if kind in ("catalog", "add", "remove",
                                                          "content") else root
    if kind == "catalog":
        (folder / "catalog-info.yaml").write_text(entity(edit[1], edit[2], edit[3]))
    elif kind == "scorecard":
        write_scorecard(root, scorecard(path=edit[1], pattern=edit[2], days=edit[3],
                                        level=edit[4]))
    elif kind == "add":
        target = folder / edit[2]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("added\n")
    elif kind == "remove":
        (folder / edit[2]).unlink(missing_ok=True)
    elif kind == "content":
        (folder / "README.md").write_text(edit[2])
    elif kind == "stage":
        git(root, "add", "-A")
    elif kind == "commit":
        commit(root, START + int(edit[1] * DAY))
    elif kind == "clock":
        clock[0] = START + edit[1] * DAY


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sequence=st.lists(edits, min_size=1, max_size=7))
def test_warm_equals_cold_after_any_edits(sequence: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = build_monorepo(Path(tmp) / "repo")
        clock = [START + 10 * DAY]
        run(root, cache=True, now=clock[0])  # fill the cache
        for edit in sequence:
            apply(root, edit, clock)
            warm, counts = run(root, cache=True, now=clock[0])
            cold, _ = run(root, cache=False, now=clock[0])
            assert warm == cold, f"after {edit}"
            assert counts is not None and counts["hits"] + counts["misses"] == len(SERVICES)
        again, counts = run(root, cache=True, now=clock[0])
        assert again == cold
        assert counts == {"hits": len(SERVICES), "misses": 0}  # nothing changed: all reused
