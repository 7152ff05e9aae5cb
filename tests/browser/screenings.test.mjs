// 矛盾纠纷排查 through the UI: the grid worker records this week's round on a phone with one tap and sees it recorded
// (a second, stale page gets the server's 409 and then shows the record); "补登上期" records the previous week
// late after the server's 400 (a note is required when something was found); the township's board counts the
// round on time for the grid's village and drills down to the grids with the recorder's name; the previous
// period shows the late and missing rounds; the county changes the cycles and the API answers them (then sets
// them back); the dashboard's 矛盾纠纷 section shows the figures of GET /api/v1/indicators?kind=dispute and drills
// down; an order link to a dispute case opens the case's screen. No console errors anywhere.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, apiAs, realErrors } from './harness.mjs'

let s
const pages = []
before(async () => {
  s = await startServer()
})
after(async () => {
  for (const b of pages) await b.close()
  await s?.stop()
})
async function open(opts) {
  const p = await openPage(s, opts)
  pages.push(p.browser)
  return p.page
}
const text = async (page, sel) => (await page.locator(sel).first().innerText()).trim()
function dayBefore(day) {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10)
}
async function problemOf(user, method, p, body) {
  const r = await fetch(s.base + p, { method, headers: { Authorization: `Bearer ${s.tokens[user]}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  assert.ok(r.status >= 400 && r.status < 500, `${method} ${p} answered ${r.status}`)
  return { status: r.status, ...(await r.json()) }
}
async function pickOption(p, selectSel, label) {
  await p.locator(`${selectSel}:visible`).click()
  await p.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click()
}

const st = {} // grid, village, period (this week), prev (last week)

test('the grid worker records this week with one tap; a stale page gets the 409 and shows the record', async () => {
  const me = await apiAs(s, 'gridworker', 'GET', '/api/v1/me')
  st.grid = me.scope
  st.village = me.scope.slice(0, 12)
  const board = await apiAs(s, 'gridworker', 'GET', `/api/v1/screenings/board?scope=${st.grid}`)
  st.period = board.grids
  st.prev = (await apiAs(s, 'gridworker', 'GET', `/api/v1/screenings/board?scope=${st.grid}&date=${dayBefore(board.grids.period_first)}`)).grids
  assert.equal(board.grids.rows[0].record, null, 'the demo leaves the current period empty')

  const page = await open({ phone: true })
  const stale = await open({ phone: true })
  await login(page, s, 'gridworker')
  await login(stale, s, 'gridworker')
  // the phone menu lists 矛盾排查 next to 我的任务 / 上报事件
  await page.goto('/m')
  await page.locator('.burger').click()
  await page.locator('[data-test=nav-mscreening]:visible').click()
  await page.waitForURL(/\/m\/screening$/)
  await stale.goto('/m/screening')
  for (const p of [page, stale]) await p.waitForSelector('[data-test=screening-status][data-state=open]', { timeout: 15000 })
  const period = page.locator('[data-test=screening-period]')
  assert.equal(await period.getAttribute('data-first'), st.period.period_first)
  assert.equal(await period.getAttribute('data-last'), st.period.period_last)
  assert.match(await text(page, '[data-test=screening-period]'), new RegExp(`${st.period.period_first} 至 ${st.period.period_last}`))
  // no horizontal overflow at 360 px
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 362), 'fits 360 px')
  await shot(page, 'screenings-phone-open')

  await page.click('[data-test=screening-none]')
  await page.waitForSelector('[data-test=screening-record]', { timeout: 15000 })
  assert.equal(await page.locator('[data-test=screening-status]').getAttribute('data-state'), 'recorded')
  assert.equal(await text(page, '[data-test=screening-record-by]'), me.display_name)
  assert.equal(await page.locator('[data-test=screening-none]').count(), 0, 'no second tap offered')
  const items = (await apiAs(s, 'gridworker', 'GET', `/api/v1/screenings?scope=${st.grid}&from=${st.period.period_first}&to=${st.period.period_first}`)).items
  assert.equal(items.length, 1)
  assert.equal(items[0].found, 0)
  assert.equal(items[0].late, false)
  assert.equal(items[0].recorded_by_name, me.display_name)
  assert.equal(await page.locator('[data-test=screening-record]').getAttribute('data-id'), String(items[0].id))
  await shot(page, 'screenings-phone-recorded')

  // a reload shows the recorded state
  await page.reload()
  await page.waitForSelector('[data-test=screening-record]', { timeout: 15000 })
  assert.equal(await page.locator('[data-test=screening-none]').count(), 0)

  // the stale page still offers the tap: the server refuses it (409) and the page shows its message and the record
  const problem = await problemOf('gridworker', 'POST', '/api/v1/screenings', { place_code: st.grid, found: 0 })
  assert.equal(problem.status, 409)
  await stale.click('[data-test=screening-none]')
  const err = stale.locator('[data-test=screening-error]')
  await err.waitFor({ timeout: 15000 })
  assert.equal(await err.getAttribute('data-status'), '409')
  assert.match(await err.innerText(), new RegExp(problem.detail_zh))
  await stale.waitForSelector('[data-test=screening-record]', { timeout: 15000 })
  await shot(stale, 'screenings-phone-409')
  assert.deepEqual(realErrors(page), [])
  assert.deepEqual(realErrors(stale), [])
})

test('补登上期: the server asks for a note (400), then the previous week is recorded late', async () => {
  const page = await open({ phone: true })
  await login(page, s, 'gridworker')
  await page.goto('/m/screening')
  await page.waitForSelector('[data-test=screening-record]', { timeout: 15000 })
  await page.click('[data-test=screening-mode-previous]')
  await page.waitForFunction((f) => document.querySelector('[data-test=screening-period]')?.dataset.first === f, st.prev.period_first)
  assert.equal(st.prev.rows[0].record, null, "the demo leaves the worker's last week unrecorded")
  assert.equal(await page.locator('[data-test=screening-status]').getAttribute('data-state'), 'missed')
  await page.locator('[data-test=screening-found] input').fill('2')
  await page.locator('[data-test=screening-resolved] input').fill('1')
  await page.locator('[data-test=screening-found] input').press('Tab')
  await page.click('[data-test=screening-submit]')
  const err = page.locator('[data-test=screening-error]')
  await err.waitFor({ timeout: 15000 })
  const problem = await problemOf('gridworker', 'POST', '/api/v1/screenings', { place_code: st.grid, date: st.prev.period_last, found: 2, resolved: 1 })
  assert.equal(problem.status, 400)
  assert.equal(problem.field, 'note')
  assert.equal(await err.getAttribute('data-status'), '400')
  assert.match(await err.innerText(), new RegExp(problem.detail_zh))
  await shot(page, 'screenings-phone-400')

  await page.fill('[data-test=screening-note]', '两户村民因宅基地界址发生争执，已现场调解一起，另一起报村调委会')
  await page.click('[data-test=screening-submit]')
  await page.waitForSelector('[data-test=screening-record-late]', { timeout: 15000 })
  assert.equal(await page.locator('[data-test=screening-status]').getAttribute('data-state'), 'late')
  const items = (await apiAs(s, 'gridworker', 'GET', `/api/v1/screenings?scope=${st.grid}&from=${st.prev.period_first}&to=${st.prev.period_first}`)).items
  assert.equal(items.length, 1)
  assert.deepEqual([items[0].found, items[0].resolved, items[0].late], [2, 1, true])
  await shot(page, 'screenings-phone-late')
  assert.deepEqual(realErrors(page), [])
})

test("the township's board counts the round, drills down to the grids and shows the previous period", async () => {
  const page = await open()
  await login(page, s, 'township')
  await page.locator('[data-test=nav-screenings]').click()
  await page.waitForURL(/\/screenings$/)
  const api = await apiAs(s, 'township', 'GET', '/api/v1/screenings/board')
  const vrow = api.grids.rows.find((r) => r.code === st.village)
  assert.ok(vrow && vrow.on_time >= 1, 'the API counts the round on time')
  const row = page.locator('[data-test=board-grids] tr', { has: page.locator(`[data-test=board-place][data-code="${st.village}"]`) })
  await row.waitFor({ timeout: 15000 })
  assert.equal(await text(row, '[data-test=cell-on-time]'), String(vrow.on_time))
  assert.equal(await text(row, '[data-test=cell-pending]'), String(vrow.pending))
  assert.equal(await text(page, '[data-test=total-on-time]'), String(api.grids.total.on_time))
  assert.equal(await text(page, '[data-test=total-required]'), String(api.grids.total.required))
  // the township's own round (half-monthly) below
  await page.waitForSelector('[data-test=board-townships]')
  await shot(page, 'screenings-board-township')

  await row.click()
  await page.waitForURL(new RegExp(`scope=${st.village}`))
  const grow = page.locator('[data-test=board-grids] tr', { has: page.locator(`[data-test=board-place][data-code="${st.grid}"]`) })
  await grow.waitFor({ timeout: 15000 })
  const me = await apiAs(s, 'gridworker', 'GET', '/api/v1/me')
  assert.equal(await text(grow, '[data-test=cell-recorder]'), me.display_name)
  assert.equal(await text(page, '[data-test=crumb-current]'), vrow.name)
  await shot(page, 'screenings-board-village')

  // the previous week at the village, then back up to the township through the breadcrumb
  await page.click('[data-test=period-prev]')
  await page.waitForFunction((f) => document.querySelector('[data-test=board-period]')?.dataset.first === f, st.prev.period_first)
  const papi = await apiAs(s, 'township', 'GET', `/api/v1/screenings/board?scope=${st.village}&date=${st.prev.period_first}`)
  assert.equal(await page.locator('[data-test=board-period]').getAttribute('data-ended'), 'true')
  assert.equal(await text(page, '[data-test=total-late]'), String(papi.grids.total.late))
  assert.equal(await text(page, '[data-test=total-missing]'), String(papi.grids.total.missing))
  await page.click('[data-test=crumb]')
  await page.waitForFunction(() => document.querySelector('[data-test=screening-board]')?.dataset.scope?.length === 9)
  assert.match(page.url(), new RegExp(`date=${dayBefore(st.period.period_first)}`), 'the period is kept')
  const tapi = await apiAs(s, 'township', 'GET', `/api/v1/screenings/board?date=${st.prev.period_first}`)
  assert.ok(tapi.grids.total.late >= 1, 'the late round counts')
  assert.equal(await text(page, '[data-test=total-late]'), String(tapi.grids.total.late))
  assert.equal(await text(page, '[data-test=total-missing]'), String(tapi.grids.total.missing))
  const rateShown = await text(page, '[data-test=total-rate]')
  assert.equal(rateShown, tapi.grids.total.on_time_rate === null ? '—' : `${(Math.round(tapi.grids.total.on_time_rate * 1000) / 10).toFixed(1)}%`)
  // the demo's year: the week before that one is over too and has its rounds
  await page.click('[data-test=period-prev]')
  const older = dayBefore(st.prev.period_first)
  await page.waitForFunction((l) => document.querySelector('[data-test=board-period]')?.dataset.last === l, older)
  const oapi = await apiAs(s, 'township', 'GET', `/api/v1/screenings/board?date=${older}`)
  assert.ok(oapi.grids.total.on_time + oapi.grids.total.late > 0, "the demo's year has rounds")
  assert.equal(await text(page, '[data-test=total-on-time]'), String(oapi.grids.total.on_time))
  await page.click('[data-test=period-today]')
  await page.waitForFunction((f) => document.querySelector('[data-test=board-period]')?.dataset.first === f, st.period.period_first)
  assert.deepEqual(realErrors(page), [])
})

test('the county changes the cycles; the API and the board follow; then they are set back', async () => {
  const page = await open()
  await login(page, s, 'county')
  await page.goto('/screenings')
  await page.waitForSelector('[data-test=board-period]', { timeout: 15000 })
  const before = await apiAs(s, 'county', 'GET', '/api/v1/screenings/schedule')
  assert.equal(before.grid, 'week')
  await page.click('[data-test=schedule-open]')
  await page.locator('[data-test=schedule-save]:visible').waitFor()
  await pickOption(page, '[data-test=schedule-grid]', '每月')
  await page.click('[data-test=schedule-save]')
  await page.waitForFunction(() => /每月/.test(document.querySelector('[data-test=board-period]')?.innerText || ''), null, { timeout: 15000 })
  const changed = await apiAs(s, 'county', 'GET', '/api/v1/screenings/schedule')
  assert.equal(changed.grid, 'month')
  assert.equal(changed.township, before.township)
  const first = await page.locator('[data-test=board-period]').getAttribute('data-first')
  assert.match(first, /-01$/, 'a monthly period starts on the 1st')
  await shot(page, 'screenings-board-county-month')

  await page.click('[data-test=schedule-open]')
  await page.locator('[data-test=schedule-save]:visible').waitFor()
  await pickOption(page, '[data-test=schedule-grid]', '每周')
  await page.click('[data-test=schedule-save]')
  await page.waitForFunction(() => /每周/.test(document.querySelector('[data-test=board-period]')?.innerText || ''), null, { timeout: 15000 })
  assert.deepEqual(await apiAs(s, 'county', 'GET', '/api/v1/screenings/schedule'), before)
  assert.deepEqual(realErrors(page), [])
})

test("the dashboard's 矛盾纠纷 section shows the API's figures, drills down and opens the list", async () => {
  const page = await open()
  await login(page, s, 'county')
  await page.goto('/dashboard')
  await page.waitForSelector('[data-test=dcard-value-received]', { timeout: 20000 })
  const range = page.locator('[data-test=range]')
  const q = `from=${await range.getAttribute('data-from')}&to=${await range.getAttribute('data-to')}`
  const ind = await apiAs(s, 'county', 'GET', `/api/v1/indicators?place=530326&kind=dispute&${q}`)
  assert.ok(ind.counts.received > 0, 'the demo has dispute cases')
  const pct = (v) => `${Number(v).toFixed(2)}%`
  assert.equal(await text(page, '[data-test=dcard-value-received]'), String(ind.counts.received))
  assert.equal(await text(page, '[data-test=dcard-value-settle]'), pct(ind.rates.settle))
  assert.equal(await text(page, '[data-test=dcard-value-mediation_success]'), pct(ind.rates.mediation_success))
  assert.equal(await text(page, '[data-test=dcard-value-on_time]'), pct(ind.rates.on_time))
  assert.equal(await text(page, '[data-test=dcard-value-followup]'), pct(ind.rates.followup))
  assert.equal(await text(page, '[data-test=dcard-value-highRisk]'), String(ind.counts.high_risk))
  assert.equal(await text(page, '[data-test=dcard-value-transferred]'), String(ind.counts.transferred))
  // the event figures above are unchanged (kind=event, the default)
  const ev = await apiAs(s, 'county', 'GET', `/api/v1/indicators?place=530326&${q}`)
  assert.equal(await text(page, '[data-test=card-received]'), String(ev.counts.received))
  const child = await apiAs(s, 'county', 'GET', `/api/v1/indicators?place=530326&kind=dispute&group_by=child&${q}`)
  assert.equal(await page.locator('[data-test=rank-dispute] [data-test=dispute-rank-place]').count(), child.groups.length)
  await page.locator('[data-test=dash-disputes]').scrollIntoViewIfNeeded()
  await shot(page, 'screenings-dashboard-disputes')

  const top = [...child.groups].sort((a, b) => b.counts.received - a.counts.received)[0]
  await page.click(`[data-test=dispute-rank-place][data-code="${top.key}"]`)
  await page.waitForSelector(`[data-test=dash-disputes][data-place="${top.key}"]`, { timeout: 15000 })
  await page.waitForFunction((n) => document.querySelector('[data-test=dcard-value-received]')?.innerText.trim() === n, String(top.counts.received), { timeout: 15000 })
  await page.waitForSelector(`[data-test=crumb-current][data-code="${top.key}"]`)

  await page.click('[data-test=dcard-transferred]')
  // 分流: the cases handed to 诉讼, 仲裁 or 行政处理, whatever their state now (route=transfer), in the period
  await page.waitForURL((u) => u.pathname === '/disputes' && u.searchParams.get('scope') === top.key && u.searchParams.get('route') === 'transfer')
  await page.waitForSelector('[data-test=filter-scope]')
  const list = await apiAs(s, 'county', 'GET', `/api/v1/disputes?scope=${top.key}&route=transfer&${q}&limit=30`)
  if (list.items.length) {
    await page.waitForSelector('[data-test=dispute-no]', { timeout: 15000 })
    assert.equal(await page.locator('[data-test=dispute-table] [data-test=dispute-no]').count(), list.items.length)
  }
  assert.deepEqual(realErrors(page), [])
})

test('a dispute case opened at /orders/:id goes to its dispute screen', async () => {
  const page = await open()
  await login(page, s, 'county')
  const c = (await apiAs(s, 'county', 'GET', '/api/v1/disputes?limit=1')).items[0]
  await page.goto(`/orders/${c.id}`)
  await page.waitForURL(new RegExp(`/disputes/${c.id}$`), { timeout: 15000 })
  await page.waitForSelector('[data-test=dispute-timeline] [data-test=timeline-item]', { timeout: 15000 })
  assert.equal(await text(page, '[data-test=dispute-tracking-no]'), c.tracking_no)
  // an event order stays on the order screen, with the same timeline component
  const o = (await apiAs(s, 'county', 'GET', '/api/v1/orders?limit=1')).items[0]
  await page.goto(`/orders/${o.id}`)
  await page.waitForSelector('[data-test=order-timeline] [data-test=timeline-item]', { timeout: 15000 })
  assert.match(page.url(), new RegExp(`/orders/${o.id}$`))
  assert.deepEqual(realErrors(page), [])
})
