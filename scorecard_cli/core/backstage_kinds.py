"""The kinds Backstage knows, and the shape of each one's ``spec``.

Transcribed (as facts, not code) from the JSON Schemas of ``@backstage/catalog-model``
1.10.3, which Backstage's catalog applies through its built-in kinds processor, and
of ``@backstage/plugin-scaffolder-common`` 2.4.0 for ``Template`` (every Backstage app
with the scaffolder registers it). A shape is checked by ``check_shape`` with the
JSON Schema keywords those schemas use: type, minLength 1, required, enum, items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scorecard_cli.core.errors import Problem
from scorecard_cli.core.schemas import show, where

CORE_VERSIONS = ("backstage.io/v1alpha1", "backstage.io/v1beta1")
TEMPLATE_VERSIONS = ("scaffolder.backstage.io/v1beta3",)
# apiVersions Backstage once read for a kind and no longer does
RETIRED_VERSIONS = {"Template": ("backstage.io/v1alpha1", "backstage.io/v1beta2")}
_NAMES = {"object": "a mapping", "array": "a list", "string": "a string",
          "boolean": "a boolean", "number": "a number"}


@dataclass(frozen=True)
class Shape:
    """A JSON Schema fragment: allowed types, and for mappings and lists their parts."""

    types: tuple[str, ...] = ()  # any type when empty
    non_empty: bool = False  # minLength 1, for strings
    fields: dict[str, Shape] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    other: Shape | None = None  # additionalProperties
    items: Shape | None = None
    enum: tuple = ()
    hint: str = ""  # said after a wrong type


ANY = Shape()
TEXT = Shape(("string",), non_empty=True)
STRING = Shape(("string",))
MAPPING = Shape(("object",))
TEXTS = Shape(("array",), items=TEXT)
STRINGS = Shape(("array",), items=STRING)
CONDITION = Shape(("string", "boolean"))
PROFILE = Shape(("object",), fields={"displayName": TEXT, "email": TEXT, "picture": TEXT})
PERMISSIONS = Shape(("object",), fields={"tags": STRINGS})
DECORATORS = Shape(("array",), items=Shape(("object",), fields={"id": STRING,
                                                                 "input": MAPPING}))


def _spec(required: tuple[str, ...], **fields: Shape) -> Shape:
    return Shape(("object",), fields=fields, required=required)


_TEMPLATE_SPEC = _spec(
    ("type", "steps"), type=TEXT, owner=TEXT, lifecycle=TEXT,
    parameters=Shape(("object", "array"),
                     fields={"backstage:permissions": PERMISSIONS},
                     items=Shape(("object",), fields={"when": CONDITION,
                                                      "backstage:permissions": PERMISSIONS})),
    secrets=Shape(("object",), fields={"schema": MAPPING}),
    presentation=Shape(("object",), fields={"buttonLabels": Shape(("object",), fields={
        "backButtonText": STRING, "createButtonText": STRING, "reviewButtonText": STRING})}),
    EXPERIMENTAL_recovery=Shape(("object",), fields={"EXPERIMENTAL_strategy": STRING}),
    formDecorators=DECORATORS, EXPERIMENTAL_formDecorators=DECORATORS,
    steps=Shape(("array",), items=Shape(
        ("object",), required=("action",),
        fields={"id": STRING, "name": STRING, "action": STRING, "input": MAPPING,
                "if": CONDITION, "backstage:permissions": PERMISSIONS})),
    output=Shape(("object",), other=STRING, fields={
        "links": Shape(("array",), items=Shape(("object",), fields={
            "if": CONDITION, "url": TEXT, "entityRef": TEXT, "title": TEXT, "icon": TEXT})),
        "text": Shape(("array",), items=Shape(("object",), fields={
            "if": CONDITION, "title": TEXT, "icon": TEXT, "content": STRING}))}),
)

# kind -> (apiVersions, spec shape); the spec is required for every one of them
KINDS: dict[str, tuple[tuple[str, ...], Shape]] = {
    "Component": (CORE_VERSIONS, _spec(
        ("type", "lifecycle", "owner"), type=TEXT, lifecycle=TEXT, owner=TEXT, system=TEXT,
        subcomponentOf=TEXT, providesApis=TEXTS, consumesApis=TEXTS, dependsOn=TEXTS)),
    "API": (CORE_VERSIONS, _spec(
        ("type", "lifecycle", "owner", "definition"), type=TEXT, lifecycle=TEXT, owner=TEXT,
        system=TEXT, definition=Shape(("string",), non_empty=True, hint=(
            ": the definition's text, or a $text, $json or $yaml placeholder naming its file "
            "(others, such as $openapi, are a Backstage plugin's)")))),
    "Resource": (CORE_VERSIONS, _spec(
        ("type", "owner"), type=TEXT, owner=TEXT, dependsOn=TEXTS, system=TEXT)),
    "System": (CORE_VERSIONS, _spec(("owner",), owner=TEXT, domain=TEXT, type=TEXT)),
    "Domain": (CORE_VERSIONS, _spec(("owner",), owner=TEXT, subdomainOf=TEXT, type=TEXT)),
    "Group": (CORE_VERSIONS, _spec(
        ("type", "children"), type=TEXT, profile=PROFILE, parent=TEXT, children=TEXTS,
        members=TEXTS)),
    "User": (CORE_VERSIONS, _spec(("memberOf",), profile=PROFILE, memberOf=TEXTS)),
    "Location": (CORE_VERSIONS, _spec(
        (), type=TEXT, target=TEXT, targets=TEXTS,
        presence=Shape(("string",), enum=("required", "optional")))),
    "Template": (TEMPLATE_VERSIONS, _TEMPLATE_SPEC),
}


def type_of(value: Any) -> str:
    """The JSON type name of a loaded value."""
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "null" if value is None else "other"


def check_shape(value: Any, shape: Shape, keys: tuple, skip: type | None = None
                ) -> list[Problem]:
    """Every way ``value`` (at ``keys``) differs from ``shape``; values of type ``skip``
    (placeholders that could not be resolved) are taken as they are."""
    if skip is not None and isinstance(value, skip):
        return []
    kind = type_of(value)
    if shape.types and kind not in shape.types:
        names = [_NAMES[t] for t in shape.types]
        return [Problem(f"{where(keys)} must be {' or '.join(names)}{shape.hint} (got "
                        f"{show(value)})", keys)]
    if kind == "string":
        if shape.non_empty and not value:
            return [Problem(f"{where(keys)} must not be empty", keys)]
        if shape.enum and value not in shape.enum:
            return [Problem(f"{show(value)} is not allowed for {where(keys)} (known: "
                            f"{', '.join(shape.enum)})", keys)]
        return []
    if kind == "array":
        problems = []
        for i, item in enumerate(value if shape.items else ()):
            problems += check_shape(item, shape.items, (*keys, i), skip)  # type: ignore[arg-type]
        return problems
    if kind != "object":
        return []
    problems = [Problem(f"missing required key {key!r}", keys)
                for key in shape.required if key not in value]
    for key, item in value.items():
        part = shape.fields.get(str(key), shape.other)
        if part is not None:
            problems += check_shape(item, part, (*keys, key), skip)
    return problems
