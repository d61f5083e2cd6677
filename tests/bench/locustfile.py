"""A realistic mix of the three roles, for `python -m tests.bench.load_bench` (locust, headless).

Accounts come from a JSON file named by ROLLEMODEL_LOAD_ACCOUNTS: coordinators and volunteers
log in with a password, citizens with a one-time link, as in real life.
"""
import json
import os
import random
import re

from locust import HttpUser, between, task

ACCOUNTS = json.load(open(os.environ["ROLLEMODEL_LOAD_ACCOUNTS"]))
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _csrf(client, path) -> str:
    """Fetch a page and return its CSRF token."""
    page = client.get(path, name=path).text
    found = TOKEN.search(page)
    return found.group(1) if found else ""


class PasswordUser(HttpUser):
    """Somebody who logs in with e-mail and password."""

    abstract = True
    role = ""
    paths: tuple = ()

    def on_start(self):
        """Log in once, like a person starting their day."""
        account = random.choice(ACCOUNTS[self.role])
        token = _csrf(self.client, "/login")
        self.client.post("/login", name="/login [POST]", data={
            "email": account, "password": ACCOUNTS["password"], "csrf_token": token,
        })

    @task
    def browse(self):
        """Open one of the role's pages."""
        path = random.choice(self.paths)
        self.client.get(path, name=path)


class Coordinator(PasswordUser):
    """A coordinator at a desk: overview, lists, matches and reports."""

    weight = 2
    wait_time = between(0.5, 2)
    role = "coordinator"
    paths = tuple(ACCOUNTS["paths"]["coordinator"])


class Volunteer(PasswordUser):
    """A role model on a phone: their page and the meeting log."""

    weight = 3
    wait_time = between(0.5, 2)
    role = "volunteer"
    paths = tuple(ACCOUNTS["paths"]["volunteer"])


class Citizen(HttpUser):
    """A young person who logs in with their link and looks at their page."""

    weight = 2
    wait_time = between(0.5, 2)

    def on_start(self):
        """Use one of the prepared one-time links."""
        link = ACCOUNTS["citizen_links"].pop() if ACCOUNTS["citizen_links"] else None
        if link:
            token = _csrf(self.client, link)
            self.client.post(link, name="/l/<token> [POST]", data={"csrf_token": token})

    @task
    def home(self):
        """Open their page."""
        for path in ACCOUNTS["paths"]["citizen"]:
            self.client.get(path, name=path)
