"""Benchmark: whole-ETP drafting for 20 ETPs (260 section drafts) through real Celery workers.

A fake OpenAI-compatible provider answers every call after a fixed latency (default 500 ms); the
real OpenAI SDK path, prompts, quality checks, job ledger and PostgreSQL writes all run.

Reports: wall time from the first POST to the last job finished; the floor for that wall
(max(13 × latency, 260 × latency / concurrency)); median and p95 per-section overhead beyond the
provider's latency (time between consecutive section writes of one job, minus that section's provider
call as the worker timed it: HTTP round trip plus the fake's sleep); draft
POST latency p50/p95 (in-process WSGI client, after one untimed warm-up request whose job is
cancelled before the workers start); worker CPU per section; worker RSS peak. The fake provider runs
in a process of its own, as a remote provider would.

    .venv/bin/python bench/drafting.py [--etps 20] [--latency 0.5] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def _serve_fake_provider(latency: float, conn) -> None:
    """The fake provider in a process of its own, as a remote provider would be: its HTTP handling
    must not compete with the timed draft POSTs of this process for its interpreter lock."""
    from tests.fakes.fake_openai import FakeOpenAIServer

    fake = FakeOpenAIServer(latency=latency).start()
    conn.send(fake.base_url)
    conn.recv()  # until the benchmark is done
    fake.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--etps", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=20, help="threads per worker process")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (each with --concurrency threads)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    import psutil
    from sqlalchemy import select

    from etp_app.devservices import ensure_database, postgres_admin_url, redis_url
    from etp_app.drafting.catalog import ROMAN
    from tests.helpers.polling import wait_for
    from tests.helpers.workers import WorkerProcess

    instance = ROOT / "instance" / "bench"
    admin_url, _pg = postgres_admin_url(instance)
    db_url = ensure_database(admin_url, "etp_bench_drafting", recreate=True)
    r_url, _redis = redis_url(instance, 12)
    import redis

    redis.Redis.from_url(r_url).flushdb()

    import multiprocessing

    fake_conn, child_conn = multiprocessing.Pipe()
    fake_proc = multiprocessing.get_context("spawn").Process(
        target=_serve_fake_provider, args=(args.latency, child_conn), daemon=True
    )
    fake_proc.start()
    fake_url = fake_conn.recv()
    env = {
        "APP_ENV": "production",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
        "JWT_SECRET": "bench-" + uuid.uuid4().hex * 2,
        "DATABASE_URL": db_url,
        "REDIS_URL": r_url,
        "APP_URL": "https://etp.bench.invalid",  # production requires the web app's https address
        "RATELIMIT_DEFAULT": "1000000 per minute",
        "DRAFTING_PROVIDER": "openai",
        "OPENAI_API_KEY": "sk-bench",
        "OPENAI_BASE_URL": fake_url,
        "DB_POOL_SIZE": str(args.concurrency + 2),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    from flask_migrate import upgrade

    from etp_app import create_app

    app = create_app()
    with app.app_context():
        upgrade()
    client = app.test_client()
    from etp_app.services import joining, organizations

    with app.app_context():  # organizations are created by operators, never by registering
        org = organizations.provision(name="Órgão do Benchmark", domain_names=["bench.gov.br"], source="bench")
        joining.provision_user(
            org, email="bench@bench.gov.br", name="Bench", password="Xq7-Vw2!pLr9#Tz", role="org_admin", source="bench"
        )
    reg = client.post("/api/v1/auth/login", json={"email": "bench@bench.gov.br", "password": "Xq7-Vw2!pLr9#Tz"})
    assert reg.status_code == 200, reg.get_json()
    token = reg.get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    etp_ids = []
    for i in range(args.etps + 1):  # one more for the warm-up request
        resp = client.post(
            "/api/v1/etps",
            headers=headers,
            json={
                "title": f"Aquisição de equipamentos de informática — lote {i + 1}",
                "objeto": f"Aquisição de {100 + i} notebooks para unidades de saúde",
                "uasg": "123456",
                "template_type": "ti",
                "quantidade_estimada": str(100 + i),
                "unidade_medida": "unidade",
                "valor_estimado": f"{(100 + i) * 4000}.00",
                "valor_unitario": "4000.00",
                "descricao_necessidade": "Equipamentos atuais obsoletos e sem suporte do fabricante.",
            },
        )
        assert resp.status_code == 201, resp.get_json()
        etp_ids.append(resp.get_json()["id"])
    # Warm-up (not timed): the process's first draft request compiles its statements and opens its
    # broker connection; its job is cancelled before any worker starts, so no worker drafts it.
    warm = client.post(f"/api/v1/etps/{etp_ids.pop()}/draft", headers=headers, json={})
    assert warm.status_code == 202, warm.get_json()
    assert client.post(f"/api/v1/jobs/{warm.get_json()['id']}/cancel", headers=headers).status_code == 200

    instance.mkdir(parents=True, exist_ok=True)
    workers = [
        WorkerProcess(
            app,
            {"database_url": db_url, "redis_url": r_url},
            env=env,
            queues="drafting",
            concurrency=args.concurrency,
            log_dir=instance,
        ).start()
        for _ in range(args.workers)
    ]
    procs = [psutil.Process(w.proc.pid) for w in workers]
    cpu_before = sum(p.cpu_times().user + p.cpu_times().system for p in procs)
    try:
        post_ms: list[float] = []
        job_ids = []
        t0 = time.perf_counter()
        for etp_id in etp_ids:
            s = time.perf_counter()
            resp = client.post(f"/api/v1/etps/{etp_id}/draft", headers=headers, json={})
            post_ms.append((time.perf_counter() - s) * 1000)
            assert resp.status_code == 202, resp.get_json()
            job_ids.append(resp.get_json()["id"])

        from etp_app.extensions import db
        from etp_app.models import AuditLog, Job

        peak_rss = 0

        def all_done() -> bool:
            nonlocal peak_rss
            peak_rss = max(peak_rss, sum(p.memory_info().rss for p in procs))
            with app.app_context():
                states = db.session.scalars(select(Job.state).where(Job.id.in_([uuid.UUID(j) for j in job_ids]))).all()
                db.session.rollback()
            return all(s in ("succeeded", "failed", "cancelled") for s in states)

        wait_for(all_done, timeout=600, interval=0.05, message="all drafting jobs")
        wall = time.perf_counter() - t0
        worker_cpu = sum(p.cpu_times().user + p.cpu_times().system for p in procs) - cpu_before
        with app.app_context():
            jobs = db.session.scalars(select(Job).where(Job.id.in_([uuid.UUID(j) for j in job_ids]))).all()
            failed = [j for j in jobs if j.state != "succeeded"]
            overhead_ms: list[float] = []
            for job in jobs:
                writes = db.session.scalars(
                    select(AuditLog.created_at)
                    .where(
                        AuditLog.action == "section.draft",
                        AuditLog.target_type == "section",
                        AuditLog.etp_id == job.etp_id,
                    )
                    .order_by(AuditLog.created_at)
                ).all()
                marks = [job.started_at, *writes]
                # each section's provider call as the worker timed it (HTTP round trip + the fake's latency)
                calls = [
                    o["provider_latency_ms"]
                    for _, o in sorted(
                        (job.result or {}).get("sections", {}).items(), key=lambda kv: ROMAN.index(kv[0])
                    )
                ]
                overhead_ms += [
                    (b - a).total_seconds() * 1000 - call
                    for (a, b), call in zip(zip(marks, marks[1:], strict=False), calls, strict=False)
                ]
            sections_done = sum(len((j.result or {}).get("succeeded", [])) for j in jobs)
    finally:
        for worker in workers:
            worker.stop()
        fake_conn.send("stop")
        fake_proc.join(timeout=10)

    slots = args.concurrency * args.workers
    floor = max(13 * args.latency, args.etps * 13 * args.latency / slots)
    figures = {
        "etps": args.etps,
        "sections_drafted": sections_done,
        "failed_jobs": len(failed),
        "provider_latency_s": args.latency,
        "worker_pool": f"{args.workers} process(es) x {args.concurrency} threads",
        "wall_s": round(wall, 2),
        "floor_s": round(floor, 2),
        "wall_over_floor": round(wall / floor, 2),
        "section_overhead_ms_median": round(statistics.median(overhead_ms), 1),
        "section_overhead_ms_p95": round(percentile(overhead_ms, 95), 1),
        "draft_post_ms_p50": round(statistics.median(post_ms), 1),
        "draft_post_ms_p95": round(percentile(post_ms, 95), 1),
        "worker_cpu_ms_per_section": round(worker_cpu * 1000 / max(1, sections_done), 1),
        "worker_rss_peak_mb": round(peak_rss / 2**20, 1),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:32s} {value}")
    return 0 if not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
