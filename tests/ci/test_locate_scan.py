"""The fast locator answers exactly as composing the file with PyYAML does, on every key
path of real and generated catalog files and of tricky hand-written ones; it gives up
(None) where it cannot be sure."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scorecard_cli.core.documents import _compose, locate_nodes
from scorecard_cli.core.locate_scan import _plain_document, _search, scan, scan_all
from tests.conftest import REPO_ROOT, SHARED

TRICKY = {
    "block-scalar-with-keys": "metadata:\n  name: a\n  description: |\n    spec: fake\n"
                              "    owner: fake\nspec:\n  owner: real\n",
    "comments-and-blank-lines": "# top\n\nmetadata:  # c\n  # inner\n  name: a\n\n"
                                "spec:\n\n  # c\n  owner:   x  # trailing\n",
    "sequence-beside-its-key": "metadata:\n  links:\n  - url: u1\n    title: t1\n  - url: u2\n"
                               "  name: n\nspec: {}\n",
    "nested-sequences": "a:\n  - - x\n    - y\n  - b: 1\n    c:\n      - d: 2\n",
    "multi-docs": "---\na: 1\n---\n# only a comment before\nb:\n  c: 2\n---\nd: [1, 2]\n",
    "leading-comment-then-marker": "# header\n---\nkind: X\nspec:\n  owner: o\n",
    "flow-on-many-lines": "metadata:\n  tags: [a,\nowner: b]\nowner: c\n",
    "flow-mapping-value": "metadata: {name: a, title: b}\nspec:\n  owner: x\n",
    "quoted-keys": 'metadata:\n  "name": a\n  \'title\': b\nspec:\n  owner: x\n',
    "anchors-and-aliases": "base: &b\n  owner: x\nspec: *b\nother:\n  <<: *b\n",
    "tags": "spec: !!map\n  owner: x\nmetadata:\n  name: !!str a\n",
    "empty-values": "spec:\n  owner:\n  system: s\nmetadata:\n",
    "colon-in-keys": "metadata:\n  annotations:\n    a:b: 1\n    backstage.io/techdocs-ref: dir:.\n"
                     "    url: http://x\n",
    "urls-and-annotations": "metadata:\n  annotations:\n    backstage.io/techdocs-ref: dir:.\n"
                            "    github.com/project-slug: acme/x\n  links:\n"
                            "    - url: https://x.example/a#b\n      title: 'A: b'\n"
                            "  tags: [a, b]\nspec:\n  owner: group:default/x\n",
    "block-indicators": "a: >-\n  folded\nb: |2\n    kept\nc: 'q'\nd: \"dq\"\n",
    "explicit-key": "? a\n: 1\nb: 2\n",
    "top-sequence": "- a: 1\n  b:\n    c: 2\n- d\n- e: [1]\n",
    "dash-alone": "a:\n  -\n    b: 1\n  - c\n",
    "deeper-first-key": "  a: 1\n  b:\n    c: 2\n",
    "document-end": "a: 1\n...\n---\nb: 2\n",
}


def paths(node: object, prefix: tuple = (), depth: int = 0):
    """Every key path of a composed node, and one missing key under each mapping."""
    yield prefix
    if depth > 6:
        return
    if node.id == "mapping":  # type: ignore[attr-defined]
        for key, value in node.value:  # type: ignore[attr-defined]
            if key.id == "scalar":
                yield from paths(value, (*prefix, key.value), depth + 1)
        yield (*prefix, "no-such-key")
    elif node.id == "sequence":  # type: ignore[attr-defined]
        for i, value in enumerate(node.value):  # type: ignore[attr-defined]
            yield from paths(value, (*prefix, i), depth + 1)
        yield (*prefix, len(node.value))  # type: ignore[attr-defined]


def compare(text: str) -> tuple[int, int]:
    """(paths answered by the scan, paths in all) after checking every answer: one path
    at a time (the whole index), then through ``scan_all`` alone, in pairs and all
    together (indexes of only what those paths look inside)."""
    nodes = _compose(text)
    answered = total = 0
    for index, document in enumerate(nodes):
        every = list(paths(document))
        for at_key in (False, True):
            expected = [locate_nodes(nodes, index, keys, at_key) for keys in every]
            for keys, want in zip(every, expected):
                total += 1
                fast = scan(text, index, keys, at_key)
                if fast is not None:
                    answered += 1
                    assert fast == want, (index, keys, at_key)
            groups = [[i] for i in range(len(every))] + [list(range(len(every)))]
            groups += [[i, (i * 7 + 3) % len(every)] for i in range(len(every))]
            for group in groups:
                found = scan_all(text, index, [every[i] for i in group], at_key)
                for i, fast in zip(group, found):
                    assert fast is None or fast == expected[i], (index, every[i], at_key)
    return answered, total


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_files(name: str) -> None:
    compare(TRICKY[name])


def test_scan_answers_the_common_cases() -> None:
    for name in ("block-scalar-with-keys", "comments-and-blank-lines",
                 "sequence-beside-its-key", "multi-docs", "urls-and-annotations",
                 "top-sequence", "block-indicators"):
        answered, total = compare(TRICKY[name])
        assert answered > total // 2, name
    answered, total = compare(TRICKY["urls-and-annotations"])
    assert total - answered == 6  # only the inside of the flow sequence [a, b] is composed
    assert scan(TRICKY["colon-in-keys"], 0, ("metadata", "annotations")) is None
    assert scan(TRICKY["flow-on-many-lines"], 0, ("owner",)) is None
    assert scan(TRICKY["anchors-and-aliases"], 0, ("spec", "owner")) is None
    assert scan(TRICKY["document-end"], 1, ("b",)) is None


def test_real_catalog_files(shared: Path) -> None:
    files = [p for p in sorted((shared / "corpus").rglob("*"))
             if p.suffix in (".yaml", ".yml", ".json")]
    files += sorted((REPO_ROOT / "examples").rglob("*.yaml"))
    answered = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff")
        if not _compose(text):
            continue  # not YAML PyYAML composes: locate would give (1, 1) anyway
        answered += compare(text)[0]
    assert answered > 1000


def test_generated_monorepo_files_are_all_scanned(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO_ROOT / "bench"))
    try:
        import gen
    finally:
        sys.path.remove(str(REPO_ROOT / "bench"))
    gen.generate(12, tmp_path / "mono")
    for path in sorted((tmp_path / "mono").rglob("catalog-info.yaml")):
        text = path.read_text(encoding="utf-8")
        answered, total = compare(text)
        assert answered == total, path
        # The quickest path (regular expressions, no line loop) answers the usual fields.
        assert _plain_document(text)
        for keys in (("spec", "owner"), ("metadata", "links"), ("metadata", "description"),
                     ("metadata", "annotations", "backstage.io/techdocs-ref")):
            assert _search(text, keys, False) is not None, (path, keys)


assert SHARED  # the corpus test skips through the shared fixture when it is absent
