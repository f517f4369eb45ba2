"""The report runner's guards and formats (content of the reports is tested on loaded data)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from archive.cli import main
from archive.errors import ArchiveError, ReportParameterError, UnknownReport
from archive.reports import (
    SQL_DIR,
    Result,
    bind_parameters,
    check_read_only,
    get_report,
    load_reports,
    render,
    strip_comments,
)


def test_every_report_file_has_a_header_and_is_read_only():
    reports = load_reports()
    assert len(reports) >= 8
    for name, report in reports.items():
        assert report.title and report.description, name
        check_read_only(report.sql(), name)
        for variant in report.variants.values():
            check_read_only(variant.read_text(), variant.name)
    assert {p.stem for p in SQL_DIR.glob("*.sql")} >= {
        "conflicts", "estimates", "timeline", "person", "order_of_battle", "gazetteer", "source_coverage", "etl_runs"
    }


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM claims",
        "SELECT 1; DROP TABLE claims",
        "WITH x AS (DELETE FROM claims RETURNING *) SELECT * FROM x",
        "PRAGMA writable_schema = 1",
        "ATTACH DATABASE 'x.db' AS x",
        "UPDATE sources SET key = 'x'",
        "SELECT 1 /* ok */; INSERT INTO sources VALUES (1)",
        "CREATE TABLE t (x int)",
    ],
)
def test_runner_refuses_anything_but_one_select(sql):
    with pytest.raises(ArchiveError):
        check_read_only(sql)


def test_keywords_inside_strings_and_comments_are_fine():
    check_read_only("SELECT 'DELETE FROM claims; DROP' AS a -- DROP TABLE x\n FROM v_claims")
    assert "DROP TABLE" not in strip_comments("SELECT 1 -- DROP TABLE x")


def test_parameters_are_checked_and_typed():
    report = get_report("timeline")
    with pytest.raises(ReportParameterError, match="valid parameters: date_from"):
        bind_parameters(report, {"nope": "1"})
    with pytest.raises(ReportParameterError, match="a date"):
        bind_parameters(report, {"date_from": "last tuesday"})
    bound = bind_parameters(report, {"date_from": "1993-04-02", "place": "Kalbajar"})
    assert str(bound["date_from"]) == "1993-04-02" and bound["place"] == "Kalbajar" and bound["person"] == ""
    with pytest.raises(UnknownReport, match="available: .*conflicts"):
        get_report("no_such_report")


def test_formats():
    result = Result(["a", "b"], [(1, "x|y"), (2.5, None), (3.0, "line\nbreak")])
    data = json.loads(render(result, "json"))
    assert data == {"columns": ["a", "b"], "rows": [[1, "x|y"], [2.5, None], [3, "line\nbreak"]]}
    rows = list(csv.reader(io.StringIO(render(result, "csv"))))
    assert rows[0] == ["a", "b"] and rows[2] == ["2.5", ""] and rows[3] == ["3", "line\nbreak"]
    markdown = render(result, "markdown").splitlines()
    assert markdown[0] == "| a | b |" and "x\\|y" in markdown[2]
    table = render(result, "table")
    assert table.splitlines()[0].split() == ["a", "b"] and table.endswith("(3 rows)")


def test_cli_list_show_and_errors(db_url):
    runner = CliRunner()
    listed = runner.invoke(main, ["report", "list", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    names = {r["name"] for r in json.loads(listed.output)}
    assert "conflicts" in names
    shown = runner.invoke(main, ["report", "show", "conflicts"])
    assert shown.exit_code == 0 and "SELECT" in shown.output and "-- title:" in shown.output
    unknown = runner.invoke(main, ["--db", db_url, "report", "run", "nope"])
    assert unknown.exit_code == 1 and "available:" in unknown.output and "Traceback" not in unknown.output
    bad = runner.invoke(main, ["--db", db_url, "report", "run", "timeline", "-p", "when=1993"])
    assert bad.exit_code == 1 and "valid parameters" in bad.output
    malformed = runner.invoke(main, ["--db", db_url, "report", "run", "timeline", "-p", "novalue"])
    assert malformed.exit_code == 2
