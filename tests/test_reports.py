"""Every canned report on the loaded sample corpus, on both backends, in every format, with
assertions on what it says."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from archive.cli import main
from archive.reports import FORMATS, load_reports


def report(url: str, name: str, *params: str, fmt: str = "json"):
    args = ["--db", url, "report", "run", name, "--format", fmt]
    for p in params:
        args += ["-p", p]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    if fmt != "json":
        return result.output
    data = json.loads(result.output)
    return [dict(zip(data["columns"], row)) for row in data["rows"]]


@pytest.mark.parametrize("name", sorted(load_reports()))
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_report_runs_in_every_format(loaded_url, name, fmt):
    output = report(loaded_url, name, fmt=fmt)
    if fmt == "csv":
        header = next(csv.reader(io.StringIO(output)))
        assert header and all(header)
    elif fmt == "markdown":
        assert output.startswith("| ") and "| --- |" in output.splitlines()[1]
    elif fmt == "table":
        assert "row" in output.splitlines()[-1]
    else:
        assert isinstance(output, list)


def test_conflicts_show_displaced_figures_of_several_sources_and_the_date_dispute(loaded_url):
    rows = report(loaded_url, "conflicts")
    displaced = [r for r in rows if r["kind"] == "figure" and r["subject"] == "Kalbajar" and r["measure"] == "displaced"]
    assert len({r["document"] for r in displaced}) >= 2
    values = " ".join(r["value"] for r in displaced)
    assert "54,000" in values and "60,000" in values and "58,000" in values
    killed = [r for r in rows if r["kind"] == "figure" and r["measure"] == "killed"]
    assert {r["value"] for r in killed} >= {"240", "200"}
    de_waal = next(r for r in killed if r["value"] == "240")
    assert de_waal["attributed_to"] == "Thomas de Waal" and de_waal["citations"] == "[41]"
    zhirohov = next(r for r in killed if r["value"] == "200")
    assert zhirohov["attributed_to"] == "Mikhail Zhirohov"
    dates = [r for r in rows if r["kind"] == "date" and r["measure"] == "date of capture"]
    assert {"1993-04-02", "1993-04-03"} <= {r["value"] for r in dates}
    assert all(r["quote"] for r in rows)
    only_dates = report(loaded_url, "conflicts", "measure=date")
    assert only_dates and all(r["kind"] == "date" for r in only_dates)


def test_estimates_low_best_high(loaded_url):
    rows = report(loaded_url, "estimates", "subject=Kalbajar", "measure=displaced")
    row = next(r for r in rows if r["subject"] == "Kalbajar")
    assert row["low"] <= 54000 <= row["best"] <= row["high"]
    assert row["n_sources"] >= 3
    description = load_reports()["estimates"].description
    assert "median" in description and "BEST" in description


def test_timeline_is_in_date_order_and_starts_before_1993(loaded_url):
    rows = report(loaded_url, "timeline")
    starts = [r["start_date"] for r in rows]
    assert starts == sorted(starts) and starts[0] < "1993-01-01"
    battle = next(r for r in rows if r["event"] == "Battle of Kalbajar")
    assert battle["edtf"].startswith("1993-03") and "Kalbajar" in battle["place"] and battle["dates"] == "disputed"
    window = report(loaded_url, "timeline", "date_from=1993-03-01", "date_to=1993-04-30", "place=Kalbajar")
    assert window and all("1993-02-28" < r["end_date"] and r["start_date"] <= "1993-04-30" for r in window)
    assert report(loaded_url, "timeline", "person=Melkonian")


def test_person_dossier(loaded_url):
    rows = report(loaded_url, "person", "person=Melkonian")
    sections = {r["section"] for r in rows}
    assert "mention" in sections
    assert {r["person"] for r in rows} >= {"Monte Melkonian"}
    huseynov = report(loaded_url, "person", "person=Huseynov")
    assert any(r["section"] == "commanded" and "709th" in r["detail"] for r in huseynov)
    assert report(loaded_url, "person") == []  # no name: nothing, rather than everyone


def test_order_of_battle(loaded_url):
    rows = report(loaded_url, "order_of_battle")
    units = {r["unit"]: r for r in rows}
    assert "Valeh Rafiyev" in units["701st Motorised Rifle Brigade"]["commanders"]
    assert units["5th Battalion"]["commanders"] == "Garay Asadov"
    assert units["3rd Azerbaijani Battalion"]["side"] == "Azerbaijan"
    azerbaijani = report(loaded_url, "order_of_battle", "side=azerb")
    assert azerbaijani and all(r["side"] == "Azerbaijan" for r in azerbaijani)


def test_gazetteer_lists_aliases_of_kalbajar_with_sources(loaded_url):
    rows = report(loaded_url, "gazetteer", "place=Kalbajar")
    kalbajar = next(r for r in rows if r["name"] == "Kalbajar")
    assert "Karvachar" in kalbajar["aliases"] and "Kəlbəcər" in kalbajar["aliases"]
    assert "(Kalbajar)" in kalbajar["aliases"]  # the attesting document
    assert "Battle of Kalbajar" in kalbajar["events"] and kalbajar["figures"] > 10
    assert report(loaded_url, "gazetteer", "place=Karvachar")[0]["name"] == "Kalbajar"


def test_source_coverage(loaded_url):
    rows = report(loaded_url, "source_coverage")
    sections = {r["section"] for r in rows}
    assert {"document", "single source", "uncited"} <= sections
    documents = [r for r in rows if r["section"] == "document"]
    assert len(documents) == 5 and sum(r["n_claims"] for r in documents) > 100
    cited = next(r for r in documents if r["item"] == "000_f15b69dfdb06d471.txt")
    assert 0 < cited["n_cited"] <= cited["n_claims"]


def test_etl_runs_report(loaded_url):
    rows = report(loaded_url, "etl_runs")
    assert rows[0]["section"] == "run" and rows[0]["what"] == "load" and rows[0]["status"] == "succeeded"


@pytest.mark.parametrize(
    "value",
    ["'; DROP TABLE claims; --", "Kalbajar' OR '1'='1", "%", "_", "\\", "Robert'); DELETE FROM sources;--"],
)
def test_report_parameters_are_bound_never_interpolated(loaded_url, value):
    rows = report(loaded_url, "conflicts", f"subject={value}")
    assert all(value.lower().strip("%_") in r["subject"].lower() for r in rows) or value in ("%", "_") or rows == []
    assert report(loaded_url, "gazetteer", f"place={value}") is not None
    assert report(loaded_url, "person", f"person={value}") is not None
    still = report(loaded_url, "source_coverage")
    assert len([r for r in still if r["section"] == "document"]) == 5


def test_nul_in_a_parameter_is_a_clear_error(loaded_url):
    result = CliRunner().invoke(main, ["--db", loaded_url, "report", "run", "person", "-p", "person=a\x00b"])
    assert result.exit_code == 1 and "NUL" in result.output and "Traceback" not in result.output
