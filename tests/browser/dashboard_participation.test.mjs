// The dashboard's 志愿服务与双报到 section (GET /api/v1/indicators/participation): for the county the cards —
// 服务时长, 服务人数, 服务次数, 报到单位, 报到党员, 编入网格率 (dual_placed / dual_members) — equal the API for the
// dashboard's place and period, the demo has hours and members registered; the cards are plain; the table of
// places below has one row per group with the group's figures, most hours first, and the groups sum to the totals;
// clicking the township with the most hours drills the dashboard down and the section then shows the township's
// figures and its villages, and a village's row its figures without a table; the breadcrumb goes back up; the
// labels follow the language. No console errors.
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

const text = async (pg, sel) => (await pg.innerText(sel)).trim()
// hours as the section shows them: grouped thousands, up to two decimals
const hours = (v) => Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 })
const placed = (f) => (f.dual_members ? `${((f.dual_placed * 100) / f.dual_members).toFixed(2)}%` : '—')
const CARDS = [
  ['hours', (f) => `${hours(f.hours)} 小时`],
  ['people', (f) => String(f.people)],
  ['entries', (f) => String(f.entries)],
  ['dual_units', (f) => String(f.dual_units)],
  ['dual_members', (f) => String(f.dual_members)],
  ['placed', placed],
]
const FIELDS = ['hours', 'people', 'entries', 'dual_units', 'dual_members', 'dual_placed']

async function pageRange(pg) {
  const el = pg.locator('[data-test=range]')
  return { from: await el.getAttribute('data-from'), to: await el.getAttribute('data-to') }
}

// The section shows, for `code`, what the API answers for the same place and period.
async function assertSection(pg, code, range) {
  const api = await apiAs(s, 'county', 'GET', `/api/v1/indicators/participation?place=${code}&from=${range.from}&to=${range.to}`)
  assert.equal(api.place, code)
  assert.equal(api.from, range.from)
  assert.equal(api.to, range.to)
  const tot = api.totals
  for (const k of FIELDS) assert.equal(typeof tot[k], 'number', `totals.${k} is a number`)
  assert.ok(tot.dual_placed <= tot.dual_members, 'placed members are registered members')
  // the groups' counts sum to the totals (the hours up to floating point); people are distinct per row, so a
  // person who served in two places counts in both rows and once in the total
  for (const k of api.groups.length ? FIELDS : []) {
    const sum = api.groups.reduce((a, g) => a + g[k], 0)
    if (k === 'hours') assert.ok(Math.abs(sum - tot.hours) < 0.01, `groups' hours ${sum} = ${tot.hours} at ${code}`)
    else if (k === 'people') assert.ok(sum >= tot.people, `groups' people ${sum} ≥ ${tot.people} at ${code}`)
    else assert.equal(sum, tot[k], `groups' ${k} sum to the total at ${code}`)
  }

  const sel = `[data-test=dash-participation][data-place="${code}"]`
  await pg.waitForSelector(`${sel} [data-test=pcard-value-hours]`, { timeout: 20000 })
  // (until the section's own answer arrives it shows the place before)
  const want = { entries: String(tot.entries), hours: CARDS[0][1](tot) }
  await pg
    .waitForFunction(
      ([q, w]) => Object.entries(w).every(([k, v]) => document.querySelector(`${q} [data-test=pcard-value-${k}]`)?.innerText.trim() === v),
      [sel, want],
      { timeout: 15000 },
    )
    .catch(() => {}) // compared below, with the values in the message
  for (const [key, value] of CARDS) {
    assert.equal(await text(pg, `${sel} [data-test=pcard-value-${key}]`), value(tot), `card ${key} at ${code}`)
    const card = pg.locator(`${sel} [data-test=pcard-${key}]`)
    assert.equal(await card.getAttribute('href'), null, `card ${key} is plain`)
    assert.ok((await card.getAttribute('title')).length > 4, `card ${key} says what it counts`)
  }
  assert.equal(await pg.getAttribute(`${sel} [data-test=pcard-placed]`, 'title'), `编入网格 ${tot.dual_placed} 人 / 报到党员 ${tot.dual_members} 人`)

  if (!api.groups.length) {
    assert.equal(await pg.locator(`${sel} [data-test=rank-participation]`).count(), 0, 'no table without places below')
    return api
  }
  const places = `${sel} [data-test=rank-participation] [data-test=participation-rank-place]`
  await pg.waitForFunction(([q, n]) => document.querySelectorAll(q).length === n, [places, api.groups.length], { timeout: 15000 })
  // one row per group, with its figures
  for (const g of api.groups) {
    const tr = pg.locator(`${sel} [data-test=rank-participation] tr`, { has: pg.locator(`[data-test=participation-rank-place][data-code="${g.key}"]`) })
    assert.equal(await tr.count(), 1, `one row of ${g.key}`)
    const cells = (await tr.locator('td').allInnerTexts()).map((c) => c.trim())
    assert.deepEqual(cells, [g.name, hours(g.hours), String(g.people), String(g.dual_units), String(g.dual_members), placed(g)], `row of ${g.key} at ${code}`)
  }
  // most hours first
  const order = await pg.locator(places).evaluateAll((els) => els.map((e) => e.dataset.code))
  const byKey = Object.fromEntries(api.groups.map((g) => [g.key, g]))
  for (let i = 1; i < order.length; i++) assert.ok(byKey[order[i - 1]].hours >= byKey[order[i]].hours, `rows by hours: ${order[i - 1]} before ${order[i]}`)
  return api
}

test('county: the 志愿服务与双报到 section equals the participation API; the township with the most hours drills down', async () => {
  await login(page, s, 'county')
  await page.goto('/dashboard')
  const range = await pageRange(page)
  const county = await assertSection(page, COUNTY, range)
  assert.ok(county.totals.hours > 0 && county.totals.people > 0 && county.totals.entries > 0, 'the demo has hours served')
  assert.ok(county.totals.dual_members > 0 && county.totals.dual_units > 0, 'the demo has units and members registered')
  assert.ok(county.groups.length > 1, 'townships below the county')
  for (const g of county.groups) assert.ok(g.key.length === 9 && g.key.startsWith(COUNTY), `${g.key} is a township of the county`)
  assert.equal(await text(page, '[data-test=dash-participation] .panel-title > span'), '志愿服务与双报到')
  await page.locator('[data-test=dash-participation]').scrollIntoViewIfNeeded()
  await shot(page, 'dashboard-participation-county')

  // drill down: the township with the most hours
  const town = [...county.groups].sort((a, b) => b.hours - a.hours)[0]
  assert.ok(town.hours > 0, 'a township with hours')
  await page.click(`[data-test=rank-participation] [data-test=participation-rank-place][data-code="${town.key}"]`)
  await page.waitForURL((u) => u.searchParams.get('place') === town.key, { timeout: 15000 })
  await page.waitForSelector(`[data-test=crumb-current][data-code="${town.key}"]`)
  const down = await assertSection(page, town.key, range)
  for (const k of FIELDS) assert.equal(down.totals[k], town[k], `the township's ${k} is its row above`)
  assert.ok(down.groups.length > 0, 'villages below')
  for (const g of down.groups) assert.ok(g.key.length === 12 && g.key.startsWith(town.key), `${g.key} is a village of ${town.key}`)
  await shot(page, 'dashboard-participation-township')

  // and a village: its figures, no places below (a note instead of the table)
  const village = [...down.groups].sort((a, b) => b.hours - a.hours)[0]
  await page.click(`[data-test=rank-participation] [data-test=participation-rank-place][data-code="${village.key}"]`)
  await page.waitForURL((u) => u.searchParams.get('place') === village.key, { timeout: 15000 })
  const leaf = await assertSection(page, village.key, range)
  assert.deepEqual(leaf.groups, [], 'no groups below a village')
  for (const k of FIELDS) assert.equal(leaf.totals[k], village[k], `the village's ${k} is its row above`)
  assert.equal(await text(page, '[data-test=participation-no-groups]'), '没有下级区域')

  // back up by the breadcrumb
  await page.click(`[data-test=crumb][data-code="${COUNTY}"]`)
  await page.waitForURL((u) => !u.searchParams.get('place'), { timeout: 15000 })
  await assertSection(page, COUNTY, range)
  assert.deepEqual(realErrors(page), [])
})

test('the 志愿服务与双报到 section speaks English after the language switch', async () => {
  await page.goto('/dashboard')
  await page.waitForSelector(`[data-test=dash-participation][data-place="${COUNTY}"] [data-test=pcard-value-hours]`, { timeout: 20000 })
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
  await page.waitForFunction(() => document.querySelector('[data-test=dash-participation] .panel-title > span')?.innerText.trim() === 'Volunteering and dual registration', null, { timeout: 10000 })
  const range = await pageRange(page)
  const api = await apiAs(s, 'county', 'GET', `/api/v1/indicators/participation?place=${COUNTY}&from=${range.from}&to=${range.to}`)
  assert.equal(await text(page, '[data-test=pcard-value-hours]'), `${hours(api.totals.hours)} h`)
  assert.match(await text(page, '[data-test=pcard-hours]'), /^Hours served/)
  assert.match(await text(page, '[data-test=pcard-people]'), /^People/)
  assert.match(await text(page, '[data-test=pcard-entries]'), /^Entries/)
  assert.match(await text(page, '[data-test=pcard-dual_units]'), /^Units registered/)
  assert.match(await text(page, '[data-test=pcard-dual_members]'), /^Members registered/)
  assert.match(await text(page, '[data-test=pcard-placed]'), /^Placed in a grid/)
  assert.equal(await page.getAttribute('[data-test=pcard-placed]', 'title'), `${api.totals.dual_placed} placed in a grid / ${api.totals.dual_members} members registered`)
  assert.match(await text(page, '[data-test=rank-participation] thead'), /Place[\s\S]*Hours served[\s\S]*People[\s\S]*Units registered[\s\S]*Members registered[\s\S]*Placed in a grid/)
  await page.locator('[data-test=dash-participation]').scrollIntoViewIfNeeded()
  await shot(page, 'dashboard-participation-en')
  // back to Chinese for whoever uses this browser profile next
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: '中文' }).click()
  await page.waitForFunction(() => document.querySelector('[data-test=dash-participation] .panel-title > span')?.innerText.trim() === '志愿服务与双报到', null, { timeout: 10000 })
  assert.match(await text(page, '[data-test=pcard-value-hours]'), / 小时$/)
  assert.deepEqual(realErrors(page), [])
})
