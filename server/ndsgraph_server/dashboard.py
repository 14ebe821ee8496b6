"""The architect's dashboard (/dashboard) and the dependency and landscape pictures
(/picture?uri=…): pages over ndsgraph_server.figures and .pictures. Charts (Chart.js)
and graphs (Cytoscape.js) are npm packages served locally; every figure also has a table."""

from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request

from ndsgraph.errors import InputError
from ndsgraph_server import figures as figures_of
from ndsgraph_server import picture_style, pictures
from ndsgraph_server.arguments import only
from ndsgraph_server.execution import compute
from ndsgraph_server.language import chosen
from ndsgraph_server.links import page_for
from ndsgraph_server.ui import missing

dashboard = Blueprint("dashboard", __name__)


def query_link(name: str, parameters: dict[str, str]) -> str:
    """The API address that answers a figure's stored query with its parameters."""
    return f"/api/queries/{name}" + (f"?{urlencode(parameters)}" if parameters else "")


@dashboard.get("/dashboard")
def overview() -> Response:
    only(request.args, ())
    language = chosen()
    found = compute(figures_of.figures, language)
    blocks = compute(figures_of.building_blocks, language)
    data = [f.as_json() for f in found if f.result.rows]  # the others say so in a line
    return Response(
        render_template(
            "dashboard.html",
            figures=found,
            data=data,
            blocks=blocks,
            query_link=query_link,
            missing=missing(("vendor/chart.umd.min.js",)),
        )
    )


@dashboard.get("/picture")
def picture() -> Response:
    only(request.args, ("uri",))
    iri = request.args.get("uri")
    if not iri:
        raise InputError(
            "give the building block or organisation as ?uri=…",
            nl="geef de bouwsteen of organisatie als ?uri=…",
        )
    language = chosen()
    applications = current_app.config["NDSGRAPH_SETTINGS"].picture_applications
    found = compute(pictures.picture, iri, language, applications)
    data = found.as_json() | {"style": picture_style.script_tables()}
    for node, drawn in zip(data["nodes"], found.nodes, strict=True):
        node["page"] = page_for(node["iri"])
        node["fill"] = picture_style.fill(drawn.lifecycle)
        node["caption"] = picture_style.terms(drawn, language)[:2]
    for summary in data["summaries"]:  # the applications one by one: the block's page lists them
        summary["page"] = page_for(iri) + "#dependencies"
    return Response(
        render_template(
            "picture.html",
            picture=found,
            data=data,
            names={node.iri: node.label for node in found.nodes}
            | {summary.id: summary.label for summary in found.summaries},
            legend=picture_style.legend(found, language),
            kind_name=picture_style.kind_name,
            terms=picture_style.terms,
            relation_name=picture_style.relation_name,
            query=query_link(found.query, {pictures.PARAMETER[found.kind]: iri}),
            missing=missing(("vendor/cytoscape.min.js", "vendor/cytoscape-dagre.min.js")),
        )
    )
