"""The supervisor points Rasa at the action server port it actually starts."""

from rasa.utils.endpoints import read_endpoint_config

from bot.paths import ROOT
from bot.supervisor import Ports, Stack


def test_default_ports_use_the_project_endpoints_file(tmp_path, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("TRACKER_TTL_SECONDS", raising=False)
    stack = Stack(model=tmp_path / "m.tar.gz", ports=Ports(), log_dir=tmp_path)
    assert stack.endpoints_file() == ROOT / "endpoints.yml"


def test_other_action_port_gets_its_own_endpoints_file(tmp_path, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    stack = Stack(model=tmp_path / "m.tar.gz", ports=Ports(actions=15055), log_dir=tmp_path)
    path = stack.endpoints_file()
    assert path != ROOT / "endpoints.yml"
    assert read_endpoint_config(str(path), "action_endpoint").url == "http://127.0.0.1:15055/webhook"
    # the tracker store (TTL, in memory) is kept
    assert (
        read_endpoint_config(str(path), "tracker_store").type
        == "bot.rasa_plugins.ttl_tracker_store.TTLInMemoryTrackerStore"
    )
    assert str(path) in stack.commands()["rasa"]
