"""A realistic mix of the three roles, for `python -m tests.bench.load_bench` (locust, headless).

Accounts come from a JSON file named by ROLLEMODEL_LOAD_ACCOUNTS: coordinators and volunteers
log in with a password, citizens with a one-time link, as in real life. FastHttpUser keeps the
load generator's own CPU small: it shares the machine's cores with the server it measures.
"""
import json
import os
import random
import re

import gevent
from locust import FastHttpUser, between, events, task

ACCOUNTS = json.load(open(os.environ["ROLLEMODEL_LOAD_ACCOUNTS"]))
# Each user opens a page every 0.5-1.5 s: 100 users offer about 100 requests a second.
WAIT = between(0.5, 1.5)
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
MEETING_LINK = re.compile(r'href="(/meetings/(?:new|match)/\d+)"')
RECORD_LINK = re.compile(r'href="(/(?:citizens|volunteers|matches)/\d+)"')
ID = re.compile(r"/\d+$")
# Figures cover steady browsing: they start this many seconds after the last user has logged
# in, once the morning rush of logins (each a deliberately slow password hash) has drained.
SETTLE = float(os.environ["ROLLEMODEL_LOAD_SETTLE"])  # set by load_bench


@events.init.add_listener
def _measure_when_settled(environment, **_kwargs):
    """Start the figures afresh SETTLE seconds after everyone has logged in."""
    environment.events.spawning_complete.add_listener(
        lambda **_: gevent.spawn_later(SETTLE, environment.stats.reset_all))


def _csrf(client, path, name=None) -> str:
    """Fetch a page and return its CSRF token."""
    page = client.get(path, name=name or path).text
    found = TOKEN.search(page)
    return found.group(1) if found else ""


class PasswordUser(FastHttpUser):
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
    """A coordinator at a desk: overview, lists, reports, and the records they open from a list
    (opening a record also writes to the audit log of who looked at it)."""

    weight = 2
    wait_time = WAIT
    role = "coordinator"
    paths = tuple(ACCOUNTS["paths"]["coordinator"])
    records: list = []

    @task
    def browse(self):
        """Open a page of the role, or every third time a record seen on the last list."""
        if self.records and random.random() < 1 / 3:
            path = random.choice(self.records)
            self.client.get(path, name=ID.sub("/<id>", path))
            return
        path = random.choice(self.paths)
        page = self.client.get(path, name=path).text or ""
        self.records = RECORD_LINK.findall(page) or self.records


class Volunteer(PasswordUser):
    """A role model on a phone: their page, the meeting log form and history, the hotline."""

    weight = 3
    wait_time = WAIT
    role = "volunteer"
    paths = tuple(ACCOUNTS["paths"]["volunteer"])

    def on_start(self):
        """Log in, then find the links to their own pair's meeting log on their page."""
        super().on_start()
        page = self.client.get("/volunteer", name="/volunteer").text
        self.pair_pages = sorted(set(MEETING_LINK.findall(page or "")))

    @task
    def browse(self):
        """Open their page or the hotline, or (when they have a pair) its meeting pages."""
        path = random.choice(self.paths + tuple(self.pair_pages))
        self.client.get(path, name=ID.sub("/<id>", path))


class Citizen(FastHttpUser):
    """A young person who logs in with their link and looks at their page."""

    weight = 2
    wait_time = WAIT

    def on_start(self):
        """Use one of the prepared one-time links."""
        link = ACCOUNTS["citizen_links"].pop() if ACCOUNTS["citizen_links"] else None
        if link:
            token = _csrf(self.client, link, "/l/<token>")
            self.client.post(link, name="/l/<token> [POST]", data={"csrf_token": token})

    @task
    def home(self):
        """Open their page."""
        for path in ACCOUNTS["paths"]["citizen"]:
            self.client.get(path, name=path)
