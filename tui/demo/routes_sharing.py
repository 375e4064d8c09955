"""`dashboards/{dashboard_id}/sharing/`: one configuration object per dashboard, with passwords."""

from __future__ import annotations

from starlette.responses import Response

from . import errors
from .clock import iso_z
from .dashboards_model import get_dashboard
from .data import Record
from .routing import Ctx, no_content, ok, resource, scoped
from .users import CURRENT_USER_ID, USERS
from .validate import bool_field, string_field

BASE = "/api/projects/{project_id}/dashboards/{dashboard_id}/sharing"
SETTINGS_KEYS = ("whitelabel", "noHeader", "showInspector", "legend", "detailed", "hideExtraDetails")


def _config(ctx: Ctx) -> Record:
    dashboard = get_dashboard(ctx, "dashboard_id")
    config = ctx.data.sharing.get(dashboard["id"])
    if config is None:
        # An unsaved default: created_at stays null until the first write.
        config = {"created_at": None, "enabled": False, "access_token": ctx.data.new_token(),
                  "settings": None, "password_required": False, "passwords": []}
        ctx.data.sharing[dashboard["id"]] = config
    return config


def _out(config: Record) -> Record:
    return {**{k: v for k, v in config.items() if k != "passwords"},
            "share_passwords": [{k: p[k] for k in ("id", "created_at", "note", "created_by_email", "is_active")}
                                for p in config["passwords"] if p["is_active"]]}


def _saved(ctx: Ctx, config: Record) -> None:
    config["created_at"] = config["created_at"] or iso_z(ctx.state.clock())


@scoped("sharing_configuration:read")
async def get_sharing(ctx: Ctx) -> Response:
    return ok(_out(_config(ctx)))


@scoped("sharing_configuration:write")
async def update_sharing(ctx: Ctx) -> Response:
    config = _config(ctx)
    body = ctx.fields()
    if "settings" in body:
        settings = body["settings"]
        if settings is not None and not isinstance(settings, dict):
            raise errors.validation("Invalid settings format", "settings")
        if settings is not None:
            settings = {k: bool(v) for k, v in settings.items() if k in SETTINGS_KEYS and v is not None}
        config["settings"] = settings
    for key in ("enabled", "password_required"):
        if key in body:
            config[key] = bool_field(body, key)
    _saved(ctx, config)
    return ok(_out(config))


@scoped("sharing_configuration:write")
async def refresh_sharing(ctx: Ctx) -> Response:
    config = _config(ctx)
    config["access_token"] = ctx.data.new_token()
    _saved(ctx, config)
    return ok(_out(config))


@scoped("sharing_configuration:write")
async def create_password(ctx: Ctx) -> Response:
    config = _config(ctx)
    if not config["password_required"]:
        raise errors.plain_error(400, "Password protection must be enabled before creating passwords")
    body = ctx.fields()
    raw = string_field(body, "raw_password", allow_null=True, allow_blank=True)
    if raw is not None and len(raw) < 8:
        raise errors.validation("Ensure this field has at least 8 characters.", "raw_password", "min_length")
    note = string_field(body, "note", allow_null=True, allow_blank=True, max_length=100) or ""
    password = {"id": ctx.data.new_token(12), "created_at": iso_z(ctx.state.clock()), "note": note,
                "created_by_email": USERS[CURRENT_USER_ID]["email"], "is_active": True}
    config["passwords"].append(password)
    _saved(ctx, config)
    shown = {k: password[k] for k in ("id", "note", "created_at", "created_by_email")}
    return ok({**shown, "password": raw or ctx.data.new_token(16)}, 201)


@scoped("sharing_configuration:write")
async def delete_password(ctx: Ctx) -> Response:
    config = _config(ctx)
    for password in config["passwords"]:
        if password["id"] == ctx.path["password_id"] and password["is_active"]:
            password["is_active"] = False
            return no_content()
    raise errors.not_found("Password not found")


ROUTES = [
    *resource(BASE, GET=get_sharing, PATCH=update_sharing),
    *resource(BASE + "/refresh", POST=refresh_sharing),
    *resource(BASE + "/passwords", POST=create_password),
    *resource(BASE + "/passwords/{password_id}", DELETE=delete_password),
]
