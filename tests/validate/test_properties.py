"""Whatever a file holds, ``validate`` returns located diagnostics and never raises."""

from __future__ import annotations

import json
import tempfile
import uuid
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard_cli.core.validate import validate_files

# keys our schemas and loaders know, so that generated documents reach deep into them
KEYS = ["id", "identifier", "title", "levels", "rules", "level", "type", "params", "query",
        "combinator", "conditions", "property", "operator", "value", "filter", "fixAction",
        "actionId", "data", "blueprint", "apiVersion", "kind", "metadata", "name", "namespace",
        "tags", "labels", "annotations", "links", "url", "spec", "owner", "team", "relations",
        "failBelow", "waivers", "expires", "paths", "field", "days", "pattern", "leve"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False),
                    st.sampled_from(["", " ", "Gold", "and", "=", "<", "isEmpty",
                                     "entity.field.exists", "scm.anyOf", "Component", "API",
                                     "backstage.io/v1alpha1", "$team", "spec[", "([", "x y",
                                     "{{ x }}", "2026-02-30"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)), max_leaves=30)
NAMES = st.sampled_from(["catalog-info.yaml", ".scorecard.yaml", "scorecards.json", "x.yaml"])


@settings(max_examples=150, deadline=None)
@given(data=VALUES, name=NAMES, as_json=st.booleans())
def test_validate_never_raises(data: object, name: str, as_json: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        sub = Path(folder) / uuid.uuid4().hex  # a fresh path: positions are cached per path
        sub.mkdir()
        path = sub / (name if not as_json else name.rsplit(".", 1)[0] + ".json")
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        for diagnostic in validate_files([str(path)], folder):
            assert diagnostic.line >= 1 and diagnostic.column >= 1
            assert diagnostic.message and "\n" not in diagnostic.message
