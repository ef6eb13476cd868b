"""Reads a package written by `metaxy-compile sqlmodel` the way Metaxy would, without Metaxy
(CI cannot install it; the real check is in the README):

- each class's `spec=` is evaluated with constructors that return what Metaxy 0.1.10's
  `model_dump(mode="json")` gives for them (read from its models: FeatureSpec, FeatureDep,
  FieldSpec, FieldDep, FieldsMapping, LineageRelationship; defaults filled in). A class name
  stands for its key once its class is defined: a dep on a class defined later fails. As Metaxy
  does (models/feature_definition.py), a spec without description takes the class docstring.
- the class settings Metaxy and SQLAlchemy read: `__metaxy_project__`, `__table_args__`,
  `feature_config`, `__mapper_args__`;
- the user columns: each class body, without Metaxy, declared on a plain SQLModel table named
  after the key (`__tablename__`), created in the database of the URL given, if any.

Usage: python sqlmodel-check.py [--create <sqlalchemy url>] <package folder>...
Prints JSON: per package, {key: {"class", "spec", "settings", "columns"}}, columns as
(attribute, column); with --create, the plain tables of every package are created there.
"""

import ast
import datetime
import decimal
import json
import os
import sys
import types
import typing
import uuid

import sqlalchemy as sa
import sqlmodel
from sqlalchemy.dialects import postgresql

ALL = "__METAXY_ALL_DEP__"


class Ref:
    """A feature class, as a dep names it."""

    def __init__(self, key):
        self.key = key


def key_of(v):
    return v.key if isinstance(v, Ref) else v


def feature_spec(*, key, id_columns, deps=(), fields=None, metadata=None, description=None):
    fields = [field_spec(key="default")] if fields is None else fields
    deps = [d if isinstance(d, dict) else feature_dep(feature=d) for d in deps]
    return {"key": key, "id_columns": list(id_columns), "deps": deps, "fields": fields,
            "metadata": metadata or {}, "description": description}


def feature_dep(*, feature, select=None, rename=None, fields_mapping=None, filters=None,
                lineage=None, optional=False):
    default = {"mapping": {"type": "default", "match_suffix": False, "exclude_fields": []}}
    return {"feature": key_of(feature), "select": None if select is None else list(select),
            "rename": rename, "fields_mapping": fields_mapping or default,
            "sql_filters": None if filters is None else list(filters),
            "lineage": lineage or {"relationship": {"type": "1:1"}}, "optional": optional}


def field_spec(*, key="default", code_version="__metaxy_initial__", deps=None):
    return {"key": key, "code_version": code_version,
            "deps": ALL if deps is ALL else list(deps or [])}


def field_dep(*, feature, fields=ALL):
    return {"feature": key_of(feature), "fields": ALL if fields is ALL else list(fields)}


def mapping(type_, **more):
    return {"mapping": {"type": type_, **more}}


def relationship(type_, **more):
    return {"relationship": {"type": type_, **more}}


mx = types.SimpleNamespace(
    FeatureSpec=feature_spec,
    FeatureDep=feature_dep,
    FieldSpec=field_spec,
    FieldDep=field_dep,
    SpecialFieldDep=types.SimpleNamespace(ALL=ALL),
    FieldsMapping=types.SimpleNamespace(
        default=lambda match_suffix=False, exclude_fields=None: mapping(
            "default", match_suffix=match_suffix, exclude_fields=list(exclude_fields or [])),
        all=lambda: mapping("all"),
        none=lambda: mapping("none"),
        specific=lambda m: mapping("specific", mapping={
            k: sorted([v.split("/") for v in vs]) for k, vs in m.items()}),
    ),
    LineageRelationship=types.SimpleNamespace(
        identity=lambda: relationship("1:1"),
        aggregation=lambda on=None: relationship("N:1", on=on),
        expansion=lambda on, id_generation_pattern=None: relationship(
            "1:N", on=list(on), id_generation_pattern=id_generation_pattern),
    ),
    FeatureConfig=dict,
)
mxsql = types.SimpleNamespace(SQLModelFeatureConfig=dict)
BASE = {"mx": mx, "mxsql": mxsql, "sa": sa, "postgresql": postgresql, "sqlmodel": sqlmodel,
        "datetime": datetime, "decimal": decimal, "typing": typing, "uuid": uuid}
names = dict(BASE)


def evaluate(node):
    return eval(compile(ast.Expression(node), "<package>", "eval"), names)


def read_class(node):
    spec = evaluate(next(k.value for k in node.keywords if k.arg == "spec"))
    if spec["description"] is None and ast.get_docstring(node) is not None:
        spec["description"] = ast.get_docstring(node)
    settings, columns, body = {}, [], []
    for stmt in node.body:
        if isinstance(stmt, ast.Assign):
            settings[stmt.targets[0].id] = evaluate(stmt.value)
        elif isinstance(stmt, ast.AnnAssign):
            body.append(stmt)
            kwargs = next((k.value for k in stmt.value.keywords if k.arg == "sa_column_kwargs"), None)
            column = evaluate(kwargs).get("name", stmt.target.id) if kwargs else stmt.target.id
            columns.append([stmt.target.id, column])
    return spec, settings, columns, body


def plain_table(node, spec, settings, columns, body):
    """The class body on a plain SQLModel table (Metaxy's system columns are not there)."""
    ids = [attr for attr, column in columns if column in spec["id_columns"]]
    table = "__".join(p.replace("-", "_") for p in spec["key"].split("/"))
    extra = f"__tablename__ = {table!r}\n__mapper_args__ = {{'primary_key': {ids!r}}}\n"
    if "__table_args__" in settings:
        extra += f"__table_args__ = {settings['__table_args__']!r}\n"
    plain = ast.parse(f"class {node.name}(sqlmodel.SQLModel, table=True):\n    pass\n")
    plain.body[0].body = ast.parse(extra).body + body
    exec(compile(ast.fix_missing_locations(plain), "<plain>", "exec"), dict(names))


def read_package(folder, create):
    global names
    names = dict(BASE)
    source = open(os.path.join(folder, "__init__.py"), encoding="utf-8").read()
    out = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            spec, settings, columns, body = read_class(node)
            names[node.name] = Ref(spec["key"])
            out[spec["key"]] = {"class": node.name, "spec": spec, "settings": settings, "columns": columns}
            if create:
                plain_table(node, spec, settings, columns, body)
    return out


args = sys.argv[1:]
url = args[1] if args[:1] == ["--create"] else None
folders = args[2:] if url else args
print(json.dumps([read_package(folder, url is not None) for folder in folders]))
if url:
    engine = sa.create_engine(url)
    sqlmodel.SQLModel.metadata.create_all(engine)
    engine.dispose()
