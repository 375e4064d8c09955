import io
import os
import re
import stat
from pathlib import Path

import pytest

from tui.cli import account
from tui.cli.main import main
from tui.settings import config, locations, state
from tui.settings.config import (
    Config,
    ConfigError,
    HostError,
    UnknownProfileError,
    load_config,
    remove_profile,
    save_config,
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
    write(cfg_path, 'last_profile = "a"\n' + cfg_path.read_text())
    state.remember_profile("a")
    cfg = remove_profile("a")
    assert cfg.default_profile is None and cfg.last_profile is None
    assert cfg.last_used() is None and cfg.choose_profile() == "b"
    assert list(load_config().profiles) == ["b"]
    with pytest.raises(UnknownProfileError, match="No profile named 'a'.*profiles: b"):
        remove_profile("a")


def test_choose_profile_order():
    prof = config.Profile(host="us", project=1)
    assert Config(profiles={"a": prof}).choose_profile() == "a"
    assert Config(profiles={"a": prof, "b": prof}).choose_profile() is None
    both = Config(profiles={"a": prof, "b": prof}, default_profile="a", last_profile="b")
    assert both.choose_profile() == "a"
    assert both.model_copy(update={"default_profile": None}).choose_profile() == "b"
    assert both.choose_profile("b") == "b"
    state.remember_profile("a")
    assert both.model_copy(update={"default_profile": None}).choose_profile() == "a"
    state.remember_profile("gone")
    assert both.model_copy(update={"default_profile": None}).choose_profile() == "b"


def test_an_old_last_profile_key_still_loads_and_chooses(tmp_path):
    path = write(tmp_path / "c.toml", 'last_profile = "b"\n[profiles.a]\nhost = "us"\nproject = 1\n'
                 '[profiles.b]\nhost = "eu"\nproject = 2\n')
    assert load_config(path).choose_profile() == "b"


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
    state.remember_profile("dev")
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


COMMENTED = """\
# posthog-tui, kept in my dotfiles
default_profile = "prod"   # the one I use most

[profiles.prod]
host = "https://us.posthog.com"  # US cloud
project = 12

# local demo server
[profiles.local]
host = "http://localhost:8010"
project = 1
read_only = true
"""


@pytest.fixture
def linked_cfg(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A commented config in a dotfiles folder, and the symlink the app is pointed at."""
    real = write(tmp_path / "dotfiles" / "posthog.toml", COMMENTED)
    real.chmod(0o600)
    link = tmp_path / "conf" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    monkeypatch.setenv(locations.CONFIG_ENV, str(link))
    return link, real


def assert_still_linked(link: Path, real: Path) -> str:
    assert link.is_symlink() and link.resolve() == real
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in real.parent.iterdir()) == ["posthog.toml"]
    return real.read_text()


def test_upsert_into_a_commented_config_behind_a_symlink_keeps_comments_and_the_link(linked_cfg):
    link, real = linked_cfg
    upsert_profile("staging", host="eu", project=7)
    upsert_profile("prod", host="us", project=13)
    text = assert_still_linked(link, real)
    assert text.startswith(COMMENTED.split("project = 12")[0])
    assert "project = 13" in text and "# local demo server" in text
    assert text.count("#") == COMMENTED.count("#")
    cfg = load_config()
    assert cfg.profiles["staging"].host == "https://eu.posthog.com" and cfg.default_profile == "prod"


def test_remove_profile_from_a_commented_config_keeps_the_rest_as_written(linked_cfg):
    link, real = linked_cfg
    remove_profile("local")
    text = assert_still_linked(link, real)
    assert text == COMMENTED.split("[profiles.local]")[0]


def test_login_into_a_commented_config_behind_a_symlink_keeps_comments_and_the_link(demo, linked_cfg, monkeypatch):
    link, real = linked_cfg
    monkeypatch.setattr("sys.stdin", io.StringIO(demo.api_key + "\n"))
    assert account.login(demo.url, None, "work") == 0
    text = assert_still_linked(link, real)
    assert text.startswith(COMMENTED)
    assert load_config().profiles["work"].host == demo.url


def test_an_upsert_that_changes_nothing_does_not_rewrite_the_file(linked_cfg):
    link, real = linked_cfg
    before = real.stat()
    upsert_profile("prod", host="us", project=12)
    after = real.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert real.read_text() == COMMENTED


class FakeApp:
    started: list = []

    def __init__(self, target, keymap=None, api_key=None) -> None:
        self.target, self.return_code = target, 0

    def run(self) -> None:
        FakeApp.started.append(self.target)


@pytest.fixture
def fake_app(monkeypatch) -> list:
    import tui.app

    FakeApp.started = []
    monkeypatch.setattr(tui.app, "PostHogApp", FakeApp)
    return FakeApp.started


def test_starting_with_a_profile_leaves_the_config_file_byte_identical(linked_cfg, fake_app):
    link, real = linked_cfg
    write(real, COMMENTED.replace('default_profile = "prod"   # the one I use most\n', ""))
    before = real.read_bytes()
    assert main(["--profile", "local"]) == 0
    assert real.read_bytes() == before and link.is_symlink()
    # The choice is remembered elsewhere, and used when no profile is named.
    assert main([]) == 0
    assert [target.profile for target in fake_app] == ["local", "local"]
    assert real.read_bytes() == before


def test_an_unwritable_state_folder_does_not_stop_start_up(linked_cfg, fake_app, monkeypatch, tmp_path, capsys):
    blocker = write(tmp_path / "not-a-folder", "")
    monkeypatch.setattr(locations, "state_dir", lambda: blocker / "posthog-tui")
    assert main(["--profile", "local"]) == 0
    assert [target.profile for target in fake_app] == ["local"]
    assert capsys.readouterr().err == ""


def test_an_unwritable_config_folder_makes_login_say_so_and_start_up_go_on(demo, linked_cfg, fake_app, monkeypatch,
                                                                            capsys):
    link, real = linked_cfg

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # As root a folder cannot be made unwritable, so the temporary file's creation is refused.
    monkeypatch.setattr(config.tempfile, "mkstemp", refuse)
    monkeypatch.setattr("sys.stdin", io.StringIO(demo.api_key + "\n"))
    assert account.login(demo.url, None, "work") == 1
    err = capsys.readouterr().err
    assert err == f"Invalid config file {link}: cannot write the file: Permission denied\n"
    assert real.read_text() == COMMENTED
    assert main(["--profile", "prod"]) == 0 and [target.profile for target in fake_app] == ["prod"]


def test_the_first_read_takes_what_the_start_needs_without_pydantic(cfg_path):
    from tui.cli.main import _parser, _target
    from tui.settings.first_read import FirstProfile, FirstRead, first_read

    write(cfg_path, 'default_profile = "a"\ncolour = 1\n[profiles.a]\nhost = "eu"\nproject = 7\nprotected = true\n'
                    '[keymap]\n"resource.refresh" = "ctrl+r"\n')
    read = first_read(cfg_path)
    assert read is not None and read.exists
    assert read.profiles == {"a": FirstProfile(host="https://eu.posthog.com", project=7, protected=True)}
    assert read.choose_profile() == "a" and read.keymap == {"resource.refresh": "ctrl+r"}
    # The unknown key is left to the validation the app runs after the first frame.
    target, _, problem = _target(_parser().parse_args([]))
    assert problem is None and target.check_config and target.host == "https://eu.posthog.com" and target.protected
    assert first_read(cfg_path.with_name("missing.toml")) == FirstRead()


@pytest.mark.parametrize("body", [
    '[profiles.a]\nhost = 3\nproject = 1\n',
    '[profiles.a]\nhost = "eu"\nproject = true\n',
    '[profiles.a]\nhost = "eu"\nproject = 0\n',
    '[profiles.a]\nproject = 1\n',
    '[profiles.a]\nhost = "http://example.com"\nproject = 1\n',
    'cache = "no"\n',
    '[keymap]\n"resource.refresh" = 1\n',
    'profiles = 1\n',
    'not = = toml\n',
])
def test_a_file_the_first_read_cannot_use_is_validated_before_the_app_starts(cfg_path, body):
    from tui.cli.main import _parser, _target
    from tui.settings.first_read import first_read

    write(cfg_path, body)
    assert first_read(cfg_path) is None
    target, _, problem = _target(_parser().parse_args([]))
    assert target is None and problem and str(cfg_path) in problem
