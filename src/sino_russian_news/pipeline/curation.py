"""Load the human-curated files under `dataset/curated/`, refusing any that is malformed.

Every curated value must carry its evidence; a value without one is refused, so nothing
enters the data on a person's say-so alone.

Each file is checked in three steps, and the first problem stops the build as one line
`file:line: what is wrong`, pointing at the line to fix:
1. YAML syntax (PyYAML's own error position), and keys given twice in one mapping (PyYAML
   would silently keep the last);
2. its JSON Schema in `curated_schemas.py` (missing or unknown keys, wrong types, values
   outside a vocabulary, blank evidence, malformed ids and dates), checked with `jsonschema`;
3. what a schema cannot say: duplicate ids, alias clashes, cue patterns that do not compile,
   an event ending before it starts, and ids that must exist elsewhere (articles in
   `dataset/raw/`, event participants in `entities.yml`).

Line numbers come from the composed YAML node tree: a problem's path in the data (e.g.
`entities[3].aliases`) is followed through the nodes to the one it names.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .curated_schemas import SCHEMAS, JsonSchema

if TYPE_CHECKING:
    from jsonschema import ValidationError

# Keys that name a list item in messages ("entity li-qiang" rather than "entities[3]").
_ITEM_ID_KEYS = ("id", "event_id", "frame_id", "name")
_YAML_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping (key: value lines)",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "nothing (null)",
}


class CurationError(Exception):
    """A curated file that cannot be used; its str is one line `file:line: what is wrong`."""

    def __init__(self, path: Path, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass(frozen=True)
class CuratedFact:
    value: object
    evidence: str


class _CuratedLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as the text written: the schema checks them as ISO dates,
    and an impossible date ('2023-02-30') becomes a located problem, not a ValueError."""


_CuratedLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class CuratedDocument:
    """A curated file's data with its node tree, to find the line of any part of it."""

    path: Path
    data: Any
    root: yaml.Node | None

    def line_of(self, data_path: Iterable[str | int], key: bool = False) -> int:
        """1-based line of the node at data_path (of its key, with key=True), or of the
        deepest node on the way that exists."""
        node, line = self.root, 1
        steps = list(data_path)
        for position, step in enumerate(steps):
            if node is None:
                break
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(step)), None)
                if pair is None:
                    break
                node = pair[0] if key and position == len(steps) - 1 else pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                break
        else:
            if node is not None:
                line = node.start_mark.line + 1
        return line

    def fail(self, data_path: Iterable[str | int], reason: str, key: bool = False) -> CurationError:
        data_path = list(data_path)
        # A problem with a key itself ('unknown key') is described by where the key sits.
        where = describe(self.data, SCHEMAS.get(self.path.name, {}), data_path[:-1] if key else data_path)
        return CurationError(self.path, self.line_of(data_path, key), f"{where}: {reason}" if where else reason)


def describe(data: Any, schema: JsonSchema, data_path: list[str | int]) -> str:
    """A path in words: 'entity li-qiang: aliases[2]', 'article 000_x: published_date.value'.

    A list or mapping whose schema has `x-name` names its items by their id; the keys below
    an item follow as a dotted path."""
    label = ""
    keys: list[str] = []
    for step in data_path:
        item_name = schema.get("x-name")
        if isinstance(step, int):
            schema = schema.get("items", {})
            data = data[step] if isinstance(data, list) and step < len(data) else None
            ident = next((data[k] for k in _ITEM_ID_KEYS if isinstance(data, dict) and isinstance(data.get(k), str)), None)
        else:
            additional = schema.get("additionalProperties")
            schema = schema.get("properties", {}).get(step) or (additional if isinstance(additional, dict) else {})
            data = data.get(step) if isinstance(data, dict) else None
            ident = step
        if item_name:
            label, keys = f"{item_name} {ident}" if ident is not None else f"{item_name} #{int(step) + 1}", []
        else:
            keys.append(f"[{step}]" if isinstance(step, int) else step)
    dotted = "".join(k if k.startswith("[") else f".{k}" for k in keys).lstrip(".")
    return ": ".join(part for part in (label, dotted) if part)


def read(path: Path, check: bool = True) -> CuratedDocument:
    """Parse a curated file, refusing invalid YAML and keys given twice, and check its schema
    (`check=False`: it was checked when the current release was built from it; see load_all)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CurationError(path, 1, "file not found") from None
    except UnicodeDecodeError as error:
        raise CurationError(path, text_line_of_byte(path.read_bytes(), error.start), "not UTF-8 text") from None
    loader = _CuratedLoader(text)
    try:
        root = loader.get_single_node()
        _refuse_duplicate_keys(path, root)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        raise CurationError(path, *_yaml_problem(error)) from None
    finally:
        loader.dispose()
    document = CuratedDocument(path, {} if data is None else data, root)
    if check and (schema := SCHEMAS.get(path.name)) is not None:
        check_schema(document, schema)
    return document


def _yaml_problem(error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """(line, reason) for a YAML syntax error. The line is where the broken construct starts
    (the unclosed bracket or quote), which is what to fix; PyYAML notices the problem later."""
    problem, context = error.problem or "", error.context or ""
    marks = [m for m in (error.context_mark, error.problem_mark) if m is not None]
    if not marks:
        return 1, f"invalid YAML: {problem or context}"
    line = marks[0].line + 1
    if context and error.problem_mark is not None and error.problem_mark.line + 1 != line:
        return line, f"invalid YAML: {context}, {problem} on line {error.problem_mark.line + 1}"
    return line, f"invalid YAML: {problem or context}"


def text_line_of_byte(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _refuse_duplicate_keys(path: Path, node: yaml.Node | None) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise CurationError(
                        path, key.start_mark.line + 1, f"key '{key.value}' given twice (first on line {seen[key.value]})"
                    )
                seen[key.value] = key.start_mark.line + 1
            _refuse_duplicate_keys(path, value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_duplicate_keys(path, item)


def check_schema(document: CuratedDocument, schema: JsonSchema) -> None:
    # Imported here: with its optional format packages installed (rfc3987-syntax builds a
    # grammar on import) jsonschema takes about a second to import, on every build otherwise.
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = [problem for error in validator.iter_errors(document.data) for problem in _explain(document, error)]
    if problems:
        raise min(problems, key=lambda p: (p.line, str(p)))


def _explain(document: CuratedDocument, error: ValidationError) -> Iterator[CurationError]:
    """One message per problem, in the words a curator uses (list, mapping, text)."""
    path = list(error.absolute_path)
    instance, kind = error.instance, error.validator
    if kind == "required":
        for key in error.validator_value:
            if isinstance(instance, dict) and key not in instance:
                if key == "evidence":
                    yield document.fail(
                        path, "no evidence: every curated value needs an `evidence` line saying how it follows from the text"
                    )
                else:
                    yield document.fail(path, f"missing required key '{key}'")
    elif kind == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        for key in instance:
            if key not in allowed:
                yield document.fail([*path, key], f"unknown key '{key}' (allowed: {', '.join(allowed)})", key=True)
    elif kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        wanted = " or ".join(_YAML_TYPE_NAMES[t] for t in expected)
        yield document.fail(path, f"expected {wanted}, got {_yaml_type_of(instance)}")
    elif kind == "enum":
        yield document.fail(path, f"{instance!r} is not one of: {', '.join(map(str, error.validator_value))}")
    elif kind in ("pattern", "format"):
        yield document.fail(path, f"{instance!r} {error.schema.get('x-expected', 'is malformed')}")
    elif kind in ("minItems", "minProperties"):
        yield document.fail(path, "is empty")
    else:
        yield document.fail(path, error.message)


def _yaml_type_of(value: Any) -> str:
    for name, python_type in (
        ("null", type(None)),
        ("boolean", bool),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, python_type):
            return _YAML_TYPE_NAMES[name] if name != "string" else f"text {value!r}"
    return type(value).__name__


def _refuse_duplicates(document: CuratedDocument, list_key: str, id_key: str, what: str) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(document.data.get(list_key) or []):
        value = item.get(id_key)
        if value is None:
            continue
        folded = str(value).casefold()
        if folded in seen:
            line = document.line_of([list_key, seen[folded], id_key])
            raise document.fail([list_key, index, id_key], f"{what} '{value}' given twice (first on line {line})")
        seen[folded] = index


def _refuse_unknown(
    document: CuratedDocument, data_path: list[str | int], value: str, known: Collection[str] | None, where: str
) -> None:
    if known is not None and value not in known:
        raise document.fail(data_path, f"'{value}' is not {where}")


def article_facts(
    path: Path, article_ids: Collection[str] | None = None, check: bool = True
) -> dict[str, dict[str, CuratedFact]]:
    """Curated article fields by article id; with article_ids, every id must be one of them."""
    document = read(path, check)
    facts: dict[str, dict[str, CuratedFact]] = {}
    for article_id, entries in document.data.items():
        if article_ids is not None and str(article_id) not in article_ids:
            raise document.fail(
                [article_id], f"'{article_id}' is not an article in dataset/raw/ (no raw file has that name)", key=True
            )
        facts[str(article_id)] = {
            key: CuratedFact(entry["value"], " ".join(str(entry["evidence"]).split())) for key, entry in entries.items()
        }
    return facts


def sites(path: Path, check: bool = True) -> list[dict[str, Any]]:
    document = read(path, check)
    _refuse_duplicates(document, "sites", "name", "site name")
    _refuse_duplicates(document, "sites", "domain", "domain")
    return list(document.data.get("sites") or [])


def entities(path: Path, check: bool = True) -> list[dict[str, Any]]:
    """The gazetteer. Ids are unique, and an alias names one entity only (the EntityRuler
    would otherwise link it to whichever entry comes last)."""
    document = read(path, check)
    items = list(document.data.get("entities") or [])
    _refuse_duplicates(document, "entities", "id", "entity id")
    owner: dict[str, tuple[str, int]] = {}
    for index, entity in enumerate(items):
        for position, alias in enumerate(entity.get("aliases") or []):
            if alias in owner and owner[alias][0] != entity["id"]:
                other, other_index = owner[alias]
                line = document.line_of(["entities", other_index, "id"])
                raise document.fail(
                    ["entities", index, "aliases", position], f"alias '{alias}' already names {other} (line {line})"
                )
            owner.setdefault(alias, (entity["id"], index))
    return items


def frames(path: Path, check: bool = True) -> dict[str, Any]:
    """The framing codebook; every cue must compile as a regular expression."""
    document = read(path, check)
    _refuse_duplicates(document, "frames", "frame_id", "frame id")
    for index, frame in enumerate(document.data["frames"]):
        for position, cue in enumerate(frame["cues"]):
            try:
                re.compile(cue)
            except re.error as error:
                raise document.fail(
                    ["frames", index, "cues", position], f"cue {cue!r} is not a valid regular expression ({error.msg})"
                ) from None
    return dict(document.data)


def events(
    path: Path,
    entity_ids: Collection[str] | None = None,
    article_ids: Collection[str] | None = None,
    check: bool = True,
) -> list[dict[str, Any]]:
    """Events, each with its evidence; participants must be gazetteer ids and articles raw files
    (when those sets are given), and an event cannot end before it starts."""
    document = read(path, check)
    _refuse_duplicates(document, "events", "event_id", "event id")
    items = []
    for index, event in enumerate(document.data.get("events") or []):
        if event["end_date"] < event["start_date"]:
            raise document.fail(
                ["events", index, "end_date"], f"ends ({event['end_date']}) before it starts ({event['start_date']})"
            )
        for position, entity_id in enumerate(event.get("participants") or []):
            _refuse_unknown(
                document, ["events", index, "participants", position], entity_id, entity_ids, "an entity id in entities.yml"
            )
        for position, article_id in enumerate(event.get("articles") or []):
            _refuse_unknown(
                document,
                ["events", index, "articles", position],
                article_id,
                article_ids,
                "an article in dataset/raw/ (no raw file has that name)",
            )
        items.append(dict(event))
    return items


@dataclass(frozen=True)
class CuratedData:
    """Every curated file, validated on its own and against the others and the raw corpus."""

    sites: list[dict[str, Any]]
    article_facts: dict[str, dict[str, CuratedFact]]
    gazetteer: list[dict[str, Any]]
    codebook: dict[str, Any]
    events: list[dict[str, Any]]


def load_all(curated_dir: Path, article_ids: Collection[str] | None = None, schemas_checked: bool = False) -> CuratedData:
    """All curated files in dependency order (events name entities); CurationError at the first problem.

    `schemas_checked`: the files are those the current release was built from, by this code
    (its build fingerprint covers both), so their JSON Schema check passed then and is not
    repeated; YAML, duplicates and the checks against the raw corpus still run."""
    check = not schemas_checked
    gazetteer = entities(curated_dir / "entities.yml", check)
    return CuratedData(
        sites(curated_dir / "sites.yml", check),
        article_facts(curated_dir / "articles.yml", article_ids, check),
        gazetteer,
        frames(curated_dir / "frames.yml", check),
        events(curated_dir / "events.yml", {e["id"] for e in gazetteer}, article_ids, check),
    )
