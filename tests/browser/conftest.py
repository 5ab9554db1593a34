"""Real-browser tests: Playwright for Python driving the system's Chromium against a live
Django server that holds the shipped corpus.

- Chromium is Debian's (`apt-get install chromium`, /usr/bin/chromium, or $CHROMIUM); Playwright's
  own browser download is never used. Without it every test here is skipped with one reason.
- One live server and one corpus load for the whole package (`site`), not per test:
  pytest-django's `live_server` fixture forces `transactional_db`, which empties the database
  after every test, and reloading the corpus each time would cost seconds per test on each
  database. The server is pytest-django's own `LiveServer` helper (Django's LiveServerThread,
  with static files), so it shares the in-memory SQLite connection as `live_server` does.
  The corpus is committed before the first test and everything is flushed after the last
  one, as `transactional_db` would do. Each test is marked `django_db` (a transaction rolled
  back afterwards): on in-memory SQLite the server shares the test's connection, so what the
  browser writes is rolled back with the test; on PostgreSQL the server has its own
  connection and its writes are committed, so a test that writes removes what it wrote
  (see `remove_imported_drafts`). No test relies on another test's writes.
- Playwright's sync API keeps its asyncio loop registered as running on the main thread for as
  long as the driver runs, even between calls. Django's guard against database calls from an
  event loop then refuses every query from the test body and from fixtures, although no
  coroutine ever runs Django code. DJANGO_ALLOW_ASYNC_UNSAFE is therefore set while, and only
  while, the browser runs (package scope: these tests only); the live server's threads have no
  event loop and are unaffected.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.getenv("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Pages answer in well under a second; a step that waits longer has failed.
TIMEOUT_MS = 10_000
ADMIN_USERNAME = "browser-admin"
ADMIN_PASSWORD = "a long test password 4 browsers"  # noqa: S105 (test database only)


def skip_reason() -> str | None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return (
            f"browser tests skipped: no Chromium at {CHROMIUM} "
            "(apt-get install chromium, or set CHROMIUM=/path/to/chromium)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests skipped: Playwright is not installed (pip install -e '.[browser]')"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            # Asks pytest-django for the test database (it creates only what marked tests
            # need) and runs each test in a transaction, as the `db` fixture does.
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(autouse=True)
def _needs_chromium() -> None:
    # The test modules are skipped by tests/browser/helpers.py when they import it; this
    # covers a module that does not.
    if reason := skip_reason():
        pytest.skip(reason)


@pytest.fixture(scope="package")
def browser() -> Iterator:
    if skip_reason():
        pytest.skip(skip_reason())
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # see the module docstring
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass(frozen=True)
class Site:
    url: str


@pytest.fixture(scope="package")
def site(browser, django_db_setup, django_db_blocker) -> Iterator[Site]:
    """A live server on the shipped corpus, with a superuser; emptied afterwards.

    It starts after the browser on purpose. While Playwright runs, Django keeps this thread's
    connections apart from the ones it had before (asgiref's Local switches to context-local
    storage when an event loop runs), so the corpus, the tests' transactions and the server's
    shared SQLite connection must all be made on the same side; the connections made here are
    closed here, or a PostgreSQL session would keep the test database from being dropped.
    """
    if skip_reason():
        pytest.skip(skip_reason())
    from django.db import connection, connections
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
        assert in_memory or name.startswith("test_"), (
            f"refusing to load the corpus into {name}: not a test database"
        )
        call_command("load_corpus", "--force", verbosity=0)
        get_user_model().objects.create_superuser(
            ADMIN_USERNAME, "admin@example.org", ADMIN_PASSWORD
        )
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield Site(url=server.url)
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            cache.clear()
            # What `transactional_db` does after a test: empty every table and run the
            # post_migrate handlers again (content types, permissions, the editor groups).
            call_command("flush", interactive=False, verbosity=0)
            connections.close_all()


@pytest.fixture(scope="module")
def remove_imported_drafts(site, django_db_blocker) -> Iterator[str]:
    """For modules that import drafts in the admin: their slugs start with the prefix given,
    and whatever is left of them is deleted after the module, outside any test's transaction
    (on PostgreSQL the server committed them; see the module docstring)."""
    from instruments.models import Instrument

    prefix = "test-draft-"
    yield prefix
    with django_db_blocker.unblock():
        Instrument.objects.filter(slug__startswith=prefix).delete()
        cache.clear()


@pytest.fixture
def context(browser, site: Site) -> Iterator:
    """A fresh browser profile at 1280 × 900, with JavaScript, allowed to use the clipboard."""
    context = browser.new_context(
        base_url=site.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def browser_errors(page) -> list[str]:
    """What went wrong on `page`: CSP refusals, script errors, a stylesheet, script or image
    that did not load. The page itself may answer 400 or 404: error pages are tested too."""
    problems: list[str] = []

    def on_console(message) -> None:
        # Failed loads are reported by on_response, with their address.
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(message.text)

    def on_response(response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


@pytest.fixture
def no_js_page(browser, site: Site) -> Iterator:
    """A page in a profile with JavaScript switched off."""
    context = browser.new_context(
        base_url=site.url,
        viewport={"width": 1280, "height": 900},
        java_script_enabled=False,
        locale="en-GB",
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The git-ignored folder where the journeys leave full-page screenshots."""
    folder = HERE.parent.parent / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder
