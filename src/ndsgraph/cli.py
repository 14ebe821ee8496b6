"""The ``ndsgraph`` command: a thin layer over the library.

Every failure ends in one line on stderr and a non-zero exit, never a traceback: 2 for bad
input, 1 for a refusal or a failing store or file, 70 for a bug (set $NDSGRAPH_DEBUG to see
its traceback). A reader that stops early (``ndsgraph export | head``) ends it quietly. A
command with --lang says what it did, and a failure whose message has a Dutch wording, in that
language (``summaries``); the others speak English.
"""

import argparse
import csv
import importlib.metadata
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

import pyoxigraph as ox

from ndsgraph import (
    config,
    generate,
    leg_uit,
    reason,
    server_client,
    summaries,
    terms,
    validation,
)
from ndsgraph.errors import InputError, NdsgraphError, NotAllowed, StoreInUse, Unavailable
from ndsgraph.intake import ingest, rdfio
from ndsgraph.intake.submissions import Submissions
from ndsgraph.intake.submitters import Registry, Submitter, known
from ndsgraph.leg_uit import pdf
from ndsgraph.names import DEFAULT_LANGUAGE, LANGUAGES
from ndsgraph.register import kpi, national_run, selection
from ndsgraph.sparql import queries, results, sparql_text
from ndsgraph.sparql.named import term_names as named_terms
from ndsgraph.store import GraphContent, Store, Term, bundled, snapshot
from ndsgraph.validation import findings, frameworks
from ndsgraph.vocabulary import GRAPH, INFERRED_GRAPH

COMMANDS = "ndsgraph.commands"  # the entry point group of commands other packages add
EXIT_REFUSED = 1
EXIT_INPUT_ERROR = 2
EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as `git log | head` ends
# what `submit` says of an outcome, the same whether made here or by a server (its JSON)
SUBMISSION_OUTCOME = ("accepted", "graph", "version", "etag", "run", "quarantine")


def _store(args: argparse.Namespace, *, create: bool = False, reads: bool = False) -> Store:
    """The store named by --store; only the commands that fill a store may create it. A
    command that only ``reads`` may read a serving server's snapshot, and says so."""
    store = config.open_store(args.store, create=create, read_only=reads)
    if store.taken is not None:
        taken = f"{store.taken:%Y-%m-%d %H:%M:%S}"
        _say(args, "snapshot", store=args.store, taken=taken)
    return store


def _language_of(args: argparse.Namespace | None) -> str:
    """The language the command's lines are in: its --lang, English for a command without."""
    return getattr(args, "lang", "en")


def _say(args: argparse.Namespace, key: str, **values: object) -> None:
    """A line about what the command did, on stderr, in its language (``summaries``)."""
    print(summaries.say(key, _language_of(args), **values), file=sys.stderr)


def _server_holding(args: argparse.Namespace, error: StoreInUse) -> str:
    """The URL of the running server whose hold on the store made opening it fail; if none
    announced itself, the store's own ``error`` stands."""
    url = server_client.serving(args.store)
    if url is None:
        raise error
    return url


def _writable(args: argparse.Namespace, *, create: bool = False) -> Store | server_client.Server:
    """The store to write to or, while a running server holds it, that server, asked with the
    command's --token; without one, a one-line error that gives the command with it."""
    try:
        return _store(args, create=create)
    except StoreInUse as error:
        url = _server_holding(args, error)
        if not args.token:
            command = f"ndsgraph {shlex.join(args.argv)} --token TOKEN"
            raise StoreInUse(
                f"a server at {url} holds the store at {args.store}; to write through it, "
                f"give {args.token_for}: {command}"
            ) from None
        return server_client.Server(url, args.token)


def _local(args: argparse.Namespace, instead: str, *, create: bool = False) -> Store:
    """The store, for a write that cannot go through a server; while one holds the store, a
    one-line error that says what to do ``instead``."""
    try:
        return _store(args, create=create)
    except StoreInUse as error:
        url = _server_holding(args, error)
        raise StoreInUse(f"a server at {url} holds the store at {args.store}: {instead}") from None


def _graph_contents(files: list[Path], graph: str | None) -> dict[str, GraphContent]:
    """The named graphs that files hold, all parsed before anything is written."""
    contents: dict[str, GraphContent] = {}
    for path in files:
        data = rdfio.read_file(path)
        fmt = rdfio.format_for_path(path)
        quads = rdfio.parse(data, fmt, source=str(path))
        if fmt.supports_datasets:
            by_graph: dict[str, list[ox.Triple]] = {}
            for quad in quads:
                if isinstance(quad.graph_name, ox.DefaultGraph):
                    raise InputError(
                        f"{path}: triples outside a named graph; use --graph with a triple format"
                    )
                by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
            contents.update({g: GraphContent(t, bundled.sha256(data)) for g, t in by_graph.items()})
        else:
            name = graph or GRAPH[path.stem].value
            contents[name] = GraphContent([q.triple for q in quads], bundled.sha256(data))
    return contents


def cmd_load(args: argparse.Namespace) -> int:
    if not args.files:
        store = _local(args, "it loads the bundled data when it starts: restart it", create=True)
        loaded = list(bundled.load_bundled(store, force=args.force))
        changed = [r for r in loaded if r.changed]
        print(
            f"{len(changed)} of {len(loaded)} bundled graphs (re)loaded, {len(loaded) - len(changed)} unchanged"
        )
        for result in changed:
            print(f"  {result.graph}  {result.triples} triples")
        return 0
    if args.bulk:
        if len(args.files) != 1 or not args.graph:
            raise InputError("--bulk takes one triple-format file and --graph")
        path = args.files[0]
        fmt, content_hash = rdfio.format_for_path(path), bundled.sha256(rdfio.read_file(path))
        store = _local(args, "stop it for a bulk load, or load without --bulk", create=True)
        size = store.bulk_replace(args.graph, path, fmt, content_hash)
        print(f"{args.graph}  {size} triples (bulk)")
        return 0
    contents = _graph_contents(args.files, args.graph)
    target = _writable(args, create=True)
    sizes = (
        server_client.put_graphs(target, {g: c.triples for g, c in contents.items()})
        if isinstance(target, server_client.Server)
        else target.replace_graphs(contents)
    )
    for graph, size in sizes.items():
        print(f"{graph}  {size} triples")
    return 0


def _query(args: argparse.Namespace, store: Store) -> tuple[str, dict[ox.Variable, Term] | None]:
    """The query to run, and the values bound to its parameters if it is a stored one (a run
    named by its IRI or its graph, an unknown one refused)."""
    if [bool(args.query), bool(args.file), bool(args.stored)].count(True) != 1:
        raise InputError("give a query string, --file QUERY.rq or --stored NAME (one of them)")
    if args.param and not args.stored:
        raise InputError("--param binds the parameters of a --stored query")
    if args.stored:
        stored = queries.stored(args.stored)
        # an organisation by its IRI or its code, as over HTTP
        values = selection.with_organisations(store, args.stored, _pairs(args.param).items())
        stored.bind(values)  # malformed values are refused before the store is asked
        return stored.text, stored.bind(queries.resolved(store, stored, values))
    if args.query:
        return args.query, None
    data = rdfio.read_file(args.file)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{args.file}: line {line}: not UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8"
        ) from None


def cmd_query(args: argparse.Namespace) -> int:
    store = _store(args, reads=True)
    text, bound = _query(args, store)
    # the endpoint's rule: SERVICE reaches only the endpoints $NDSGRAPH_SERVICE_ALLOW lists
    sparql_text.check_nesting(text)
    sparql_text.check_service(text, config.service_allow())
    result = store.query(text, substitutions=bound)
    sys.stdout.buffer.write(results.render(result, args.format, store, args.lang))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    scoped = [
        (o, v) for o in ("graph", "organisation", "building_block") if (v := getattr(args, o))
    ]
    if args.format == "archimate":
        return _export_archimate(args, scoped)
    if scoped:
        option = "--" + scoped[0][0].replace("_", "-")
        raise InputError(f"{option} takes --format archimate")
    fmt = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}[args.format]
    store = _store(args, reads=True)
    if args.output:
        store.dump_to(args.output, fmt)  # written as it is read, not held in memory
    else:
        sys.stdout.buffer.write(store.dump(fmt))
    return 0


def _export_archimate(args: argparse.Namespace, scoped: list[tuple[str, str]]) -> int:
    """The national picture, or one organisation's, building block's or imported model's, as an
    ArchiMate exchange file."""
    from ndsgraph.archimate import exporting, writing

    if len(scoped) > 1:
        raise InputError("give one of --graph, --organisation and --building-block, or none")
    store = _store(args, reads=True)
    option, value = scoped[0] if scoped else ("national", None)
    model = {
        "national": lambda: exporting.national(store),
        "graph": lambda: exporting.imported(store, value),
        "organisation": lambda: exporting.organisation(store, value),
        "building_block": lambda: exporting.building_block(store, value),
    }[option]()
    data = writing.write(model)
    if args.output:
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


STATS_HEADERS = {
    "nl": (("graaf", "naam", "triples"), ("klasse", "naam", "instanties")),
    "en": (("graph", "name", "triples"), ("class", "name", "instances")),
}


def cmd_stats(args: argparse.Namespace) -> int:
    """Triples per graph and instances per class, each graph and class named in ``--lang``
    beside its IRI (the classes were IRIs alone: "https://w3id.org/ndsgraph/def/Adoption")."""
    store = _store(args, reads=True)
    graphs = store.graphs()
    classes = [
        (row["class"].value, row["instances"].value)
        for row in queries.run(store, queries.stored("instances-per-class"))
    ]
    named = named_terms(store, {*graphs, *(c for c, _ in classes)}, args.lang)
    graph_headers, class_headers = STATS_HEADERS[args.lang]
    in_graphs = "benoemde grafen" if args.lang == "nl" else "named graphs"
    print(f"{sum(graphs.values())} triples in {len(graphs)} {in_graphs}\n")
    print(
        results.table_from_rows(
            list(graph_headers), [[g, named.get(g, ""), str(n)] for g, n in graphs.items()]
        )
    )
    sys.stdout.write(
        results.table_from_rows(list(class_headers), [[c, named.get(c, ""), n] for c, n in classes])
    )
    return 0


def cmd_reason(args: argparse.Namespace) -> int:
    store = _local(args, "stop it to reason over the store")
    if args.drop:
        reason.drop(store)
        print("inferred graph dropped")
        return 0
    size = reason.materialise(store, args.profile, args.engine)
    print(f"{size} inferred triples ({args.profile}, {args.engine}) in {INFERRED_GRAPH.value}")
    return 0


def _pairs(values: list[str]) -> dict[str, str]:
    pairs = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"--param takes name=value, got '{item}'")
        pairs[name] = value
    return pairs


def _whole_store_run(args: argparse.Namespace) -> int:
    """The national run (every framework), made here or by the server that holds the store."""
    target = _writable(args)
    if isinstance(target, server_client.Server):
        counts, rows = server_client.whole_store_run(target)
        found = findings.from_rows(rows)
    else:
        summary = national_run.run(target, config.home_for(args.store))
        counts, found = summary.counts(), list(summary.findings)
    # a server's store is named by its snapshot (its data, which a run does not change)
    named_by = target if isinstance(target, Store) else _store(args, reads=True)
    sys.stdout.write(selection.written(named_by, found, args.format, args.lang))
    verdict = summaries.say("conforms" if counts["conforms"] else "does not conform", args.lang)
    _say(
        args,
        "run",
        findings=counts["findings"],
        unexplained=counts["unexplained"],
        verdict=verdict,
        run=counts["run"],
    )
    return 0 if counts["conforms"] else 1


def cmd_validate(args: argparse.Namespace) -> int:
    custom = bool(args.framework or args.shapes or args.param or args.date)
    if not (args.files or args.dry_run or custom):  # the register's own whole-store run
        return _whole_store_run(args)
    about = None
    if args.files:
        _refuse_archimate(args.files)
        data, input_hash = validation.read_files(args.files)
        about = {
            str(s) for s in data.subjects()
        }  # judge the files, not the context they are read in
        # no store: the files and what they refer to
        named_by = validation.naming_store(q.triple for q in terms.quads(data))
        data += validation.reference_context()
    else:  # opened after the files are read, so that a bad file is reported before a missing store
        named_by = _store(args, reads=True)
        data, input_hash = snapshot.asserted(named_by)
    outcome = validation.validate(
        data,
        input_hash,
        chosen=frameworks.select(args.framework),
        extra_shapes=args.shapes,
        overrides=_pairs(args.param),
        reference_date=args.date,
        about=about,
    )
    sys.stdout.write(selection.written(named_by, outcome.findings, args.format, args.lang))
    unexplained = sum(not f.explained for f in outcome.findings)
    why = summaries.say("files judged" if args.files else "not recorded", args.lang)
    if custom and not args.files and not args.dry_run:
        why += summaries.say("judged otherwise", args.lang)
    verdict = summaries.say("conforms" if outcome.conforms else "does not conform", args.lang)
    _say(
        args,
        "judged",
        findings=len(outcome.findings),
        unexplained=unexplained,
        verdict=verdict,
        why=why,
    )
    return 0 if outcome.conforms else 1


def _refuse_archimate(paths: list[Path]) -> None:
    """An ArchiMate exchange file is no RDF/XML: its model is read with what a store knows (the
    mapping), by the import, not by a validation of files."""
    from ndsgraph.archimate import reading

    for path in paths:
        if path.suffix.lower() == ".xml" and reading.is_exchange_file(rdfio.read_file(path)):
            raise InputError(
                f"{path}: an ArchiMate exchange file: use `ndsgraph import archimate {path} "
                "--as ORG` (it is validated as ORG's submission; POST /api/validate for a dry run)"
            )


# the register's filters as ``ndsgraph register`` spells them (--organisation-type)
REGISTER_OPTIONS = {
    **{name: name for name in selection.FILTERS if name != "at"},  # --at: see cmd_register
    "organisationType": "organisation_type",
    "expiringWithin": "expiring_within",
    "expiringBy": "expiring_by",
    "firstSeenBefore": "first_seen_before",
}


def _filters(args: argparse.Namespace) -> dict[str, str]:
    """The register's filters given on the command line, spelled as in the page's address."""
    given = {name: getattr(args, option) for name, option in REGISTER_OPTIONS.items()}
    if given["explained"] is not None:
        given["explained"] = "true" if given["explained"] else "false"
    return {name: value for name, value in given.items() if value is not None}


def _option(name: str) -> str:
    return "--" + REGISTER_OPTIONS[name].replace("_", "-")


def cmd_register(args: argparse.Namespace) -> int:
    store = _store(args, reads=True)
    values = selection.parameters(store, _filters(args), date.today(), _option)
    values.update(kpi.as_of(store, args.run, args.at))
    pairs = tuple(values.items())
    if args.limit is None and args.after is None:
        sys.stdout.write(selection.text(store, pairs, args.format, args.lang))
        return 0
    limit = args.limit or selection.PAGE
    written, following = selection.page_text(
        store, pairs, args.format, args.lang, limit, args.after, "--after"
    )
    sys.stdout.write(written)
    if following:
        _say(args, "next page", after=following)
    else:
        _say(args, "last page")
    return 0


def cmd_kpi(args: argparse.Namespace) -> int:
    store = _store(args, reads=True)
    chosen = args.kpi or list(kpi.KPIS)
    computed = {
        "adoption": lambda: kpi.adoption(store, args.evidence),
        "deviations": lambda: kpi.deviations(store, args.run, args.at),
        "variants": lambda: kpi.variants(
            store, args.since, args.at or args.run, ("--since", "--run" if args.run else "--at")
        ),
        "standards": lambda: kpi.standards(store, args.at, args.evidence),
    }
    for name in chosen:
        for result in computed[name]():
            named = result.named(store, args.lang)
            shown = named.shown(args.lang)
            print(f"== {shown.title}\n   query: {result.source}")
            if args.format == "csv":  # the columns as the query names them, for scripts
                writer = csv.writer(sys.stdout)
                writer.writerow(named.columns)
                writer.writerows(named.rows)
            else:
                sys.stdout.write(results.table_from_rows(shown.columns, shown.rows))
            print()
    return 0


LEG_UIT_FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text"}


def cmd_leg_uit(args: argparse.Namespace) -> int:
    """The statement as text, HTML or PDF (default: by -o's suffix, else text)."""
    form = args.format or LEG_UIT_FORMATS.get(
        args.output.suffix.lower() if args.output else "", "text"
    )
    year = leg_uit.checked_year(args.year, called="--year")
    if form == "pdf" and args.output is None and sys.stdout.isatty():
        raise InputError("a PDF is not for the terminal: give -o FILE (or redirect the output)")
    if form == "pdf" and (missing := pdf.unavailable()):
        raise Unavailable(missing)
    store = _store(args, reads=True)
    document = leg_uit.document(leg_uit.statement(store, args.organisation, year, args.lang))
    written = {
        "text": lambda: leg_uit.text(document).encode(),
        "html": lambda: leg_uit.html(document).encode(),
        "pdf": lambda: pdf.render(leg_uit.html(document)),
    }[form]()
    if args.output is None:
        sys.stdout.buffer.write(written)
    else:
        args.output.write_bytes(written)
        _say(args, "wrote", path=args.output, form=form, size=len(written))
    return 0


def _registry(args: argparse.Namespace) -> Registry:
    return Registry(config.home_for(args.store) / "submitters.json")


def cmd_submitters(args: argparse.Namespace) -> int:
    registry = _registry(args)
    if args.action in ("add", "revoke") and not args.iri:
        raise InputError(f"submitters {args.action} needs the organisation's or partner's IRI")
    if args.action == "add":
        submitter = known(args.iri, "partner" if args.partner else "organisation")
        print(f"token for {args.iri} (shown once): {registry.issue(submitter)}")
    elif args.action == "revoke":
        print(f"{registry.revoke(args.iri)} token(s) revoked for {args.iri}")
    else:
        for entry in registry.list():
            print(f"{entry['iri']}  {entry['kind']}  issued {entry['issued']}")
    return 0


def cmd_submit(args: argparse.Namespace) -> int:
    submitter = known(args.as_, "partner" if args.partner else "organisation")
    data = rdfio.read_file(args.file)
    media_type = (
        "text/csv"
        if args.file.suffix.lower() == ".csv"
        else rdfio.format_for_path(args.file).media_type
    )
    triples = ingest.read_upload(data, media_type, source=str(args.file))
    outcome, found = _submission(args, submitter, data, media_type, lambda _: triples)
    # named by the upload and the reference data, made here or by a server
    named_by = validation.naming_store(triples)
    sys.stdout.write(selection.written(named_by, found, args.format, args.lang))
    return _submitted(args, outcome)


def _submission(
    args: argparse.Namespace,
    submitter: Submitter,
    data: bytes,
    media_type: str,
    triples: Callable[[Store], list[ox.Triple]],
) -> tuple[dict, list[findings.Finding]]:
    """A submission made here or through the server that holds the store: its outcome (as
    the server's JSON says it) and findings; ``triples`` reads the upload with the store."""
    target = _writable(args)
    if isinstance(target, server_client.Server):
        outcome = _submit_through(target, args, submitter.iri, data, media_type)
        return outcome, [findings.recorded(f) for f in outcome["findings"]]
    submitted = Submissions(
        target, config.home_for(args.store), args.policy or "violations"
    ).submit(submitter, triples(target))
    return {k: getattr(submitted, k) for k in SUBMISSION_OUTCOME}, submitted.findings


def _submitted(args: argparse.Namespace, outcome: dict) -> int:
    """Say on stderr what became of a submission: 0 if accepted, 1 if not."""
    if outcome["accepted"]:
        kept = ("graph", "version", "etag", "run")
        _say(args, "accepted", **{k: outcome[k] for k in kept})
        return 0
    _say(args, "rejected", quarantine=outcome["quarantine"])
    return 1


def _submit_through(
    server: server_client.Server, args: argparse.Namespace, iri: str, data: bytes, media_type: str
) -> dict:
    """A submission through the server that holds the store, with the submitter's own token."""
    if args.policy is not None:
        raise InputError(
            f"the server at {server.url} applies its own policy ($NDSGRAPH_SUBMISSION_POLICY): "
            "submit without --policy"
        )
    holder = _registry(args).identify(server.token)
    if holder is not None and holder.iri != iri:
        raise NotAllowed(f"the token given is {holder.iri}'s, not {iri}'s")
    return server_client.submit(server, data, media_type)


def cmd_import_reference(args: argparse.Namespace) -> int:
    from ndsgraph import importers

    for path in importers.run_all(args.reference, args.seeds, args.out):
        print(path)
    return 0


def cmd_import_internetnl(args: argparse.Namespace) -> int:
    from ndsgraph.importers import internetnl

    batches, mapping = internetnl.read_files(args.files, args.domains)  # checked before writing
    target = _writable(args)
    if isinstance(target, server_client.Server):
        files = [(path.name, rdfio.read_file(path)) for path in args.files]
        domains = (args.domains.name, rdfio.read_file(args.domains))
        summary = server_client.import_internetnl(target, files, domains)
    else:
        home = config.home_for(args.store)
        summary = internetnl.import_batches(target, home, batches, mapping).as_json()
    _print_import(summary, args.lang)
    return 0


def _print_import(summary: dict, language: str) -> None:
    """An import's summary, in ``language``."""
    verdicts = summary["verdicts"]
    unknown = [f"{d} ({o})" for d, o in summary["unknownOrganisations"].items()]
    lines = [
        summaries.say("measured domains", language, count=summary["measured"]),
        summaries.say("conforming", language, count=verdicts["voldoet"]),
        summaries.say("not conforming", language, count=verdicts["voldoet-niet"]),
        summaries.listed("unmapped", summary["unmapped"], language),
        summaries.listed("organisation unknown", unknown, language),
        summaries.listed("not measured", summary["notMeasured"], language),
        *(summaries.say("graph", language, graph=g) for g in summary["graphs"]),
        *(summaries.say("import run", language, run=r) for r in summary["runs"]),
    ]
    print("\n".join(lines))


def cmd_import_api_register(args: argparse.Namespace) -> int:
    from ndsgraph.importers import api_register

    data = rdfio.read_file(args.file)
    api_register.read(data, str(args.file))  # a bad file is named here, not by a server
    target = _writable(args)
    if isinstance(target, server_client.Server):
        day = {"date": args.date.isoformat()}
        outcome = server_client.import_source(target, "api-register", data, day)
    else:
        home = config.home_for(args.store)
        outcome = api_register.import_register(
            target, home, data, source=str(args.file), day=args.date
        ).as_json()
    for organisation, count in outcome["unknownOrganisations"].items():
        _say(args, "skipped", count=count, organisation=organisation)
    kept = ("graph", "apis", "measurements", "skipped", "run", "findings")
    unknown = len(outcome["unknownOrganisations"])
    print(
        summaries.say("api register", args.lang, unknown=unknown, **{k: outcome[k] for k in kept})
    )
    return 0


def cmd_import_archimate(args: argparse.Namespace) -> int:
    from ndsgraph.archimate import importing

    data = rdfio.read_file(args.file)
    source = str(args.file)
    importing.read(data, source)  # a bad file is named here, not by a store or server
    if args.as_:
        submitter = known(args.as_, "partner" if args.partner else "organisation")

        def triples(store: Store) -> list[ox.Triple]:
            return ingest.read_upload(
                data, importing.MEDIA_TYPE, source=source, store=store, submitter=submitter.iri
            )

        outcome, found = _submission(args, submitter, data, importing.MEDIA_TYPE, triples)
        print(outcome["graph"])
        _say(args, "findings", count=len(found))
        return _submitted(args, outcome)
    target = _writable(args)
    if isinstance(target, server_client.Server):
        summary = server_client.import_source(target, "archimate", data, {})
    else:
        home = config.home_for(args.store)
        summary = importing.import_model(target, home, data, source=source).as_json()
    print(summary["graph"])
    kept = ("elements", "relationships", "views", "recognised", "became", "run", "findings")
    _say(args, "archimate", **{k: summary[k] for k in kept})
    return 0


def cmd_archimate_roundtrip(args: argparse.Namespace) -> int:
    """Import an exchange file into a throwaway store holding the bundled data, export it back
    and print what differs; exit 1 if anything does."""
    import tempfile

    from ndsgraph.archimate import roundtrip
    from ndsgraph.store import OxigraphStore

    data = rdfio.read_file(args.file)
    store = OxigraphStore()
    for _ in bundled.load_bundled(store, progress=False):
        pass
    with tempfile.TemporaryDirectory() as home:
        outcome = roundtrip.roundtrip(store, Path(home), data, source=str(args.file))
    if args.output:
        args.output.write_bytes(outcome.exported)
    summary = outcome.summary
    print(
        f"{args.file}: {summary['elements']} elements, {summary['relationships']} relationships, "
        f"{summary['views']} views; {summary['recognised']} recognised as what ndsgraph knows"
    )
    for difference in outcome.differences:
        print(f"  {difference}")
    if outcome.differences:
        print(f"{len(outcome.differences)} differences after import and export")
        return 1
    print("no differences: the export holds the model that came in")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    print(generate.write(args.out, size=args.size, seed=args.seed))
    return 0


class _Parser(argparse.ArgumentParser):
    """Usage mistakes on one line too, pointing to the help instead of printing the usage."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT_ERROR, f"ndsgraph: error: {message} (see `{self.prog} --help`)\n")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): '{text}'") from None


def _iri(text: str) -> str:
    """An absolute IRI, refused where it was typed rather than deep in a query."""
    try:
        ox.NamedNode(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an absolute IRI: '{text}'") from None
    return text


def _page_size(text: str) -> int:
    """A page's size: 1 to ``selection.PAGE`` findings, refused where it was typed."""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= selection.PAGE:
        raise argparse.ArgumentTypeError(f"not a number of 1 to {selection.PAGE}: '{text}'")
    return int(text)


def _moment(text: str) -> str:
    """A date (YYYY-MM-DD) or a time (ISO 8601), refused where it was typed."""
    try:
        queries.moment(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM): '{text}'"
        ) from None
    return text


def _kpi_name(text: str) -> str:
    """A KPI's name (argparse's choices would list the empty default beside them)."""
    if text not in kpi.KPIS:
        raise argparse.ArgumentTypeError(f"no KPI '{text}' (choose from {', '.join(kpi.KPIS)})")
    return text


def _language(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang", default=DEFAULT_LANGUAGE, choices=LANGUAGES, help="names in this language"
    )


def _through_server(p: argparse.ArgumentParser, token_for: str) -> None:
    """A write command's --token: while a server holds the store, it writes through it."""
    p.add_argument(
        "--token",
        default=os.environ.get("NDSGRAPH_TOKEN"),
        help=f"while a server holds the store, write through it with {token_for} "
        "(default: $NDSGRAPH_TOKEN)",
    )
    p.set_defaults(token_for=token_for)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ndsgraph", description="The NDS architecture and portfolio compass as linked data."
    )
    parser.add_argument(
        "--store",
        default=config.store_location(),
        help="store directory, or a SPARQL server's URL (default: $NDSGRAPH_STORE or .ndsgraph/store)",
    )
    parser.set_defaults(added=None)  # the entry point of a command another package adds
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("load", help="load files into named graphs (no files: the bundled data)")
    p.add_argument("files", nargs="*", type=Path)
    p.add_argument("--graph", type=_iri, help="named graph for a single triple-format file")
    p.add_argument("--force", action="store_true", help="reload bundled graphs even if unchanged")
    p.add_argument(
        "--bulk",
        action="store_true",
        help="native bulk loader for a large first load: fast, not one transaction (see README)",
    )
    _through_server(p, "the server's write token")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("query", help="run a SPARQL query over the union of the named graphs")
    p.add_argument("query", nargs="?")
    p.add_argument("--file", type=Path)
    p.add_argument("--stored", metavar="NAME", help="a stored query (see /api/queries)")
    p.add_argument("--param", action="append", default=[], help="its parameter name=value")
    p.add_argument(
        "--format",
        default="table",
        choices=["table", *results.SOLUTION_FORMATS, *results.GRAPH_FORMATS],
    )
    _language(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser(
        "export",
        help="write every named graph as TriG or N-Quads, or a picture as an ArchiMate model",
    )
    p.add_argument("--format", default="trig", choices=["trig", "nquads", "archimate"])
    p.add_argument("-o", "--output", type=Path)
    scope = p.add_mutually_exclusive_group()
    scope.add_argument(
        "--graph", type=_iri, help="archimate: an imported model as it came in, with NDS facts"
    )
    scope.add_argument("--organisation", type=_iri, help="archimate: an organisation's landscape")
    scope.add_argument(
        "--building-block", type=_iri, help="archimate: a building block's dependency picture"
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("stats", help="triples per graph and instances per class")
    p.add_argument(
        "--lang", default=DEFAULT_LANGUAGE, choices=LANGUAGES, help="names in this language"
    )
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("reason", help="materialise an RDFS or OWL-RL closure into graph/inferred")
    p.add_argument("--profile", default="rdfs", choices=sorted(reason.PROFILES))
    p.add_argument(
        "--engine",
        default="owlrl",
        choices=reason.ENGINES,
        help="owlrl (reference), reasonable (Rust, OWL 2 RL profile only) or sparql (RDFS "
        "profile only, rule queries in Oxigraph); the last two are much faster",
    )
    p.add_argument("--drop", action="store_true", help="drop the inferred graph instead")
    p.set_defaults(func=cmd_reason)

    p = sub.add_parser("validate", help="validate files (or the store) against the frameworks")
    p.add_argument("files", nargs="*", type=Path, help="RDF files; none: the whole store")
    p.add_argument("--framework", action="append", help="only this framework (repeatable)")
    p.add_argument("--shapes", action="append", type=Path, default=[], help="extra SHACL file")
    p.add_argument("--param", action="append", default=[], help="framework parameter name=value")
    p.add_argument("--date", type=_iso_date, help="reference date (default: today)")
    p.add_argument("--format", default="table", choices=["table", "csv", "json", "html"])
    p.add_argument("--dry-run", action="store_true", help="do not record the run in the register")
    _language(p)
    _through_server(p, "the server's write token")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "register",
        help="the deviations register: now, as of a date, or after a run; narrowed by filters",
    )
    moment = p.add_mutually_exclusive_group()
    moment.add_argument("--at", type=_moment, help="as of this date (end of day, Dutch) or time")
    moment.add_argument("--run", type=_iri, help="right after this validation run (its IRI)")
    p.add_argument("--organisation", help="only this organisation's findings (its IRI or code)")
    p.add_argument(
        "--organisation-type", help="only organisations of this type (gemeente, ..., or its IRI)"
    )
    p.add_argument(
        "--framework", help="only this framework's findings (exit-by-design, ..., or its IRI)"
    )
    p.add_argument("--rule", help="only this rule's findings (its IRI)")
    p.add_argument("--severity", help="only this severity: Violation, Warning or Info (or its IRI)")
    explained = p.add_mutually_exclusive_group()
    explained.add_argument(
        "--explained", action="store_true", default=None, help="only the explained findings"
    )
    explained.add_argument(
        "--unexplained",
        dest="explained",
        action="store_false",
        help="only the unexplained findings",
    )
    p.add_argument(
        "--expiring-within", metavar="DAYS", help="only those whose deviation ends within DAYS"
    )
    p.add_argument(
        "--expiring-by", metavar="DATE", help="only those whose deviation ends on or before DATE"
    )
    p.add_argument(
        "--first-seen-before", metavar="DATE", help="only those first seen on or before DATE"
    )
    p.add_argument(
        "--limit",
        type=_page_size,
        help=f"a page of at most this many findings, in the register's order (at most "
        f"{selection.PAGE}; the next page's --after is printed on stderr)",
    )
    p.add_argument(
        "--after",
        metavar="FINDING",
        help="the page after this finding (the IRI of the last finding of the page before)",
    )
    p.add_argument("--format", default="table", choices=["table", "csv", "json", "html"])
    _language(p)
    p.set_defaults(func=cmd_register)

    p = sub.add_parser(
        "kpi",
        help="adoption rate, deviations, variants and measured adoption of the standards,"
        " with their queries",
    )
    p.add_argument(
        "kpi", nargs="*", type=_kpi_name, help=f"which KPIs: {', '.join(kpi.KPIS)} (default: all)"
    )
    moment = p.add_mutually_exclusive_group()
    moment.add_argument(
        "--at",
        type=_moment,
        help="deviations and measured adoption as of this date or time; the variants' change"
        " up to it",
    )
    moment.add_argument(
        "--run",
        type=_iri,
        help="deviations right after this validation run; the variants' change up to it",
    )
    p.add_argument(
        "--since",
        help="variant change since this date, time or run (default: the first run), up to --at"
        " or --run (default: now)",
    )
    p.add_argument(
        "--evidence",
        help="adoption and standards counting what is known this way only: "
        "zelf-gerapporteerd, register or gemeten",
    )
    p.add_argument("--format", default="table", choices=["table", "csv"])
    _language(p)
    p.set_defaults(func=cmd_kpi)

    p = sub.add_parser(
        "leg-uit",
        help="an organisation's leg uit statement for its annual report: per standard or "
        "building block it does not apply, its deviations and unexplained findings",
    )
    p.add_argument("organisation", metavar="ORG", help="its code (e.g. gm0034) or IRI")
    p.add_argument("--year", default=str(date.today().year), help="default: this year")
    p.add_argument("--format", choices=["text", "html", "pdf"], help="default: by -o, else text")
    p.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    p.add_argument("-o", "--output", type=Path, help="write here instead of to stdout")
    p.set_defaults(func=cmd_leg_uit)

    p = sub.add_parser("submitters", help="issue, revoke or list submitter tokens (admin)")
    p.add_argument("action", choices=["add", "revoke", "list"])
    p.add_argument("iri", nargs="?", help="the organisation or partner IRI (TOOI URI)")
    p.add_argument(
        "--partner", action="store_true", help="the submitter is an implementing partner"
    )
    p.set_defaults(func=cmd_submitters)

    p = sub.add_parser("submit", help="submit a portfolio file for an organisation or partner")
    p.add_argument("file", type=Path)
    p.add_argument("--as", dest="as_", required=True, help="the submitting organisation's IRI")
    p.add_argument("--partner", action="store_true", help="submit as an implementing partner")
    p.add_argument(
        "--policy",
        choices=["violations", "warnings", "none"],
        help="what rejects an upload (default: violations; a server applies its own)",
    )
    p.add_argument("--format", default="table", choices=["table", "csv", "json", "html"])
    p.add_argument(
        "--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="names in this language"
    )
    _through_server(p, "the submitter's token (`ndsgraph submitters add` issues one)")
    p.set_defaults(func=cmd_submit)

    p = sub.add_parser("import-reference", help="re-derive data/ from the public sources")
    p.add_argument("--reference", type=Path, default=Path("../shared/reference"))
    p.add_argument("--seeds", type=Path, default=Path("../shared/seeds"))
    p.add_argument("--out", type=Path, default=Path("data"))
    p.set_defaults(func=cmd_import_reference)

    p = sub.add_parser(
        "import", help="import measured sources, registers and ArchiMate models (admin)"
    )
    sources = p.add_subparsers(dest="source", required=True)
    q = sources.add_parser("internetnl", help="internet.nl batch results (API v1.1 or v2)")
    q.add_argument("files", nargs="+", type=Path, help="result files, one per web or mail batch")
    q.add_argument("--domains", required=True, type=Path, help="CSV: domain,organisation (its IRI)")
    _language(q)
    _through_server(q, "the server's write token")
    q.set_defaults(func=cmd_import_internetnl)
    s = sources.add_parser(
        "api-register", help="an API register export (developer.overheid.nl, JSON)"
    )
    s.add_argument("file", type=Path, help="the API records as GET /apis serves them")
    s.add_argument(
        "--date", type=_iso_date, default=date.today(), help="of the export (default: today)"
    )
    _language(s)
    _through_server(s, "the server's write token")
    s.set_defaults(func=cmd_import_api_register)
    a = sources.add_parser(
        "archimate", help="an ArchiMate model (Open Group exchange file, ArchiMate 3.x)"
    )
    a.add_argument("file", type=Path, help="the exchange file (.xml)")
    a.add_argument(
        "--as",
        dest="as_",
        type=_iri,
        help="the organisation whose model it is: then it is that organisation's submission",
    )
    a.add_argument("--partner", action="store_true", help="--as an implementing partner")
    a.add_argument(
        "--policy",
        choices=["violations", "warnings", "none"],
        help="with --as: what rejects it (default: violations; a server applies its own)",
    )
    _language(a)
    _through_server(a, "the server's write token, or with --as the submitter's token")
    a.set_defaults(func=cmd_import_archimate)

    p = sub.add_parser(
        "archimate-roundtrip",
        help="import an ArchiMate exchange file, export it back and print what differs",
    )
    p.add_argument("file", type=Path, help="the exchange file (.xml)")
    p.add_argument("-o", "--output", type=Path, help="where to write the export")
    p.set_defaults(func=cmd_archimate_roundtrip)

    p = sub.add_parser("generate", help="write the seeded example landscape")
    p.add_argument(
        "--size",
        default="example",
        choices=list(generate.SIZES),
        help="example (60 organisations, Turtle) or a national size (all organisations; use .nt)",
    )
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--out", type=Path, default=Path("data/example-landscape.ttl"))
    p.set_defaults(func=cmd_generate)

    for name, entry in _added_commands().items():  # their arguments: see _added_arguments
        p = sub.add_parser(name, help=f"added by {entry.module}", add_help=False)
        p.set_defaults(added=entry)
    return parser


def _fail(message: str, code: int) -> int:
    """One line on stderr, however many lines the message had."""
    print(" ".join(message.split()), file=sys.stderr)
    return code


def _os_error(error: OSError) -> str:
    """An OSError as ``path: reason``, the way rdfio reports files it cannot read."""
    if error.filename is not None and error.strerror:
        return f"{error.filename}: {error.strerror}"
    return str(error)


def _reader_gone() -> int:
    """The reader of our output has stopped (``| head``): end quietly, without the
    interpreter's own complaint when it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_BROKEN_PIPE


def _added_commands() -> dict[str, importlib.metadata.EntryPoint]:
    """Commands other packages add (the server adds ``serve``): entry points of the group
    ``COMMANDS``, each a function that sets up an argument parser for its command, and
    loaded only when its command runs, so that the others start without the web layer."""
    return {e.name: e for e in importlib.metadata.entry_points(group=COMMANDS)}


def _added_arguments(args: argparse.Namespace, rest: list[str]) -> argparse.Namespace:
    """The arguments of an added command, read by the parser its entry point sets up."""
    parser = _Parser(prog=f"ndsgraph {args.command}")
    args.added.load()(parser)
    return parser.parse_args(rest, namespace=args)


def main(argv: Sequence[str] | None = None) -> int:
    args = None  # until the command line is read, its lines are English
    try:
        parser = build_parser()
        args, rest = parser.parse_known_args(argv)
        if args.added is not None:
            args = _added_arguments(args, rest)
        elif rest:
            parser.error(f"unrecognized arguments: {' '.join(rest)}")
        args.argv = list(sys.argv[1:] if argv is None else argv)  # to say how to run it again
        code = args.func(args)
        sys.stdout.flush()  # a reader that has gone shows here, not at the interpreter's exit
        return code
    except BrokenPipeError:
        return _reader_gone()
    except InputError as error:
        return _fail(summaries.error(error, _language_of(args)), EXIT_INPUT_ERROR)
    except NdsgraphError as error:  # refusals (scope, version) and store failures
        return _fail(summaries.error(error, _language_of(args)), EXIT_REFUSED)
    except OSError as error:  # a file that cannot be written, a SERVICE that cannot be reached
        return _fail(f"ndsgraph: error: {_os_error(error)}", EXIT_REFUSED)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: still one line, unless asked for the traceback
        if os.environ.get("NDSGRAPH_DEBUG"):
            raise
        return _fail(
            f"ndsgraph: internal error: {type(error).__name__}: {error} (please report)",
            EXIT_INTERNAL_ERROR,
        )
