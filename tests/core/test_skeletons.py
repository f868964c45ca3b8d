"""Template skeletons are skipped only when their markers explain the parse error."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard_cli.core.catalog import load_catalog
from scorecard_cli.core.skeletons import markers_explain
from scorecard_cli.core.validate import validate_paths
from tests.conftest import write_files

TEMPLATE_HEAD = ("apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\n"
                 "metadata:\n  name: new-service\nspec:\n  type: service\n  steps:\n")
# a real Template whose steps hold ${{ }} expressions, broken by a bad indentation far
# from any marker
BROKEN_TEMPLATE = (TEMPLATE_HEAD
                   + "    - id: fetch\n      action: fetch:template\n"
                     "      input:\n        values:\n          name: ${{ parameters.name }}\n"
                     "    - id: publish\n      action: publish:github\n      input:\n"
                     "        description: A new service\n        repoVisibility: private\n"
                     "       allowedHosts: [github.com]\n")
SKELETONS = {
    "cookiecutter": "apiVersion: v1\nkind: Component\nmetadata:\n"
                    "  name: {{cookiecutter.component_id | jsonify}}\nspec:\n  type: website\n",
    "nunjucks-if": "apiVersion: v1\nkind: Component\nmetadata:\n  name: x\n"
                   "  {%- if values.description %}\n  description: y\n  {%- endif %}\n",
    "list-item": "apiVersion: v1\nkind: Component\nmetadata:\n  name: x\n  tags:\n"
                 "    - {{cookiecutter.tag}}\n",
    "templated-key": "apiVersion: v1\nkind: Component\nmetadata:\n  name: x\n  labels:\n"
                     "    {{cookiecutter.label}}: yes\n",
}


def _load(root: Path, files: dict[str, str]) -> tuple[list[str], list[str]]:
    write_files(root, files)
    catalog = load_catalog([str(root / name) for name in files], str(root))
    return ([d.format() for d in catalog.diagnostics if d.severity == "error"],
            catalog.templates)


@pytest.mark.parametrize("name", sorted(SKELETONS))
def test_a_skeleton_whose_markers_break_it_is_skipped(tmp_path: Path, name: str) -> None:
    errors, templates = _load(tmp_path, {"catalog-info.yaml": SKELETONS[name]})
    assert (errors, templates) == ([], ["catalog-info.yaml"])
    validation = validate_paths(["catalog-info.yaml"], str(tmp_path))
    assert validation.templates == ["catalog-info.yaml"]
    assert validation.ok


def test_a_template_broken_away_from_its_markers_is_an_error(tmp_path: Path) -> None:
    errors, templates = _load(tmp_path, {"template.yaml": BROKEN_TEMPLATE})
    assert templates == []
    assert len(errors) == 1 and errors[0].startswith("template.yaml:")
    line = int(errors[0].split(":")[1])
    assert line >= 16  # at the bad indentation, not at a marker
    validation = validate_paths(["template.yaml"], str(tmp_path))
    assert validation.templates == []
    assert [d.format() for d in validation.diagnostics] == errors


def test_a_file_without_markers_that_does_not_parse_is_an_error(tmp_path: Path) -> None:
    errors, templates = _load(tmp_path, {"catalog-info.yaml": "a: {b\n"})
    assert templates == [] and len(errors) == 1


def test_markers_far_from_the_error_do_not_explain_it() -> None:
    text = "a: ${{ x }}\nb: 1\nc: 2\nd: 3\ne: [\n"
    assert not markers_explain(text, "invalid YAML: unclosed bracket", 5)
    assert markers_explain(text, "invalid YAML: unclosed bracket", 3)


def test_the_flow_mapping_error_needs_a_templated_value_in_its_document() -> None:
    message = "invalid YAML: a mapping key is itself a mapping or list"
    assert markers_explain("a: 1\n---\nname: {{x}}\n", message, 3)
    # the templated value is in another document than the one that failed
    assert not markers_explain("name: {{x}}\n---\n{[a]: 1}: 2\n", message, 3)
    assert not markers_explain("{[a]: 1}: 2\n---\nname: {{x}}\n", message, 1)


def test_the_corpus_skeletons_are_still_skipped(shared: Path) -> None:
    folder = shared / "corpus" / "backstage"
    files = sorted(str(p) for p in folder.iterdir())
    catalog = load_catalog(files, str(folder))
    assert len(catalog.templates) >= 7
    assert not [d for d in catalog.diagnostics if d.message.startswith("invalid YAML")]
