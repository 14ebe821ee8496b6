"""The statement in words, Dutch or English: the one place its sentences are written, so
that the HTML, the PDF and the text say the same. Each paragraph is a row of spans, so that
words recorded in another language (a Dutch motivation in an English statement) keep their
own language tag."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ndsgraph.leg_uit.content import Deviation, ExitPlan, Finding, Part, Source, Statement, Thing
from ndsgraph.names import day
from ndsgraph.sparql.queries import LOCAL_TIME
from ndsgraph.vocabulary import NDSG

STANDARD, BUILDING_BLOCK = NDSG.Standard.value, NDSG.BuildingBlock.value
SEVERITIES = {
    "nl": {"Violation": "overtreding", "Warning": "waarschuwing", "Info": "informatie"},
    "en": {"Violation": "violation", "Warning": "warning", "Info": "information"},
}


@dataclass(frozen=True)
class Span:
    text: str
    language: str | None = None  # None: the statement's own language
    strong: bool = False  # what an item is about, to find it when scanning the page


Paragraph = tuple[Span, ...]


@dataclass(frozen=True)
class Section:
    """One standard, building block or rule: what it is, and the paragraphs about it."""

    heading: str
    about: str
    lead: Paragraph
    deviations_heading: str
    deviations: tuple[Paragraph, ...]
    findings_heading: str
    findings: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Document:
    language: str
    title: str
    organisation: str
    intro: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    source_heading: str
    sources: tuple[Paragraph, ...]
    warning: Paragraph | None  # the data are fictitious
    page: tuple[str, str]  # "pagina", "van": the PDF's page numbers


def _t(language: str, nl: str, en: str) -> str:
    return en if language == "en" else nl


def moment(value: datetime, language: str) -> str:
    """A time as Dutch clocks show it: 30 november 2026, 14:35."""
    local = value.astimezone(LOCAL_TIME)
    return f"{day(local.date(), language)}, {local:%H:%M}"


def listed(items: Sequence[str], language: str) -> str:
    """A, B en C; A, B and C."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_t(language, 'en', 'and')} {items[-1]}"


def quoted(text: str) -> str:
    """Between typographic single quotes, as Dutch and English print a name."""
    return f"\u2018{text}\u2019"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _called(thing: Thing) -> str:
    """A thing with what it is: "applicatie documentbeheer (gm0034)"."""
    return f"{thing.kind} {thing.name}" if thing.kind else thing.name


def _validity(deviation: Deviation, language: str) -> str:
    start, end = deviation.valid_from, deviation.valid_through
    if start and end:
        text = _t(
            language,
            f"van {day(start, language)} tot en met {day(end, language)}",
            f"from {day(start, language)} to {day(end, language)} inclusive",
        )
    elif start:
        text = _t(
            language,
            f"vanaf {day(start, language)}, zonder einddatum",
            f"from {day(start, language)}, with no end date",
        )
    elif end:
        text = _t(
            language, f"tot en met {day(end, language)}", f"until {day(end, language)} inclusive"
        )
    else:
        text = _t(language, "zonder vastgelegde geldigheid", "with no recorded validity")
    return f"{text} ({deviation.kind})" if deviation.kind else text


def _decision(deviation: Deviation, language: str, today: date) -> str:
    """Who decided what, and for how long: the sentence the status calls for."""
    who = deviation.decided_by or _t(language, "(niet vastgelegd)", "(not recorded)")
    validity = _validity(deviation, language)
    expired = deviation.valid_through is not None and deviation.valid_through < today
    if deviation.status == "goedgekeurd":
        sentence = _t(
            language,
            f"Besloten door {who}: goedgekeurd, geldig {validity}.",
            f"Decided by {who}: approved, valid {validity}.",
        )
        if expired:
            sentence += _t(
                language,
                f" De afwijking is verlopen op {day(deviation.valid_through, language)}.",
                f" The deviation expired on {day(deviation.valid_through, language)}.",
            )
        return sentence
    if deviation.status == "aangevraagd":
        return _t(
            language,
            f"Aangevraagd; {who} heeft nog niet besloten (gevraagde geldigheid: {validity}).",
            f"Requested; {who} has not decided yet (validity asked for: {validity}).",
        )
    if deviation.status == "afgewezen":
        return _t(
            language,
            f"Afgewezen door {who} (gevraagde geldigheid: {validity}): de regel geldt onverkort.",
            f"Rejected by {who} (validity asked for: {validity}): the rule applies in full.",
        )
    if deviation.status == "ingetrokken":
        return _t(
            language,
            f"Ingetrokken (was {validity}).",
            f"Withdrawn (was {validity}).",
        )
    status = deviation.status_name or _t(language, "niet vastgelegd", "not recorded")
    return _t(
        language,
        f"Status: {status}; besluit door {who}; geldig {validity}.",
        f"Status: {status}; decision by {who}; valid {validity}.",
    )


def _plan(plan: ExitPlan, language: str) -> str:
    details = [plan.phase] if plan.phase else []
    if plan.started:
        details.append(
            _t(
                language,
                f"gestart {day(plan.started, language)}",
                f"started {day(plan.started, language)}",
            )
        )
    return ", ".join([plan.name, *details])


def _way_out(thing: Thing, language: str) -> list[Span]:
    """The exit plans and successors recorded for a thing, if any."""
    spans = []
    if thing.exit_plans:
        plans = "; ".join(_plan(p, language) for p in thing.exit_plans)
        spans.append(Span(_t(language, f" Exitplan: {plans}.", f" Exit plan: {plans}.")))
    if thing.successors:
        successors = listed(list(thing.successors), language)
        spans.append(Span(_t(language, f" Opvolger: {successors}.", f" Successor: {successors}.")))
    return spans


def _deviation(deviation: Deviation, statement: Statement) -> Paragraph:
    language = statement.language
    about = (
        capital(_called(deviation.subject))
        if deviation.subject
        else _t(language, "Alle gevallen van deze regel", "Every case of this rule")
    )
    spans = [
        Span(about, strong=True),
        Span(
            _t(
                language,
                f": afwijking van de regel {quoted(deviation.rule)}. ",
                f": deviation from the rule {quoted(deviation.rule)}. ",
            )
        ),
    ]
    motivation = deviation.motivation
    if motivation is None:
        spans.append(
            Span(_t(language, "Motivering: niet vastgelegd. ", "Motivation: not recorded. "))
        )
    elif motivation.language in ("", language):
        spans += [
            Span(_t(language, "Motivering: ", "Motivation: ")),
            Span(f"“{motivation.value}” "),
        ]
    else:
        spans += [
            Span(_t(language, "Motivering (zoals vastgelegd): ", "Motivation (as recorded): ")),
            Span(f"“{motivation.value}”", motivation.language),
            Span(" "),
        ]
    spans.append(Span(_decision(deviation, language, statement.made)))
    if deviation.subject:
        spans += _way_out(deviation.subject, language)
    return tuple(spans)


def _finding(finding: Finding, statement: Statement) -> Paragraph:
    language = statement.language
    severity = SEVERITIES[language].get(finding.severity, finding.severity)
    seen = day(finding.first_seen.astimezone(LOCAL_TIME).date(), language)
    spans = [
        Span(capital(_called(finding.subject)), strong=True),
        Span(
            _t(
                language,
                f": {finding.message} ({capital(severity)}; in het register sinds {seen}.)",
                f": {finding.message} ({capital(severity)}; in the register since {seen}.)",
            )
        ),
    ]
    return (*spans, *_way_out(finding.subject, language))


NOUNS = {  # singular and plural
    "deviation": {"nl": ("afwijking", "afwijkingen"), "en": ("deviation", "deviations")},
    "unexplained": {
        "nl": ("onverklaarde bevinding", "onverklaarde bevindingen"),
        "en": ("unexplained finding", "unexplained findings"),
    },
    "violation": {"nl": ("overtreding", "overtredingen"), "en": ("violation", "violations")},
}


def _count(language: str, n: int, noun: str) -> str:
    """3 afwijkingen, 1 deviation."""
    one, many = NOUNS[noun][language]
    return f"{n} {one if n == 1 else many}"


def _lead(part: Part, statement: Statement) -> Paragraph:
    """What the organisation does not apply, and how much there is to say about it."""
    language, who, name = statement.language, capital(statement.organisation.name), part.thing.name
    if part.thing.type == STANDARD:
        sentence = _t(
            language,
            f"{who} past de standaard {name} niet overal toe.",
            f"{who} does not apply the standard {name} everywhere.",
        )
    elif part.thing.type == BUILDING_BLOCK:
        sentence = _t(
            language,
            f"{who} neemt de bouwsteen {name} niet overal af.",
            f"{who} does not use the building block {name} everywhere.",
        )
    else:
        sentence = _t(
            language,
            f"{who} voldoet niet overal aan de kaderregel {quoted(name)}.",
            f"{who} does not meet the framework rule {quoted(name)} everywhere.",
        )
    counts = [
        _count(language, len(items), noun)
        for items, noun in ((part.deviations, "deviation"), (part.findings, "unexplained"))
        if items
    ]
    if counts:  # before the sentence's full stop
        sentence = f"{sentence[:-1]} ({listed(counts, language)})."
    successors = listed(list(part.thing.successors), language)
    if successors:
        sentence += _t(language, f" Opvolger: {successors}.", f" Successor: {successors}.")
    return (Span(sentence),)


def _intro(statement: Statement) -> tuple[Paragraph, ...]:
    language, year = statement.language, statement.year
    who, org = capital(statement.organisation.name), statement.organisation.name
    first = _t(
        language,
        f"{who} past de afspraken uit de architectuurkaders voor de digitale overheid toe, of legt "
        f"uit waarom niet ({quoted('pas toe of leg uit')}). Deze verantwoording over {year} noemt per "
        f"standaard, bouwsteen of kaderregel die {org} niet overal toepast: de vastgelegde "
        "afwijkingen met hun motivering, wie erover besloot en tot wanneer zij gelden, een exitplan "
        "of opvolger waar die is vastgelegd, en de bevindingen die nog uitgelegd moeten worden.",
        f"{who} applies the agreements of the architecture frameworks for digital government, or "
        f"explains why not ({quoted('comply or explain')}). This statement for {year} lists, for each "
        f"standard, building block or framework rule that {org} does not apply everywhere: the "
        "recorded deviations with their motivation, who decided and until when they hold, an exit "
        "plan or successor where one is recorded, and the findings that remain to be explained.",
    )
    when = (
        _t(language, f"op {day(statement.as_of, language)}", f"on {day(statement.as_of, language)}")
        if statement.as_of
        else _t(
            language,
            f"nu ({day(statement.made, language)})",
            f"now ({day(statement.made, language)})",
        )
    )
    frameworks = listed(list(statement.frameworks), language)
    if statement.as_of:  # a year that is over
        included = _t(
            language,
            f"Opgenomen zijn de afwijkingen die in {year} geheel of gedeeltelijk geldig waren, in "
            f"elke status, en de onverklaarde bevindingen die {when} in het afwijkingenregister "
            "stonden.",
            f"Included are the deviations valid during all or part of {year}, in any status, and "
            f"the unexplained findings in the deviations register {when}.",
        )
    else:  # the year is not over: what is known so far
        included = _t(
            language,
            f"{year} is nog niet voorbij: dit is de stand tot nu toe. Opgenomen zijn de afwijkingen "
            f"die in {year} geheel of gedeeltelijk gelden, in elke status, en de onverklaarde "
            f"bevindingen die {when} in het afwijkingenregister staan.",
            f"{year} is not over yet: this is the account so far. Included are the deviations "
            f"valid during all or part of {year}, in any status, and the unexplained findings in "
            f"the deviations register {when}.",
        )
    second = included + _t(
        language,
        f" Getoetst is aan de kaders {frameworks}.",
        f" The frameworks tested are {frameworks}.",
    )
    deviations, findings = len(statement.deviations), statement.findings
    violations = sum(1 for f in findings if f.severity == "Violation")
    if not deviations and not findings and not statement.recorded:
        third = _t(
            language,
            f"Over {org} is niets vastgelegd: geen applicaties, contracten, afnames of "
            "afwijkingen. Zonder aangeleverd portfolio kan deze verantwoording niet zeggen of "
            f"{org} de afspraken toepast; lever het portfolio aan en maak haar opnieuw.",
            f"Nothing is recorded about {org}: no applications, contracts, adoptions or "
            "deviations. Without a submitted portfolio this statement cannot say whether "
            f"{org} applies the agreements; submit the portfolio and make it again.",
        )
    elif not deviations and not findings:
        third = _t(
            language,
            f"Voor {org} zijn over {year} geen afwijkingen vastgelegd en staan er geen onverklaarde "
            "bevindingen in het register: er is niets uit te leggen.",
            f"For {org}, no deviations are recorded for {year} and the register holds no "
            "unexplained findings: there is nothing to explain.",
        )
    else:
        counts = (
            _count(language, deviations, "deviation"),
            _count(language, len(findings), "unexplained"),
            _count(language, violations, "violation"),
        )
        third = _t(
            language, "In totaal: {} en {}".format(*counts), "In all: {} and {}".format(*counts)
        )
        if findings:
            third += _t(language, f", waarvan {counts[2]}", f", of which {counts[2]}")
        third += "."
    return ((Span(first),), (Span(second),), (Span(third),))


def _source(source: Source, language: str) -> str:
    name = source.name or _t(language, "een aanlevering", "a submission")
    if source.modified is None:
        return name
    return _t(
        language,
        f"{name} (bijgewerkt {day(source.modified, language)})",
        f"{name} (updated {day(source.modified, language)})",
    )


def _sources(statement: Statement) -> tuple[Paragraph, ...]:
    language = statement.language
    if statement.register_run:
        run = _t(
            language,
            f"volgens de validatierun van {moment(statement.register_run, language)}",
            f"as of the validation run of {moment(statement.register_run, language)}",
        )
    else:
        then = day(statement.as_of or statement.made, language)
        run = _t(
            language,
            f"dat op {then} nog geen validatierun had, en dus geen bevindingen",
            f"which on {then} held no validation run yet, and so no findings",
        )
    register = _t(
        language,
        f"Het afwijkingenregister van het NDS-kompas (ndsgraph), {run}.",
        f"The deviations register of the NDS compass (ndsgraph), {run}.",
    )
    graphs = listed([_source(s, language) for s in statement.sources], language)
    recorded = (
        _t(
            language,
            f" De afwijkingen, applicaties en contracten zoals vastgelegd in: {graphs}.",
            f" Deviations, applications and contracts as recorded in: {graphs}.",
        )
        if graphs
        else ""
    )
    made = _t(
        language,
        f"Opgesteld op {day(statement.made, language)}.",
        f"Drawn up on {day(statement.made, language)}.",
    )
    return ((Span(register + recorded),), (Span(made),))


def _warning(statement: Statement) -> Paragraph | None:
    if not statement.fictitious:
        return None
    org = statement.organisation.name
    return (
        Span(
            _t(
                statement.language,
                f"Let op: deze verantwoording is gemaakt uit fictieve voorbeeldgegevens en zegt niets "
                f"over de werkelijke {org}. Neem haar niet over in een jaarverslag.",
                f"Note: this statement is made from fictitious example data and says nothing about "
                f"the real {org}. Do not copy it into an annual report.",
            )
        ),
    )


def document(statement: Statement) -> Document:
    """The statement in its own language, ready to be laid out."""
    language = statement.language
    who = statement.organisation
    sections = tuple(
        Section(
            heading=part.thing.name,
            about=" · ".join([capital(k) for k in [part.thing.kind] if k] + list(part.frameworks)),
            lead=_lead(part, statement),
            deviations_heading=_t(language, "Vastgelegde afwijkingen", "Recorded deviations"),
            deviations=tuple(_deviation(d, statement) for d in part.deviations),
            findings_heading=_t(language, "Nog uit te leggen", "Still to be explained"),
            findings=tuple(_finding(f, statement) for f in part.findings),
        )
        for part in statement.parts
    )
    return Document(
        language=language,
        title=_t(
            language,
            f"Verantwoording pas toe of leg uit {statement.year}",
            f"Comply-or-explain statement {statement.year}",
        ),
        organisation=capital(who.name) + (f" ({who.code})" if who.code else ""),
        intro=_intro(statement),
        sections=sections,
        source_heading=_t(language, "Bron", "Source"),
        sources=_sources(statement),
        warning=_warning(statement),
        page=(_t(language, "pagina", "page"), _t(language, "van", "of")),
    )
