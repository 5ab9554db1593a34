"""Two editors press "Save" on the same admin form at the same moment, each in its own
thread, connection and transaction: what the row lock in lib/locking.py is there for."""

from __future__ import annotations

import threading

from django.db import connections

from tests.admin_forms import change_form_data
from tests.roles import role_client


def save_at_the_same_moment(url: str, field: str) -> tuple[str, dict[str, int]]:
    """Alice and Bob open the form at `url`, each puts "<name>'s value" in `field` and
    both post at once. Returns the winner's value and each editor's status code."""
    clients = {"alice": role_client("alice", "editors"), "bob": role_client("bob", "editors")}
    forms = {name: change_form_data(client.get(url)) for name, client in clients.items()}
    start = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def save(name: str) -> None:
        forms[name][field] = f"{name}'s value"
        start.wait()
        try:
            statuses[name] = clients[name].post(url, forms[name]).status_code
        finally:
            # Each thread opened its own connection; the test database cannot be dropped
            # while one is left open.
            connections.close_all()

    threads = [threading.Thread(target=save, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    winners = [name for name, status in statuses.items() if status == 302]
    return (f"{winners[0]}'s value" if len(winners) == 1 else ""), statuses
