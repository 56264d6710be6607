"""The Agreement report as CSV: a summary table (per issue, then overall) and, after a blank
line, the disagreements with each coder's stance side by side. UTF-8 with a BOM, and the same
guard against spreadsheet formulas as the data export."""

from __future__ import annotations

import csv
import io

from db.exchange.export_stream import csv_cell as _csv_cell
from db.reads.agreement import AgreementReport, level_label

SUMMARY_FIELDS = ["issue", "units", "paired_units", "agreeing_units", "percent_agreement",
                  "alpha"]


def _number(value: float | None, digits: int) -> str | float:
    return "" if value is None else round(value, digits)


def agreement_csv(report: AgreementReport) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(SUMMARY_FIELDS)
    for a in [*report.per_issue, report.overall]:
        out.writerow([_csv_cell(a.issue_name), a.units, a.paired, a.agreed,
                      _number(a.percent, 1), _number(a.alpha, 4)])
    out.writerow([])
    out.writerow(["source_id", "source", "party", "issue", "quote_start", "quote_end",
                  *(f"coder:{c}" for c in report.coders)])
    names = report.names
    for u in report.disagreements:
        out.writerow([u.source_id, _csv_cell(names["source"].get(u.source_id, "")),
                      _csv_cell(names["party"].get(u.party_id, "")),
                      _csv_cell(names["issue"].get(u.issue_id, "")), u.start, u.end,
                      *(_csv_cell(level_label(report, u, c)) for c in report.coders)])
    return buf.getvalue()
