"""What the compiled schema checks raise: a value that does not match its schema (the first one found)."""

from __future__ import annotations

import re
from typing import Any


class Invalid(ValueError):
    """The data does not match the schema; :func:`site_builder.load.schema.validate` then says where and why."""


class JsonSchemaValueException(Invalid):
    """One value that does not match (as fastjsonschema's exception of that name is raised by its code)."""

    def __init__(self, message: str, value: Any = None, name: str | None = None, definition: Any = None,
                 rule: str | None = None) -> None:
        super().__init__(message)
        self.message, self.value, self.name, self.definition, self.rule = message, value, name, definition, rule

    @property
    def path(self) -> list[str]:
        """Return where the value is, as fastjsonschema gives it: ``data.facts[0].id`` -> data, facts, 0, id."""
        return [part for part in re.split(r"[.\[\]]+", self.name or "") if part]


class JsonSchemaValuesException(Invalid):
    """Several values that do not match."""

    def __init__(self, errors: Any) -> None:
        super().__init__(errors)
        self.errors = errors
