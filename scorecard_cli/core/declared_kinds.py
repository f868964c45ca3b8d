"""``kinds:`` in ``.scorecard.yaml``: the entity kinds a Backstage app adds to its catalog.

Backstage refuses an entity whose kind no processor knows; an app that registers its
own kinds (``Environment``, ``Pipeline``...) declares them here so that ``validate``
accepts them::

    kinds:
      - Environment                         # any apiVersion, any spec
      - kind: Pipeline
        apiVersions: [acme.io/v1]           # only these
        schema: schemas/pipeline.json       # a JSON Schema for the whole entity

The schema file (JSON or YAML, relative to the configuration file) is read, checked
and compiled once, when ``validate`` first needs it; it uses its own ``$schema``
draft (draft-07, as Backstage's kind schemas, when it names none).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scorecard_cli.core.documents import parse_documents, read_text
from scorecard_cli.core.errors import ConfigError, Problem
from scorecard_cli.core.schemas import _jsonable, explain

if TYPE_CHECKING:
    from scorecard_cli.core.backstage import DeclaredKind

KIND_KEYS = ("kind", "apiVersions", "schema")


@dataclass(frozen=True)
class KindDeclaration:
    """One item of ``kinds:``, checked; ``schema`` is an absolute path or None."""

    name: str
    api_versions: tuple[str, ...]
    schema: str | None
    index: int  # its place in the list, to locate errors


def parse_kinds(config: Any, value: Any) -> list[KindDeclaration]:
    """The ``kinds:`` list of a configuration; raise ``config.error`` at a bad item."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise config.error(f"'kinds' must be a list of kinds (got {value!r})", ("kinds",))
    found = []
    for index, item in enumerate(value):
        keys = ("kinds", index)
        if isinstance(item, str):
            item = {"kind": item}
        elif not isinstance(item, dict):
            raise config.error(f"a kind is a name or {{kind, apiVersions, schema}} (got "
                               f"{item!r})", keys)
        for key in item:
            if key not in KIND_KEYS:
                raise config.error(f"unknown key {key!r} in a kind (known: "
                                   f"{', '.join(KIND_KEYS)})", (*keys, key), True)
        name = item.get("kind")
        if not isinstance(name, str) or not name.strip():
            raise config.error(f"a kind needs 'kind' as a non-empty string (got {name!r})",
                               (*keys, "kind") if "kind" in item else keys)
        versions = item.get("apiVersions", [])
        if not isinstance(versions, list) or not all(isinstance(v, str) and v.strip()
                                                     for v in versions):
            raise config.error(f"'apiVersions' must be a list of apiVersions (got "
                               f"{versions!r})", (*keys, "apiVersions"))
        schema = item.get("schema")
        if schema is not None and (not isinstance(schema, str) or not schema.strip()):
            raise config.error(f"'schema' must be the path of a JSON Schema (got {schema!r})",
                               (*keys, "schema"))
        base = os.path.dirname(config.path or ".")
        found.append(KindDeclaration(name, tuple(versions), schema and os.path.normpath(
            os.path.join(base, schema)), index))
    return found


def _schema_checker(name: str, schema: dict) -> Any:
    from jsonschema import Draft7Validator
    from jsonschema.validators import validator_for
    from referencing.exceptions import Unresolvable

    cls = validator_for(schema, default=Draft7Validator)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)

    def check(data: dict) -> list[Problem]:
        try:
            return [Problem(p.message, p.keys, p.at_key)
                    for error in validator.iter_errors(_jsonable(data)) for p in explain(error)]
        except Unresolvable as exc:  # a $ref to another file: nothing is fetched
            return [Problem(f"the schema of kind {name} has a $ref that cannot be resolved "
                            f"here ({exc})")]
        except RecursionError:
            return [Problem("nesting is too deep")]

    return check


def declared_kinds(config: Any) -> dict[str, DeclaredKind]:
    """The configuration's kinds with their schemas compiled; raise ConfigError for a
    schema that cannot be read or is not a valid JSON Schema (at its ``schema`` key)."""
    from jsonschema.exceptions import SchemaError

    from scorecard_cli.core.backstage import DeclaredKind  # validate's, not check's

    kinds: dict[str, DeclaredKind] = {}
    for declaration in config.kinds:
        check = None
        if declaration.schema is not None:
            keys = ("kinds", declaration.index, "schema")
            shown = os.path.relpath(declaration.schema, os.path.dirname(config.path or "."))
            try:
                text = read_text(declaration.schema, shown, ConfigError)
                documents = parse_documents(text, declaration.schema, shown, ConfigError)
                schema = documents[0].data if documents else None
                if not isinstance(schema, dict):
                    raise ConfigError(f"a JSON Schema is a mapping (got {schema!r})", shown)
                check = _schema_checker(declaration.name, schema)
            except ConfigError as exc:
                raise config.error(f"schema of kind {declaration.name}: {exc.message}",
                                   keys) from None
            except SchemaError as exc:
                message = str(getattr(exc, "message", exc)).splitlines()[0]
                raise config.error(f"schema of kind {declaration.name} is not a valid JSON "
                                   f"Schema: {message}", keys) from None
        kinds[declaration.name] = DeclaredKind(declaration.name, declaration.api_versions, check)
    return kinds
