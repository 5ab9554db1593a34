"""Every command in the README and in docs/ is run by this test or by CI, and every relative
link there points to a file (and heading) that exists.

A command is a line starting with `$ ` in a fenced block marked `console`. Each one must be
either in RUN_HERE (cheap and safe: this test runs it from the repository root and wants exit
code 0) or in RUN_ELSEWHERE, verbatim, with the file that runs it and a piece of that file
that shows it does (a line of .ci/run, a Makefile recipe that CI calls, or a test module). A
new command added to the docs without either fails `test_every_command_is_run_here_or_elsewhere`.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# The shell commands of docs/benchmarks.md stay in its own `sh` block: that page's text is
# kept as it is (part of it is written by scripts/bench.py). Every other page uses `console`.
SH_BLOCKS_ALLOWED = {"docs/benchmarks.md"}
SHELL_LANGUAGES = {"sh", "bash", "shell", "zsh", "shell-session", "shellsession"}

# Run by this test, from the repository root, with DEBUG=1: each must exit 0.
RUN_HERE = [
    "make help",
    ".venv/bin/python manage.py validate_corpus --fixtures",
    ".venv/bin/python scripts/loadtest.py --help",
]

THIS_TEST = "tests/test_docs.py"
# Run elsewhere: command -> (file that runs it, text of that file that shows it does).
RUN_ELSEWHERE = {
    # README
    "make run": (THIS_TEST, "def test_make_run_migrates_loads_and_serves_the_matrix"),
    "make test": (".ci/run", "env -u DATABASE_URL make test"),
    "make test-fast": ("Makefile", "test-fast:"),
    "make superuser": (THIS_TEST, "def test_make_superuser_runs_createsuperuser"),
    # docs/testing.md
    "DEBUG=1 .venv/bin/python -m pytest tests/test_docs.py": (
        "Makefile",
        "$(BIN)/python -m pytest",
    ),
    "make lint": (".ci/run", "make lint"),
    "make check": (".ci/run", "make check"),
    'psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE spacetreaties"': (
        ".ci/run",
        'psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q -c '
        '"CREATE DATABASE $DB"',
    ),
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/spacetreaties make test": (
        ".ci/run",
        'DATABASE_URL="postgres://postgres@$PG_HOST:$PG_PORT/$DB" make test',
    ),
    ".ci/run": (".ci/run", "make test"),  # CI is this script
    # docs/corpus.md
    "make corpus": (".ci/run", "make corpus"),
    # the recipe of `make corpus`, which CI calls
    ".venv/bin/python manage.py load_corpus": ("Makefile", "$(BIN)/python manage.py load_corpus"),
    ".venv/bin/python manage.py load_corpus --force": (
        "tests/gaps/test_corpus_loading.py",
        'call_command("load_corpus", "--dir", str(fixtures_dir), "--force")',
    ),
    ".venv/bin/python manage.py validate_corpus": (
        "tests/gaps/test_validation.py",
        'call_command("validate_corpus")',
    ),
    ".venv/bin/python manage.py export_corpus --release 2027.1.0 --dir /tmp/corpus-2027.1.0": (
        "tests/gaps/test_corpus_loading.py",
        'call_command("export_corpus", "--dir", str(out), "--release"',
    ),
    ".venv/bin/python manage.py generate_synthetic --instruments 200 --provisions 10000 "
    "--categories 40 --seed 1": (
        "tests/gaps/test_synthetic.py",
        '"generate_synthetic", "--instruments"',
    ),
    # docs/production.md
    "DATABASE_URL=postgres://app@db.internal:5432/spacetreaties SECRET_KEY=... "
    "ALLOWED_HOSTS=treaties.example.org make serve": (
        "tests/test_deploy.py",
        'command = ["make", "--no-print-directory", "-o", ".venv/.installed", "serve"]',
    ),
    # the recipe of `make corpus` (and `make serve`), which CI calls
    ".venv/bin/python manage.py migrate --noinput": (
        "Makefile",
        "$(BIN)/python manage.py migrate --noinput",
    ),
    "DEBUG=0 SECRET_KEY=... ALLOWED_HOSTS=treaties.example.org .venv/bin/python manage.py "
    "check --deploy": ("tests/test_deploy.py", 'manage("check", "--deploy"'),
    ".venv/bin/python manage.py axes_reset_username NAME": (
        THIS_TEST,
        "def test_the_axes_reset_commands_unlock_the_admin_login",
    ),
    ".venv/bin/python manage.py axes_reset": (
        THIS_TEST,
        "def test_the_axes_reset_commands_unlock_the_admin_login",
    ),
    "make loadtest": (".ci/run", "make loadtest LOADTEST_DURATION=5"),
    # docs/deployment.md
    "HOST=10.0.0.11 ALLOWED_HOSTS=treaties.example.org SECRET_KEY=... SECURE_SSL_REDIRECT=1 "
    "DATABASE_URL=postgres://app@db.internal:5432/spacetreaties "
    "CACHE_URL=redis://cache.internal:6379/0 SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto "
    "CLIENT_IP_HEADER=X-Real-IP FORWARDED_ALLOW_IPS=10.0.0.10 make serve": (
        "tests/test_two_servers.py",
        'command = ["make", "--no-print-directory", "-o", ".venv/.installed", "serve"]',
    ),
    ".venv/bin/python scripts/loadtest.py --target http://127.0.0.1:8001 "
    "--target http://127.0.0.1:8002": (
        "tests/test_loadtest_servers.py",
        'arguments = ["--target", urls[0], "--target", urls[1]',
    ),
    'make loadtest LOADTEST_ARGS="--servers 2"': (
        ".ci/run",
        'LOADTEST_ARGS="--strict --servers 2"',
    ),
    # docs/dated-law.md
    "curl 'http://127.0.0.1:8000/api/matrix.json?scope=all&as_of=2007-01-11'": (
        "tests/gaps/test_dated_views.py",
        '"/api/matrix.json?scope=all&as_of=2007-01-11"',
    ),
    "curl 'http://127.0.0.1:8000/api/matrix.csv?scope=all&as_of=1966-12-31'": (
        "tests/gaps/test_dated_views.py",
        '"/api/matrix.csv?scope=all&as_of=1966-12-31"',
    ),
    # docs/languages.md
    ".venv/bin/python manage.py export_corpus --dir /tmp/corpus-out": (
        "tests/gaps/test_translation_fixtures.py",
        'call_command("export_corpus", "--dir", str(out)',
    ),
    # docs/evidence.md
    "curl -s 'http://127.0.0.1:8000/api/matrix.json?compare=ppwt-2014&evidence=verbatim'"
    " | python3 -m json.tool": (
        "tests/gaps/test_query_counts.py",
        '"/api/matrix.json?scope=all&evidence=official&compare=inst-1"',
    ),
    ".venv/bin/python manage.py export_corpus --dir /tmp/corpus-export": (
        "tests/corpus/test_round_trip.py",
        'call_command("export_corpus", "--dir", str(out)',
    ),
    "diff -r fixtures /tmp/corpus-export | head": (
        "tests/corpus/test_round_trip.py",
        "def test_the_export_of_the_shipped_corpus_equals_the_shipped_files",
    ),
    # docs/states.md
    ".venv/bin/python manage.py import_participation status-2026.csv": (
        "tests/states/test_import.py",
        'call_command("import_participation", str(write(tmp_path, GOOD)))',
    ),
    ".venv/bin/python manage.py import_participation status-2026.csv --lists lists-2026.csv": (
        "tests/states/test_import.py",
        '"--lists", str(lists)',
    ),
    # docs/positions.md: part of the whole suite, which CI runs
    "DEBUG=1 .venv/bin/python -m pytest -q -m sources tests/corpus/test_position_sources.py": (
        "Makefile",
        "$(BIN)/python -m pytest",
    ),
}


# --- reading the documents ----------------------------------------------------------------

FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w-]*)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def blocks(path: Path) -> list[tuple[str, list[str]]]:
    """The fenced blocks of a Markdown file: (language, lines)."""
    found, language, lines, fence = [], None, [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = FENCE.match(line)
        if fence is None and match:
            fence, language, lines = match.group(1), match.group(2).lower(), []
        elif fence is not None and line.strip().startswith(fence[0] * len(fence)):
            found.append((language, lines))
            fence = None
        elif fence is not None:
            lines.append(line)
    return found


def console_commands(path: Path) -> list[str]:
    """The `$ ` lines of the file's console blocks; a trailing backslash continues a line."""
    commands = []
    for language, lines in blocks(path):
        if language != "console":
            continue
        pending = None
        for line in lines:
            text = line.strip()
            if pending is not None:
                pending += " " + text.rstrip("\\").strip()
                if not text.endswith("\\"):
                    commands.append(pending)
                    pending = None
            elif text.startswith("$ "):
                command = text[2:].strip()
                if command.endswith("\\"):
                    pending = command.rstrip("\\").strip()
                else:
                    commands.append(command)
    return commands


def prose(path: Path) -> str:
    """The file without its fenced blocks and inline code, where links are read."""
    kept, fence = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None and line.strip().startswith(fence[0] * len(fence)):
            fence = None
        elif fence is None:
            kept.append(re.sub(r"`[^`]*`", "", line))
    return "\n".join(kept)


def anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file."""
    found = set()
    for line in prose(path).splitlines():
        if match := re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line):
            slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
            found.add(slug)
    return found


def links() -> list[tuple[str, str]]:
    found = []
    for path in DOCUMENTS:
        for match in LINK.finditer(prose(path)):
            target = match.group(1) or match.group(2)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:, ...
                continue
            found.append((relative(path), target))
    return found


COMMANDS = {command: relative(path) for path in DOCUMENTS for command in console_commands(path)}


# --- commands ------------------------------------------------------------------------------


def test_the_documents_hold_commands():
    assert "make run" in COMMANDS and "make test" in COMMANDS, COMMANDS


def test_every_command_is_run_here_or_elsewhere():
    unaccounted = {
        command: where
        for command, where in COMMANDS.items()
        if command not in RUN_HERE and command not in RUN_ELSEWHERE
    }
    assert not unaccounted, (
        "Commands in the docs that nothing runs; run them in RUN_HERE or map them in "
        f"RUN_ELSEWHERE of {THIS_TEST}: {unaccounted}"
    )


def test_every_listed_command_is_still_in_the_documents():
    stale = [command for command in [*RUN_HERE, *RUN_ELSEWHERE] if command not in COMMANDS]
    assert not stale, f"listed in {THIS_TEST} but in no document: {stale}"


def test_shell_commands_are_in_console_blocks():
    wrong = [
        f"{relative(path)}: ```{language}"
        for path in DOCUMENTS
        if relative(path) not in SH_BLOCKS_ALLOWED
        for language, _ in blocks(path)
        if language in SHELL_LANGUAGES
    ]
    assert not wrong, f"mark shell blocks `console`, with `$ ` before each command: {wrong}"


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][a-z-]*):", text, flags=re.MULTILINE))


@pytest.mark.parametrize("command", sorted(c for c in COMMANDS if re.search(r"\bmake [a-z]", c)))
def test_documented_make_targets_exist(command):
    target = re.search(r"\bmake ([a-z][a-z-]*)", command).group(1)
    assert target in makefile_targets(), f"{command!r} ({COMMANDS[command]}): no target {target}"


@pytest.mark.parametrize("command", RUN_HERE)
def test_cheap_commands_succeed(command):
    env = {**os.environ, "DEBUG": "1"}
    result = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("command", sorted(RUN_ELSEWHERE))
def test_the_place_a_command_is_mapped_to_runs_it(command):
    path, evidence = RUN_ELSEWHERE[command]
    assert (ROOT / path).is_file(), f"{command!r} is mapped to {path}, which does not exist"
    assert evidence in (ROOT / path).read_text(), (
        f"{command!r} is mapped to {path}, which no longer contains {evidence!r}"
    )


# --- links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("document", "target"), links())
def test_relative_links_point_to_existing_files(document, target):
    file_part, _, anchor = target.partition("#")
    path = (ROOT / document).parent / file_part if file_part else ROOT / document
    assert path.exists(), f"{document} links to {target}: no such file"
    if anchor and path.suffix == ".md":
        assert anchor in anchors(path), f"{document} links to {target}: no such heading"


def test_the_readme_is_a_quickstart_of_at_most_8_kb():
    assert len((ROOT / "README.md").read_bytes()) <= 8 * 1024


# --- the commands this module runs itself -------------------------------------------------------


def make(*args: str) -> list[str]:
    """`make` without reinstalling: the test runs inside the virtual environment already."""
    return ["make", "--no-print-directory", "-o", ".venv/.installed", *args]


def test_make_run_migrates_loads_and_serves_the_matrix(tmp_path):
    if not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("make run needs the project's .venv (make install)")
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PORT": str(port),
    }
    log = (tmp_path / "run.log").open("w")
    process = subprocess.Popen(
        make("run"), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline, status = time.monotonic() + 180, None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as reply:
                    status, body = reply.status, reply.read().decode()
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        output = (tmp_path / "run.log").read_text()
        assert status == 200, output
        assert "Outer Space Treaty" in body, output  # the shipped corpus was loaded
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        log.close()


def test_make_superuser_runs_createsuperuser():
    dry_run = subprocess.run(make("-n", "superuser"), cwd=ROOT, capture_output=True, text=True)
    assert dry_run.returncode == 0, dry_run.stderr
    assert "manage.py createsuperuser" in dry_run.stdout
    command_help = subprocess.run(
        [sys.executable, "manage.py", "createsuperuser", "--help"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert command_help.returncode == 0, command_help.stderr


@pytest.mark.django_db
def test_the_axes_reset_commands_unlock_the_admin_login():
    from axes.models import AccessAttempt

    def lock(username: str) -> None:
        AccessAttempt.objects.create(
            username=username,
            ip_address="192.0.2.1",
            user_agent="test",
            http_accept="*/*",
            path_info="/admin/login/",
            get_data="",
            post_data="",
            failures_since_start=5,
        )

    lock("alice")
    lock("bob")
    call_command("axes_reset_username", "alice")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["bob"]
    call_command("axes_reset")
    assert not AccessAttempt.objects.exists()
