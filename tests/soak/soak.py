#!/usr/bin/env python3
"""Load and soak test with an online backup taken under load (python3 stdlib + wrk).

1. Builds a small demo county in a temporary directory and starts `wangge serve` on it.
2. Logs the demo accounts in and writes the wrk configuration (tokens, read mix, order flows, pacing).
3. Warms up (wrk with the same mix).
4. Runs wrk at a fixed rate for the duration, sampling the server's RSS and SQLite's cached memory every 2 s; a
   third of the way in, takes `wangge backup` while the load goes on, counting orders, order events, people and
   audit rows just before it starts and just after it ends.
5. Restores the backup into a new data directory (`wangge restore --key-from`, or with an
   older binary the backup copied to NEW/wangge.db and the key to NEW/wangge.key), checks it (`wangge check`:
   file, audit chain, counters, roll-ups; `wangge verify-audit` with an older binary), that its counts lie
   between the two counted before and after the backup, and that a server started on it answers a login.

Passes when wrk saw no socket error and no non-2xx answer, the restored backup checks out, and the server's RSS at
the end (median of the last 10 s; 30 s in long runs) is within 10 % of its value after the warm-up (median of the
first 10/30 s). The server runs with small SQLite page caches (WANGGE_DB_CACHE_KIB=1024 per connection) so that
they are full after the warm-up: with the product's sizes (16 MiB per reader, 256 MiB for the writer) they keep
filling for hours on this database and hide a leak in their growth. Figures are printed and written as JSON to
--out.

Environment: WANGGE_SOAK_SECONDS (default 30; 600 for the long run), WANGGE_SOAK_WARMUP (default 20),
WANGGE_SOAK_RATE (requests/s, default 300), WANGGE_SOAK_CONNECTIONS (default 12), WANGGE_SOAK_DB_CACHE_KIB
(default 1024; 0 runs with the product's cache sizes), WANGGE_SOAK_KEEP=1 keeps the work directory.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def log(msg):
    print(f"[soak] {msg}", flush=True)


def env_int(name, default):
    v = os.environ.get(name, "")
    return int(v) if v.strip() else default


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_accounts(text):
    """The accounts table `wangge demo` prints: username password role place name (as ParseAccounts in the e2e
    fixture)."""
    accounts, in_table = {}, False
    for line in text.splitlines():
        f = line.split()
        if len(f) >= 4 and f[:3] == ["username", "password", "role"]:
            in_table = True
            continue
        if not in_table or len(f) < 4:
            continue
        accounts[f[0]] = {"password": f[1], "role": f[2], "place": "" if f[3] == "(all)" else f[3]}
    return accounts


def http(port, method, path, token=None, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


class Server:
    def __init__(self, binary, data_dir, log_path, env=None):
        self.port = free_port()
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen(
            [binary, "serve", "--data-dir", data_dir, "--port", str(self.port), "--no-web"],
            stdout=self.log, stderr=subprocess.STDOUT,
            # The load stands for a county's many users, all arriving here from one address, as behind a reverse
            # proxy: the per-address limit of the public routes is off, as docs/architecture.md says to set it there.
            env=dict(os.environ, WANGGE_PUBLIC_RATE="0", **(env or {})))
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"wangge serve exited with {self.proc.returncode}; see {log_path}")
            try:
                if http(self.port, "GET", "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"wangge serve did not come up; see {log_path}")

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def db_cache_kib(self):
        """The database's page caches (SQLite) from /metrics; 0 when the gauge is missing."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=30) as r:
            m = re.search(rb"^wangge_db_cache_bytes (\d+)", r.read(), re.M)
        return int(m.group(1)) // 1024 if m else 0

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def counts(db_path):
    """Rows of the tables the load writes, read from the live database (read-only, WAL snapshot)."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("orders", "order_events", "people", "audit")}
    finally:
        con.close()


def has_subcommand(binary, name):
    """Whether `wangge --help` lists the subcommand (restore and check are newer than backup and verify-audit)."""
    out = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    return re.search(rf"^\s+{re.escape(name)}\s", out, re.M) is not None


def lua(v):
    """A Python value as a Lua literal."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid Lua string literal for these contents
    if isinstance(v, dict):
        return "{" + ", ".join(f"[{lua(k)}] = {lua(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "{" + ", ".join(lua(x) for x in v) + "}"
    if v is None:
        return "nil"
    raise TypeError(type(v))


def build_config(port, accounts, tokens, seed, delay_ms):
    county = accounts["county"]["place"]
    township, township2 = accounts["township"]["place"], accounts["township2"]["place"]
    grid, grid2 = accounts["gridworker"]["place"], accounts["gridworker2"]["place"]
    status, deps = http(port, "GET", "/api/v1/departments?limit=100", tokens["county"])
    if status != 200:
        raise RuntimeError(f"GET /api/v1/departments: {status} {deps}")
    police = next(d["id"] for d in deps["items"] if d.get("code") == "gongan")

    def command_for(g):
        for user in ("township", "township2"):
            if g.startswith(accounts[user]["place"]):
                return user
        return "county"

    def flow(reporter, place, cmd, dispatch, handler, checker, description):
        return {
            "reporter": reporter, "place": place, "category": "0101", "description": description,
            "steps": [
                {"action": "accept", "user": cmd},
                {"action": "dispatch", "user": cmd, "body": json.dumps(dispatch)},
                {"action": "claim", "user": handler},
                {"action": "progress", "user": handler, "body": json.dumps({"note": "已到现场处置"}, ensure_ascii=False)},
                {"action": "finish", "user": handler, "body": json.dumps({"note": "已处理完毕"}, ensure_ascii=False)},
                {"action": "verify_pass", "user": checker},
                {"action": "rate", "user": checker, "body": json.dumps({"rating": 1})},
            ],
        }

    cmd1, cmd2 = command_for(grid), command_for(grid2)
    flows = [
        # A resident's report handed to the police; the resident checks and rates it.
        flow("resident", grid, cmd1, {"target_dept": police}, "police", "resident", "路灯不亮，夜间通行不安全"),
        # Grid workers' patrol reports dispatched back to their own grid; the centre checks and rates (回访).
        flow("gridworker", grid, cmd1, {"target_place": grid}, "gridworker", cmd1, "巷道垃圾堆积，需要清运"),
        flow("gridworker2", grid2, cmd2, {"target_place": grid2}, "gridworker2", cmd2, "楼道杂物堵塞消防通道"),
    ]

    def read(weight, name, user, path, harvest=False):
        return {"weight": weight, "name": name, "user": user, "path": path, "harvest": harvest}

    q = urllib.parse.quote
    reads = [
        # Command centres: order lists and details dominate a working day.
        read(12, "/orders?scope=township", "township", f"/api/v1/orders?scope={township}&limit=20", True),
        read(8, "/orders?open&sort=deadline", "county", "/api/v1/orders?sort=deadline&open=true&limit=20", True),
        read(4, "/orders?scope=township2", "township2", f"/api/v1/orders?scope={township2}&limit=20", True),
        read(14, "/orders/{id}", "county", "/api/v1/orders/{order}"),
        read(6, "/orders?mine=todo", "gridworker", "/api/v1/orders?mine=todo&limit=20"),
        read(5, "/orders?open (department)", "police", "/api/v1/orders?open=true&limit=20"),
        read(2, "/orders?mine=reported", "resident", "/api/v1/orders?mine=reported&limit=20"),
        # The dashboard.
        read(4, "/indicators?group_by=child", "county", f"/api/v1/indicators?place={county}&group_by=child"),
        read(2, "/indicators?group_by=month", "county", f"/api/v1/indicators?place={county}&group_by=month"),
        read(3, "/indicators?group_by=category", "township", "/api/v1/indicators?group_by=category"),
        # The place tree and the base data table (masked).
        read(5, "/places/county/children", "county", f"/api/v1/places/{county}/children?limit=50"),
        read(3, "/places/township/children", "township", f"/api/v1/places/{township}/children?limit=50"),
        read(3, "/places/grid", "gridworker", f"/api/v1/places/{grid}"),
        read(6, "/people?scope=grid", "gridworker", f"/api/v1/people?scope={grid}&limit=20"),
        read(3, "/people?tag=dibao", "township", f"/api/v1/people?scope={township}&tag=dibao&limit=20"),
        read(2, "/people?name=张", "secretary", f"/api/v1/people?scope={accounts['secretary']['place']}&name={q('张')}&limit=20"),
        # Inboxes, who-am-I, the public board.
        read(3, "/inbox (department)", "police", "/api/v1/inbox?limit=20"),
        read(2, "/inbox (centre)", "township", "/api/v1/inbox?limit=20"),
        read(2, "/me", "gridworker", "/api/v1/me"),
        read(2, "/board", "", "/api/v1/board?limit=20"),
    ]
    return {
        "seed": seed, "delay_ms": delay_ms, "county": county, "tokens": tokens, "reads": reads, "flows": flows,
        "write_weight": 14, "person_weight": 1,
        "person": {"user": "gridworker", "place": grid, "names": ["王小明", "李小红", "张子涵", "赵一诺", "杨浩然"]},
    }


def run_wrk(url, config_path, threads, seconds, out_path, run):
    env = dict(os.environ, WANGGE_SOAK_CONFIG=config_path, WANGGE_SOAK_RUN=str(run))
    cmd = ["wrk", "-t", str(threads), "-c", str(threads), "-d", f"{seconds}s", "--timeout", "10s", "--latency",
           "-s", os.path.join(HERE, "soak.lua"), url]
    with open(out_path, "w") as out:
        p = subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    text = open(out_path).read()
    m = re.search(r"^SOAK_JSON (.*)$", text, re.M)
    if p.returncode != 0 or not m:
        raise RuntimeError(f"wrk failed ({p.returncode}):\n{text[-3000:]}")

    def merge_kinds(pairs):
        # "kinds" repeats a request kind once per wrk thread: add them up.
        out = {}
        for k, v in pairs:
            if isinstance(v, dict) and "ok" in v and k in out:
                out[k] = {"ok": out[k]["ok"] + v["ok"], "bad": out[k]["bad"] + v["bad"],
                          "first_bad": out[k]["first_bad"] or v["first_bad"]}
            else:
                out[k] = v
        return out

    return json.loads(m.group(1), object_pairs_hook=merge_kinds), text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="the wangge binary")
    ap.add_argument("--source-dir", default=os.path.dirname(os.path.dirname(HERE)))
    ap.add_argument("--out", default=os.environ.get("WANGGE_TEST_OUTPUT", "") and
                    os.path.join(os.environ["WANGGE_TEST_OUTPUT"], "soak.json"))
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    seconds = env_int("WANGGE_SOAK_SECONDS", 30)
    warmup = env_int("WANGGE_SOAK_WARMUP", 20)
    rate = env_int("WANGGE_SOAK_RATE", 300)
    conns = env_int("WANGGE_SOAK_CONNECTIONS", 12)
    cache_kib = env_int("WANGGE_SOAK_DB_CACHE_KIB", 1024)  # 0: the product's cache sizes
    delay_ms = max(1, round(conns * 1000 / rate))
    if not 1 <= conns < 900:
        print("WANGGE_SOAK_CONNECTIONS must be 1-899 (each wrk thread registers people with its own sequence number)",
              file=sys.stderr)
        return 2
    if shutil.which("wrk") is None:
        print("wrk is not installed (scripts/install-deps.sh installs it)", file=sys.stderr)
        return 1

    work = tempfile.mkdtemp(prefix="wangge-soak-")
    data = os.path.join(work, "data")
    failures = []
    result = {"seconds": seconds, "warmup_seconds": warmup, "target_rate": rate, "connections": conns,
              "delay_ms": delay_ms, "db_cache_kib_per_connection": cache_kib or "product default"}
    server = None
    try:
        demo_args = [binary, "demo", "--scale", "small", "--data-dir", data]
        divisions = os.path.join(args.source_dir, "data", "divisions")
        if os.path.isdir(divisions):
            demo_args += ["--divisions", divisions]
        t0 = time.time()
        demo = subprocess.run(demo_args, capture_output=True, text=True)
        if demo.returncode != 0:
            raise RuntimeError(f"wangge demo failed:\n{demo.stdout}\n{demo.stderr}")
        accounts = parse_accounts(demo.stdout)
        log(f"demo built in {time.time() - t0:.1f} s, {len(accounts)} accounts")
        # Small page caches (WANGGE_DB_CACHE_KIB) so that they are full after the warm-up: with the product's
        # (16 MiB per reader, 256 MiB for the writer) they keep filling for hours on this database, and the memory
        # check could not tell them from a leak.
        server_env = {"WANGGE_DB_CACHE_KIB": str(cache_kib)} if cache_kib > 0 else {}
        server = Server(binary, data, os.path.join(work, "server.log"), server_env)
        url = f"http://127.0.0.1:{server.port}"
        tokens = {}
        for user, a in accounts.items():
            status, body = http(server.port, "POST", "/api/v1/auth/login", body={"username": user, "password": a["password"]})
            if status != 200:
                raise RuntimeError(f"login of {user}: {status} {body}")
            tokens[user] = body["token"]
        config = build_config(server.port, accounts, tokens, 7, delay_ms)
        config_path = os.path.join(work, "soak_config.lua")
        with open(config_path, "w") as f:
            f.write("return " + lua(config) + "\n")

        log(f"warm-up {warmup} s at ~{rate} req/s ({conns} connections, {delay_ms} ms between requests)")
        warm, _ = run_wrk(url, config_path, conns, warmup, os.path.join(work, "wrk-warmup.txt"), 0)
        log(f"warm-up: {warm['requests']} requests; RSS {server.rss_kib() / 1024:.1f} MiB, of which SQLite's caches "
            f"{server.db_cache_kib() / 1024:.1f} MiB")

        # The backup, a third of the way into the run, with counts just before and just after.
        backup_file = os.path.join(work, "backup.db")
        backup = {}

        def take_backup():
            time.sleep(seconds / 3)
            backup["before"] = counts(os.path.join(data, "wangge.db"))
            t = time.time()
            p = subprocess.run([binary, "backup", backup_file, "--data-dir", data], capture_output=True, text=True)
            backup["seconds"] = round(time.time() - t, 2)
            backup["after"] = counts(os.path.join(data, "wangge.db"))
            backup["exit"] = p.returncode
            backup["output"] = (p.stdout + p.stderr).strip()
            backup["bytes"] = os.path.getsize(backup_file) if os.path.exists(backup_file) else 0

        # RSS and SQLite's caches every 2 s of the run. The memory check compares the medians of the first and the
        # last `window` seconds (a single reading moves by a few MiB with the requests in flight).
        samples, running = [], threading.Event()
        running.set()

        def sample_rss():
            t = time.time()
            while running.is_set():
                try:
                    samples.append((time.time() - t, server.rss_kib(), server.db_cache_kib()))
                except OSError:
                    pass
                time.sleep(2)

        backup_thread = threading.Thread(target=take_backup)
        sampler = threading.Thread(target=sample_rss, daemon=True)
        backup_thread.start()
        sampler.start()
        log(f"load {seconds} s")
        run, wrk_text = run_wrk(url, config_path, conns, seconds, os.path.join(work, "wrk-run.txt"), 1)
        running.clear()
        backup_thread.join()
        sampler.join()
        window = max(6, min(30, seconds / 3))

        def median_of(rows, i):
            v = sorted(r[i] for r in rows)
            return v[len(v) // 2] if v else 0

        first = [r for r in samples if r[0] < window] or samples[:1]
        last = [r for r in samples if r[0] > seconds - window] or samples[-1:]
        rss_warm, heap_warm = median_of(first, 1), median_of(first, 2)
        rss_end, heap_end = median_of(last, 1), median_of(last, 2)
        own_warm, own_end = rss_warm - heap_warm, rss_end - heap_end
        print(wrk_text, end="", flush=True)

        rate_seen = run["requests"] / (run["duration_us"] / 1e6)
        bad = {k: v for k, v in run["kinds"].items() if v["bad"]}
        socket_errors = sum(run["errors"][k] for k in ("connect", "read", "write", "timeout"))
        result.update({
            "requests": run["requests"], "rate": round(rate_seen, 1),
            "latency_ms": {k: round(v / 1000, 2) for k, v in run["latency_us"].items()},
            "socket_errors": run["errors"], "non_2xx": sum(v["bad"] for v in run["kinds"].values()),
            "orders_reported": run["orders_reported"], "flows_completed": run["flows_completed"],
            "kinds": {k: v["ok"] + v["bad"] for k, v in sorted(run["kinds"].items())},
            "rss_mib": {"after_warmup": round(rss_warm / 1024, 1), "end": round(rss_end / 1024, 1),
                        "ratio": round(rss_end / rss_warm, 3),
                        "sqlite_after_warmup": round(heap_warm / 1024, 1), "sqlite_end": round(heap_end / 1024, 1),
                        "outside_sqlite_after_warmup": round(own_warm / 1024, 1),
                        "outside_sqlite_end": round(own_end / 1024, 1),
                        "outside_sqlite_ratio": round(own_end / own_warm, 3), "window_seconds": window,
                        "every_2s_rss_sqlite": [[round(t), round(a / 1024, 1), round(b / 1024, 1)]
                                                for t, a, b in samples]},
            "backup": {k: backup.get(k) for k in ("seconds", "bytes", "before", "after", "exit")},
        })
        log(f"{run['requests']} requests in {run['duration_us'] / 1e6:.1f} s = {rate_seen:.0f} req/s; latency p50 "
            f"{run['latency_us']['p50'] / 1000:.1f} ms, p99 {run['latency_us']['p99'] / 1000:.1f} ms, max "
            f"{run['latency_us']['max'] / 1000:.1f} ms; {run['orders_reported']} orders reported, "
            f"{run['flows_completed']} taken through to closed")
        log(f"RSS (medians of the first and last {window:.0f} s) after warm-up {rss_warm / 1024:.1f} MiB, at the end "
            f"{rss_end / 1024:.1f} MiB "
            f"(x{rss_end / rss_warm:.3f}); SQLite's caches {heap_warm / 1024:.1f} -> {heap_end / 1024:.1f} MiB; the "
            f"rest {own_warm / 1024:.1f} -> {own_end / 1024:.1f} MiB (x{own_end / own_warm:.3f})")
        if socket_errors:
            failures.append(f"socket errors: {run['errors']}")
        for k, v in bad.items():
            failures.append(f"{v['bad']} non-2xx answers to {k}; first: {v['first_bad']}")
        # The memory check: with the caches full after the warm-up, any growth beyond 10 % is a leak.
        if heap_warm <= 0:
            failures.append("/metrics has no wangge_db_cache_bytes (or it is 0)")
        if rss_end > rss_warm * 1.10:
            failures.append(f"RSS grew from {rss_warm} KiB after the warm-up to {rss_end} KiB (more than 10 %; SQLite's "
                            f"caches {heap_warm} -> {heap_end} KiB)")

        # The backup taken under load, restored and checked.
        log(f"backup under load: exit {backup.get('exit')}, {backup.get('seconds')} s, "
            f"{backup.get('bytes', 0) / 1048576:.1f} MiB; counts before {backup.get('before')}, after {backup.get('after')}")
        if backup.get("exit") != 0:
            failures.append(f"wangge backup failed: {backup.get('output')}")
        else:
            failures += check_restore(binary, work, data, backup_file, backup, result, accounts)
    except Exception as e:  # noqa: BLE001 - any failure of the harness fails the test with its message
        failures.append(f"{type(e).__name__}: {e}")
    finally:
        if server is not None:
            server.stop()
        result["failures"] = failures
        if args.out:
            os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
            with open(args.out, "w") as f:
                json.dump(result, f, ensure_ascii=False, indent=2)
            log(f"figures written to {args.out}")
        if os.environ.get("WANGGE_SOAK_KEEP") or failures:
            log(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        log("FAIL " + f)
    log("PASS" if not failures else f"{len(failures)} failure(s)")
    return 0 if not failures else 1


def check_restore(binary, work, data, backup_file, backup, result, accounts):
    failures = []
    restored = os.path.join(work, "restored")
    key = os.path.join(data, "wangge.key")
    if has_subcommand(binary, "restore"):
        p = subprocess.run([binary, "restore", backup_file, "--data-dir", restored, "--key-from", key],
                           capture_output=True, text=True)
        if p.returncode != 0:
            return [f"wangge restore failed: {p.stdout}{p.stderr}"]
        how = "wangge restore"
    else:
        os.makedirs(restored)
        shutil.copyfile(backup_file, os.path.join(restored, "wangge.db"))
        shutil.copyfile(key, os.path.join(restored, "wangge.key"))
        os.chmod(os.path.join(restored, "wangge.key"), 0o600)
        how = "copy"
    verify = "check" if has_subcommand(binary, "check") else "verify-audit"
    p = subprocess.run([binary, verify, "--data-dir", restored], capture_output=True, text=True)
    verified = p.returncode == 0
    if not verified:
        failures.append(f"wangge {verify} on the restored backup failed: {p.stdout}{p.stderr}")
    got = counts(os.path.join(restored, "wangge.db"))
    for table, n in got.items():
        lo, hi = backup["before"][table], backup["after"][table]
        if not lo <= n <= hi:
            failures.append(f"restored {table}: {n} rows, not between {lo} (before the backup) and {hi} (after)")
    # A server on the restored directory answers a login.
    login = None
    srv = Server(binary, restored, os.path.join(work, "restored-server.log"))
    try:
        status, _ = http(srv.port, "POST", "/api/v1/auth/login",
                         body={"username": "county", "password": accounts["county"]["password"]})
        login = status
        if status != 200:
            failures.append(f"login on a server over the restored backup: HTTP {status}")
    finally:
        srv.stop()
    result["restore"] = {"how": how, "verified_with": verify, "verified": verified, "counts": got, "login": login}
    log(f"restore ({how}): {verify} {'ok' if verified else 'FAILED'}; counts {got}; login HTTP {login}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
