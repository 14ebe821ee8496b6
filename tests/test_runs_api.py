"""Whole-store runs over HTTP (`POST /api/runs`, `GET /api/runs`) through the Flask app, and
the schedule of `serve` (`NDSGRAPH_FULL_RUN_EVERY`)."""

import urllib.parse
from datetime import timedelta

import pytest
from ndsgraph_server import create_app, schedule
from ndsgraph_server.settings import ServerSettings

from ndsgraph.errors import InputError
from ndsgraph.intake.submitters import Registry, Submitter
from ndsgraph.register import national_run
from ndsgraph.store import OxigraphStore, bundled

from .conftest import DATA

TOKEN = "admin-s3cret"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
GM0363 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
PORTFOLIO = DATA / "submissions" / "gm0363.ttl"


@pytest.fixture
def store(portfolio_store: OxigraphStore) -> OxigraphStore:
    return portfolio_store


@pytest.fixture
def client(store, tmp_path):
    return create_app(store, ServerSettings(write_token=TOKEN, home=tmp_path)).test_client()


def run_iris(client) -> list[str]:
    answer = client.get("/api/runs", headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200
    return [b["run"]["value"] for b in answer.json["results"]["bindings"]]


def test_an_admin_starts_a_whole_store_run_and_finds_it_listed(client):
    answer = client.post("/api/runs", headers=ADMIN)
    assert answer.status_code == 201, answer.text
    body = answer.json
    assert body["findings"] == 7 and body["unexplained"] == 7 and body["conforms"] is False
    assert body["run"].startswith("https://w3id.org/ndsgraph/id/validatie/")
    location = answer.headers["Location"]
    assert location == body["register"]
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(location).query) == {"run": [body["run"]]}
    register = client.get(location, headers={"Accept": "application/sparql-results+json"})
    assert len(register.json["results"]["bindings"]) == 7
    assert run_iris(client) == [body["run"]]


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 403), ("submitter", 403)],
)
def test_a_run_needs_the_admin_token(client, tmp_path, headers, status):
    if headers == "submitter":
        token = Registry.at(tmp_path).issue(Submitter(GM0363))
        headers = {"Authorization": f"Bearer {token}"}
    answer = client.post("/api/runs", headers=headers)
    assert answer.status_code == status
    assert run_iris(client) == []


def test_a_second_run_while_one_goes_is_a_409_and_records_nothing(client, tmp_path):
    with national_run.one_at_a_time(tmp_path):  # a run going on in another thread or process
        answer = client.post("/api/runs", headers=ADMIN)
    assert answer.status_code == 409 and "in progress" in answer.text
    assert run_iris(client) == []
    assert client.post("/api/runs", headers=ADMIN).status_code == 201


@pytest.mark.parametrize(
    ("value", "every"),
    [
        ("1d", timedelta(days=1)),
        ("6h", timedelta(hours=6)),
        ("30m", timedelta(minutes=30)),
        (" 90s ", timedelta(seconds=90)),
        ("", None),
    ],
)
def test_the_schedule_is_read_from_the_environment(value, every):
    assert schedule.interval({schedule.EVERY: value}) == every
    assert schedule.interval({}) is None


@pytest.mark.parametrize("value", ["1", "d", "0h", "1.5h", "1w", "-1d", "1d2h"])
def test_a_malformed_schedule_is_refused_by_name(value):
    with pytest.raises(InputError, match=r"^\$NDSGRAPH_FULL_RUN_EVERY is"):
        schedule.interval({schedule.EVERY: value})


def test_only_one_process_of_a_server_schedules(store, tmp_path):
    first = schedule.start(store, tmp_path, timedelta(days=1))
    assert first is not None and first.is_alive()
    assert schedule.start(store, tmp_path, timedelta(days=1)) is None  # the lock is taken


def test_a_dry_run_takes_an_optional_submitter_token(tmp_path):
    """With its token, a submitter's dry run is judged as replacing its current version (and
    held to the submission's scope, so its reference data must know the submitter); a token
    that is not one is refused, not ignored."""
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    client = create_app(store, ServerSettings(write_token=TOKEN, home=tmp_path)).test_client()
    upload = {"data": PORTFOLIO.read_bytes(), "content_type": "text/turtle"}
    assert client.post("/api/validate", **upload).status_code == 200
    token = Registry.at(tmp_path).issue(Submitter(GM0363))
    mine = client.post("/api/validate", headers={"Authorization": f"Bearer {token}"}, **upload)
    assert mine.status_code == 200 and mine.json["stored"] is False
    wrong = client.post("/api/validate", headers={"Authorization": "Bearer wrong"}, **upload)
    assert wrong.status_code == 403


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/runs?x=1", "x"),
        ("/api/imports/archimate?as=gm0363", "as"),  # imported it as the admin's, silently
        ("/api/imports/internetnl?domains=d.csv", "domains"),
        ("/api/imports/api-register?day=2026-01-01", "day"),
        ("/api/validate?policy=none", "policy"),
    ],
)
def test_a_write_refuses_a_parameter_it_does_not_read_by_name(client, store, path, parameter):
    before = len(store.graphs())
    answer = client.post(path, headers=ADMIN, data=b"", content_type="application/xml")
    assert answer.status_code == 400 and f"parameter '{parameter}'" in answer.text, answer.text
    assert len(store.graphs()) == before  # nothing ran, nothing stored


def test_a_write_refuses_a_parameter_given_twice(client):
    answer = client.post("/api/imports/api-register?date=2026-01-01&date=2026-02-01", headers=ADMIN)
    assert answer.status_code == 400 and "'date'" in answer.text, answer.text


def test_a_submission_refuses_a_parameter_it_does_not_read(client, tmp_path):
    token = Registry.at(tmp_path).issue(Submitter(GM0363))
    answer = client.post(
        "/api/submissions?dryRun=true",
        headers={"Authorization": f"Bearer {token}"},
        data=PORTFOLIO.read_bytes(),
        content_type="text/turtle",
    )
    assert answer.status_code == 400 and "parameter 'dryRun'" in answer.text, answer.text
