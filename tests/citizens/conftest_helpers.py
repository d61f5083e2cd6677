"""Logging a young citizen in through a real login link, for the citizen's own pages."""
import re

from models import Role

from ..conftest import Auth, csrf_token


def citizen_login(app, make, town, **profile):
    """Create a citizen with an account, log them in with a link; return (client, citizen)."""
    coordinator = make.user(town, Role.COORDINATOR)
    citizen = make.citizen(town, **profile)
    staff = Auth(app.test_client())
    staff.login(coordinator)
    page = staff.post(f"/citizens/{citizen.id}/login-link").get_data(as_text=True)
    path = re.search(r'value="http[^"]*(/l/[^"]+)"', page).group(1)
    client = app.test_client()
    Auth(client).post(path)
    return client, citizen


def post(client, url, data):
    """Post a form with a fresh CSRF token."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client)})
