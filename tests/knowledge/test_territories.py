"""territories.yml (Pacific collectivities) is checked against the knowledge base's JSON Schema at load."""

import copy

import pytest
import yaml

from knowledge import territories
from knowledge.kb import KnowledgeError


def _raw():
    return yaml.safe_load(territories.TERRITORIES.read_text(encoding="utf-8"))


def _write(tmp_path, data):
    path = tmp_path / "territories.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_file_loads_with_a_sourced_and_dated_record_per_service():
    loaded = territories.load_territories()
    assert set(loaded) == {"986", "987", "988"}
    for record in _raw()["territories"]:
        if record["services"]:
            assert record["source"] and record["data_date"]


def _broken(mutate):
    data = copy.deepcopy(_raw())
    polynesia = next(t for t in data["territories"] if t["department"] == "987")
    mutate(polynesia, data)
    return data


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda t, d: t.pop("source"), "territories.Polynésie française: field 'source' is required"),
        (lambda t, d: t.pop("data_date"), "territories.Polynésie française: field 'data_date' is required"),
        (lambda t, d: t.update(source=[]), "field 'source' must be a non-empty list of strings"),
        (lambda t, d: t.update(data_date="mai 2023"), "field 'data_date' must be a YYYY-MM-DD date"),
        (lambda t, d: t.update(department="975"), "field 'department' must be the INSEE code 986, 987 or 988"),
        (lambda t, d: t.update(services=""), "field 'services' must be a French sentence"),
        (lambda t, d: t.pop("services"), "field 'services' is required"),
        (lambda t, d: d.pop("checked"), "territories: field 'checked' is required"),
        (lambda t, d: d["territories"].append(dict(t)), "duplicate department 987"),
    ],
)
def test_a_broken_record_fails_naming_the_record_and_field(tmp_path, mutate, message):
    with pytest.raises(KnowledgeError, match=message):
        territories.load_territories(_write(tmp_path, _broken(mutate)))


def test_a_collectivity_without_a_verified_service_needs_no_source(tmp_path):
    def unverified(record, data):
        record["services"] = None
        del record["source"], record["data_date"]

    data = _broken(unverified)
    assert territories.load_territories(_write(tmp_path, data))["987"] == ("Polynésie française", None)
