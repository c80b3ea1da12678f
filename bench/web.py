"""Benchmark: the web app in headless Chromium against the real stack (issue 12 §6).

What runs (``.venv/bin/python bench/web.py``; ``--json`` prints the summary as JSON):

1. The built app (``frontend/dist``, built with ``scripts/web.py build`` when missing; or ``--dist DIR``,
   served through WEB_APP_DIR, e.g. another commit's build to compare side by side) and Debian's
   Chromium (``ETP_CHROMIUM`` or ``/usr/bin/chromium``; never a downloaded browser).
2. A bench database ``etp_bench_web`` is (re)created and migrated (``flask db upgrade``), Redis DB 13
   flushed; the stack of the end-to-end tests (tests/e2e/stack.py) starts on them: gunicorn with
   ``config/gunicorn.conf.py`` serving the app and the API, ``APP_ENV=production`` (secrets generated
   for the run; the rate limits raised so they never answer 429), no Celery worker unless
   ``--worker`` (nothing measured here runs a job).
3. Seeding, as an operator and then through the API: one organization with a verified org admin,
   20 ETPs for the list, and one ETP whose 13 sections hold ``--words`` (1,500) words each.
4. Measured, ``--runs`` (5) times each, the median reported:
   - **First load, cold cache, signed in**: a new browser context signs in (``--sign-in api``, the
     default: the login request the app sends, ``X-Token-Transport: cookie``, from the context;
     ``--sign-in ui``: the ``/entrar`` page), so the refresh cookie is set; the HTTP cache is cleared (CDP ``Network.clearBrowserCache``), then
     ``/etps`` is opened. Bytes of JS and CSS transferred (Resource Timing ``transferSize``: the
     compressed body plus headers; every asset must come from the network, not a cache) and the time
     from navigation start (``performance.timeOrigin``) until the h1 "Estudos Técnicos Preliminares"
     and the seeded ETPs are on screen (checked every animation frame).
   - **Typing in the editor**: ``/etps/<id>/secoes/1`` with the 13 long sections; ``--keys`` (40)
     key presses at the end of the text (label "Texto da seção"), one at a time. Key to paint: from
     the ``keydown`` event's timestamp to the task after the next animation frame (the frame that
     paints the change). p95 per run; side by side, the same keys in a bare ``<textarea>`` holding
     the same text (the browser's own floor: about one frame).
   - **Switching sections**: in the side navigation (``nav[aria-label="Seções do ETP"]``) a click on
     the next inciso, I to XIII, until the editor holds that section's text, measured in the page
     from the click to the task after the frame that paints it (checked in every animation frame
     callback). Median and p95 per run, over a fresh load of the editor (the sections are fetched).
5. A table (goals: JS + CSS ≤ 140 KB, list ≤ 1.0 s, typing p95 ≤ 50 ms, switching ≤ 100 ms), the
   whole run in ``bench/results/web-<timestamp>.json``; ``--json`` prints it instead of the table.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import secrets
import statistics
import subprocess
import sys
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.stack import CHROMIUM_ARGS, WebStack, chromium_path, ensure_built  # noqa: E402

BENCH_DB = "etp_bench_web"
BENCH_REDIS_DB = 13
RESULTS_DIR = ROOT / "bench" / "results"
LIST_HEADING = "Estudos Técnicos Preliminares"
NAV_LABEL = "Seções do ETP"
EDITOR_LABEL = "Texto da seção"
EMAIL = "web@orgaoweb.gov.br"
LIST_ETPS = 20
SEEDED_TITLE = "Aquisição de computadores para a unidade"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
GOALS = {"first_load_kb": 140.0, "first_load_s": 1.0, "typing_p95_ms": 50.0, "switch_ms": 100.0}
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 20_000


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class BenchError(RuntimeError):
    pass


# --------------------------------------------------------------------------------------------------
# Services and data
# --------------------------------------------------------------------------------------------------

_keep_alive: list[object] = []  # embedded PostgreSQL/Redis live as long as this process


def prepare_services() -> tuple[str, str, str]:
    """(admin URL, bench database URL, Redis URL): a fresh database, an empty Redis DB."""
    from etp_app.devservices import ensure_database, postgres_admin_url, redis_url

    instance = ROOT / "instance" / "bench"
    admin_url, pg_server = postgres_admin_url(instance)
    db_url = ensure_database(admin_url, BENCH_DB, recreate=True)
    r_url, r_server = redis_url(instance, BENCH_REDIS_DB)
    _keep_alive.extend(s for s in (pg_server, r_server) if s is not None)
    import redis

    redis.Redis.from_url(r_url).flushdb()
    return admin_url, db_url, r_url


def migrate(env: dict[str, str], log_file: Path) -> None:
    import os

    with log_file.open("ab") as out:
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi:app", "db", "upgrade"],
            cwd=str(ROOT),
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if result.returncode != 0:
        raise BenchError(f"migration failed; see {log_file}")


def section_text(code: str, words: int) -> str:
    """``words`` words of Markdown a servant would write: headings, paragraphs, a list, a table.
    Starts with a marker unique to the section (how the bench knows the section is on screen)."""
    vocabulary = (
        "a Administração demonstra a necessidade da contratação considerando o interesse público os "
        "requisitos técnicos a estimativa de quantidades o levantamento de mercado e a justificativa "
        "da solução escolhida conforme o art. 18 da Lei 14.133/2021 com base nos estudos realizados "
        "pela equipe de planejamento e nos registros de contratações anteriores do órgão"
    ).split()
    out = [f"[marcador-inciso-{code}] Seção {code} do estudo técnico preliminar.", ""]
    n = 0
    paragraph = 0
    while len(" ".join(out).split()) < words:
        paragraph += 1
        if paragraph % 6 == 1:
            out += [f"## Parte {paragraph // 6 + 1} da seção {code}", ""]
        if paragraph % 6 == 3:
            for _ in range(4):
                out.append("- " + " ".join(vocabulary[(n + k) % len(vocabulary)] for k in range(8)) + ";")
                n += 8
            out.append("")
        elif paragraph % 6 == 5:
            out += ["| Item | Quantidade | Valor |", "|---|---:|---:|"]
            out += [f"| Item {i} | {10 * i} | R$ {i * 1234},56 |" for i in range(1, 4)]
            out.append("")
        else:
            remaining = max(1, min(60, words - len(" ".join(out).split())))
            line = " ".join(vocabulary[(n + k) % len(vocabulary)] for k in range(remaining))
            out += [line.capitalize() + ".", ""]
            n += remaining
    return "\n".join(out).strip() + "\n"


def seed(stack: WebStack, env: dict[str, str], log_file: Path, words: int) -> tuple[dict[str, str], str]:
    """The benchmarked account and the id of its ETP with 13 long sections."""
    from bench.api import PASSWORD, _etp_body, register

    token = register(stack.base_url, env, log_file, EMAIL, "Órgão do Benchmark Web")
    for i in range(LIST_ETPS):
        resp = stack.api("/api/v1/etps", "POST", _etp_body(i, "web"), token)
        if resp.status_code != 201:
            raise BenchError(f"create ETP: {resp.status_code} {resp.text[:300]}")
    resp = stack.api("/api/v1/etps", "POST", {**_etp_body(99, "editor"), "title": "ETP longo do benchmark"}, token)
    if resp.status_code != 201:
        raise BenchError(f"create ETP: {resp.status_code} {resp.text[:300]}")
    etp_id = resp.json()["id"]
    for inciso, code in enumerate(ROMAN, start=1):
        path = f"/api/v1/etps/{etp_id}/sections/{inciso}"
        current = stack.api(path, token=token)
        put = stack.api(
            path,
            "PUT",
            {"content": section_text(code, words)},
            token,
            headers={"If-Match": current.headers.get("ETag", "")},
        )
        if put.status_code != 200:
            raise BenchError(f"PUT section {code}: {put.status_code} {put.text[:300]}")
    return {"email": EMAIL, "password": PASSWORD}, etp_id


# --------------------------------------------------------------------------------------------------
# In the browser
# --------------------------------------------------------------------------------------------------


def new_context(browser):
    context = browser.new_context(locale="pt-BR", viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    return context


def sign_in(page, base: str, user: dict[str, str], how: str = "api") -> None:
    """Signed in as the app does it: the refresh token in its HttpOnly cookie. ``api``: the login
    request the app's login page sends (``X-Token-Transport: cookie``), from the browser context;
    ``ui``: the login page itself (labels "E-mail", "Senha", button "Entrar")."""
    if how == "api":
        resp = page.context.request.post(
            base + "/api/v1/auth/login",
            data={"email": user["email"], "password": user["password"]},
            headers={"X-Token-Transport": "cookie"},
        )
        if resp.status != 200:
            raise BenchError(f"login through the API: {resp.status} {resp.text()[:300]}")
        if not any(c["name"] == "etp_refresh" for c in page.context.cookies(base + "/api/v1/auth/refresh")):
            raise BenchError("the login answer set no refresh cookie the browser keeps (Secure on http?)")
        return
    from playwright.sync_api import expect

    page.goto(base + "/entrar")
    page.get_by_label("E-mail").fill(user["email"])
    page.get_by_label("Senha").fill(user["password"])
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()


LIST_VISIBLE_JS = """
([heading, title]) => {
  const h1 = document.querySelector('h1');
  const main = document.querySelector('main');
  const shown = (el) => el && el.getClientRects().length > 0;
  if (!shown(h1) || h1.textContent.trim() !== heading || !shown(main)) return false;
  return main.innerText.includes(title) ? performance.now() : false;
}
"""

RESOURCES_JS = """
() => performance.getEntriesByType('resource').map((e) => ({
  name: e.name, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize,
}))
"""


def _wait(page, expression: str, arg: Any, what: str) -> Any:
    """``page.wait_for_function`` checked every frame; a timeout says what the page showed instead."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return page.wait_for_function(expression, arg=arg, polling="raf").json_value()
    except PlaywrightTimeout:
        h1 = page.evaluate("() => [...document.querySelectorAll('h1')].map((h) => h.textContent.trim())")
        raise BenchError(f"{what} not shown in {TIMEOUT_MS / 1000:.0f} s at {page.url} (h1: {h1})") from None


def first_load(browser, base: str, user: dict[str, str], how: str, dist: Path | None = None) -> dict[str, Any]:
    context = new_context(browser)
    try:
        page = context.new_page()
        sign_in(page, base, user, how)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        page.goto(base + "/etps", wait_until="commit")
        visible_ms = _wait(page, LIST_VISIBLE_JS, [LIST_HEADING, SEEDED_TITLE], "the ETP list with the seeded ETPs")
        page.wait_for_load_state("networkidle")
        entries = page.evaluate(RESOURCES_JS)
    finally:
        context.close()
    kinds: dict[str, dict[str, int]] = {}
    for e in entries:
        path = re.sub(r"[?#].*$", "", e["name"])
        kind = (
            "js"
            if path.endswith(".js")
            else "css"
            if path.endswith(".css")
            else "font"
            if re.search(r"\.(woff2?|ttf)$", path)
            else "api"
            if "/api/" in path
            else "other"
        )
        if kind in ("js", "css") and e["transfer"] == 0:
            raise BenchError(f"{path} came from a cache (transferSize 0): the load was not cold")
        k = kinds.setdefault(kind, {"files": 0, "transfer": 0, "encoded": 0, "decoded": 0})
        k["files"] += 1
        for field in ("transfer", "encoded", "decoded"):
            k[field] += int(e[field])
    empty = {"files": 0, "transfer": 0, "encoded": 0, "decoded": 0}
    js, css = kinds.get("js", empty), kinds.get("css", empty)
    # The issue's budget is in gzip: Chromium asks for brotli, so the same files' gzip bodies are read
    # from the build's precompressed .gz siblings (what a gzip-only client is sent).
    gzip_bytes = None
    if dist is not None:
        gzip_bytes = 0
        for e in entries:
            path = urllib.parse.urlsplit(e["name"]).path
            if path.endswith((".js", ".css")):
                file = dist / path.lstrip("/")
                gz = file.with_name(file.name + ".gz")
                # whitenoise.compress keeps no .gz of a file gzip does not shrink: it goes out as is
                gzip_bytes += (gz if gz.exists() else file).stat().st_size
    return {
        "visible_s": float(visible_ms) / 1000.0,
        "js_css_gzip_bytes": gzip_bytes,
        "js_css_transfer_bytes": js["transfer"] + css["transfer"],
        "js_css_decoded_bytes": js["decoded"] + css["decoded"],
        "by_kind": kinds,
    }


FIND_EDITOR_JS = """
(label) => {
  const labels = [...document.querySelectorAll('label')];
  const byLabel = labels.find((l) => l.textContent.trim() === label) || labels.find((l) => l.textContent.trim().startsWith(label));
  return (byLabel && byLabel.control) || document.querySelector(`textarea[aria-label^="${label}"]`);
}
"""

INSTALL_TYPING_PROBE_JS = """
() => {
  window.__etpKeyLatencies = [];
  document.addEventListener('keydown', (event) => {
    const start = event.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__etpKeyLatencies.push(performance.now() - start);
      channel.port2.postMessage(0);
    });
  }, true);
}
"""

SWITCH_JS = (
    """
async ([nav, label, index, marker]) => {
  const findEditor = """
    + FIND_EDITOR_JS
    + """;
  const links = document.querySelectorAll(`nav[aria-label="${nav}"] a`);
  const start = performance.now();
  links[index].click();
  return await new Promise((resolve, reject) => {
    // runs in an animation frame callback: what it sees is what that frame paints
    const check = () => {
      const editor = findEditor(label);
      if (editor && editor.value.includes(marker) && editor.getClientRects().length > 0) {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - start);
        channel.port2.postMessage(0);
        return;
      }
      if (performance.now() - start > 15000) { reject(new Error('section ' + marker + ' not shown in 15 s')); return; }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}
"""
)

EDITOR_SHOWS_JS = (
    """
([label, marker]) => {
  const findEditor = """
    + FIND_EDITOR_JS
    + """;
  const editor = findEditor(label);
  return !!editor && editor.value.includes(marker);
}
"""
)

NAV_LINKS_JS = """
(nav) => [...document.querySelectorAll(`nav[aria-label="${nav}"] a`)].map((a) => ({
  href: a.getAttribute('href') || '', text: (a.textContent || '').replace(/\\s+/g, ' ').trim(),
}))
"""


def _inciso_of(link: dict[str, str]) -> str | None:
    last = link["href"].rstrip("/").rsplit("/", 1)[-1]
    if last.isdigit() and 1 <= int(last) <= 13:
        return ROMAN[int(last) - 1]
    if last.upper() in ROMAN:
        return last.upper()
    m = re.match(r"^(?:Inciso\s+)?([IVX]+)\b", link["text"])
    return m.group(1) if m and m.group(1) in ROMAN else None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100.0 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def open_editor(page, base: str, etp_id: str, code: str = "I") -> None:
    page.goto(f"{base}/etps/{etp_id}/secoes/{ROMAN.index(code) + 1}")
    _wait(page, EDITOR_SHOWS_JS, [EDITOR_LABEL, f"[marcador-inciso-{code}]"], f"the editor of section {code}")


def _typed(keys: int) -> str:
    return (" digitando no fim do texto" * (keys // 20 + 1))[:keys].rstrip()


def type_keys(page, keys: int) -> list[float]:
    """Key → paint of ``keys`` presses at the end of the editor's text, one key at a time."""
    page.get_by_label(EDITOR_LABEL, exact=True).focus()
    page.keyboard.press("Control+End")
    page.evaluate(INSTALL_TYPING_PROBE_JS)
    for i, char in enumerate((" digitando no fim do texto" * (keys // 20 + 1))[:keys], start=1):
        page.keyboard.press(char if char != " " else "Space")
        page.wait_for_function("(n) => window.__etpKeyLatencies.length >= n", arg=i, polling="raf")
    return [float(v) for v in page.evaluate("() => window.__etpKeyLatencies")]


def floor_typing(browser, keys: int, words: int) -> list[float]:
    """The floor, side by side: the same keys in a bare ``<textarea>`` holding the same text (no app,
    no React): what the browser itself costs from key to paint."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.set_content(
            f'<html lang="pt-BR"><body><label for="t">{EDITOR_LABEL}</label>'
            '<textarea id="t" rows="30" cols="100"></textarea></body></html>'
        )
        page.get_by_label(EDITOR_LABEL, exact=True).fill(section_text("I", words))
        return type_keys(page, keys)
    finally:
        context.close()


def editor_run(
    browser, base: str, user: dict[str, str], etp_id: str, keys: int, words: int, how: str
) -> dict[str, Any]:
    context = new_context(browser)
    try:
        page = context.new_page()
        sign_in(page, base, user, how)
        open_editor(page, base, etp_id)
        # typing at the end of section I
        latencies = type_keys(page, keys)
        if not page.get_by_label(EDITOR_LABEL, exact=True).input_value().rstrip().endswith(_typed(keys)[-8:]):
            raise BenchError("the typed text did not reach the editor")

        # switching I → II → ... → XIII (a fresh load of the editor, so the sections are fetched)
        open_editor(page, base, etp_id)
        links = page.evaluate(NAV_LINKS_JS, NAV_LABEL)
        order = {code: i for i, link in enumerate(links) if (code := _inciso_of(link))}
        if len(order) != 13:
            raise BenchError(f"the side navigation {NAV_LABEL!r} does not link the 13 incisos: {links}")
        switches = []
        for code in ROMAN[1:]:
            switches.append(
                float(page.evaluate(SWITCH_JS, [NAV_LABEL, EDITOR_LABEL, order[code], f"[marcador-inciso-{code}]"]))
            )
    finally:
        context.close()
    floor = floor_typing(browser, keys, words)
    return {
        "floor_typing_ms": floor,
        "floor_typing_p95_ms": percentile(floor, 95),
        "typing_ms": latencies,
        "typing_p95_ms": percentile(latencies, 95),
        "typing_median_ms": statistics.median(latencies),
        "switch_ms": switches,
        "switch_median_ms": statistics.median(switches),
        "switch_p95_ms": percentile(switches, 95),
    }


# --------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------


def summarize(loads: list[dict[str, Any]], edits: list[dict[str, Any]]) -> dict[str, Any]:
    med = statistics.median
    out: dict[str, Any] = {}
    if loads:
        out["first_load"] = {
            "js_css_transfer_kb": med(r["js_css_transfer_bytes"] for r in loads) / 1000.0,
            "js_css_gzip_kb": (
                med(r["js_css_gzip_bytes"] for r in loads) / 1000.0
                if all(r["js_css_gzip_bytes"] is not None for r in loads)
                else None
            ),
            "js_css_decoded_kb": med(r["js_css_decoded_bytes"] for r in loads) / 1000.0,
            "visible_s": med(r["visible_s"] for r in loads),
            "visible_s_runs": [round(r["visible_s"], 3) for r in loads],
            "files": loads[0]["by_kind"],
        }
    if edits:
        out["editor"] = {
            "typing_p95_ms": med(r["typing_p95_ms"] for r in edits),
            "typing_median_ms": med(r["typing_median_ms"] for r in edits),
            "typing_p95_ms_runs": [round(r["typing_p95_ms"], 1) for r in edits],
            "floor_typing_p95_ms": med(r["floor_typing_p95_ms"] for r in edits),
            "switch_median_ms": med(r["switch_median_ms"] for r in edits),
            "switch_p95_ms": med(r["switch_p95_ms"] for r in edits),
            "switch_median_ms_runs": [round(r["switch_median_ms"], 1) for r in edits],
        }
    return out


def _verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "NOT met"


def print_table(summary: dict[str, Any], runs: int) -> None:
    rows: list[tuple[str, str, str, float | None, float | None]] = []
    if "first_load" in summary:
        f = summary["first_load"]
        rows.append(
            (
                "First load, JS + CSS transferred",
                f"{f['js_css_transfer_kb']:.1f} KB",
                "≤ 140 KB",
                f["js_css_transfer_kb"],
                GOALS["first_load_kb"],
            )
        )
        if f.get("js_css_gzip_kb") is not None:
            rows.append(
                (
                    "First load, the same JS + CSS in gzip",
                    f"{f['js_css_gzip_kb']:.1f} KB",
                    "≤ 140 KB",
                    f["js_css_gzip_kb"],
                    GOALS["first_load_kb"],
                )
            )
        rows.append(("  (decoded)", f"{f['js_css_decoded_kb']:.1f} KB", "", None, None))
        rows.append(
            ("First load, list visible", f"{f['visible_s']:.3f} s", "≤ 1.0 s", f["visible_s"], GOALS["first_load_s"])
        )
    if "editor" in summary:
        e = summary["editor"]
        rows.append(
            (
                "Typing, key → paint p95",
                f"{e['typing_p95_ms']:.1f} ms",
                "≤ 50 ms",
                e["typing_p95_ms"],
                GOALS["typing_p95_ms"],
            )
        )
        rows.append(("  (median)", f"{e['typing_median_ms']:.1f} ms", "", None, None))
        rows.append(("  (bare <textarea>, same text, p95)", f"{e['floor_typing_p95_ms']:.1f} ms", "", None, None))
        rows.append(
            (
                "Switching sections, median",
                f"{e['switch_median_ms']:.1f} ms",
                "≤ 100 ms",
                e["switch_median_ms"],
                GOALS["switch_ms"],
            )
        )
        rows.append(
            (
                "Switching sections, p95",
                f"{e['switch_p95_ms']:.1f} ms",
                "≤ 100 ms",
                e["switch_p95_ms"],
                GOALS["switch_ms"],
            )
        )
    print(f"\nmedian of {runs} runs\n")
    print(f"| {'measure':<36} | {'value':>10} | {'goal':<9} | {'':<7} |")
    print(f"|{'-' * 38}|{'-' * 11}:|{'-' * 11}|{'-' * 9}|")
    for label, value, goal, raw, limit in rows:
        verdict = _verdict(raw, limit) if raw is not None and limit is not None else ""
        print(f"| {label:<36} | {value:>10} | {goal:<9} | {verdict:<7} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=40, help="key presses per typing run")
    parser.add_argument("--words", type=int, default=1500, help="words in each of the 13 sections")
    parser.add_argument("--only", default="load,editor", help="comma-separated: load, editor")
    parser.add_argument("--worker", action="store_true", help="also start a Celery worker")
    parser.add_argument("--app-env", choices=("production", "testing"), default="production")
    parser.add_argument(
        "--sign-in", choices=("api", "ui"), default="api", help="log in with the API cookie flow or the login page"
    )
    parser.add_argument("--dist", help="a built app to serve instead of frontend/dist (WEB_APP_DIR)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON instead of a table")
    args = parser.parse_args(argv)
    only = {part.strip() for part in args.only.split(",") if part.strip()}

    chromium = chromium_path()
    if args.dist:
        if not (Path(args.dist) / "index.html").is_file():
            raise BenchError(f"--dist {args.dist}: no index.html there")
    else:
        ensure_built()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    run_dir = RESULTS_DIR / f"web-{stamp}"
    run_dir.mkdir(parents=True, exist_ok=True)
    log_file = run_dir / "setup.log"

    admin_url, db_url, r_url = prepare_services()
    extra = {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "JWT_SECRET": secrets.token_urlsafe(48),
    }
    dist_dir = Path(args.dist).resolve() if args.dist else ROOT / "frontend" / "dist"
    if args.dist:
        extra["WEB_APP_DIR"] = str(dist_dir)
    if args.app_env == "production":
        extra["APP_URL"] = "https://etp.bench.invalid"  # production requires the web app's https address
    stack = WebStack(
        database_url=db_url,
        redis_url=r_url,
        log_dir=run_dir,
        app_env=args.app_env,
        env=extra,
        worker=args.worker,
        fake_latency=0.0,
    )
    env = stack.common_env()
    migrate(env, log_file)
    from playwright.sync_api import sync_playwright

    loads: list[dict[str, Any]] = []
    edits: list[dict[str, Any]] = []
    try:
        stack.start()
        log(f"stack on {stack.base_url} (APP_ENV={args.app_env}); seeding")
        user, etp_id = seed(stack, stack.common_env(), log_file, args.words)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                # one unmeasured pass of each: the server's workers import lazily and fill their caches
                if "load" in only:
                    first_load(browser, stack.base_url, user, args.sign_in, dist_dir)
                    for i in range(args.runs):
                        loads.append(first_load(browser, stack.base_url, user, args.sign_in, dist_dir))
                        log(f"first load {i + 1}/{args.runs}: {loads[-1]['visible_s']:.3f} s")
                if "editor" in only:
                    for i in range(args.runs):
                        edits.append(
                            editor_run(browser, stack.base_url, user, etp_id, args.keys, args.words, args.sign_in)
                        )
                        log(f"editor {i + 1}/{args.runs}: typing p95 {edits[-1]['typing_p95_ms']:.1f} ms")
                version = browser.version
            finally:
                browser.close()
    finally:
        stack.stop()
        from etp_app.devservices import drop_database

        drop_database(admin_url, BENCH_DB)

    summary = summarize(loads, edits)
    report = {
        "when": stamp,
        "machine": {"cpus": _cpus(), "load_average": _loadavg(), "python": platform.python_version()},
        "chromium": version,
        "app_env": args.app_env,
        "runs": args.runs,
        "keys": args.keys,
        "words_per_section": args.words,
        "goals": GOALS,
        "summary": summary,
        "first_load_runs": loads,
        "editor_runs": edits,
    }
    (RESULTS_DIR / f"web-{stamp}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    if args.json:
        print(
            json.dumps(
                {k: report[k] for k in ("when", "machine", "chromium", "runs", "goals", "summary")},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print_table(summary, args.runs)
        print(f"\nChromium {version}; every run in {RESULTS_DIR / f'web-{stamp}.json'}")
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


def _loadavg() -> list[float]:
    import os

    return [round(x, 2) for x in os.getloadavg()]


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"bench/web.py: {exc}", file=sys.stderr)
        sys.exit(2)
