// The dashboard's 服务工单, 微心愿 and 红色代办 sections (issue 14: kinds service, wish and errand of the order engine): for the county,
// each section's cards — 点单/提交, 已服务/已实现 (finished_ever), 在办, 超期在办, 按期办结率 (on_time / resolved),
// 满意率 ((satisfied + basic_satisfied) / rated) — equal GET /api/v1/indicators?kind=<kind> for the dashboard's place
// and period, the rates also recomputed from the counts by the formulas of docs/indicators.md; the cards are plain
// (no list page of these kinds yet); the table of places below equals group_by=child row by row; clicking a township
// there drills the dashboard down, and the sections then show the township's figures and its villages; the labels
// follow the language. No console errors.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, apiAs, realErrors } from './harness.mjs'

const COUNTY = '530326'
let s, browser, page
before(async () => {
  s = await startServer()
  ;({ browser, page } = await openPage(s))
})
after(async () => {
  await browser?.close()
  await s?.stop()
})

const pct = (v) => `${Number(v || 0).toFixed(2)}%`
const text = async (pg, sel) => (await pg.innerText(sel)).trim()
// a rate in percent as the API gives it (two decimals), 0 when the denominator is
const ratio = (a, b) => (b ? (a * 100) / b : 0)
const near = (got, want, what) => assert.ok(Math.abs(got - want) <= 0.0051, `${what}: ${got} ≈ ${want}`)

// kind → the section's data-test names and what each card shows
const SECTIONS = {
  service: { section: 'dash-services', card: 'scard', table: 'rank-service', place: 'service-rank-place', title: '服务工单（为民服务）', titleEn: 'Service orders' },
  wish: { section: 'dash-wishes', card: 'wcard', table: 'rank-wish', place: 'wish-rank-place', title: '微心愿', titleEn: 'Micro-wishes' },
  errand: { section: 'dash-errands', card: 'ecard', table: 'rank-errand', place: 'errand-rank-place', title: '红色代办', titleEn: 'Red errands' },
}
const CARDS = [
  ['received', (i) => String(i.counts.received)],
  ['served', (i) => String(i.counts.finished_ever)],
  ['open', (i) => String(i.counts.open)],
  ['overdue', (i) => String(i.counts.overdue_open)],
  ['on_time', (i) => pct(i.rates.on_time)],
  ['satisfaction', (i) => pct(i.rates.satisfaction)],
]

async function pageRange(pg) {
  const el = pg.locator('[data-test=range]')
  return { from: await el.getAttribute('data-from'), to: await el.getAttribute('data-to') }
}

// The section of `kind` shows, for `code`, what the API answers for the same place and period.
async function assertSection(pg, kind, code, range) {
  const ids = SECTIONS[kind]
  const q = `place=${code}&from=${range.from}&to=${range.to}&kind=${kind}`
  const api = await apiAs(s, 'county', 'GET', `/api/v1/indicators?${q}`)
  assert.equal(api.kind, kind)
  // the rates are the formulas of the dashboard's cases
  near(api.rates.on_time, ratio(api.counts.on_time, api.counts.resolved), 'on-time rate = on_time / resolved')
  near(api.rates.satisfaction, ratio(api.counts.satisfied + api.counts.basic_satisfied, api.counts.rated), 'satisfaction = (satisfied + basic) / rated')
  await pg.waitForSelector(`[data-test=${ids.section}][data-place="${code}"] [data-test=${ids.card}-value-received]`, { timeout: 20000 })
  await pg.waitForFunction(([sel, n]) => document.querySelector(sel)?.innerText.trim() === n, [`[data-test=${ids.card}-value-received]`, String(api.counts.received)], { timeout: 15000 })
  for (const [key, value] of CARDS) {
    assert.equal(await text(pg, `[data-test=${ids.card}-value-${key}]`), value(api), `${kind} card ${key} at ${code}`)
    assert.equal(await pg.locator(`[data-test=${ids.card}-${key}]`).getAttribute('href'), null, `${kind} card ${key} is plain`)
  }
  const child = await apiAs(s, 'county', 'GET', `/api/v1/indicators?${q}&group_by=child`)
  await pg.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [`[data-test=${ids.table}] [data-test=${ids.place}]`, child.groups.length], { timeout: 15000 })
  for (const g of child.groups) {
    const tr = pg.locator(`[data-test=${ids.table}] tr`, { has: pg.locator(`[data-test=${ids.place}][data-code="${g.key}"]`) }).first()
    const cells = (await tr.locator('td').allInnerTexts()).map((c) => c.trim())
    assert.deepEqual(
      cells,
      [g.name, String(g.counts.received), String(g.counts.finished_ever), String(g.counts.open), String(g.counts.overdue_open), pct(g.rates.on_time), pct(g.rates.satisfaction)],
      `${kind} row of ${g.key}`,
    )
  }
  return { api, child }
}

test('county: the 服务工单 and 微心愿 sections equal the indicators API; a township row drills down to its villages', async () => {
  await login(page, s, 'county')
  await page.goto('/dashboard')
  const range = await pageRange(page)
  const service = await assertSection(page, 'service', COUNTY, range)
  assert.ok(service.api.counts.received > 0 && service.api.counts.finished_ever > 0 && service.api.counts.rated > 0, 'the demo has service orders served and rated')
  assert.ok(service.child.groups.length > 1, 'service orders in more than one township')
  const wish = await assertSection(page, 'wish', COUNTY, range)
  assert.ok(wish.api.counts.received > 0, 'the demo has wishes')
  const errand = await assertSection(page, 'errand', COUNTY, range)
  assert.ok(errand.api.counts.received > 0 && errand.api.counts.rated > 0, 'the demo has errands run and rated')
  assert.equal(await text(page, `[data-test=dash-errands] .panel-title`), SECTIONS.errand.title)
  assert.equal(await text(page, `[data-test=dash-services] .panel-title`), SECTIONS.service.title)
  assert.equal(await text(page, `[data-test=dash-wishes] .panel-title`), SECTIONS.wish.title)
  // the hint says what the rate counts
  assert.match(await page.getAttribute('[data-test=scard-on_time]', 'title'), new RegExp(`按期完成 ${service.api.counts.on_time} 件 / 已评单或归档 ${service.api.counts.resolved} 件`))
  await page.locator('[data-test=dash-services]').scrollIntoViewIfNeeded()
  await shot(page, 'dashboard-services-county')

  // drill down: the township with the most service orders
  const town = [...service.child.groups].sort((a, b) => b.counts.received - a.counts.received)[0]
  assert.equal(town.key.length, 9, 'a township')
  await page.click(`[data-test=rank-service] [data-test=service-rank-place][data-code="${town.key}"]`)
  await page.waitForURL((u) => u.searchParams.get('place') === town.key, { timeout: 15000 })
  await page.waitForSelector(`[data-test=crumb-current][data-code="${town.key}"]`)
  const down = await assertSection(page, 'service', town.key, range)
  assert.equal(down.api.counts.received, town.counts.received, "the township's total is its row above")
  assert.ok(down.child.groups.length > 0, 'villages below')
  for (const g of down.child.groups) assert.ok(g.key.length === 12 && g.key.startsWith(town.key), `${g.key} is a village of ${town.key}`)
  await assertSection(page, 'wish', town.key, range)
  await assertSection(page, 'errand', town.key, range)
  await shot(page, 'dashboard-services-township')

  // back up by the breadcrumb
  await page.click(`[data-test=crumb][data-code="${COUNTY}"]`)
  await page.waitForSelector(`[data-test=dash-services][data-place="${COUNTY}"]`, { timeout: 15000 })
  assert.deepEqual(realErrors(page), [])
})

test('the service sections speak English after the language switch', async () => {
  await page.goto('/dashboard')
  await page.waitForSelector(`[data-test=dash-services][data-place="${COUNTY}"] [data-test=scard-value-received]`, { timeout: 20000 })
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
  await page.waitForFunction(() => document.querySelector('[data-test=dash-services] .panel-title')?.innerText.trim() === 'Service orders', null, { timeout: 10000 })
  assert.equal(await text(page, '[data-test=dash-wishes] .panel-title'), SECTIONS.wish.titleEn)
  assert.equal(await text(page, '[data-test=dash-errands] .panel-title'), SECTIONS.errand.titleEn)
  assert.match(await text(page, '[data-test=ecard-served]'), /^Run/)
  assert.match(await text(page, '[data-test=scard-served]'), /^Served/)
  assert.match(await text(page, '[data-test=wcard-served]'), /^Fulfilled/)
  assert.match(await text(page, '[data-test=rank-service] thead'), /Place[\s\S]*Ordered[\s\S]*Served[\s\S]*Open[\s\S]*Overdue[\s\S]*On time[\s\S]*Satisfaction/)
  assert.match(await text(page, '[data-test=rank-wish] thead'), /Place[\s\S]*Submitted[\s\S]*Fulfilled[\s\S]*Open[\s\S]*Overdue[\s\S]*On time[\s\S]*Satisfaction/)
  const range = await pageRange(page)
  const api = await apiAs(s, 'county', 'GET', `/api/v1/indicators?place=${COUNTY}&from=${range.from}&to=${range.to}&kind=service`)
  assert.equal(await page.getAttribute('[data-test=scard-on_time]', 'title'), `${api.counts.on_time} served on time / ${api.counts.resolved} closed (rated or archived)`)
  await page.locator('[data-test=dash-services]').scrollIntoViewIfNeeded()
  await shot(page, 'dashboard-services-en')
  // back to Chinese for whoever uses this browser profile next
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: '中文' }).click()
  await page.waitForFunction(() => document.querySelector('[data-test=dash-services] .panel-title')?.innerText.trim() === '服务工单（为民服务）', null, { timeout: 10000 })
  assert.deepEqual(realErrors(page), [])
})
