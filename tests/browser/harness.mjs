// Shared by the browser tests (node:test + playwright-core + Debian's chromium):
//   const s = await startServer()        // a fresh small demo county and `wangge serve --web web/dist`
//                                        // ({ prepare(dataDir) } runs between the demo and the server)
//   const { browser, page } = await openPage(s, { phone: true })
//   await login(page, s, 'county')       // through the login form
//   await shot(page, 'dashboard')        // PNG under $WANGGE_TEST_OUTPUT/browser (default <repo>/test-output/browser)
//   const data = await apiAs(s, 'county', 'GET', '/api/v1/indicators?place=530326')   // the API, for comparing
//   await s.stop()
// Environment: WANGGE_BIN (the wangge binary), WANGGE_WEB (built UI, default <repo>/web/dist),
// CHROMIUM (default /usr/bin/chromium), WANGGE_TEST_OUTPUT.
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const here = path.dirname(fileURLToPath(import.meta.url))
export const ROOT = path.resolve(here, '../..')
const BIN = process.env.WANGGE_BIN || path.join(ROOT, 'build/release/src/cli/wangge')
const WEB = process.env.WANGGE_WEB || path.join(ROOT, 'web/dist')
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
// playwright-core is a dev dependency of web/ (its package-lock pins it): resolve it from there.
const { chromium } = createRequire(path.join(ROOT, 'web/package.json'))('playwright-core')
export const OUT = path.join(process.env.WANGGE_TEST_OUTPUT || path.join(ROOT, 'test-output'), 'browser')

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

// Parses the demo's account table: "  county   FSgMcurT4ptbDS   county_command   530326 赵伟辉".
function parseAccounts(text) {
  const acc = {}
  for (const line of text.split('\n')) {
    const m = line.match(/^\s{2}(\S+)\s+(\S+)\s+([a-z_]+)\s+(\S+)/)
    if (m && m[1] !== 'username') acc[m[1]] = { password: m[2], role: m[3], scope: m[4] }
  }
  return acc
}

// `prepare(dataDir)`, when given, runs after the demo is built and before the server starts (a test that needs
// rows the API would refuse — data stored before a rule existed — writes them there).
export async function startServer({ prepare } = {}) {
  if (!fs.existsSync(BIN)) throw new Error(`no wangge binary at ${BIN} (set WANGGE_BIN)`)
  if (!fs.existsSync(path.join(WEB, 'index.html'))) throw new Error(`no built web UI at ${WEB} (cd web && npm ci && npm run build)`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-browser-'))
  const out = execFileSync(BIN, ['demo', '--data-dir', path.join(dir, 'data'), '--scale', 'small'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const accounts = parseAccounts(out)
  if (prepare) await prepare(path.join(dir, 'data'))
  const port = await freePort()
  const log = fs.openSync(path.join(dir, 'server.log'), 'w')
  const proc = spawn(BIN, ['serve', '--data-dir', path.join(dir, 'data'), '--host', '127.0.0.1', '--port', String(port), '--web', WEB], { stdio: ['ignore', log, log] })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(base + '/healthz')
      if (r.ok) break
    } catch {
      /* not up yet */
    }
    if (i > 150 || proc.exitCode !== null) throw new Error('server did not start: ' + fs.readFileSync(path.join(dir, 'server.log'), 'utf8'))
    await new Promise((r) => setTimeout(r, 100))
  }
  const tokens = {}
  return {
    base,
    dir,
    accounts,
    tokens,
    async stop() {
      proc.kill('SIGTERM')
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)))
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

// A bearer token for a demo account (cached per server).
export async function tokenFor(s, user) {
  if (s.tokens[user]) return s.tokens[user]
  const r = await fetch(s.base + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: s.accounts[user].password }),
  })
  if (!r.ok) throw new Error(`login ${user}: HTTP ${r.status} ${await r.text()}`)
  s.tokens[user] = (await r.json()).token
  return s.tokens[user]
}

// Calls the API as a demo account; returns the parsed JSON (throws on a non-2xx answer).
export async function apiAs(s, user, method, p, body) {
  const headers = { Authorization: `Bearer ${await tokenFor(s, user)}` }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const r = await fetch(s.base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await r.text()
  if (!r.ok) throw new Error(`${method} ${p}: HTTP ${r.status} ${text}`)
  return text ? JSON.parse(text) : null
}

// A headless chromium page; phone = 360x740 touch viewport, otherwise 1920x1080; timezoneId sets the
// browser's time zone (default the machine's). Console errors and page
// errors are collected in page.errors (tests assert it stays empty).
export async function openPage(s, { phone = false, width, height, timezoneId } = {}) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  })
  const context = await browser.newContext({
    viewport: phone ? { width: 360, height: 740 } : { width: width || 1920, height: height || 1080 },
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    ...(timezoneId ? { timezoneId } : {}), // default: the machine's (UTC on CI)
    baseURL: s.base,
    permissions: ['geolocation'],
    geolocation: { latitude: 26.4, longitude: 103.3 },
  })
  const page = await context.newPage()
  page.errors = []
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text())
  })
  page.on('pageerror', (e) => page.errors.push(String(e)))
  return { browser, context, page }
}

// Signs in through the login form and waits for the first signed-in page.
export async function login(page, s, user) {
  await page.goto('/login')
  await page.fill('[data-test=username]', user)
  await page.fill('[data-test=password]', s.accounts[user].password)
  await page.click('[data-test=login-submit]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 })
  await page.waitForSelector('[data-test=who]', { timeout: 15000 })
}

export async function shot(page, name) {
  fs.mkdirSync(OUT, { recursive: true })
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true })
}

// Console errors other than the expected HTTP failures a test provoked on purpose (the browser logs every
// 4xx answer of fetch as "Failed to load resource").
export function realErrors(page) {
  return page.errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e))
}

// The API as the page's own session calls it (the token the UI keeps).
export function apiInPage(p, url) {
  return p.evaluate(async (u) => {
    const r = await fetch(u, { headers: { Authorization: 'Bearer ' + localStorage.getItem('wangge.token') } })
    if (!r.ok) throw new Error(`${u}: HTTP ${r.status}`)
    return r.json()
  }, url)
}

// Picks `option` (a selector of an .el-select-dropdown__item) in the Element Plus select `select` and waits for
// `done` (a selector that appears once the choice took effect). On a loaded machine a click that lands while
// the dropdown is still opening can be lost; the pick is tried again (three times in all) before it fails.
export async function pickOption(p, select, option, done) {
  for (let i = 0; ; i++) {
    try {
      // a dropdown still closing (a pick before this one) is let go first: clicking the select then would close it
      await p
        .locator(`.el-select-dropdown__item${option}`)
        .first()
        .waitFor({ state: 'hidden', timeout: 5000 })
        .catch(() => {})
      await p.locator(select).click()
      await p.locator(`.el-select-dropdown__item${option}:visible`).click({ timeout: 10000 })
      await p.waitForSelector(done, { timeout: i < 2 ? 10000 : 30000 })
      return
    } catch (e) {
      if (i >= 2) throw e
    }
  }
}

// The elements matching `sel` read exactly `want`, in this order (waits for a reload, then compares): a
// list page showing exactly the rows the API gives for the same query.
export async function tableShows(p, sel, want) {
  await p
    .waitForFunction(([s, w]) => JSON.stringify([...document.querySelectorAll(s)].map((e) => e.textContent.trim())) === JSON.stringify(w), [sel, want], { timeout: 15000 })
    .catch(() => {})
  assert.deepEqual(await p.locator(sel).allInnerTexts(), want)
}
