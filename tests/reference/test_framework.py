"""The AiMH competency framework file: its facts, and validation that names what is wrong."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from workforce.errors import ReferenceDataError
from workforce.reference.framework import load_framework


def test_bundled_framework_has_the_published_structure():
    fw = load_framework()
    assert [lv.level for lv in fw.levels] == [1, 2, 3]
    assert len(fw.domains) == 7
    assert len(fw.competencies) == 63
    assert Counter(c.domain for c in fw.competencies)[1] == 10
    assert fw.by_id["1.01"].domain == 1


def _variant(tmp_path: Path, change) -> Path:
    from workforce.reference.files import reference_path

    raw = yaml.safe_load(reference_path("aimh_framework.yaml").read_text())
    change(raw)
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def _set_requires(cid: str, requires: list[str]):
    def change(raw):
        next(c for c in raw["competencies"] if c["id"] == cid)["requires"] = requires
    return change


@pytest.mark.parametrize("change, message", [
    (lambda raw: raw["competencies"][0].update(domain=9), "unknown domain 9"),
    (lambda raw: raw["competencies"][1].update(id="1.01"), "duplicate ids: 1.01"),
    (_set_requires("1.02", ["9.99"]), "unknown prerequisite 9.99"),
    (lambda raw: (_set_requires("1.01", ["1.02"])(raw), _set_requires("1.02", ["1.01"])(raw)),
     "prerequisite cycle: 1."),
    (lambda raw: raw["levels"].append({"level": 5, "name": "Five"}), "numbered 1, 2, 3"),
    (lambda raw: raw["competencies"][0].pop("topic"), "missing 'topic'"),
], ids=["unknown-domain", "duplicate-id", "dangling-prerequisite", "cycle", "unknown-level",
        "missing-topic"])
def test_invalid_framework_is_rejected_naming_the_ids(tmp_path, change, message):
    with pytest.raises(ReferenceDataError, match=message.replace(".", r"\.")):
        load_framework(_variant(tmp_path, change))


def test_environment_variable_overrides_the_bundled_framework(tmp_path, monkeypatch):
    path = _variant(tmp_path, lambda raw: raw["competencies"][0].update(topic="Our own wording"))
    monkeypatch.setenv("WORKFORCE_FRAMEWORK", str(path))
    assert load_framework().by_id["1.01"].topic == "Our own wording"


def test_cli_validate_reports_a_bad_framework_with_exit_2(runner, tmp_path):
    from commands.cli import cli

    path = _variant(tmp_path, _set_requires("1.02", ["9.99"]))
    result = runner.invoke(cli, ["--framework", str(path), "framework", "validate"])
    assert result.exit_code == 2
    assert "unknown prerequisite 9.99" in result.output
    assert "Traceback" not in result.output
