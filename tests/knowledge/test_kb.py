"""The knowledge base: schema, provenance, and coordinates that agree with postal codes."""

import pytest
import yaml

from knowledge import kb
from knowledge.gazetteer import resolve
from knowledge.referral import haversine_km


def test_real_access_points_have_provenance_and_consistent_coordinates():
    points = kb.load_access_points()
    assert any(p.kind == "cite_des_metiers" for p in points)
    for p in points:
        assert p.source and p.checked
        if p.postal_code:
            place = resolve(p.postal_code).place
            assert haversine_km(p.lat, p.lon, place.lat, place.lon) < 15, p.id
            assert place.department == p.department, p.id


def test_no_invented_contact_facts_without_a_source():
    with open(kb.ACCESS_POINTS, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for record in data["access_points"]:
        if record.get("phone") or record.get("hours"):
            assert record["status"] == "confirmed", record["id"]


def test_operators_and_routing_cover_every_profile():
    operators = kb.load_operators()
    routing = kb.load_routing(operators=operators)
    assert set(routing) >= set(kb.PROFILES)
    for record in operators["national"].values():
        assert record["source"] and record["checked"]


def _write(tmp_path, records):
    path = tmp_path / "points.yml"
    path.write_text(yaml.safe_dump({"access_points": records}, allow_unicode=True), encoding="utf-8")
    return path


GOOD = {
    "id": "x-1",
    "name": "Lieu test",
    "kind": "cio",
    "postal_code": "35000",
    "commune": "Rennes",
    "source": ["https://example.org/page"],
    "checked": "2026-11-28",
    "status": "confirmed",
}


def test_stale_flag_must_be_a_boolean_and_last_attested_a_year(tmp_path):
    for field, value in (("stale", "oui"), ("last_attested", "2017")):
        with pytest.raises(kb.KnowledgeError, match=rf"x-1.*{field}"):
            kb.load_access_points((_write(tmp_path, [dict(GOOD, **{field: value})]),))


def test_coordinates_are_derived_from_the_gazetteer(tmp_path):
    [point] = kb.load_access_points((_write(tmp_path, [GOOD]),))
    assert point.located_by == "gazetteer"
    assert haversine_km(point.lat, point.lon, 48.11, -1.68) < 5


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("source", [], "source"),
        ("checked", "hier", "checked"),
        ("name", None, "name"),
        ("status", "peut-être", "status"),
    ],
)
def test_validation_names_the_record_and_field(tmp_path, field, value, message):
    bad = dict(GOOD, **{field: value})
    with pytest.raises(kb.KnowledgeError, match=rf"x-1.*{message}"):
        kb.load_access_points((_write(tmp_path, [bad]),))


@pytest.mark.parametrize("field", ["source", "checked", "id", "kind"])
def test_a_record_without_a_required_field_is_refused(tmp_path, field):
    bad = {key: value for key, value in GOOD.items() if key != field}
    with pytest.raises(kb.KnowledgeError, match=rf"field '{field}' is required"):
        kb.load_access_points((_write(tmp_path, [bad]),))


def test_the_schema_takes_the_profiles_from_their_one_home(tmp_path):
    """An operator serving a profile outside kb.PROFILES is refused (the schema's enum comes from PROFILES)."""
    operator = {
        "id": "op",
        "name": "Op",
        "summary": "s",
        "serves": ["jeune", "martien"],
        "source": ["https://example.org"],
        "checked": "2026-11-28",
    }
    path = tmp_path / "operators.yml"
    path.write_text(yaml.safe_dump({"national": [operator]}), encoding="utf-8")
    with pytest.raises(kb.KnowledgeError, match=r"op: field 'serves\[1\]' must be one of \['jeune'"):
        kb.load_operators(path)


def test_unplaceable_record_is_refused(tmp_path):
    bad = dict(GOOD, postal_code=None, commune="Zzyzxville")
    with pytest.raises(kb.KnowledgeError, match="x-1"):
        kb.load_access_points((_write(tmp_path, [bad]),))


def test_one_list_of_profiles_matches_the_domain():
    """knowledge.kb.PROFILES is the only list: the profile slot and the situation buttons agree with it."""
    import json
    import re
    from pathlib import Path

    import yaml

    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
    assert domain["slots"]["profile"]["values"] == list(kb.PROFILES)
    buttons = domain["responses"]["utter_ask_profile"][0]["buttons"]
    rendered = [b["payload"].format() for b in buttons]  # the domain doubles JSON braces for Rasa's interpolator
    offered = [json.loads(re.match(r"^/inform(\{.*\})$", p).group(1))["profile"] for p in rendered]
    assert set(offered) <= set(kb.PROFILES) and len(offered) == len(set(offered))
