"""DRF field validation with PostHog's flat error bodies (DRF's `invalid` code reads `invalid_input`)."""

from __future__ import annotations

from typing import Any

from . import errors

_MISSING = object()


def string_field(body: dict[str, Any], name: str, *, required: bool = False, allow_null: bool = False,
                 allow_blank: bool = False, max_length: int | None = None, attr: str | None = None) -> Any:
    attr = attr or name
    value = body.get(name, _MISSING)
    if value is _MISSING:
        if required:
            raise errors.required(attr)
        return None
    if value is None:
        if allow_null:
            return None
        raise errors.validation("This field may not be null.", attr, "null")
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise errors.validation("Not a valid string.", attr)
    value = str(value)
    if not value.strip() and not allow_blank:
        raise errors.validation("This field may not be blank.", attr, "blank")
    if max_length is not None and len(value) > max_length:
        raise errors.validation(f"Ensure this field has no more than {max_length} characters.", attr, "max_length")
    return value


def bool_field(body: dict[str, Any], name: str, *, required: bool = False, allow_null: bool = False) -> Any:
    value = body.get(name, _MISSING)
    if value is _MISSING:
        if required:
            raise errors.required(name)
        return None
    if value is None and allow_null:
        return None
    if isinstance(value, bool):
        return value
    if value in ("true", "True", 1, "1"):
        return True
    if value in ("false", "False", 0, "0"):
        return False
    raise errors.validation("Must be a valid boolean.", name)


def string_list(body: dict[str, Any], name: str) -> list[str]:
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise errors.validation(f'Expected a list of items but got type "{type(value).__name__}".', name,
                                "not_a_list")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise errors.validation("Not a valid string.", f"{name}__{index}")
    return list(value)


def pk_field(body: dict[str, Any], name: str, known: Any) -> Any:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise errors.validation(f"Incorrect type. Expected pk value, received {type(value).__name__}.", name,
                                "incorrect_type")
    key = int(value) if isinstance(value, str) and value.isdigit() else value
    if key not in known:
        raise errors.validation(f'Invalid pk "{value}" - object does not exist.', name, "does_not_exist")
    return key


def dict_field(body: dict[str, Any], name: str) -> dict[str, Any] | None:
    value = body.get(name)
    if value is not None and not isinstance(value, dict):
        raise errors.validation(f'Expected a dictionary of items but got type "{type(value).__name__}".', name,
                                "not_a_dict")
    return value
