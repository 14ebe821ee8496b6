"""What the command says about what it did, in Dutch or English (its ``--lang``): the lines
a person reads beside its output (a validation's verdict, a submission's outcome, an
import's summary, a one-line error). They were English whatever language was chosen; here is
the one place their words are written. Numbers are written in the language's notation."""

from ndsgraph import notation
from ndsgraph.errors import NdsgraphError

Said = tuple[str, str]  # (Dutch, English), with str.format fields

SAID: dict[str, Said] = {
    "judged": (
        "{findings} bevindingen, {unexplained} onverklaard; {verdict}; {why}",
        "{findings} findings, {unexplained} unexplained; {verdict}; {why}",
    ),
    "run": (
        "{findings} bevindingen, {unexplained} onverklaard; {verdict}; validatierun {run}",
        "{findings} findings, {unexplained} unexplained; {verdict}; run {run}",
    ),
    "conforms": ("voldoet", "conforms"),
    "does not conform": ("voldoet niet", "does not conform"),
    "files judged": (
        "bestanden worden beoordeeld, niet vastgelegd",
        "files are judged, not recorded",
    ),
    "not recorded": ("niet vastgelegd in het register", "not recorded in the register"),
    "judged otherwise": (
        " (het register beoordeelt met alle kaders, met hun eigen parameters, op vandaag)",
        " (it is judged by all frameworks with their own parameters, today)",
    ),
    "next page": ("volgende pagina: --after {after}", "next page: --after {after}"),
    "last page": ("laatste pagina", "last page"),
    "wrote": ("geschreven: {path} ({form}, {size} bytes)", "wrote {path} ({form}, {size} bytes)"),
    "accepted": (
        "aanvaard: {graph} versie {version} (ETag {etag}); validatierun {run}",
        "accepted: {graph} version {version} (ETag {etag}); run {run}",
    ),
    "rejected": (
        "afgewezen: bewaard in quarantaine {quarantine}; er is niets veranderd",
        "rejected: kept in quarantine {quarantine}; nothing changed",
    ),
    "findings": ("{count} bevindingen", "{count} findings"),
    "snapshot": (
        "ndsgraph: let op: een server houdt {store} vast; gelezen wordt zijn momentopname van "
        "{taken} UTC (gemaakt na zijn laatste schrijfactie)",
        "ndsgraph: note: a server holds {store}; reading its snapshot of {taken} UTC (taken "
        "after its last write)",
    ),
    "measured domains": ("gemeten domeinen: {count}", "measured domains: {count}"),
    "conforming": ("metingen voldoet: {count}", "measurements conforming: {count}"),
    "not conforming": ("metingen voldoet niet: {count}", "measurements not conforming: {count}"),
    "unmapped": ("niet gekoppeld", "unmapped"),
    "organisation unknown": ("organisatie onbekend", "organisation unknown"),
    "not measured": ("niet gemeten", "not measured"),
    "graph": ("graaf: {graph}", "graph: {graph}"),
    "import run": ("validatierun: {run}", "run: {run}"),
    "skipped": (
        "overgeslagen: {count} API('s) van {organisation}, niet in de graaf",
        "skipped: {count} API(s) of {organisation}, not in the graph",
    ),
    "api register": (
        "{graph}  {apis} API's, {measurements} metingen; {skipped} overgeslagen ({unknown} "
        "onbekende organisaties); validatierun {run}: {findings} bevindingen",
        "{graph}  {apis} APIs, {measurements} measurements; {skipped} skipped ({unknown} "
        "unknown organisations); run {run}: {findings} findings",
    ),
    "archimate": (
        "{elements} elementen, {relationships} relaties, {views} views; {recognised} herkend "
        "als wat ndsgraph kent, {became} nieuw; validatierun {run}: {findings} bevindingen",
        "{elements} elements, {relationships} relationships, {views} views; {recognised} "
        "recognised as what ndsgraph knows, {became} new; run {run}: {findings} findings",
    ),
    "error": ("ndsgraph: fout: {message}", "ndsgraph: error: {message}"),
}


def say(key: str, language: str, **values: object) -> str:
    """The line ``key`` in ``language`` with ``values`` filled in, a number (an int) in the
    language's notation."""
    dutch, english = SAID[key]
    shown = {
        name: notation.number(str(value), language) if type(value) is int else value
        for name, value in values.items()
    }
    return (english if language == "en" else dutch).format(**shown)


def listed(key: str, items: list[str], language: str) -> str:
    """A count of ``items`` after the label ``key``, and the items themselves."""
    return say(key, language) + f": {len(items)}" + (f" ({', '.join(items)})" if items else "")


def error(error: NdsgraphError, language: str) -> str:
    """An error's one line: in Dutch where it has a Dutch message and Dutch was chosen,
    else in English (most messages are written in English only; the line is in one)."""
    dutch = language == "nl" and bool(error.nl)
    return say("error", "nl" if dutch else "en", message=error.said(language))
