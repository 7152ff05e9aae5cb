// The command-centre dashboard (综治中心): the cards equal GET /api/v1/indicators over the same period, the first
// load draws cards, charts and map (its time is logged; bench/dashboard_bench.mjs measures it), drill-down
// county → township → village by a ranking row and a map polygon (kept in the URL across a reload), the
// breadcrumb back up, a township official starting at their township, and the phone layout.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, apiAs, realErrors } from './harness.mjs'

let s, browser, page
before(async () => {
  s = await startServer()
  ;({ browser, page } = await openPage(s))
})
after(async () => {
  await browser?.close()
  await s?.stop()
})

const CARDS = ['received', 'open', 'overdue', 'response', 'resolution', 'satisfaction']
const num = (text) => Number(String(text).replace(/[,%\s]/g, ''))

// The period the page uses (shown in data-from/data-to): the 12 calendar months up to today, China time
// (the server's days), whatever the browser's time zone.
function expectedRange() {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  const f = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 11, 1))
  return { from: f.toISOString().slice(0, 8) + '01', to: d.toISOString().slice(0, 10) }
}

async function pageRange(pg) {
  const el = pg.locator('[data-test=range]')
  return { from: await el.getAttribute('data-from'), to: await el.getAttribute('data-to') }
}

// Waits until the dashboard shows `code` with its cards and every chart drawn.
async function waitDashboard(pg, code) {
  await pg.waitForSelector(`[data-test=dashboard][data-place="${code}"] [data-test=card-received]`, { timeout: 15000 })
  for (const c of ['chart-trend', 'chart-tier', 'chart-category'])
    await pg.waitForSelector(`[data-test=${c}][data-ready="1"]`, { timeout: 15000 })
}

async function cardValues(pg) {
  const out = {}
  for (const c of CARDS) out[c] = num(await pg.innerText(`[data-test=card-${c}]`))
  return out
}

function assertCardsEqual(cards, api) {
  assert.equal(cards.received, api.counts.received, 'received')
  assert.equal(cards.open, api.counts.open, 'open')
  assert.equal(cards.overdue, api.counts.overdue_open, 'overdue')
  assert.equal(cards.response, api.rates.response, 'response rate')
  assert.equal(cards.resolution, api.rates.resolution, 'resolution rate')
  assert.equal(cards.satisfaction, api.rates.satisfaction, 'satisfaction rate')
}

test('county: the first load draws cards, charts and map, and the cards equal the API', async () => {
  await login(page, s, 'county')
  await page.waitForURL(/\/dashboard/)
  // a fresh navigation: navigation start → cards, the three charts and the map polygons visible
  await page.goto('/dashboard')
  const handle = await page.waitForFunction(
    () => {
      const ok =
        document.querySelector('[data-test=dashboard][data-place="530326"] [data-test=card-received]') &&
        ['chart-trend', 'chart-tier', 'chart-category'].every((c) => document.querySelector(`[data-test=${c}][data-ready="1"]`)) &&
        document.querySelector('[data-test=dash-map] path.dash-poly')
      return ok ? performance.now() : 0
    },
    null,
    { timeout: 15000 },
  )
  const ms = await handle.jsonValue()
  // Logged, not asserted: timings do not belong in tests on a shared machine; the < 2 s target is measured
  // on the full county by bench/dashboard_bench.mjs.
  console.log(`dashboard first load: ${Math.round(ms)} ms`)

  const range = await pageRange(page)
  assert.deepEqual(range, expectedRange())
  const api = await apiAs(s, 'county', 'GET', `/api/v1/indicators?place=530326&from=${range.from}&to=${range.to}`)
  assert.ok(api.counts.received > 0)
  assertCardsEqual(await cardValues(page), api)

  // one ranking row per township, with the API's figures
  const child = await apiAs(s, 'county', 'GET', `/api/v1/indicators?place=530326&from=${range.from}&to=${range.to}&group_by=child`)
  const rows = page.locator('[data-test=rank-child] [data-test=rank-place]')
  assert.equal(await rows.count(), child.groups.length)
  for (const g of child.groups) {
    const tr = page.locator('[data-test=rank-child] tr', { has: page.locator(`[data-test=rank-place][data-code="${g.key}"]`) }).first()
    const text = await tr.innerText()
    assert.match(text, new RegExp(g.name))
    assert.match(text, new RegExp(`\\b${g.counts.received}\\b`))
  }
  // the map draws each township that has a boundary
  const kids = await apiAs(s, 'county', 'GET', '/api/v1/places/530326/children?with_boundary=true')
  const withBoundary = kids.items.filter((k) => k.boundary).length
  assert.equal(await page.locator('[data-test=dash-map] path.dash-poly').count(), withBoundary)
  assert.match(await page.innerText('[data-test=crumb-current]'), /会泽县/)
  await shot(page, 'dashboard-county')
  // the whole page (the frame scrolls inside, so a tall viewport shows the rankings too)
  await page.setViewportSize({ width: 1920, height: 2000 })
  await page.waitForTimeout(300)
  await shot(page, 'dashboard-county-full')
  await page.setViewportSize({ width: 1920, height: 1080 })
  assert.deepEqual(realErrors(page), [])
})

test('county drills down to a township by its ranking row, the URL keeps it, the map toggles', async () => {
  const { from, to } = await pageRange(page)
  await page.click('[data-test=rank-child] [data-test=rank-place][data-code="530326001"]')
  await page.waitForURL(/place=530326001(?!\d)/)
  await waitDashboard(page, '530326001')
  const api = await apiAs(s, 'county', 'GET', `/api/v1/indicators?place=530326001&from=${from}&to=${to}`)
  assert.equal(num(await page.innerText('[data-test=card-received]')), api.counts.received)
  assertCardsEqual(await cardValues(page), api)
  assert.equal(await page.innerText('[data-test=crumb-current]'), api.name)
  assert.match(await page.innerText('[data-test=breadcrumb]'), /会泽县[\s\S]*古城街道/)

  // a reload keeps the township
  await page.reload()
  await waitDashboard(page, '530326001')
  assert.equal(num(await page.innerText('[data-test=card-received]')), api.counts.received)

  // the map colours by the overdue share on request: the legend switches to percentages
  assert.doesNotMatch(await page.innerText('[data-test=map-legend]'), /%/)
  await page.click('[data-test=map-mode-overdue]')
  await page.waitForFunction(() => /%/.test(document.querySelector('[data-test=map-legend]')?.innerText || ''))
  await shot(page, 'dashboard-township')
  assert.deepEqual(realErrors(page), [])
})

test('clicking a village on the map drills down again; the breadcrumb goes back to the county', async () => {
  const { from, to } = await pageRange(page)
  const village = '530326001001'
  await page.locator(`[data-test=dash-map] path[data-code="${village}"]`).click()
  await page.waitForURL(new RegExp(`place=${village}(?!\\d)`))
  await waitDashboard(page, village)
  const api = await apiAs(s, 'county', 'GET', `/api/v1/indicators?place=${village}&from=${from}&to=${to}`)
  assertCardsEqual(await cardValues(page), api)
  assert.equal(await page.locator('[data-test=breadcrumb] [data-test=crumb]').count(), 2) // county › township › (village)
  await shot(page, 'dashboard-village')

  await page.click('[data-test=breadcrumb] [data-test=crumb][data-code="530326"]')
  await page.waitForURL((u) => !u.search.includes('place='))
  await waitDashboard(page, '530326')
  const county = await apiAs(s, 'county', 'GET', `/api/v1/indicators?place=530326&from=${from}&to=${to}`)
  assert.equal(num(await page.innerText('[data-test=card-received]')), county.counts.received)
  assert.equal(await page.locator('[data-test=breadcrumb] [data-test=crumb]').count(), 0)
  assert.deepEqual(realErrors(page), [])
})

test('a place outside the jurisdiction shows the server message', async () => {
  await page.goto('/dashboard?place=5303')
  const err = await page.waitForSelector('[data-test=error]')
  assert.match(await err.innerText(), /不在您的管辖范围内/)
  await shot(page, 'dashboard-forbidden-place')
  // the breadcrumb leads back to the county
  await page.click('[data-test=breadcrumb] [data-test=crumb][data-code="530326"]')
  await waitDashboard(page, '530326')
  assert.deepEqual(realErrors(page), []) // the 403 answers are provoked
})

test('the system administrator (no jurisdiction) starts at the county', async () => {
  const { browser: b4, page: p4 } = await openPage(s)
  try {
    await login(p4, s, 'admin')
    await p4.goto('/dashboard')
    await waitDashboard(p4, '530326')
    const { from, to } = await pageRange(p4)
    const api = await apiAs(s, 'admin', 'GET', `/api/v1/indicators?place=530326&from=${from}&to=${to}`)
    assertCardsEqual(await cardValues(p4), api)
    assert.deepEqual(realErrors(p4), [])
  } finally {
    await b4.close()
  }
})

test('a township official starts at their township', async () => {
  const { browser: b2, page: p2 } = await openPage(s)
  try {
    await login(p2, s, 'township')
    await p2.waitForURL(/\/dashboard/)
    await waitDashboard(p2, '530326001')
    const { from, to } = await pageRange(p2)
    const api = await apiAs(s, 'township', 'GET', `/api/v1/indicators?place=530326001&from=${from}&to=${to}`)
    assertCardsEqual(await cardValues(p2), api)
    assert.equal(await p2.innerText('[data-test=crumb-current]'), api.name)
    assert.equal(await p2.locator('[data-test=breadcrumb] [data-test=crumb]').count(), 0) // nothing above
    // the ranking lists its villages
    const child = await apiAs(s, 'township', 'GET', `/api/v1/indicators?place=530326001&from=${from}&to=${to}&group_by=child`)
    assert.equal(await p2.locator('[data-test=rank-child] [data-test=rank-place]').count(), child.groups.length)
    await shot(p2, 'dashboard-township-official')
    assert.deepEqual(realErrors(p2), [])
  } finally {
    await b2.close()
  }
})

// The phone is set to Honolulu (UTC-10): its date differs from China's 18 hours a day, and the period must still
// end on China's today (a browser's own date once dropped the cases registered after 16:00 UTC).
test('phone (in another time zone): the period is China time; cards stack, charts fit the 360 px screen', async () => {
  const { browser: b3, page: p3 } = await openPage(s, { phone: true, timezoneId: 'Pacific/Honolulu' })
  try {
    await login(p3, s, 'county')
    await p3.waitForURL(/\/dashboard/)
    await waitDashboard(p3, '530326')
    const { from, to } = await pageRange(p3)
    assert.deepEqual({ from, to }, expectedRange())
    const api = await apiAs(s, 'county', 'GET', `/api/v1/indicators?place=530326&from=${from}&to=${to}`)
    assertCardsEqual(await cardValues(p3), api)
    const overflow = await p3.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
    for (const c of ['chart-trend', 'chart-tier', 'chart-category']) {
      const box = await p3.locator(`[data-test=${c}]`).boundingBox()
      assert.ok(box.width > 250 && box.x + box.width <= 360, `${c} fits: ${JSON.stringify(box)}`)
    }
    await shot(p3, 'dashboard-phone')
    await p3.setViewportSize({ width: 360, height: 3200 })
    await p3.waitForTimeout(300)
    await shot(p3, 'dashboard-phone-full')
    assert.deepEqual(realErrors(p3), [])
  } finally {
    await b3.close()
  }
})
