"""The SHACL engines are chosen by name, and the one that calls pyshacl-turbo's private
interface refuses a version it was not written for."""

import tomllib
from pathlib import Path

import pytest
from rdflib import Graph

from ndsgraph import validation
from ndsgraph.errors import EngineVersionMismatch, InputError
from ndsgraph.validation import engines

from .conftest import DATA

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"


def test_an_unknown_engine_is_an_input_error_listing_the_engines():
    with pytest.raises(
        InputError, match=r"unknown SHACL engine 'nosuch' \(use store, turbo, pyshacl\)"
    ):
        validation.validate(Graph(), "x", chosen=[], engine="nosuch")


@pytest.mark.parametrize("name", ["store", "turbo", "pyshacl"])
def test_each_engine_is_found_by_its_name(name: str):
    assert engines.named(name).name == name


def test_the_store_engine_refuses_a_pyshacl_turbo_it_was_not_written_for(monkeypatch):
    monkeypatch.setattr(engines, "installed_turbo", lambda: "0.7.0")
    data = Graph().parse(DATA / "small.ttl")
    message = r"written for pyshacl-turbo 0\.6\.5, 0\.7\.0 is installed"
    with pytest.raises(EngineVersionMismatch, match=message):  # not turned into a shapes error
        validation.validate(data, "x", chosen=[], engine="store")
    turbo = validation.validate(data, "x", chosen=[], engine="turbo")  # its public interface
    assert turbo.conforms


def test_the_pinned_pyshacl_turbo_is_the_one_the_adapter_is_written_for():
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    assert f"pyshacl-turbo=={engines.TURBO_VERSION}" in dependencies
    assert engines.installed_turbo() == engines.TURBO_VERSION
