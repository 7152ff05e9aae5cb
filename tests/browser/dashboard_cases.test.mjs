// The dashboard's case sections and high-risk map layer (issue 13, 枫桥经验): the 信访 section's cards equal
// GET /api/v1/indicators?kind=petition for the same place and period, each card opens the petition list
// filtered to the cases it counts, a row of its table drills down; the 矛盾纠纷 section's cards link to exactly
// their cases (高风险 → risk=3&open=true); the map draws one red marker per open risk-3 dispute case with
// coordinates (the others counted in the legend), the switch hides them, a marker opens its case; a role that
// may not list dispute cases gets neither switch nor markers, and plain dispute cards; a 403 hides a section; the
// labels follow the language.
//
// Most of the demo's dispute cases carry the point where they happened (a case registered without one is
// counted in the legend, not drawn). Cases are assessed 高风险 through the API.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, apiAs, realErrors } from './harness.mjs'

const COUNTY = '530326'
let s, browser, page
const made = {} // the case registered here (no coordinates) and the ones assessed 高风险

// The command-centre account of a case (the county, or the township official of its command place).
function commandUserFor(order) {
  if (order.command_place.length === 6) return 'county'
  for (const [user, a] of Object.entries(s.accounts)) if (a.role === 'township_official' && a.scope === order.command_place) return user
  throw new Error('no command account for ' + order.command_place)
}

before(async () => {
  s = await startServer()
  // 高风险: the open cases with coordinates (the demo's), and one registered now without any
  const open = await apiAs(s, 'county', 'GET', `/api/v1/disputes?scope=${COUNTY}&open=true&limit=200`)
  const located = open.items.filter((o) => o.lat !== null && o.lon !== null && o.deadline)
  assert.ok(located.length > 0, 'the demo has open dispute cases with coordinates')
  made.assessed = []
  for (const o of located.slice(0, 3)) {
    await apiAs(s, commandUserFor(o), 'POST', `/api/v1/orders/${o.id}/assess`, { risk: 3, reason: '扬言报复，可能引发群体性事件' })
    made.assessed.push(o.id)
  }
  const village = s.accounts.secretary.scope
  const reg = await apiAs(s, 'secretary', 'POST', '/api/v1/disputes', {
    category: '0803',
    place_code: village,
    description: '两户因承包地边界发生争执，曾发生推搡',
    parties: [
      { role: 'applicant', name: '赵大', phone: '13512345678' },
      { role: 'respondent', name: '钱二', phone: '13687654321' },
    ],
  })
  assert.equal(reg.lat, null)
  await apiAs(s, commandUserFor(reg), 'POST', `/api/v1/orders/${reg.id}/assess`, { risk: 3, reason: '双方扬言动手' })
  made.unlocated = reg.id
  ;({ browser, page } = await openPage(s))
})
after(async () => {
  await browser?.close()
  await s?.stop()
})

const pct = (v) => `${Number(v || 0).toFixed(2)}%`
const text = async (pg, sel) => (await pg.innerText(sel)).trim()

async function pageRange(pg) {
  const el = pg.locator('[data-test=range]')
  return { from: await el.getAttribute('data-from'), to: await el.getAttribute('data-to') }
}

// The open risk-3 dispute cases of a place from the API: those with coordinates and the count of the others.
async function riskCases(user, place) {
  const r = await apiAs(s, user, 'GET', `/api/v1/disputes?scope=${place}&risk=3&open=true&limit=200`)
  const items = r.items
  for (const o of items) assert.equal(o.risk, 3, `case ${o.id} is high-risk`)
  const located = items.filter((o) => o.lat !== null && o.lon !== null)
  return { located, unlocated: items.length - located.length }
}

// The petition cards and what each must show and link to (beside scope, from and to).
const PETITION_CARDS = [
  ['received', (i) => String(i.counts.received), {}],
  ['open', (i) => String(i.counts.open), { open: 'true', sort: 'newest' }],
  ['overdue', (i) => String(i.counts.overdue_open), { overdue: 'true' }],
  ['on_time', (i) => pct(i.rates.on_time), { state: 'closed' }],
  ['repeat', (i) => pct(i.rates.repeat), { repeat: 'true' }],
  ['skip_level', (i) => pct(i.rates.skip_level), { skip_level: 'true' }],
  ['lead', (i) => pct(i.rates.lead), { led: 'true' }],
]

// The query of a card's link, as an object.
async function linkQuery(pg, sel) {
  const href = await pg.locator(sel).getAttribute('href')
  assert.ok(href, `${sel} is a link`)
  const u = new URL(href, s.base)
  return { path: u.pathname, query: Object.fromEntries(u.searchParams) }
}

// How many cases a list route answers for a query (every page).
async function listCount(route, query) {
  let n = 0
  let after = ''
  do {
    const q = new URLSearchParams({ ...query, limit: '1000', ...(after ? { after } : {}) })
    const r = await apiAs(s, 'county', 'GET', `${route}?${q}`)
    n += r.items.length
    after = r.next || ''
  } while (after)
  return n
}

async function waitPetitions(pg, code, api) {
  await pg.waitForSelector(`[data-test=dash-petitions][data-place="${code}"] [data-test=pcard-value-received]`, { timeout: 20000 })
  await pg.waitForFunction((n) => document.querySelector('[data-test=pcard-value-received]')?.innerText.trim() === n, String(api.counts.received), { timeout: 15000 })
}

async function assertPetitionSection(pg, code, range) {
  const q = `place=${code}&from=${range.from}&to=${range.to}&kind=petition`
  const api = await apiAs(s, 'county', 'GET', `/api/v1/indicators?${q}`)
  await waitPetitions(pg, code, api)
  for (const [key, value, extra] of PETITION_CARDS) {
    assert.equal(await text(pg, `[data-test=pcard-value-${key}]`), value(api), `petition card ${key} at ${code}`)
    assert.deepEqual(await linkQuery(pg, `[data-test=pcard-${key}]`), { path: '/petitions', query: { scope: code, ...range, ...extra } }, `link of ${key}`)
  }
  const child = await apiAs(s, 'county', 'GET', `/api/v1/indicators?${q}&group_by=child`)
  assert.equal(await pg.locator('[data-test=rank-petition] [data-test=petition-rank-place]').count(), child.groups.length)
  for (const g of child.groups) {
    const tr = pg.locator('[data-test=rank-petition] tr', { has: pg.locator(`[data-test=petition-rank-place][data-code="${g.key}"]`) }).first()
    const row = await tr.innerText()
    assert.match(row, new RegExp(g.name))
    assert.match(row, new RegExp(`\\b${g.counts.received}\\b`))
    assert.match(row, new RegExp(pct(g.rates.repeat).replace('.', '\\.')))
  }
  return { api, child }
}

async function waitMarkers(pg, n) {
  await pg.waitForSelector(`[data-test=dash-map][data-risk-markers="${n}"]`, { timeout: 15000 })
  await pg.waitForFunction((k) => document.querySelectorAll('[data-test=dash-map] path.dash-risk').length === k, n, { timeout: 15000 })
}

test('county: the 信访 section equals the API, its cards open the filtered petition list, a row drills down', async () => {
  await login(page, s, 'county')
  await page.goto('/dashboard')
  const range = await pageRange(page)
  const { api, child } = await assertPetitionSection(page, COUNTY, range)
  assert.ok(api.counts.received > 0, 'the demo has petitions')
  assert.ok(api.counts.repeated > 0 && api.counts.skip_level > 0 && api.counts.led > 0, 'the demo has repeat, skip-level and led petitions')
  assert.ok(child.groups.length > 1, 'petitions in more than one township')
  // a card's link selects exactly the cases it counts (the list API under the link's query)
  const exact = { received: 'received', open: 'open', overdue: 'overdue_open', on_time: 'resolved', repeat: 'repeated', skip_level: 'skip_level', lead: 'led' }
  for (const [key, count] of Object.entries(exact))
    assert.equal(await listCount('/api/v1/petitions', (await linkQuery(page, `[data-test=pcard-${key}]`)).query), api.counts[count], `the cases of ${key}`)
  // the hint says what the rate counts
  assert.match(await page.getAttribute('[data-test=pcard-repeat]', 'title'), new RegExp(`重复信访 ${api.counts.repeated} 件`))
  await page.locator('[data-test=dash-petitions]').scrollIntoViewIfNeeded()
  await shot(page, 'dashboard-petitions')

  // a card opens the petition list with its filter
  await page.click('[data-test=pcard-repeat]')
  await page.waitForURL((u) => u.pathname === '/petitions')
  const u = new URL(page.url())
  assert.deepEqual(Object.fromEntries(u.searchParams), { scope: COUNTY, ...range, repeat: 'true' })
  await page.goBack()
  await waitPetitions(page, COUNTY, api)

  // a row drills down: the whole dashboard goes to the township, the section with it
  const top = [...child.groups].sort((a, b) => b.counts.received - a.counts.received)[0]
  await page.click(`[data-test=rank-petition] [data-test=petition-rank-place][data-code="${top.key}"]`)
  await page.waitForURL(new RegExp(`place=${top.key}(?!\\d)`))
  await page.waitForSelector(`[data-test=crumb-current][data-code="${top.key}"]`, { timeout: 15000 })
  await assertPetitionSection(page, top.key, range)
  assert.equal(await page.getAttribute('[data-test=dash-disputes]', 'data-place'), top.key)
  assert.deepEqual(realErrors(page), [])
})

test("the 矛盾纠纷 cards link to exactly their cases, with the dashboard's period", async () => {
  await page.goto('/dashboard')
  const range = await pageRange(page)
  await page.waitForSelector(`[data-test=dash-disputes][data-place="${COUNTY}"] [data-test=dcard-value-highRisk]`, { timeout: 20000 })
  const api = await apiAs(s, 'county', 'GET', `/api/v1/indicators?place=${COUNTY}&from=${range.from}&to=${range.to}&kind=dispute`)
  await page.waitForFunction((n) => document.querySelector('[data-test=dcard-value-highRisk]')?.innerText.trim() === n, String(api.counts.high_risk), { timeout: 15000 })
  assert.ok(api.counts.high_risk >= made.assessed.length + 1, 'the cases assessed here count as 高风险')
  const expect = {
    received: {},
    settle: { outcome: 'settled,partly' },
    mediation_success: { outcome: 'settled' },
    highRisk: { risk: '3' },
    transferred: { route: 'transfer' },
  }
  for (const [key, extra] of Object.entries(expect))
    assert.deepEqual(await linkQuery(page, `[data-test=dcard-${key}]`), { path: '/disputes', query: { scope: COUNTY, ...range, ...extra } }, `link of ${key}`)
  // the links that select exactly the cases counted (the list API under the link's query)
  const exact = { received: 'received', mediation_success: 'settled', on_time: 'resolved', highRisk: 'high_risk', transferred: 'transferred' }
  for (const [key, count] of Object.entries(exact))
    assert.equal(await listCount('/api/v1/disputes', (await linkQuery(page, `[data-test=dcard-${key}]`)).query), api.counts[count], `the cases of ${key}`)
  const settled = api.counts.settled + api.counts.partly_settled
  assert.equal(await listCount('/api/v1/disputes', (await linkQuery(page, '[data-test=dcard-settle]')).query), settled, 'the cases of settle')
  await page.click('[data-test=dcard-highRisk]')
  await page.waitForURL((u) => u.pathname === '/disputes')
  const q = Object.fromEntries(new URL(page.url()).searchParams)
  assert.equal(q.risk, '3')
  assert.equal(q.scope, COUNTY)
  assert.deepEqual(realErrors(page), [])
})

test('the map shows the open high-risk cases with coordinates; the switch hides them; a marker opens its case', async () => {
  await page.goto('/dashboard')
  await page.waitForSelector(`[data-test=dashboard][data-place="${COUNTY}"] [data-test=dash-map] path.dash-poly`, { timeout: 20000 })
  const want = await riskCases('county', COUNTY)
  assert.ok(want.located.length >= 1, 'high-risk cases with coordinates')
  assert.ok(want.unlocated >= 1, 'the case registered here has no coordinates')
  for (const id of made.assessed) assert.ok(want.located.some((o) => o.id === id), `case ${id} is on the list`)
  await waitMarkers(page, want.located.length)
  const ids = await page.$$eval('[data-test=dash-map] path.dash-risk', (els) => els.map((e) => Number(e.getAttribute('data-id'))).sort((a, b) => a - b))
  assert.deepEqual(ids, want.located.map((o) => o.id).sort((a, b) => a - b))
  const legend = await text(page, '[data-test=map-risk-legend]')
  assert.match(legend, new RegExp(`在办高风险纠纷 ${want.located.length} 件`))
  assert.match(legend, new RegExp(`另有 ${want.unlocated} 件无坐标`))
  await page.locator('[data-test=dash-map]').scrollIntoViewIfNeeded()
  await shot(page, 'dashboard-risk-map')

  // the tooltip: tracking number, title, place
  const c = want.located[0]
  const marker = page.locator(`[data-test=dash-map] path.dash-risk[data-id="${c.id}"]`)
  await marker.hover()
  const tip = page.locator('.leaflet-tooltip', { hasText: c.tracking_no })
  await tip.waitFor({ timeout: 5000 })
  const tipText = await tip.innerText()
  assert.ok(tipText.includes(c.title) && tipText.includes(c.place_name), tipText)

  // the switch hides the layer and its legend line; on again, the markers are back
  await page.click('[data-test=map-risk-switch]')
  await waitMarkers(page, 0)
  assert.equal(await page.locator('[data-test=map-risk-legend]').count(), 0)
  assert.equal(await page.locator('[data-test=dash-map] path.dash-poly').count() > 0, true, 'the polygons stay')
  await page.click('[data-test=map-risk-switch]')
  await waitMarkers(page, want.located.length)

  // a marker opens its case
  await page.locator(`[data-test=dash-map] path.dash-risk[data-id="${c.id}"]`).click()
  await page.waitForURL(new RegExp(`/disputes/${c.id}$`), { timeout: 15000 })
  await page.waitForSelector('[data-test=dispute-tracking-no]', { timeout: 15000 })
  assert.equal(await text(page, '[data-test=dispute-tracking-no]'), c.tracking_no)

  // drilled down to the case's township, the layer follows the place
  const township = c.place_code.slice(0, 9)
  await page.goto(`/dashboard?place=${township}`)
  const there = await riskCases('county', township)
  await page.waitForSelector(`[data-test=dashboard][data-place="${township}"] [data-test=dash-map] path.dash-poly`, { timeout: 20000 })
  await waitMarkers(page, there.located.length)
  assert.ok(there.located.length >= 1)
  assert.deepEqual(realErrors(page), [])
})

test('a role that may not list dispute cases: no switch, no markers, plain cards; a 403 hides a section', async () => {
  const { browser: b2, page: p2 } = await openPage(s)
  try {
    await login(p2, s, 'petition') // the petition desk: reads indicators and petitions, not the dispute cases
    await p2.goto('/dashboard')
    const scope = s.accounts.petition.scope
    await p2.waitForSelector(`[data-test=dash-disputes][data-place="${scope}"] [data-test=dcard-value-received]`, { timeout: 20000 })
    await p2.waitForSelector('[data-test=dash-petitions] [data-test=pcard-value-received]', { timeout: 20000 })
    await p2.waitForSelector('[data-test=dash-map] path.dash-poly', { timeout: 20000 })
    // the risk list answered 403: the switch goes, nothing is drawn
    await p2.waitForFunction(() => !document.querySelector('[data-test=map-risk-switch]'), null, { timeout: 15000 })
    assert.equal(await p2.getAttribute('[data-test=dash-map]', 'data-risk-markers'), '0')
    assert.equal(await p2.locator('[data-test=map-risk-legend]').count(), 0)
    // the dispute list is not theirs: those cards are not links; the petition cards are
    assert.equal(await p2.locator('[data-test=dcard-highRisk]').evaluate((e) => e.tagName), 'DIV')
    assert.equal(await p2.locator('[data-test=dash-disputes-list]').count(), 0)
    assert.equal(await p2.locator('[data-test=pcard-repeat]').evaluate((e) => e.tagName), 'A')
    assert.equal((await linkQuery(p2, '[data-test=pcard-repeat]')).query.repeat, 'true')
    assert.equal(await p2.locator('.el-alert--error').count(), 0)
    assert.deepEqual(realErrors(p2), [])

    // the petition figures refused (403): the section is not shown at all, and no error box either
    await p2.route('**/api/v1/indicators?**', (route) => {
      if (new URL(route.request().url()).searchParams.get('kind') !== 'petition') return route.continue()
      return route.fulfill({
        status: 403,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 403, title: 'Forbidden', detail: 'not allowed', detail_zh: '无权查看' }),
      })
    })
    await p2.reload()
    await p2.waitForSelector('[data-test=dash-disputes] [data-test=dcard-value-received]', { timeout: 20000 })
    await p2.waitForFunction(() => !document.querySelector('[data-test=dash-petitions]'), null, { timeout: 15000 })
    assert.equal(await p2.locator('.el-alert--error').count(), 0)
    await shot(p2, 'dashboard-cases-department')
  } finally {
    await b2.close()
  }
})

test('the sections and the map layer speak English after the language switch', async () => {
  await page.goto('/dashboard')
  await page.waitForSelector('[data-test=dash-petitions] [data-test=pcard-value-received]', { timeout: 20000 })
  assert.match(await text(page, '[data-test=dash-petitions] .panel-title'), /信访/)
  assert.match(await text(page, '[data-test=pcard-repeat]'), /重复信访率/)
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
  await page.waitForFunction(() => /Petitions/.test(document.querySelector('[data-test=dash-petitions] .panel-title')?.innerText || ''), null, { timeout: 10000 })
  assert.match(await text(page, '[data-test=pcard-repeat]'), /Repeat rate/)
  assert.match(await text(page, '[data-test=dcard-highRisk]'), /High risk/)
  assert.match(await text(page, '[data-test=map-risk-legend]'), /Open high-risk disputes: \d+; \d+ more without coordinates/)
  await shot(page, 'dashboard-cases-en')
  // back to Chinese for whoever uses this browser profile next
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: '中文' }).click()
  await page.waitForFunction(() => /信访/.test(document.querySelector('[data-test=dash-petitions] .panel-title')?.innerText || ''), null, { timeout: 10000 })
  assert.deepEqual(realErrors(page), [])
})
