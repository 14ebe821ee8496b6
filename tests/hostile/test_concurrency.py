"""Concurrent submitters lose no update: of writers that read the same version and send it as
If-Match, exactly one wins and the others get 412; every accepted version is in the history,
and the stored graph is the last accepted version."""

import json
import threading
import urllib.parse

import pyoxigraph as ox

from ndsgraph.intake.submissions import slug

from .conftest import ALMERE, UTRECHT, Attacker
from .test_scope import current_etag, portfolio, submit

WRITERS = 3  # per submitter and round
ROUNDS = 2


def stored_graph(attacker: Attacker, who: str) -> set[ox.Triple]:
    """The submitter's graph as the store holds it, without the graph's own description."""
    graph = json.loads(attacker.call(f"/api/submissions/{slug(who)}").text)["graph"]
    answer = attacker.call(
        "/data?" + urllib.parse.urlencode({"graph": graph}),
        headers={"Accept": "application/n-triples", "Cache-Control": "no-cache"},
    )
    assert answer.status == 200, answer.text
    triples = ox.parse(answer.text.encode(), ox.RdfFormat.N_TRIPLES)
    return {q.triple for q in triples if q.subject != ox.NamedNode(graph)}


def version(attacker: Attacker, who: str, number: int) -> set[ox.Triple]:
    answer = attacker.call(f"/api/submissions/{slug(who)}/versions/{number}")
    assert answer.status == 200, answer.text
    return {q.triple for q in ox.parse(answer.text.encode(), ox.RdfFormat.N_TRIPLES)}


def race(attacker: Attacker, codes: dict[str, str], label: str) -> list[tuple[str, int, str]]:
    """WRITERS writers per submitter read its current ETag, then submit at the same moment,
    each with that ETag as If-Match; their (submitter, status, answer) in any order."""
    read = {who: current_etag(attacker, who) for who in codes}
    start = threading.Barrier(WRITERS * len(codes))
    outcomes: list[tuple[str, int, str]] = []
    lock = threading.Lock()

    def write(who: str, writer: int) -> None:
        body = portfolio(codes[who], label=f"{label} schrijver {writer}")
        start.wait()
        answer = submit(attacker, who, body, headers={"If-Match": read[who]})
        with lock:
            outcomes.append((who, answer.status, answer.text))

    threads = [
        threading.Thread(target=write, args=(who, writer))
        for who in codes
        for writer in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_if_match_writers_lose_no_update(attacker):
    codes = {UTRECHT: "gm0344", ALMERE: "gm0034"}
    for who, code in codes.items():  # each has a version to compete for
        assert submit(attacker, who, portfolio(code)).status == 201
    accepted: dict[str, list[tuple[int, str]]] = {who: [] for who in codes}
    for round_ in range(ROUNDS):
        outcomes = race(attacker, codes, f"Website ronde {round_}")
        assert all(status < 500 for _, status, _ in outcomes), outcomes
        for who in codes:
            statuses = sorted(status for w, status, _ in outcomes if w == who)
            assert statuses == [201] + [412] * (WRITERS - 1), (who, outcomes)
            won = next(json.loads(t) for w, status, t in outcomes if w == who and status == 201)
            accepted[who].append((won["version"], won["etag"]))
            assert current_etag(attacker, who) == f'"{won["etag"]}"'
    for who in codes:
        history = {
            (v["version"], v["etag"])
            for v in json.loads(attacker.call(f"/api/submissions/{slug(who)}/versions").text)
        }
        assert set(accepted[who]) <= history
        last = max(accepted[who])[0]
        assert stored_graph(attacker, who) == version(attacker, who, last)
