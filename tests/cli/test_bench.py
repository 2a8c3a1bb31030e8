"""`python -m explainer.bench` in miniature: its table builders run against the app served in this
process, with tiny repeats. These check the shape of the report, never timings (the machine is
shared, so thresholds would only measure the neighbours)."""
import dataclasses
import json
import math
import os

import pytest

from explainer.bench import __main__ as cli
from explainer.bench import robustness
from explainer.bench import server as bench
from explainer.bench.views import bptt_rows


# a stand-in for app.py: serves on the port Servers hands it, like Gradio does
HTTP_SERVER = ("import os, http.server as s\n"
               "s.HTTPServer(('127.0.0.1', int(os.environ['GRADIO_SERVER_PORT'])),"
               " s.SimpleHTTPRequestHandler).serve_forever()")


@pytest.fixture(scope="module")
def url():
    demo, url = bench.launch_in_process()
    yield url
    demo.close()


def test_latency_covers_every_case(url):
    rows = bench.latency(url, repeats=2)
    assert [(r.endpoint, r.args) for r in rows] == [
        (name, args) for name, inputs in bench.CASES.items() for args in inputs]
    for r in rows:
        assert 0 < r.client.p50_ms <= r.client.p95_ms <= r.client.max_ms
        assert 0 < r.http.p50_ms <= r.http.p95_ms <= r.http.max_ms
        assert 0 < r.http_new.p50_ms <= r.http_new.p95_ms <= r.http_new.max_ms
        assert r.client_x_noop > 0 and r.http_x_noop > 0 and r.http_new_x_noop > 0
    noop = [r for r in rows if r.endpoint == "noop"]
    assert noop and noop[0].client_x_noop == noop[0].http_x_noop == noop[0].http_new_x_noop == 1


def test_payload_is_the_json_the_server_sent(url):
    rows = bench.payload(url)
    assert {r.endpoint for r in rows} == set(bench.CASES)
    assert all(0 < r.json_bytes <= r.stream_bytes for r in rows)
    assert next(r.json_bytes for r in rows if r.endpoint == "noop") == len(json.dumps(["ok"]))


def test_load_is_bounded_and_counted(url):
    result = bench.load(url, "stateful", (8, 0), clients=3, requests_each=2, timeout_s=30)
    assert result.completed + result.errors == 6 and result.errors == 0
    assert 0 < result.latency.p50_ms <= result.latency.p95_ms <= result.latency.max_ms
    assert result.throughput_rps > 0


def test_report_renders_and_serialises_every_section(url):
    noop = {"noop": [()]}
    report = bench.Report(cpus=2, latency=bench.latency(url, repeats=1, cases=noop),
                          payload=bench.payload(url, cases=noop),
                          load=[bench.load(url, "noop", (), clients=2, requests_each=1,
                                           timeout_s=30)])
    text = cli.render(report)
    assert all(word in text for word in ("noisy", "Latency", "Payload", "Load"))
    as_json = json.loads(json.dumps(dataclasses.asdict(report)))
    assert as_json["latency"][0]["http"]["p50_ms"] > 0 and as_json["cold"] is None


def test_options_quick_and_explicit():
    options = cli.parse(["--quick", "--repeats", "7", "--only", "latency,payload"])
    assert (options.cold_runs, options.repeats, options.clients) == (1, 7, 8)
    assert options.only == ["latency", "payload"]
    assert cli.parse([]).repeats == 30


def test_servers_are_stopped_on_the_way_out():
    with bench.Servers() as servers:
        proc, url = servers.start(["-c", HTTP_SERVER])
        assert "127.0.0.1" in url and proc.poll() is None
    assert proc.poll() is not None and not servers.running


def test_percentile_interpolates_like_numpy():
    assert bench.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert math.isclose(bench.percentile(list(range(1, 101)), 95), 95.05)


def test_bptt_rows_time_the_view():
    rows = bptt_rows(repeats=1)
    assert {r.tokens for r in rows} == {20}
    assert all(r.p50_ms > 0 and r.payload_bytes > 1000 for r in rows)


def test_robustness_parts_measure_and_print(url):
    """Each part of the robustness section, in miniature, against the app served in this
    process (so the RSS read is this process's), and each part's table as the command prints it
    once that part is measured."""
    pid = os.getpid()
    assert robustness.first_page_loads(url) >= 2     # the first truncation curves, trade-offs
    parts = {"fresh_sessions": robustness.fresh_sessions(url, pid, sessions=6, threads=2),
             "class_load": robustness.class_load(url, students=2),
             "soak": robustness.soak(url, pid, requests=5),
             "fairness": robustness.fairness(url, repeats=1, flooded=("noop", ())),
             "crash_inputs": robustness.crash_inputs(url)}
    assert parts["fresh_sessions"].made == 6 and parts["fresh_sessions"].rss_after_mb > 0
    assert (parts["class_load"].completed, parts["class_load"].failures) == (10, 0)
    assert (parts["soak"].sent, parts["soak"].failures) == (5, 0)
    assert parts["fairness"].flood_sent > 0 and parts["fairness"].ratio > 0
    crashes = parts["crash_inputs"]
    assert [c.endpoint for c in crashes] == ["translate", "translate", "paradigm_translate"]
    assert all(c.answer != "a result" and c.still_serving for c in crashes), crashes
    report = bench.Report(cpus=2, robustness=parts)
    printed = [cli.render_section(report, key) for key in robustness.PARTS]
    assert cli.render(report).endswith("\n".join(printed))
    for key, words in zip(robustness.PARTS, ("Fresh sessions", "students", "Soak", "Fairness",
                                             "took the server down")):
        assert words in cli.render_section(report, key)
