"""Publishing a protected bid report, and reading it back as published: the owner works it
out once; `report bid --release NAME` shows exactly that, in every format."""

from __future__ import annotations

import json
import re

from commands.cli import cli


def run(runner, db, *args, code=0):
    result = runner.invoke(cli, ["--db", db, *args])
    assert result.exit_code == code, result.output
    return result.output


def test_a_published_report_reads_back_as_the_protected_one(runner, sample_copy, tmp_path):
    db = sample_copy
    assert "nothing published yet" in " ".join(run(runner, db, "report", "published").split()
                                               ).lower()
    said = run(runner, db, "report", "publish", "spring", "--all", "--pay-point", "max")
    assert "Published the bid report for A1, A2, A3 as 'spring'" in said.replace("\n", " ")
    protected = json.loads(run(runner, db, "report", "bid", "--all", "--pay-point", "max",
                               "--format", "json"))
    released = json.loads(run(runner, db, "report", "bid", "--release", "spring",
                              "--format", "json"))
    assert released == protected
    shown = run(runner, db, "report", "bid", "--release", "spring", "--format", "markdown")
    assert shown == run(runner, db, "report", "bid", "--all", "--pay-point", "max",
                        "--format", "markdown")
    assert released["report"]["protected"] is True
    listed = json.loads(run(runner, db, "report", "published", "--format", "json"))
    assert [r["name"] for r in listed["published"]] == ["spring"]
    for suffix in ("docx", "html", "md", "csv"):
        path = tmp_path / f"spring.{suffix}"
        run(runner, db, "report", "bid", "--release", "spring", "--export", str(path))
        assert path.stat().st_size > 0
    body = (tmp_path / "spring.md").read_text(encoding="utf-8")
    assert not re.search(r"\b[SR]\d{2,3}\b", body)
    assert "publish" in run(runner, db, "log")


def test_a_name_is_published_once_and_a_release_is_shown_as_it_is(runner, sample_copy):
    db = sample_copy
    run(runner, db, "report", "publish", "spring", "--area", "A1")
    again = run(runner, db, "report", "publish", "spring", "--area", "A2", code=2)
    assert "already published" in again and len(again.strip().splitlines()) == 1
    changed = run(runner, db, "report", "bid", "--release", "spring", "--pay-point", "min",
                  code=2)
    assert "--release shows a published report as it is: drop --pay-point" in changed
    missing = run(runner, db, "report", "bid", "--release", "autumn", code=2)
    assert "no published report 'autumn' (published: spring)" in missing
