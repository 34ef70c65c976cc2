"""Every route that takes a case reference or a contact id, found from the apps themselves
(so a route added later is covered without anyone remembering to list it): a coordinator
asking one of them for another region's case, or for a person whose cases are all in
another region, gets the 404 of one that does not exist."""

from __future__ import annotations

import base64
import os

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import create_app
from bot.console.app import build_console
from bot.settings import Settings
from storage.db import unit_of_work
from storage.models import Case
from tests.staff_world import Staffed, World, csrf_of, sign_in

# What a valid request to each kind of route carries, so the answer is about the case and
# not about a missing field (a new route that needs more fails here with 422: add it).
FORMS = {
    "reply": {"body": "hi"},
    "notes": {"body": "hi"},
    "update": {"status": "closed"},
    "labels": {"labels.needs": "funding_grant"},
    "referrals": {"partner": "X"},
}
JSON = {"replies": {"body": "hi"}, "notes": {"body": "hi"}, "": {"status": "closed"}}


def routes_naming(parameter: str) -> list[tuple[str, str]]:
    """(method, path) of every API and console route whose path holds `parameter`."""
    keys = base64.urlsafe_b64encode(os.urandom(32)).decode()
    api = create_app(Settings(data_keys=keys, secret_key="x", _env_file=None)).openapi()
    console = build_console().openapi()
    found = [
        (method.upper(), prefix + path)
        for prefix, schema in (("", api), ("/console", console))
        for path, operations in schema["paths"].items()
        if parameter in path
        for method in operations
    ]
    return sorted(found)


def case_routes() -> list[tuple[str, str]]:
    return routes_naming("/cases/{reference}")


def test_the_routes_are_found() -> None:
    routes = case_routes()
    assert ("PATCH", "/api/v1/cases/{reference}") in routes
    assert ("POST", "/console/cases/{reference}/referrals") in routes
    assert len(routes) >= 11


async def test_every_case_route_answers_404_for_another_regions_case(
    staffed: Staffed, world: World
) -> None:
    other = world.refs["latam"]
    page = await sign_in(staffed, world, "africa")
    token = csrf_of(page.text)
    api = {"Authorization": f"Bearer {world.tokens['africa']}"}
    for method, template in case_routes():
        path = template.replace("{reference}", other)
        last = template.rsplit("}", 1)[1].strip("/")
        if path.startswith("/api/"):
            body = JSON.get(last) if method != "GET" else None
            response = await staffed.client.request(method, path, json=body, headers=api)
            assert response.json() == {
                "error": {"code": "not_found", "message": "No such case."}
            }, path
        elif method == "GET":
            response = await staffed.client.get(path)
        else:
            data = {**FORMS.get(last, {}), "csrf_token": token}
            response = await staffed.client.post(path, data=data)
        assert response.status_code == 404, (method, path, response.status_code)


async def test_every_contact_route_answers_404_for_another_regions_person(
    staffed: Staffed, world: World, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with unit_of_work(sessions) as session:
        other = await session.scalar(
            select(Case.contact_id).where(Case.reference == world.refs["latam"])
        )
    routes = routes_naming("{contact_id}")
    assert ("GET", "/api/v1/contacts/{contact_id}") in routes
    assert ("GET", "/console/contacts/{contact_id}") in routes
    page = await sign_in(staffed, world, "africa")
    api = {"Authorization": f"Bearer {world.tokens['africa']}"}
    for method, template in routes:
        path = template.replace("{contact_id}", str(other))
        if path.startswith("/api/"):
            response = await staffed.client.request(method, path, headers=api)
            assert response.json() == {
                "error": {"code": "not_found", "message": "No such contact."}
            }, path
        else:
            data = None if method == "GET" else {"csrf_token": csrf_of(page.text)}
            response = await staffed.client.request(method, path, data=data)
        assert response.status_code == 404, (method, path, response.status_code)
