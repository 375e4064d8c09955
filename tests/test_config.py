import os
import re
import stat
from pathlib import Path

import pytest

from tui.cli import account
from tui.settings import config, locations
from tui.settings.config import (
    Config,
    ConfigError,
    HostError,
    UnknownProfileError,
    load_config,
    remove_profile,
    save_config,
    set_last_used,
    upsert_profile,
    validate_host,
)


@pytest.fixture
def cfg_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv(locations.CONFIG_ENV, str(path))
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_profiles_and_keymap_survive_a_round_trip(cfg_path):
    upsert_profile("prod", host="us", project=12, protected=True)
    upsert_profile("local", host="localhost:8010", project=1, read_only=True)
    cfg = load_config()
    cfg.keymap["resource.refresh"] = "ctrl+r"
    save_config(cfg)

    again = load_config(cfg_path)
    assert again == cfg
    assert again.default_profile == "prod"
    assert again.profiles["prod"].host == "https://us.posthog.com"
    assert again.profiles["prod"].protected and not again.profiles["prod"].read_only
    assert again.profiles["local"].host == "http://localhost:8010"
    assert again.keymap == {"resource.refresh": "ctrl+r"}


def test_upsert_keeps_flags_that_are_not_given(cfg_path):
    upsert_profile("prod", host="eu", project=3, read_only=True, protected=True)
    cfg = upsert_profile("prod", host="eu", project=4)
    assert cfg.profiles["prod"].project == 4
    assert cfg.profiles["prod"].read_only and cfg.profiles["prod"].protected


def test_config_file_is_0600_and_created_dir_is_0700(cfg_path):
    upsert_profile("prod", host="us", project=1)
    assert stat.S_IMODE(cfg_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cfg_path.parent.stat().st_mode) == 0o700
    assert [p.name for p in cfg_path.parent.iterdir()] == ["config.toml"]


def test_existing_directory_keeps_its_mode(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    save_config(Config(), shared / "c.toml")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "c.toml").stat().st_mode) == 0o600


def test_missing_file_is_an_empty_config(tmp_path):
    assert load_config(tmp_path / "nope.toml") == Config()


def test_env_var_overrides_config_path(cfg_path):
    assert locations.config_file() == cfg_path
    upsert_profile("p", host="eu", project=2)
    assert cfg_path.exists()


def problems_of(path: Path) -> tuple[str, dict[str, str]]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.path == path
    return str(info.value), dict(info.value.problems)


def test_wrong_types_name_the_file_the_key_and_the_expectation(tmp_path):
    path = write(
        tmp_path / "c.toml",
        '[profiles.prod]\nhost = "https://x.example"\nproject = "12"\nread_only = "yes"\n'
        "[keymap]\nquit = 3\n",
    )
    text, problems = problems_of(path)
    assert str(path) in text
    assert problems["profiles.prod.project"] == "expected an integer, got '12'"
    assert problems["profiles.prod.read_only"] == "expected true or false, got 'yes'"
    assert problems["keymap.quit"] == "expected a string, got 3"


def test_unknown_and_missing_keys_are_reported(tmp_path):
    path = write(
        tmp_path / "c.toml",
        'colour = "red"\n[profiles."my prod"]\nhost = "eu"\nprojekt = 1\n',
    )
    text, problems = problems_of(path)
    assert problems["colour"].startswith("unknown key (expected one of: default_profile")
    assert "unknown key (expected one of: host, project" in problems['profiles."my prod".projekt']
    assert problems['profiles."my prod".project'] == "missing (required)"


def test_plain_http_host_in_config_is_refused(tmp_path):
    path = write(tmp_path / "c.toml", '[profiles.p]\nhost = "http://posthog.example.com"\nproject = 1\n')
    _, problems = problems_of(path)
    assert "Refusing plain http" in problems["profiles.p.host"]


def test_dangling_default_profile_and_bad_profile_name(tmp_path):
    path = write(
        tmp_path / "c.toml",
        'default_profile = "gone"\n[profiles."a b"]\nhost = "us"\nproject = 1\n',
    )
    _, problems = problems_of(path)
    assert problems["default_profile"] == "'gone' is not a profile in this file (profiles: a b)"
    assert problems['profiles."a b"'].startswith("Invalid profile name 'a b'")


def test_broken_toml_names_file_and_line(tmp_path):
    path = write(tmp_path / "c.toml", "[profiles.p]\nhost = \n")
    text, _ = problems_of(path)
    assert text.startswith(f"Invalid config file {path}: not valid TOML")
    assert "line 2" in text


def test_remove_profile_clears_default_and_last_used(cfg_path):
    upsert_profile("a", host="us", project=1)
    upsert_profile("b", host="us", project=2)
    set_last_used("a")
    cfg = remove_profile("a")
    assert cfg.default_profile is None and cfg.last_profile is None
    assert list(load_config().profiles) == ["b"]
    with pytest.raises(UnknownProfileError, match="No profile named 'a'.*profiles: b"):
        remove_profile("a")


def test_set_last_used_refuses_unknown_profile(cfg_path):
    with pytest.raises(UnknownProfileError):
        set_last_used("ghost")


def test_choose_profile_order():
    prof = config.Profile(host="us", project=1)
    assert Config(profiles={"a": prof}).choose_profile() == "a"
    assert Config(profiles={"a": prof, "b": prof}).choose_profile() is None
    both = Config(profiles={"a": prof, "b": prof}, default_profile="a", last_profile="b")
    assert both.choose_profile() == "a"
    assert both.model_copy(update={"default_profile": None}).choose_profile() == "b"
    assert both.choose_profile("b") == "b"


def test_invalid_profile_name_is_refused_before_writing(cfg_path):
    with pytest.raises(ValueError, match="Invalid profile name"):
        upsert_profile("../evil", host="us", project=1)
    assert not cfg_path.exists()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("us", "https://us.posthog.com"),
        (" EU ", "https://eu.posthog.com"),
        ("posthog.example.com", "https://posthog.example.com"),
        ("https://posthog.example.com/", "https://posthog.example.com"),
        ("https://posthog.example.com:8443", "https://posthog.example.com:8443"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://localhost:8000/", "http://localhost:8000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("localhost:8000", "http://localhost:8000"),
    ],
)
def test_validate_host_accepts(given, expected):
    assert validate_host(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("http://posthog.example.com", "Refusing plain http for posthog.example.com"),
        ("http://10.0.0.5:8000", "Refusing plain http for 10.0.0.5"),
        ("https://us.i.posthog.com", "only receives events; the API is at https://us.posthog.com"),
        ("https://us.posthog.com/project/1", "without a path"),
        ("https://me:pw@posthog.example.com", "Leave user names and passwords out"),
        ("ftp://posthog.example.com", "is not a web address"),
        ("https://posthog.example.com:99999", "invalid port"),
        ("   ", "Enter a host"),
    ],
)
def test_validate_host_refuses_with_a_reason(given, message):
    with pytest.raises(HostError, match=re.escape(message)):
        validate_host(given)


def test_cmd_profiles_prints_a_table(cfg_path, capsys):
    upsert_profile("prod", host="us", project=12, protected=True)
    upsert_profile("dev", host="eu", project=3, read_only=True)
    set_last_used("dev")
    assert account.profiles() == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["PROFILE", "HOST", "PROJECT", "FLAGS"]
    assert out[1].split() == ["dev", "https://eu.posthog.com", "3", "read-only,", "last", "used"]
    assert out[2].split() == ["*", "prod", "https://us.posthog.com", "12", "protected"]


def test_cmd_profiles_reports_a_broken_file_without_traceback(cfg_path, capsys):
    write(cfg_path, "nonsense")
    assert account.profiles() == 1
    err = capsys.readouterr().err
    assert str(cfg_path) in err and "Traceback" not in err


def test_cmd_locate_prints_paths_and_override(cfg_path, capsys):
    assert account.locate() == 0
    out = capsys.readouterr().out
    assert f"config file  {cfg_path}  (from {locations.CONFIG_ENV})" in out
    assert str(locations.data_dir()) in out
    assert os.path.basename(str(locations.state_dir())) == "posthog-tui"
