"""`parley generate` / db.exchange.generate: realistic, valid, deterministic synthetic data."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from sqlmodel import select

from db.exchange import json_csv as exchange
from db.exchange.generate import generate
from db.model.tables import Position, Source
from db.model.validation import check_position
from db.opening import open_database
from db.reads import analysis, queries
from db.reads.record_inputs import position_input
from desktop.cli.main import main


def _generated(path: Path, seed: int, sources: int = 12, positions: int = 400) -> str:
    db = open_database(path, seed=True)
    try:
        generate(db, sources, positions, seed)
        data = json.loads(exchange.export_json(db))
    finally:
        db.close()
    # The seeded examples are stamped with the moment the file was made; everything else,
    # the generated records' own times included, comes from the seed.
    for p in data["positions"]:
        if p["created_at"] != p["updated_at"] or not p["created_at"].endswith("T12:00:00Z"):
            p.pop("created_at"), p.pop("updated_at")
    return json.dumps(data, ensure_ascii=False)


def test_same_seed_gives_an_identical_export_and_another_seed_does_not(tmp_path: Path) -> None:
    first = _generated(tmp_path / "a.sqlite3", seed=7)
    again = _generated(tmp_path / "b.sqlite3", seed=7)
    other = _generated(tmp_path / "c.sqlite3", seed=8)
    assert first == again
    assert first != other


def test_quotes_are_verbatim_at_their_offsets_and_records_pass_validation(seeded_db) -> None:  # type: ignore[no-untyped-def]
    added = generate(seeded_db, 10, 500, seed=1)
    assert added["sources"] == 10 and added["positions"] == 500
    with seeded_db.session() as s:
        texts = {src.id: src.text for src in s.exec(select(Source))}
        rows = s.exec(select(Position).where(Position.seed_key == None)).all()  # noqa: E711
        assert len(rows) == 500
        for p in rows:
            assert texts[p.source_id][p.quote_start:p.quote_end] == p.quote
            assert len(p.quote) > 20
        for p in random.Random(0).sample(rows, 60):
            assert check_position(s, position_input(seeded_db, p.id)) == {}
    lengths = [len(t) for sid, t in texts.items() if sid > 3]
    assert min(lengths) > 2000 and max(lengths) < 6000


def test_generated_data_spans_two_years_uses_new_codebook_entries_and_conflicts(seeded_db) -> None:  # type: ignore[no-untyped-def]
    generate(seeded_db, 40, 2000, seed=3)
    rows = [r for r in queries.position_rows(seeded_db) if r.stated_on.year >= 2025]
    days = [r.stated_on for r in rows]
    assert max(days) - min(days) > dt.timedelta(days=600)
    party_names = {r.party_name for r in rows}
    assert {"Russia", "Ukraine", "Türkiye", "United Nations"} <= party_names
    assert "Strikes on energy infrastructure" in {r.issue_name for r in rows}
    # About 5 % of positions are a second account that contradicts an earlier one.
    in_conflict = analysis.conflicting_ids(seeded_db)
    assert 0.03 * len(rows) < len(in_conflict) < 0.3 * len(rows)


def test_generate_command_adds_to_the_database_and_refuses_nonsense(
        tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "gen.sqlite3"
    assert main(["init", "--db", str(path)]) == 0
    assert main(["generate", "--sources", "5", "--positions", "120", "--seed", "2",
                 "--db", str(path)]) == 0
    assert "added 5 sources, 120 positions" in capsys.readouterr().out
    db = open_database(path)
    try:
        assert queries.counts(db)["positions"] == 84 + 120
    finally:
        db.close()
    assert main(["generate", "--sources", "0", "--positions", "3", "--db", str(path)]) == 1
    assert "at least one source" in capsys.readouterr().err


def test_exported_chart_of_a_large_issue_names_a_few_sources_not_thousands(
        seeded_db, qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.charts import exporter
    from desktop.charts.timeline_plot import TimelinePlot

    generate(seeded_db, 60, 1500, seed=4)
    issue = max(queries.issues(seeded_db), key=lambda i: queries.count_positions(
        seeded_db, queries.PositionFilter(issue_ids=frozenset({i.id}))))
    plot = TimelinePlot(lambda: seeded_db)
    qtbot.addWidget(plot)
    plot.set_issue(issue.id)
    cited = plot.source_lines()
    assert len(cited) > exporter.MAX_FOOTER_SOURCES
    footer = exporter.footer_text(plot)
    assert cited[0] in footer and cited[-1] not in footer
    assert f"and {len(cited) - exporter.MAX_FOOTER_SOURCES:,} more." in footer
    image = exporter.render_image(plot, 1600)
    assert image.height() < image.width()  # the footer no longer dwarfs the chart
