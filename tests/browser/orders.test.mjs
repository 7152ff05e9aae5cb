// 事件工单 through the UI: a resident reports, the command centre accepts and dispatches to the police department,
// the police claim and finish (with a note and a photo), the resident verifies and rates 满意, and the API agrees
// at every step. Also: the list's time-limit colour filter against the API, phone cards, a stale page getting the
// server's 409 message, and the inbox (unread badge, mark read).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, apiAs, realErrors } from './harness.mjs'

let s, browser, page
const flow = {} // id, tracking_no, command user, police department
before(async () => {
  s = await startServer()
  ;({ browser, page } = await openPage(s))
})
after(async () => {
  await browser?.close()
  await s?.stop()
})

// A 1x1 PNG for the finish photo.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

const stateTag = (p, text) => p.locator('[data-test=order-state]', { hasText: text }).first().waitFor({ timeout: 15000 })

async function openAction(p, action) {
  await p.click(`[data-test=order-action-${action}]`)
  await p.locator('[data-test=action-submit]:visible').waitFor()
}
async function submitAction(p) {
  await p.locator('[data-test=action-submit]:visible').click()
}
async function pickOption(p, selectSel, text) {
  await p.locator(`${selectSel}:visible`).click()
  await p.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}
function commandUserFor(order) {
  if (order.command_place.length === 6) return 'county'
  for (const [user, a] of Object.entries(s.accounts)) if (a.role === 'township_official' && a.scope === order.command_place) return user
  throw new Error('no command account for ' + order.command_place)
}

test('a resident reports a problem and gets a tracking number', async () => {
  await login(page, s, 'resident')
  await page.goto('/resident/report')
  const hasForm = await page
    .waitForSelector('[data-test=report-description]', { timeout: 8000 })
    .then(() => true)
    .catch(() => false)
  if (hasForm) {
    await page.click('[data-test=report-category]')
    await page.keyboard.type('暴露垃圾')
    await page.locator('.el-select-dropdown__item:visible', { hasText: '暴露垃圾' }).first().click()
    await page.fill('[data-test=report-description]', '小区门口路边垃圾堆积多日，无人清运')
    await shot(page, 'orders-resident-report')
    await page.click('[data-test=report-submit]')
    const no = await page.waitForSelector('[data-test=tracking-no]', { timeout: 15000 })
    flow.tracking_no = (await no.innerText()).trim().split('-')[0]  // the code shown is 查询码 = number-key
    const href = await page.getAttribute('[data-test=order-link]', 'href')
    flow.id = Number(href.match(/\/orders\/(\d+)/)[1])
    await shot(page, 'orders-resident-reported')
  } else {
    // The resident report page is not there yet: the order is created through the API instead.
    const o = await apiAs(s, 'resident', 'POST', '/api/v1/orders', { category: '0101', description: '小区门口路边垃圾堆积多日，无人清运', place_code: '530326001001001' })
    flow.id = o.id
    flow.tracking_no = o.tracking_no
    test.diagnostic('no /resident/report page: created the order through the API')
  }
  const o = await apiAs(s, 'resident', 'GET', `/api/v1/orders/${flow.id}`)
  assert.equal(o.tracking_no, flow.tracking_no)
  assert.equal(o.state, 'reported')
  flow.command = commandUserFor(o)

  // The resident's own view of the order: state, and nothing to do yet.
  await page.goto(`/orders/${flow.id}`)
  await stateTag(page, '待受理')
  assert.equal(await page.innerText('[data-test=order-tracking-no]'), flow.tracking_no)
  assert.equal(await page.locator('[data-test^=order-action-]').count(), o.actions.length)
  await shot(page, 'orders-detail-resident-reported')
  assert.deepEqual(realErrors(page), [])
})

test('the command centre finds it in the list, accepts it and dispatches it to the police', async () => {
  await login(page, s, flow.command)
  await page.goto('/orders')
  const row = page.locator('[data-test=order-table] .el-table__row', { hasText: flow.tracking_no })
  await row.waitFor({ timeout: 15000 })
  assert.match(await row.innerText(), /待受理/)
  await shot(page, 'orders-list-command')
  await row.click()
  await page.waitForURL(new RegExp(`/orders/${flow.id}$`))
  await stateTag(page, '待受理')
  const before = await apiAs(s, flow.command, 'GET', `/api/v1/orders/${flow.id}`)
  for (const a of before.actions) assert.equal(await page.locator(`[data-test=order-action-${a}]`).count(), 1, a)
  assert.equal(await page.locator('[data-test^=order-action-]').count(), before.actions.length)

  await openAction(page, 'accept')
  await submitAction(page)
  await stateTag(page, '待派单')
  assert.equal((await apiAs(s, flow.command, 'GET', `/api/v1/orders/${flow.id}`)).state, 'accepted')

  // The police account's department.
  const me = await apiAs(s, 'police', 'GET', '/api/v1/me')
  const depts = await apiAs(s, 'police', 'GET', '/api/v1/departments')
  flow.dept = depts.items.find((d) => d.id === me.department_id)
  assert.ok(flow.dept, 'police has a department')

  await openAction(page, 'dispatch')
  await page.locator('[data-test=target-kind-dept]:visible').click()
  await pickOption(page, '[data-test=action-dept]', flow.dept.name)
  await shot(page, 'orders-dispatch-dialog')
  await submitAction(page)
  await stateTag(page, '待接单')
  assert.equal(await page.innerText('[data-test=order-assignee]'), flow.dept.name)
  const after = await apiAs(s, flow.command, 'GET', `/api/v1/orders/${flow.id}`)
  assert.equal(after.state, 'dispatched')
  assert.equal(after.assignee_dept, flow.dept.id)
  // the timeline shows the three steps, newest first
  const steps = await page.locator('[data-test=timeline-action]').allInnerTexts()
  assert.deepEqual(steps.slice(0, 3), ['派单', '受理', '上报'])
  await shot(page, 'orders-detail-dispatched')
  assert.deepEqual(realErrors(page), [])
})

test('the police department claims and finishes it with a note and a photo', async () => {
  await login(page, s, 'police')
  await page.goto('/orders?mine=todo')
  const row = page.locator('[data-test=order-table] .el-table__row', { hasText: flow.tracking_no })
  await row.waitFor({ timeout: 15000 })
  await row.click()
  await page.waitForURL(new RegExp(`/orders/${flow.id}$`))
  await stateTag(page, '待接单')
  await openAction(page, 'claim')
  await submitAction(page)
  await stateTag(page, '处置中')

  await openAction(page, 'finish')
  // a missing note is refused before sending
  await submitAction(page)
  assert.match(await page.locator('[data-test=action-error]:visible').innerText(), /说明/)
  await page.locator('[data-test=action-note]:visible').fill('已安排清运车辆，垃圾已清理完毕')
  await page.locator('[data-test=action-upload] input[type=file]').setInputFiles({ name: 'done.png', mimeType: 'image/png', buffer: PNG })
  await page.locator('.el-dialog [data-test=attachment-img]').first().waitFor({ timeout: 15000 })
  await shot(page, 'orders-finish-dialog')
  await submitAction(page)
  await stateTag(page, '待核查')
  const o = await apiAs(s, 'police', 'GET', `/api/v1/orders/${flow.id}`)
  assert.equal(o.state, 'finished')
  const fin = o.events.find((e) => e.action === 'finish')
  assert.equal(fin.note, '已安排清运车辆，垃圾已清理完毕')
  assert.equal(fin.data.attachments.length, 1)
  assert.match(await page.locator('[data-test=timeline-note]').first().innerText(), /垃圾已清理完毕/)
  await page.locator('[data-test=order-timeline] [data-test=attachment-img] img').first().waitFor({ timeout: 15000 })
  await shot(page, 'orders-detail-finished')
  assert.deepEqual(realErrors(page), [])
})

test('the resident sees the unread notification in the inbox and marks it read', async () => {
  await login(page, s, 'resident')
  const api = await apiAs(s, 'resident', 'GET', '/api/v1/inbox?limit=50')
  assert.ok(api.unread >= 1, 'the resident has an unread notification')
  await page.goto('/inbox')
  await page.waitForSelector('[data-test=inbox-item]')
  assert.equal(await page.innerText('[data-test=inbox-unread]'), `未读 ${api.unread} 条`)
  const badge = page.locator('[data-test=inbox-link] .el-badge__content')
  assert.equal((await badge.innerText()).trim(), String(api.unread))
  await shot(page, 'orders-inbox')
  const first = api.items.find((n) => !n.read)
  await page.click(`[data-test=inbox-read-${first.id}]`)
  await page.locator('[data-test=inbox-unread]', { hasText: `未读 ${api.unread - 1} 条` }).waitFor()
  const now = await apiAs(s, 'resident', 'GET', '/api/v1/inbox?limit=1')
  assert.equal(now.unread, api.unread - 1)
  if (now.unread) assert.equal((await badge.innerText()).trim(), String(now.unread))
  else await badge.waitFor({ state: 'hidden' })
  await shot(page, 'orders-inbox-read')
  assert.deepEqual(realErrors(page), [])
})

test('the resident verifies and rates 满意; the order is closed', async () => {
  await page.goto(`/orders/${flow.id}`)
  await stateTag(page, '待核查')
  const o = await apiAs(s, 'resident', 'GET', `/api/v1/orders/${flow.id}`)
  assert.deepEqual(o.actions.sort(), ['verify_fail', 'verify_pass'])
  await openAction(page, 'verify_pass')
  await submitAction(page)
  await stateTag(page, '待评价')
  await openAction(page, 'rate')
  await page.locator('[data-test=rating-1]:visible').click()
  await shot(page, 'orders-rate-dialog')
  await submitAction(page)
  await stateTag(page, '已办结归档')
  assert.equal(await page.innerText('[data-test=order-rating]'), '满意')
  const done = await apiAs(s, 'resident', 'GET', `/api/v1/orders/${flow.id}`)
  assert.equal(done.state, 'closed')
  assert.equal(done.rating, 1)
  assert.equal(await page.locator('[data-test^=order-action-]').count(), 0)
  await shot(page, 'orders-detail-closed')
  assert.deepEqual(realErrors(page), [])
})

test('a second action on a stale page shows the server 409 message', async () => {
  const o = await apiAs(s, 'resident', 'POST', '/api/v1/orders', { category: '0101', description: '楼道堆放杂物', place_code: '530326001001001' })
  const cmd = commandUserFor(o)
  await login(page, s, cmd)
  await page.goto(`/orders/${o.id}`)
  await stateTag(page, '待受理')
  await openAction(page, 'accept')
  // someone else accepts first
  await apiAs(s, cmd, 'POST', `/api/v1/orders/${o.id}/accept`)
  await submitAction(page)
  const err = page.locator('[data-test=action-error]:visible')
  await err.waitFor()
  const r = await fetch(`${s.base}/api/v1/orders/${o.id}/accept`, { method: 'POST', headers: { Authorization: `Bearer ${s.tokens[cmd]}` } })
  assert.equal(r.status, 409)
  const problem = await r.json()
  assert.equal((await err.innerText()).trim(), problem.detail_zh)
  await shot(page, 'orders-stale-409')
  await page.locator('[data-test=action-cancel]:visible').click()
  await stateTag(page, '待派单') // the page reloaded the order
  assert.deepEqual(realErrors(page), [])
})

test('a department matter pushed down to a grid needs the catalogue override; the grid calls in the police', async () => {
  const o = await apiAs(s, 'resident', 'POST', '/api/v1/orders', { category: '0108', description: '夜间广场舞噪声扰民', place_code: '530326001001001' })
  const cmd = commandUserFor(o)
  await apiAs(s, cmd, 'POST', `/api/v1/orders/${o.id}/accept`)
  const d = await apiAs(s, cmd, 'GET', `/api/v1/orders/${o.id}`)
  assert.equal(d.suggested_level, 'department')
  const depts = await apiAs(s, cmd, 'GET', '/api/v1/departments')
  const suggested = depts.items.find((x) => x.id === d.suggested_dept)
  await login(page, s, cmd)
  await page.goto(`/orders/${o.id}`)
  await stateTag(page, '待派单')
  assert.match(await page.innerText('[data-test=order-suggestion]'), new RegExp(suggested.name))
  await openAction(page, 'dispatch')
  // the catalogue's department is preselected
  assert.match(await page.locator('[data-test=action-dept]:visible').innerText(), new RegExp(suggested.name))
  await page.locator('[data-test=target-kind-place]:visible').click()
  await pickOption(page, '[data-test=action-place]', '530326001001001')
  await page.locator('[data-test=catalogue-warning]:visible').waitFor()
  // without the override the server refuses and says why
  await page.locator('[data-test=action-reason]:visible').fill('公安派出所警力不足，先由网格员劝导')
  await submitAction(page)
  assert.match(await page.locator('[data-test=action-error]:visible').innerText(), /派单目录/)
  await page.locator('[data-test=action-override]:visible').click()
  await shot(page, 'orders-dispatch-override')
  await submitAction(page)
  await stateTag(page, '待接单')
  assert.match(await page.innerText('[data-test=server-warning]'), /越过派单目录/)
  const after = await apiAs(s, cmd, 'GET', `/api/v1/orders/${o.id}`)
  assert.equal(after.assignee_place, '530326001001001')
  assert.equal(after.events.at(-1).data.override_catalogue, true)

  // the grid worker claims and calls in the police (吹哨); the police report in (报到)
  await login(page, s, 'gridworker')
  await page.goto(`/orders/${o.id}`)
  await stateTag(page, '待接单')
  await openAction(page, 'claim')
  await submitAction(page)
  await stateTag(page, '处置中')
  await openAction(page, 'whistle')
  await pickOption(page, '[data-test=action-departments]', flow.dept.name)
  await page.locator('[data-test=action-reason]:visible').fill('涉及治安，需公安到场')
  await submitAction(page)
  await page.locator('[data-test=order-callins]', { hasText: flow.dept.name }).waitFor()
  assert.match(await page.innerText('[data-test=order-callins]'), /未报到/)
  await shot(page, 'orders-whistle')
  await login(page, s, 'police')
  await page.goto(`/orders/${o.id}`)
  await stateTag(page, '处置中')
  await openAction(page, 'ack')
  await submitAction(page)
  await page.locator('[data-test=order-callins]', { hasText: '已报到' }).waitFor()
  const acked = await apiAs(s, 'police', 'GET', `/api/v1/orders/${o.id}`)
  assert.ok(acked.callins[0].acked_at)
  await shot(page, 'orders-callin-acked')
  assert.deepEqual(realErrors(page), [])
})

test('the list filter by time-limit colour matches the API and shows the colour tags', async () => {
  await login(page, s, 'township')
  await page.goto('/orders')
  await page.waitForSelector('[data-test=order-table] .el-table__row')
  await pickOption(page, '[data-test=filter-warn]', '红灯（超期）')
  await page.waitForURL(/warn=2/)
  await page.locator('[data-test=order-table] .el-table__row').first().waitFor()
  await page.waitForFunction(() => !document.querySelector('[data-test=order-table] [data-test=warn-normal]'))
  const api = await apiAs(s, 'township', 'GET', '/api/v1/orders?warn=2&limit=30')
  assert.ok(api.items.length > 0, 'the demo has red orders')
  const nos = await page.locator('[data-test=order-table] [data-test=order-no]').allInnerTexts()
  assert.deepEqual(nos, api.items.map((o) => o.tracking_no))
  assert.equal(await page.locator('[data-test=order-table] [data-test=warn-red]').count(), api.items.length)
  assert.equal(await page.locator('[data-test=order-table] .warn-row-red').count(), api.items.length)
  await shot(page, 'orders-list-red')

  // Yellow-and-red, sorted by deadline: every tag matches the API's colour.
  await page.goto('/orders?warn=1&sort=deadline')
  const api2 = await apiAs(s, 'township', 'GET', '/api/v1/orders?warn=1&sort=deadline&limit=30')
  await page.locator('[data-test=order-table] [data-test=order-no]', { hasText: api2.items[0].tracking_no }).first().waitFor()
  const tags = await page.locator('[data-test=order-table] [data-test^=warn-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-test')))
  assert.deepEqual(tags, api2.items.map((o) => 'warn-' + o.warn))
  await shot(page, 'orders-list-warn')
  assert.deepEqual(realErrors(page), [])
})

test('on a phone the list shows cards and the detail fits', async () => {
  const phone = await openPage(s, { phone: true })
  try {
    await login(phone.page, s, 'township')
    await phone.page.goto('/orders')
    await phone.page.waitForSelector('[data-test=order-card]')
    const api = await apiAs(s, 'township', 'GET', '/api/v1/orders?limit=30')
    assert.equal(await phone.page.locator('[data-test=order-card]').count(), api.items.length)
    assert.equal(await phone.page.locator('[data-test=order-table]').count(), 0)
    await shot(phone.page, 'orders-list-phone')
    await phone.page.locator('[data-test=order-card]').first().click()
    await phone.page.waitForURL(new RegExp(`/orders/${api.items[0].id}$`))
    await phone.page.waitForSelector('[data-test=order-timeline]')
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 362, `no horizontal scrolling (${width})`)
    await shot(phone.page, 'orders-detail-phone')
    await phone.page.goto('/inbox')
    await phone.page.waitForSelector('[data-test=inbox-page]')
    await shot(phone.page, 'orders-inbox-phone')
    assert.deepEqual(realErrors(phone.page), [])
  } finally {
    await phone.browser.close()
  }
})
