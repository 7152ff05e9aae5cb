// The 综治中心 dashboard's first load on the full demo county (target from the issue: under 2 seconds):
// headless Debian chromium with an empty cache opens /dashboard signed in as `county` and waits until the
// cards, the three charts and the map polygons are drawn; prints the time from navigation start, 5 runs.
//
//   WANGGE_BENCH_DIR=/tmp/wangge-full node bench/dashboard_bench.mjs
//
// WANGGE_BENCH_DIR: a data dir made by `bench/demo_bench.sh DIR`. Environment: WANGGE_BIN (default
// build/release/src/cli/wangge), WANGGE_WEB (default web/dist), DASH_PORT (18096), DASH_RUNS (5),
// BENCH_RESULTS (a file to append JSON lines to).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { chromium } = createRequire(path.join(ROOT, 'web/package.json'))('playwright-core')
const dir = process.env.WANGGE_BENCH_DIR
if (!dir || !fs.existsSync(path.join(dir, 'demo-output.txt'))) {
  console.error('dashboard_bench: set WANGGE_BENCH_DIR to a data dir made by bench/demo_bench.sh')
  process.exit(2)
}
const bin = process.env.WANGGE_BIN || path.join(ROOT, 'build/release/src/cli/wangge')
const web = process.env.WANGGE_WEB || path.join(ROOT, 'web/dist')
const port = process.env.DASH_PORT || '18096'
const runs = Number(process.env.DASH_RUNS || 5)
const password = fs.readFileSync(path.join(dir, 'demo-output.txt'), 'utf8').split('\n').map((l) => l.trim().split(/\s+/)).find((p) => p[0] === 'county')?.[1]

const server = spawn(bin, ['serve', '--data-dir', dir, '--host', '127.0.0.1', '--port', port, '--web', web], { stdio: 'ignore' })
const base = `http://127.0.0.1:${port}`
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base + '/healthz')).ok) break
    } catch {
      /* starting */
    }
    if (i > 300) throw new Error('server did not start')
    await new Promise((r) => setTimeout(r, 200))
  }
  const login = await fetch(base + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'county', password }) })
  const token = (await login.json()).token
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
  const times = []
  for (let run = 0; run < runs; run++) {
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, baseURL: base })
    await ctx.addInitScript((t) => localStorage.setItem('wangge.token', t), token)
    const page = await ctx.newPage()
    await page.goto('/dashboard')
    const h = await page.waitForFunction(() => {
      const ok = document.querySelector('[data-test=card-received]') && ['chart-trend', 'chart-tier', 'chart-category'].every((c) => document.querySelector(`[data-test=${c}][data-ready="1"]`)) && document.querySelector('[data-test=dash-map] path.dash-poly')
      return ok ? performance.now() : 0
    }, null, { timeout: 30000 })
    times.push(Math.round(await h.jsonValue()))
    await ctx.close()
  }
  await browser.close()
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)], max = times[times.length - 1]
  console.log(`dashboard_bench: first load (empty cache) of the full county: median ${median} ms, max ${max} ms (runs: ${times.join(', ')})`)
  for (const [metric, value, target] of [['first_load_median_ms', median, ''], ['first_load_max_ms', max, '< 2000']]) {
    const line = JSON.stringify({ bench: 'dashboard', metric, value, unit: 'ms', target })
    console.log('RESULT ' + line)
    if (process.env.BENCH_RESULTS) fs.appendFileSync(process.env.BENCH_RESULTS, line + '\n')
  }
} finally {
  server.kill()
}
