"""How fast the explainer starts and answers, and how much it sends: `python -m explainer.bench`.

Every number is printed next to a floor measured in the same run, because the machine this runs on
is shared and noisy: absolute milliseconds move from run to run, the ratios much less.

  cold     `python app.py` -> page served and one /noop answered   vs. an empty gr.Blocks().launch()
  latency  p50 / p95 per endpoint and input in CASES               vs. /noop (same queue, no work)
  payload  bytes of the JSON result each endpoint sends, read off Gradio's HTTP API
  load     C clients x K requests on loopback, with RNN_EXPLAINER_CONCURRENCY=1 and the default
  views    each view built in-process (ms, bytes); live training; the worst input each endpoint
           accepts (explainer.bench.views.worst_cases), timed
  robustness  on one `python app.py`: N fresh sessions with the server's RSS before/after; a
           class of S students x 5 mixed requests (failures, p95); a soak of N requests (RSS
           before/after); one session flooding a slow endpoint while another uses it (its
           latency vs quiet); the inputs that once crashed the server (seconds, message)
  page     the app in Debian's chromium, every tab opened: bytes transferred (compressed as
           Gradio serves them) and decoded, and how many copies of plotly.js were fetched

    python -m explainer.bench                          # everything; each section prints when done
    python -m explainer.bench --only robustness        # ~10-15 minutes on 2 busy cores
    python -m explainer.bench --only robustness --sessions-deadline 1800   # all 10,000 sessions
    python -m explainer.bench --only robustness --parts fairness,crash_inputs
    python -m explainer.bench --quick --only latency,payload
    python -m explainer.bench --json bench.json        # the same numbers, also as JSON
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import sys
from pathlib import Path

from .server import (CASES, SECTIONS, SIZES, Report, Servers, cold_start, latency, launch_in_process,
                     load_at, payload, table)
from .page import page_weight
from .robustness import DEADLINES, PARTS, robustness
from .views import figure_rows, training_row, worst_case_rows


def run(options, servers: Servers, measured=lambda report, section: None) -> Report:
    """Every section asked for; `measured(report, section)` is called as soon as a section (or
    a part of the robustness section) is in the report, so that a long run prints as it goes."""
    from ..ui.app import CONCURRENCY  # the default the app runs with
    report = Report(cpus=os.cpu_count(), options=vars(options))
    if "cold" in options.only:
        report.cold = cold_start(servers, options.cold_runs)
        measured(report, "cold")
    if {"latency", "payload", "page"} & set(options.only):
        demo, url = launch_in_process()
        try:
            for section, measure in (("latency", lambda: latency(url, options.repeats)),
                                     ("payload", lambda: payload(url)),
                                     ("page", lambda: page_weight(url))):
                if section in options.only:
                    setattr(report, section, measure())
                    measured(report, section)
        finally:
            demo.close()
    if "views" in options.only:
        report.figures = figure_rows(repeats=3 if options.quick else 7)
        report.training = training_row()
        report.worst = worst_case_rows(repeats=1 if options.quick else 3)
        measured(report, "views")
    if "load" in options.only:
        args = CASES[options.load_endpoint][0]
        report.load = [load_at(servers, c, options.load_endpoint, args, options.clients,
                               options.requests, options.load_timeout)
                       for c in sorted({1, CONCURRENCY})]
        measured(report, "load")
    if "robustness" in options.only:
        def part(key, result):
            report.robustness[key] = result
            measured(report, key)
        robustness(servers, options.students, options.soak, options.sessions, part,
                   sessions_deadline_s=options.sessions_deadline, parts=options.parts)
    return report


def header(report: Report) -> str:
    return f"RNN Explainer benchmark, {report.cpus} CPUs. {report.note}"


def render_section(report: Report, section: str) -> str:
    """The text of one section (or one part of the robustness section) of the report."""
    if section in PARTS:
        return _robustness_part(section, report.robustness[section])
    return "\n".join(_SECTIONS[section](report))


def render(report: Report) -> str:
    """The whole report, in the order the sections are printed as they are measured."""
    out = [header(report)]
    for section in ("cold", "latency", "payload", "page", "views", "load"):
        out += _SECTIONS[section](report)
    out += [_robustness_part(key, report.robustness[key]) for key in PARTS
            if key in report.robustness]
    return "\n".join(out)


def _cold(report: Report) -> list[str]:
    if not (cold := report.cold):
        return []
    return [f"\nCold start (median of {cold.runs} runs)", table(
        ["", "seconds"],
        [["app.py -> HTTP 200 on /", cold.app_page_s],
         ["app.py -> / and one /noop answered (gradio_client)", cold.app_ready_s],
         ["floor: import gradio, torch + empty Blocks -> HTTP 200", cold.floor_s],
         ["ratio app ready / floor", cold.ratio]])]


def _latency(report: Report) -> list[str]:
    if not (rows := report.latency):
        return []
    return [f"\nLatency per endpoint ({rows[0].repeats} calls each, interleaved; x noop = p50 "
            "/ p50 of /noop in the same column). client: gradio_client; tab: HTTP API in one "
            "session, as a browser tab; new: HTTP API, a new session per call, as curl",
            table(["endpoint", "args", "client p50 ms", "x noop", "tab p50 ms", "p95 ms",
                   "x noop", "new p50 ms", "x noop"],
                  [[r.endpoint, r.args, r.client.p50_ms, r.client_x_noop, r.http.p50_ms,
                    r.http.p95_ms, r.http_x_noop, r.http_new.p50_ms, r.http_new_x_noop]
                   for r in rows])]


def _payload(report: Report) -> list[str]:
    if not (rows := report.payload):
        return []
    return ["\nPayload of one result (HTTP API /gradio_api/call/<name>, no compression)", table(
        ["endpoint", "args", "JSON bytes", "SSE stream bytes"],
        [[r.endpoint, r.args, r.json_bytes, r.stream_bytes] for r in rows])]


def _page(report: Report) -> list[str]:
    if not (p := report.page):
        return []
    return [f"\nPage weight: the app in chromium, nothing cached, all {len(p.tabs)} tabs "
            "opened (nested ones too) until every figure is drawn", table(
                ["requests", "transferred bytes", "decoded bytes", "plotly.js copies"],
                [[p.requests, p.transferred_bytes, p.decoded_bytes, len(p.plotly_copies)]])]


def _views(report: Report) -> list[str]:
    out = []
    if rows := report.figures:
        out += ["\nBuilding each view in-process (trace + every figure), and what it weighs",
                table(["view", "tokens", "p50 ms", "payload bytes"],
                      [[r.view, r.tokens, r.p50_ms, r.payload_bytes] for r in rows])]
    if rows := report.worst:
        out += ["\nThe worst input each endpoint accepts, in-process (budget: 2 s of CPU, 2 MB)",
                table(["endpoint", "worst accepted input", "p50 ms", "payload bytes"],
                      [[r.endpoint, r.worst_input, r.p50_ms, r.payload_bytes] for r in rows])]
    if t := report.training:
        out += [f"\nLive training, slide tagger on the {t.sentences}-sentence class sample: "
                f"{t.epochs_to_90} epochs, {t.seconds_to_90:.2f} s to >= 90% training accuracy "
                f"({t.final_accuracy:.1%})"]
    return out


def _load(report: Report) -> list[str]:
    if not (rows := report.load):
        return []
    r = rows[0]
    return [f"\nLoad on loopback: {r.clients} clients x {r.requests_each} requests of "
            f"/{r.endpoint}{r.args}; the clients share the CPUs with the server", table(
                ["concurrency", "done", "errors", "p50 ms", "p95 ms", "max ms", "req/s",
                 "wall s"],
                [[r.concurrency, r.completed, r.errors, r.latency.p50_ms, r.latency.p95_ms,
                  r.latency.max_ms, r.throughput_rps, r.wall_s] for r in rows])]


_SECTIONS = {"cold": _cold, "latency": _latency, "payload": _payload, "page": _page,
             "views": _views, "load": _load}


def _robustness_part(key: str, r) -> str:
    """One part of the robustness section (explainer.bench.robustness), as a small table."""
    if key == "fresh_sessions":
        return "\n".join([
            f"\nRobustness, on one `python app.py`. Fresh sessions: {r.made:,} of {r.sessions:,} "
            f"made in {r.seconds:.0f} s (one /noop each with a new session hash, 4 at a time; "
            "goal for 10,000: < 500 MB)", table(
                ["sessions", "RSS before MB", "RSS after MB", "growth MB", "MB per session"],
                [[made, r.rss_before_mb, rss, rss - r.rss_before_mb,
                  (rss - r.rss_before_mb) / max(made, 1)]
                 for made, rss in [*[(m, x) for m, x in r.rss_on_the_way if m != r.made],
                                   (r.made, r.rss_after_mb)]])])
    if key == "class_load":
        lines = [f"\nA class: {r.students} students x {r.requests_each} requests (tagging, gates, "
                 "unrolled, translation, BPTT), a session each, all released at once "
                 "(latency: each request, queueing included)", table(
                     ["done", "failures", "p50 ms", "p95 ms", "max ms", "wall s"],
                     [[r.completed, r.failures, r.latency.p50_ms, r.latency.p95_ms,
                       r.latency.max_ms, r.wall_s]])]
        return "\n".join(lines + [f"  failure: {e}" for e in r.examples])
    if key == "soak":
        return "\n".join([
            f"\nSoak: {r.sent:,} of {r.requests:,} requests in a row over the same five "
            f"endpoints, 4 sessions taking turns, in {r.seconds:.0f} s", table(
                ["requests", "failures", "RSS before MB", "RSS after MB", "growth MB"],
                [[r.sent, r.failures, r.rss_before_mb, r.rss_after_mb,
                  r.rss_after_mb - r.rss_before_mb]])])
    if key == "fairness":
        return "\n".join([
            f"\nFairness: another session's /{r.endpoint} while one session floods it "
            f"({r.flood_sent} joins sent, {r.flood_refused} refused with 'Slow down'; goal: "
            "ratio <= ~3)", table(["quiet p50 ms", "flooded p50 ms", "ratio"],
                                  [[r.quiet_ms, r.flooded_ms, r.ratio]])])
    return "\n".join([
        "\nThe inputs that once took the server down (goal: a message in < 1 s, still serving)",
        table(["endpoint", "input", "seconds", "answer", "then /noop"],
              [[c.endpoint, c.input, c.seconds, c.answer, "ok" if c.still_serving else "FAILED"]
               for c in r])])


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m explainer.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke test: few of everything")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections among {', '.join(SECTIONS)}")
    for name, (full, quick) in SIZES.items():
        parser.add_argument("--" + name.replace("_", "-"), type=int,
                            help=f"default {full}, with --quick {quick}")
    parser.add_argument("--load-endpoint", default="stateful", choices=sorted(CASES))
    parser.add_argument("--load-timeout", type=float, default=120,
                        help="seconds after which a load run stops, finished or not")
    parser.add_argument("--sessions-deadline", type=float, default=DEADLINES["fresh_sessions"],
                        help="seconds the fresh sessions may take before they stop and report "
                             "how many were made (10,000 took 6-10 min on 2 busy cores)")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"the robustness section's parts, comma-separated, among {', '.join(PARTS)}")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    options = parser.parse_args(argv)
    options.only = [s.strip() for s in options.only.split(",") if s.strip()]
    options.parts = tuple(s.strip() for s in options.parts.split(",") if s.strip())
    if unknown := set(options.parts) - set(PARTS):
        parser.error(f"--parts: unknown part(s) {sorted(unknown)}; choose among {PARTS}")
    if unknown := set(options.only) - set(SECTIONS):
        parser.error(f"--only: unknown section(s) {sorted(unknown)}; choose among {SECTIONS}")
    for name, (full, quick) in SIZES.items():  # an explicit flag wins over --quick
        if getattr(options, name) is None:
            setattr(options, name, quick if options.quick else full)
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    # SIGTERM unwinds like Ctrl-C (KeyboardInterrupt), so every server started here is stopped
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(header(Report(cpus=os.cpu_count())), flush=True)
    shown = lambda report, section: print(render_section(report, section), flush=True)
    try:
        with Servers() as servers:
            report = run(options, servers, shown)
    except KeyboardInterrupt:
        print("interrupted: every server this run started has been stopped", file=sys.stderr)
        return 130
    if options.json:
        options.json.write_text(json.dumps(dataclasses.asdict(report), indent=2, default=str))
        print(f"\nwrote {options.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

