"""Read-only records made from JSON data, with the data's shape (keys and types) checked on the way in.

The pydantic models in `models/` validate content where it is written; records hold it where it is
served. A record class lists its fields with `field(kind, default)`; `load` builds one from data and
refuses a missing or unknown key or a wrong type, naming where. Making a record class or a record costs
microseconds, against about a millisecond to create a pydantic model class and build its validator.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial
from typing import Any

Kind = Callable[[Any], Any]
"""Checks one JSON value and returns what the record holds (raises ShapeError)."""

REQUIRED: Any = object()


class ShapeError(ValueError):
    """Data that does not have the shape of a record; `path` says where, from the top."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()):
        self.message, self.path = message, path
        super().__init__(f"{'.'.join(map(str, path))}: {message}" if path else message)

    def within(self, part: str | int) -> ShapeError:
        return ShapeError(self.message, (part, *self.path))


class Field:
    __slots__ = ("name", "key", "kind", "default")

    def __init__(self, kind: Kind, default: Any, key: str | None):
        self.name, self.key, self.kind, self.default = "", key, kind, default


def field(kind: Kind, default: Any = REQUIRED, *, key: str | None = None) -> Any:
    """A field of a record class: its kind, its default (none: required) and its JSON key (default: its name)."""
    return Field(kind, default, key)


class Record:
    """A read-only record; subclasses declare their fields as class attributes made with `field`."""

    FIELDS: tuple[Field, ...] = ()
    KEYS: frozenset[str] = frozenset()

    def __init_subclass__(cls) -> None:
        declared = [(name, value) for name, value in vars(cls).items() if isinstance(value, Field)]
        for name, declared_field in declared:
            declared_field.name, declared_field.key = name, declared_field.key or name
            delattr(cls, name)  # records hold every field in their own __dict__
        cls.FIELDS = (*cls.FIELDS, *(f for _, f in declared))
        cls.KEYS = frozenset(f.key for f in cls.FIELDS)

    def __init__(self, **values: Any):
        """A record made in code (defaults, `replace`): field names are checked, kinds are not (`load` checks data)."""
        unknown = values.keys() - {f.name for f in self.FIELDS}
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field(s) {', '.join(sorted(unknown))}")
        for f in self.FIELDS:
            if f.name not in values and f.default is REQUIRED:
                raise TypeError(f"{type(self).__name__} needs {f.name}")
        object.__setattr__(self, "__dict__", {f.name: values.get(f.name, f.default) for f in self.FIELDS})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]  # records may hold dicts (texts by locale)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


def load(cls: type[Record], data: Any) -> Any:
    """A `cls` record made from JSON data (ShapeError when a key is missing or unknown, or a type is wrong)."""
    if type(data) is not dict:
        raise ShapeError(f"expected an object ({cls.__name__})")
    if not data.keys() <= cls.KEYS:
        raise ShapeError(f"unknown field(s): {', '.join(sorted(map(str, data.keys() - cls.KEYS)))}")
    values = {}
    for f in cls.FIELDS:
        raw = data.get(f.key, REQUIRED)
        if raw is not REQUIRED:
            try:
                values[f.name] = f.kind(raw)
            except ShapeError as error:
                raise error.within(f.key) from None
        elif f.default is REQUIRED:
            raise ShapeError(f"missing field '{f.key}'")
        else:
            values[f.name] = f.default
    record = object.__new__(cls)
    object.__setattr__(record, "__dict__", values)
    return record


def dump(record: Record) -> dict[str, Any]:
    """The record as JSON data, leaving out fields that hold their default: the inverse of `load`."""
    return {f.key: _dumped(value) for f in record.FIELDS if (value := record.__dict__[f.name]) != f.default}


def replace(record: Record, **changes: Any) -> Any:
    """A copy of the record with some fields changed."""
    return type(record)(**{**record.__dict__, **changes})


def _dumped(value: Any) -> Any:
    if isinstance(value, Record):
        return dump(value)
    if isinstance(value, tuple):
        return [_dumped(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# Kinds: each checks one JSON value.


def string(value: Any) -> str:
    if type(value) is not str:
        raise ShapeError("expected a string")
    return value


def integer(value: Any) -> int:
    if type(value) is not int:
        raise ShapeError("expected an integer")
    return value


def boolean(value: Any) -> bool:
    if type(value) is not bool:
        raise ShapeError("expected true or false")
    return value


def date(value: Any) -> datetime.date:
    try:
        return datetime.date.fromisoformat(string(value))
    except ValueError:
        raise ShapeError("expected a date (YYYY-MM-DD)") from None


def one_of(*allowed: str) -> Kind:
    def check(value: Any) -> str:
        if value not in allowed or type(value) is not str:
            raise ShapeError(f"expected one of: {', '.join(allowed)}")
        return value

    return check


def text_by_locale(required: str) -> Kind:
    """A mapping of locale to text that must hold the `required` locale."""

    def check(value: Any) -> dict[str, str]:
        if type(value) is not dict or required not in value or {type(t) for t in value.values()} != {str}:
            raise ShapeError(f"expected texts by locale, with '{required}'")
        return value

    return check


def many(kind: Kind) -> Kind:
    """A JSON list, held as a tuple of `kind`."""

    def check(value: Any) -> tuple:
        if type(value) is not list:
            raise ShapeError("expected a list")
        try:
            return tuple(map(kind, value))
        except ShapeError as error:
            raise _at_item(error, value, kind) from None

    return check


def one(cls: type[Record]) -> Kind:
    """A nested record."""
    return partial(load, cls)


def _at_item(error: ShapeError, items: list, kind: Kind) -> ShapeError:
    for index, item in enumerate(items):  # only on failure: find which item it was
        try:
            kind(item)
        except ShapeError as own:
            return own.within(index)
    return error
