"""Staff users in the two admin roles, logged in to their own test clients."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.test import Client


def make_staff(username: str, group: str | None = None) -> User:
    user = User.objects.create(username=username, is_staff=True)  # no password: no hashing
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def role_client(username: str, group: str) -> Client:
    return client_for(make_staff(username, group))
