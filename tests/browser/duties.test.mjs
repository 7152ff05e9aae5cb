// 减负 through the UI (MISSION item 23). The department (police, 县公安局) opens /duties/department: the item picker
// offers exactly the active 依法履职事项 and 协助政府事项 of the current 准入清单 as the API has them (no withdrawn item,
// no cancelled certificate), shown "第N项 title（section）"; a task citing one goes to the secretary's community and is
// listed as 待接收. A second task is prepared on another item which the county withdraws (API) just before it is sent:
// the form shows the server's own refusal, the refusal is recorded (GET /tasks/refusals) and the item is no longer
// offered. The secretary finds the task first among those received (/duties/community), opens the order page and
// 接收 then 办结 it; the department 验收通过 it there: 已完成, as the API says. The county (/duties) opens the next
// draft of the 准入清单, adds an item and publishes it (the dialog says the old version is superseded and tasks citing
// it refused): the version number goes up, the old one shows 已被新版本替代, the item is in the current list; an item of
// the new version is withdrawn through the UI (struck through with its reason). The county sets the cap on
// inspections (2 a month); the department files inspections of the community for tomorrow until one is beyond the
// cap (the form says it waits for approval, with the count against the cap), then one more; the county approves the
// first (批准) and refuses the second (不批准: the note is required). The load views (county, secretary) show the
// numbers of GET /load; the refused attempts of GET /tasks/refusals with their reasons; the secretary's 证明事项查询
// shows the alternatives of GET /duty-lists/certificates; everyone reads the current lists. No console errors.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, apiAs, realErrors } from './harness.mjs'

const TAG = Date.now().toString(36)
const TASK = `报送本季度城乡居民养老保险参保登记情况（${TAG}）`
const TASK2 = `请社区组织开展专项工作（${TAG}）`
const ITEM = `协助开展退役军人服务保障（${TAG}）`
const WITHDRAW_REASON = `上级文件调整，由部门直接办理（${TAG}）`

let s
const browsers = []
const st = {} // community, names, task, refused item …
before(async () => {
  s = await startServer()
  st.community = (await apiAs(s, 'secretary', 'GET', '/api/v1/me')).scope
  assert.equal(st.community.length, 12, "the secretary's scope is a community")
  const names = {}
  for (const code of [st.community.slice(0, 6), st.community.slice(0, 9), st.community]) names[code] = (await apiAs(s, 'county', 'GET', `/api/v1/places/${code}`)).name
  st.path = [names[st.community.slice(0, 6)], names[st.community.slice(0, 9)], names[st.community]]
  st.communityName = names[st.community]
  const me = await apiAs(s, 'police', 'GET', '/api/v1/me')
  assert.ok(me.permissions.includes('task.assign'), 'the department handler assigns tasks')
})
after(async () => {
  for (const b of browsers) await b.close()
  await s?.stop()
})
async function open(opts) {
  const p = await openPage(s, opts)
  browsers.push(p.browser)
  return p.page
}
const text = async (p, sel) => (await p.locator(sel).first().innerText()).trim()
const current = (kind = 'admission') => apiAs(s, 'county', 'GET', `/api/v1/duty-lists/current?kind=${kind}`)
const tasksOf = async (user) => (await apiAs(s, user, 'GET', '/api/v1/tasks?limit=200')).items
const order = (user, id) => apiAs(s, user, 'GET', `/api/v1/orders/${id}`)
const chinaDay = (days = 0) => new Date(Date.now() + 8 * 3600 * 1000 + days * 24 * 3600 * 1000).toISOString().slice(0, 10)
const itemText = (i) => `第${i.seq}项 ${i.title}（${i.section_zh}）`
const settled = (p) => p.waitForFunction(() => !document.querySelector('.dialog-fade-enter-active, .dialog-fade-leave-active, .fade-in-linear-enter-active, .fade-in-linear-leave-active'))

// The community through the cascader of villages: county → township → village.
async function pickCommunity(p, box) {
  await p.locator(`${box} .el-cascader`).click()
  for (const name of st.path) {
    await p.locator('.el-cascader-node:visible', { hasText: name }).first().click()
  }
}
// The ids offered by the item picker of the assign form (its dropdown opened and closed again).
async function offeredIds(p) {
  await p.locator('[data-test=duties-assign-item]').click()
  await p.locator('.el-select-dropdown__item[data-test^=duties-assign-item-]:visible').first().waitFor({ timeout: 10000 })
  const ids = await p.locator('.el-select-dropdown__item[data-test^=duties-assign-item-]').evaluateAll((els) => els.map((e) => Number(e.dataset.test.replace('duties-assign-item-', ''))))
  await p.keyboard.press('Escape')
  return ids
}
async function pickItem(p, item) {
  for (let i = 0; ; i++) {
    try {
      await p.locator('[data-test=duties-assign-item]').click()
      await p.locator(`.el-select-dropdown__item[data-test=duties-assign-item-${item.id}]:visible`).click({ timeout: 10000 })
      await p.waitForSelector(`[data-test=duties-assign][data-item="${item.id}"]`, { timeout: 5000 })
      return
    } catch (e) {
      if (i >= 2) throw e
    }
  }
}
async function fillTask(p, { item, type, title, description }) {
  await pickItem(p, item)
  await p.click(`[data-test=duties-assign-type-${type}]`)
  await p.fill('[data-test=duties-assign-title]', title)
  await p.fill('[data-test=duties-assign-description]', description)
}
// An action of the order page through its dialog (a refusal fails the test with the server's words).
async function orderAction(p, action, fill) {
  await p.click(`[data-test=order-action-${action}]`)
  await p.locator('.el-dialog [data-test=action-submit]:visible').waitFor({ timeout: 15000 })
  await settled(p)
  if (fill) await fill()
  await p.locator('.el-dialog [data-test=action-submit]:visible').click()
  await p.waitForFunction(() => document.querySelector('.el-dialog [data-test=action-error]') || !document.querySelector('.el-dialog [data-test=action-submit]'), null, { timeout: 15000 })
  const err = p.locator('.el-dialog [data-test=action-error]:visible')
  if (await err.count()) assert.fail(`the action was refused: ${await err.innerText()}`)
  await settled(p)
}
const stateIs = (p, words) => p.locator('[data-test=order-state]', { hasText: words }).first().waitFor({ timeout: 15000 })
// The ElMessageBox open now: its message, an input filled when given, confirmed.
async function messageBox(p, { input, confirm = true } = {}) {
  const box = p.locator('.el-message-box:visible')
  await box.waitFor({ timeout: 10000 })
  const message = (await box.locator('.el-message-box__message').innerText()).trim()
  if (input !== undefined) await box.locator('input').fill(input)
  if (confirm) await box.locator('.el-message-box__btns .el-button--primary').click()
  return { box, message }
}

test('the department assigns a task citing an admitted item; an item withdrawn meanwhile is refused in the form with the server\'s reason', async () => {
  const list = await current()
  st.listVersion = list.list_version
  const offered = list.items.filter((i) => ['duty', 'assist'].includes(i.section) && i.status === 'active').sort((a, b) => a.seq - b.seq)
  assert.ok(list.items.some((i) => i.status === 'withdrawn') || list.items.some((i) => i.section === 'cancelled'), 'the demo list holds items that may not be cited')
  const page = await open()
  await login(page, s, 'police')
  await page.goto('/duties/department')
  await page.waitForSelector(`[data-test=duties-assign][data-list-version="${list.list_version}"]`, { timeout: 15000 })
  assert.ok(await page.locator('.el-menu-item', { hasText: '部门交办' }).count(), 'a 部门交办 menu entry')
  assert.equal(await page.locator('.el-menu-item', { hasText: '减负管理' }).count(), 0, 'no county screen for a department')
  assert.match(await text(page, '[data-test=duties-assign-hint]'), new RegExp(`第${list.list_version}版`))

  // the picker offers exactly the active duty and assist items of the current list, as the lists cite them
  assert.deepEqual((await offeredIds(page)).sort((a, b) => a - b), offered.map((i) => i.id).sort((a, b) => a - b))
  await page.locator('[data-test=duties-assign-item]').click()
  for (const i of offered) assert.equal((await page.locator(`.el-select-dropdown__item[data-test=duties-assign-item-${i.id}] span`).first().innerText()).trim(), itemText(i))
  await page.keyboard.press('Escape')

  // 交办 with nothing filled in: the form says what is missing
  await page.click('[data-test=duties-assign-submit]')
  await page.locator('[data-test=duties-assign-form] .el-form-item__error', { hasText: '请选择村（社区）' }).waitFor({ timeout: 5000 })

  st.item = offered.find((i) => i.section === 'assist') || offered[0]
  await pickCommunity(page, '[data-test=duties-assign-community]')
  await page.waitForSelector(`[data-test=duties-assign][data-community="${st.community}"]`, { timeout: 10000 })
  await fillTask(page, { item: st.item, type: 'form', title: TASK, description: '请于 5 个工作日内报送本社区参保登记人数和未参保人员名单' })
  await page.locator('[data-test=duties-assign-due] input').fill('5')
  await page.locator('[data-test=duties-assign-due] input').press('Tab')
  await shot(page, 'duties-assign')
  await page.click('[data-test=duties-assign-submit]')
  await page.waitForSelector('[data-test=duties-assign-done]', { timeout: 15000 })
  const task = (await tasksOf('police')).find((o) => o.title === TASK)
  assert.ok(task, 'the task is made')
  st.task = task
  assert.equal(task.state, 'dispatched')
  assert.equal(task.place_code, st.community)
  assert.equal(task.task.item_id, st.item.id)
  assert.equal(task.task.list_version, list.list_version)
  assert.equal(task.task.type, 'form')
  assert.match(await text(page, '[data-test=duties-assign-done]'), new RegExp(task.tracking_no))
  // listed among the department's tasks as 待接收, citing its item
  await page.waitForSelector(`[data-test=duties-dept-tasks] [data-test=duties-task-row][data-id="${task.id}"][data-state=dispatched]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=duties-task-state-${task.id}]`), '待接收')
  assert.equal(await text(page, `[data-test=duties-task-item-${task.id}]`), itemText(st.item))

  // a second task on another item, which the county withdraws just before it is sent
  const other = offered.find((i) => i.id !== st.item.id)
  st.withdrawn = other
  await fillTask(page, { item: other, type: 'work', title: TASK2, description: '请社区安排人员配合开展相关工作' })
  await apiAs(s, 'county', 'POST', `/api/v1/duty-lists/${list.id}/items/${other.id}/withdraw`, { reason: WITHDRAW_REASON, version: other.version })
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/tasks') && r.request().method() === 'POST', { timeout: 15000 })
  await page.click('[data-test=duties-assign-submit]')
  const problem = await (await answer).json()
  await page.waitForSelector('[data-test=duties-assign-error][data-field=item_id]', { timeout: 15000 })
  const shown = await text(page, '[data-test=duties-assign-error] .el-alert__title')
  assert.equal(problem.status, 400)
  assert.equal(problem.field, 'item_id')
  assert.equal(shown, problem.detail_zh, 'the form shows the server\'s own words')
  const refusals = (await apiAs(s, 'police', 'GET', '/api/v1/tasks/refusals?limit=5')).items
  const mine = refusals.find((r) => r.title === TASK2)
  assert.ok(mine, 'the refusal is recorded')
  assert.equal(mine.item_id, other.id)
  assert.ok(shown.endsWith(mine.reason), 'the reason recorded is the one shown')
  assert.match(shown, /不予交办/)
  assert.match(shown, /撤销/)
  st.refusal = mine
  assert.equal((await tasksOf('police')).filter((o) => o.title === TASK2).length, 0, 'no task was made')
  await shot(page, 'duties-assign-refused')
  // the withdrawn item is no longer offered
  await page.waitForSelector(`[data-test=duties-assign-item][data-count="${offered.length - 1}"]`, { timeout: 15000 })
  const now = await offeredIds(page)
  assert.ok(!now.includes(other.id), 'the withdrawn item is gone from the picker')
  assert.equal(now.length, offered.length - 1)
  assert.deepEqual(realErrors(page), [])
})

test('the secretary receives and finishes the task on the order page; the department checks it: 已完成', async () => {
  assert.ok(st.task, 'the task of the first test')
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/duties/community')
  await page.waitForSelector(`[data-test=duties-received] [data-test=duties-task-row][data-id="${st.task.id}"]`, { timeout: 15000 })
  assert.ok(await page.locator('.el-menu-item', { hasText: '社区减负' }).count(), 'a 社区减负 menu entry')
  // 待接收 first, and exactly the community's tasks of the API
  const rows = await page.locator('[data-test=duties-received] [data-test=duties-task-row]').evaluateAll((els) => els.map((e) => ({ id: Number(e.dataset.id), state: e.dataset.state })))
  const api = await tasksOf('secretary')
  assert.deepEqual(rows.map((r) => r.id).sort((a, b) => a - b), api.map((o) => o.id).sort((a, b) => a - b))
  const firstOther = rows.findIndex((r) => r.state !== 'dispatched')
  assert.ok(firstOther === -1 || rows.slice(firstOther).every((r) => r.state !== 'dispatched'), '待接收 come first')
  assert.equal(await text(page, `[data-test=duties-task-state-${st.task.id}]`), '待接收')
  await shot(page, 'duties-community-tasks')

  // the order page: 接收, then 办结 with a note
  await page.click(`[data-test=duties-received] [data-test=duties-task-row][data-id="${st.task.id}"]`)
  await page.waitForURL((u) => u.pathname === `/orders/${st.task.id}`, { timeout: 15000 })
  await stateIs(page, '待接收')
  const o = await order('secretary', st.task.id)
  // the page names what the task cites and who sent it, as the order's own view has them
  assert.equal(await text(page, '[data-test=order-task-dept]'), o.task.dept_name)
  assert.equal(await text(page, '[data-test=order-task-item]'),
    `第${o.task.item_seq}项「${o.task.item_title}」（${o.task.section_zh}，准入清单第 ${o.task.list_version} 版）`)
  assert.ok(o.actions.includes('claim'), 'the secretary may receive it')
  assert.equal(await text(page, '[data-test=order-action-claim]'), o.action_labels.claim)
  await orderAction(page, 'claim')
  await stateIs(page, '办理中')
  assert.equal((await order('secretary', st.task.id)).state, 'handling')
  await orderAction(page, 'finish', () => page.locator('.el-dialog [data-test=action-note]').fill('已报送参保登记人数和未参保人员名单'))
  await stateIs(page, '待验收')
  assert.equal((await order('secretary', st.task.id)).state, 'finished')
  assert.deepEqual(realErrors(page), [])

  // the department: 验收通过 on the order page → 已完成
  const dept = await open()
  await login(dept, s, 'police')
  await dept.goto(`/orders/${st.task.id}`)
  await stateIs(dept, '待验收')
  const od = await order('police', st.task.id)
  assert.deepEqual([...od.actions].sort(), ['verify_fail', 'verify_pass'])
  assert.equal(await text(dept, '[data-test=order-action-verify_pass]'), '验收通过')
  assert.equal(await text(dept, '[data-test=order-action-verify_fail]'), '验收不通过')
  await orderAction(dept, 'verify_pass')
  await stateIs(dept, '已完成')
  assert.equal((await order('police', st.task.id)).state, 'closed')
  await dept.goto('/duties/department?state=closed')
  await dept.waitForSelector(`[data-test=duties-task-row][data-id="${st.task.id}"][data-state=closed]`, { timeout: 15000 })
  assert.equal(await text(dept, `[data-test=duties-task-state-${st.task.id}]`), '已完成')
  assert.deepEqual(realErrors(dept), [])
})

test('the county opens a draft of the 准入清单, adds an item and publishes it: the version goes up, the old one is superseded', async () => {
  const before_ = await current()
  const n = before_.list_version
  const page = await open()
  await login(page, s, 'county')
  await page.goto('/duties?tab=lists')
  await page.waitForSelector(`[data-test=duties-list-head][data-status=published][data-list-version="${n}"]`, { timeout: 15000 })
  assert.ok(await page.locator('.el-menu-item', { hasText: '减负管理' }).count(), 'a 减负管理 menu entry')
  // the versions of the API, newest first, with their statuses
  const all = (await apiAs(s, 'county', 'GET', '/api/v1/duty-lists')).items.filter((l) => l.kind === 'admission').sort((a, b) => b.list_version - a.list_version)
  assert.deepEqual(
    await page.locator('[data-test=duties-version]').evaluateAll((els) => els.map((e) => [Number(e.dataset.id), e.dataset.status])),
    all.map((l) => [l.id, l.status]),
  )
  // the withdrawn item of the first test: struck through with its reason
  assert.match(await text(page, `[data-test=duties-item-withdrawn-${st.withdrawn.id}]`), new RegExp(WITHDRAW_REASON.replace(/[()（）]/g, '.')))
  assert.equal(await page.locator(`[data-test=duties-item-title-${st.withdrawn.id}]`).evaluate((e) => getComputedStyle(e).textDecorationLine), 'line-through')
  // cancelled certificates show their alternative
  const cert = before_.items.find((i) => i.section === 'cancelled')
  assert.equal(await text(page, `[data-test=duties-item-alternative-${cert.id}]`), cert.alternative)

  // 新建草稿
  await page.click('[data-test=duties-new-draft]')
  await page.locator('.el-dialog [data-test=duties-draft-save]:visible').waitFor({ timeout: 10000 })
  await settled(page)
  await page.fill('.el-dialog [data-test=duties-draft-note]', `增加退役军人服务保障事项（${TAG}）`)
  await page.locator('.el-dialog [data-test=duties-draft-save]:visible').click()
  await page.waitForSelector(`[data-test=duties-list-head][data-status=draft][data-list-version="${n + 1}"]`, { timeout: 15000 })
  await settled(page)
  assert.equal(await page.locator('[data-test=duties-new-draft]').count(), 0, 'one draft at a time')
  const draftId = Number(await page.locator('[data-test=duties-list-head]').getAttribute('data-id'))
  const draft = await apiAs(s, 'county', 'GET', `/api/v1/duty-lists/${draftId}`)
  assert.equal(draft.status, 'draft')
  assert.equal(draft.list_version, n + 1)
  assert.ok(!draft.items.some((i) => i.title === st.withdrawn.title), 'the withdrawn item is not copied')

  // 新增事项 (协助政府事项); a cancelled certificate without its alternative is stopped by the form
  await page.click('[data-test=duties-item-add-assist]')
  await page.locator('.el-dialog [data-test=duties-item-save]:visible').waitFor({ timeout: 10000 })
  await settled(page)
  await page.fill('.el-dialog [data-test=duties-item-title]', ITEM)
  await page.fill('.el-dialog [data-test=duties-item-group]', '优抚安置')
  await page.fill('.el-dialog [data-test=duties-item-basis]', '《中华人民共和国退役军人保障法》')
  await page.fill('.el-dialog [data-test=duties-item-department]', '县退役军人事务局')
  await page.locator('.el-dialog [data-test=duties-item-save]:visible').click()
  await page.waitForFunction(() => !document.querySelector('.el-dialog [data-test=duties-item-save]') || document.querySelector('.el-dialog [data-test=duties-item-error]'), null, { timeout: 15000 })
  assert.equal(await page.locator('.el-dialog [data-test=duties-item-error]:visible').count(), 0, 'the item is saved')
  await settled(page)
  const added = (await apiAs(s, 'county', 'GET', `/api/v1/duty-lists/${draftId}`)).items.find((i) => i.title === ITEM)
  assert.ok(added, 'the item is in the draft')
  assert.equal(added.section, 'assist')
  assert.equal(added.department, '县退役军人事务局')
  await page.waitForSelector(`[data-test=duties-section-assist] [data-test=duties-item-row][data-id="${added.id}"]`, { timeout: 15000 })
  await shot(page, 'duties-draft')

  // 发布: the confirmation names the superseded version and the refusals to come
  await page.click('[data-test=duties-publish]')
  const { message } = await messageBox(page)
  assert.match(message, new RegExp(`第${n + 1}版`))
  assert.match(message, new RegExp(`第${n}版将被替代`))
  assert.match(message, /拒绝/)
  await page.waitForSelector(`[data-test=duties-list-head][data-status=published][data-list-version="${n + 1}"]`, { timeout: 15000 })
  await page.waitForSelector(`[data-test=duties-version][data-list-version="${n}"][data-status=superseded]`, { timeout: 15000 })
  const now = await current()
  assert.equal(now.list_version, n + 1, 'the version number goes up')
  assert.equal(now.id, draftId)
  assert.ok(now.items.some((i) => i.title === ITEM && i.status === 'active'), 'the new item is in force')
  const old = await apiAs(s, 'county', 'GET', `/api/v1/duty-lists/${before_.id}`)
  assert.equal(old.status, 'superseded')
  assert.equal(await text(page, `[data-test=duties-version-status-${before_.id}]`), old.status_zh)
  assert.match(old.status_zh, /已被.*替代/)
  await page.click(`[data-test=duties-version][data-list-version="${n}"]`)
  await page.waitForSelector('[data-test=duties-superseded-hint]', { timeout: 10000 })
  assert.equal(await page.locator('[data-test^=duties-item-withdraw-]').count(), 0, 'nothing to withdraw on a superseded version')
  await page.click(`[data-test=duties-version][data-list-version="${n + 1}"]`)
  await page.waitForSelector(`[data-test=duties-list-head][data-list-version="${n + 1}"]`, { timeout: 10000 })

  // 撤销事项 on the current version: the reason is asked, the item struck through
  const victim = now.items.find((i) => i.title === ITEM)
  await page.click(`[data-test=duties-item-withdraw-${victim.id}]`)
  await messageBox(page, { input: WITHDRAW_REASON })
  await page.waitForSelector(`[data-test=duties-item-withdrawn-${victim.id}]`, { timeout: 15000 })
  const gone = (await current()).items.find((i) => i.id === victim.id)
  assert.equal(gone.status, 'withdrawn')
  assert.equal(gone.withdrawn_reason, WITHDRAW_REASON)
  await shot(page, 'duties-published')
  assert.deepEqual(realErrors(page), [])

  // the department's form now cites the new version; a task citing the superseded one is refused by the server
  const dept = await open()
  await login(dept, s, 'police')
  await dept.goto('/duties/department')
  await dept.waitForSelector(`[data-test=duties-assign][data-list-version="${n + 1}"]`, { timeout: 15000 })
  assert.ok(!(await offeredIds(dept)).includes(victim.id), 'the withdrawn item is not offered')
  assert.deepEqual(realErrors(dept), [])
})

test('the county sets the cap; the department files inspections until one is beyond it; the county approves one and refuses another', async () => {
  const page = await open()
  await login(page, s, 'county')
  await page.goto('/duties?tab=inspections')
  await page.waitForSelector('[data-test=duties-cap-text]', { timeout: 15000 })
  const cap0 = await apiAs(s, 'county', 'GET', '/api/v1/inspection-cap')
  assert.equal(await page.locator('[data-test=duties-cap]').getAttribute('data-cap'), String(cap0.cap))
  // 2 a month
  await page.click('[data-test=duties-cap-edit]')
  await page.locator('[data-test=duties-cap-period]').click()
  await page.locator('.el-select-dropdown__item[data-test=duties-cap-period-month]:visible').click()
  await page.locator('[data-test=duties-cap-value] input').fill('2')
  await page.locator('[data-test=duties-cap-value] input').press('Tab')
  await page.click('[data-test=duties-cap-save]')
  await page.waitForSelector('[data-test=duties-cap][data-cap="2"][data-period=month]', { timeout: 15000 })
  const cap = await apiAs(s, 'county', 'GET', '/api/v1/inspection-cap')
  assert.deepEqual([cap.cap, cap.period], [2, 'month'])
  assert.match(await text(page, '[data-test=duties-cap-text]'), /每个社区每月最多 2 次督导检查/)

  // the department files for tomorrow until one is beyond the cap, then one more
  const dept = await open()
  await login(dept, s, 'police')
  await dept.goto('/duties/department?tab=inspections')
  await dept.waitForSelector('[data-test=duties-inspect-form]', { timeout: 15000 })
  await pickCommunity(dept, '[data-test=duties-inspect-community]')
  await dept.waitForSelector(`[data-test=duties-inspect][data-community="${st.community}"]`, { timeout: 10000 })
  const day = chinaDay(1)
  await dept.locator('[data-test=duties-inspect-day] input').fill(day)
  await dept.locator('[data-test=duties-inspect-day] input').press('Enter')
  await dept.waitForSelector(`[data-test=duties-inspect][data-day="${day}"]`, { timeout: 10000 })
  const filed = []
  for (let k = 0; k < 6; k++) {
    const subject = `消防安全检查 ${k + 1}（${TAG}）`
    await dept.fill('[data-test=duties-inspect-subject]', subject)
    await dept.fill('[data-test=duties-inspect-purpose]', '冬季防火专项督导')
    await dept.click('[data-test=duties-inspect-submit]')
    await dept.waitForFunction((sj) => {
      const r = document.querySelector('[data-test=duties-inspect-result]')
      return (r && document.querySelector('[data-test=duties-inspect-subject]').value === '') || document.querySelector('[data-test=duties-inspect-error]')
    }, subject, { timeout: 15000 })
    assert.equal(await dept.locator('[data-test=duties-inspect-error]').count(), 0, 'the filing is accepted')
    const resultId = Number(await dept.locator('[data-test=duties-inspect-result]').getAttribute('data-id'))
    const status = await dept.locator('[data-test=duties-inspect-result]').getAttribute('data-status')
    const api = (await apiAs(s, 'police', 'GET', '/api/v1/inspections?limit=500')).items.find((i) => i.subject === subject)
    assert.ok(api, 'the inspection is filed')
    assert.equal(api.id, resultId)
    assert.equal(api.status, status, 'the form says what the server did')
    const words = await text(dept, '[data-test=duties-inspect-result] .el-alert__title')
    assert.ok(words.includes(`${api.counted} 次`) && words.includes(`限额 ${api.cap} 次`), `the count against the cap: ${words}`)
    filed.push(api)
    if (status === 'pending') {
      assert.equal(api.over_cap, true)
      assert.match(words, /已超出限额/)
      assert.match(words, /待县级综治中心审批/)
      if (filed.filter((i) => i.status === 'pending').length === 2) break
    } else assert.match(words, /^已备案/)
  }
  const pending = filed.filter((i) => i.status === 'pending')
  assert.equal(pending.length, 2, 'two filings beyond the cap')
  assert.ok(filed.filter((i) => i.status === 'filed').length <= 2, 'at most the cap within it')
  await shot(dept, 'duties-inspect-pending')
  await dept.click('[data-test=duties-inspections-refresh]')
  await dept.waitForSelector(`[data-test=duties-dept-inspections] [data-test=duties-inspection-row][data-id="${pending[0].id}"][data-status=pending]`, { timeout: 15000 })
  assert.deepEqual(realErrors(dept), [])

  // the county: both are waiting; 批准 the first, 不批准 the second (the note is required)
  await page.reload()
  await page.waitForSelector(`[data-test=duties-pending-table] [data-test=duties-inspection-row][data-id="${pending[1].id}"]`, { timeout: 15000 })
  await page.click(`[data-test=duties-pending-table] [data-test=duties-inspection-approve-${pending[0].id}]`)
  await messageBox(page, { input: '同意，请与其他部门合并开展' })
  await page.waitForSelector(`[data-test=duties-pending-table] [data-test=duties-inspection-row][data-id="${pending[0].id}"]`, { state: 'detached', timeout: 15000 })
  const approved = (await apiAs(s, 'county', 'GET', '/api/v1/inspections?status=approved&limit=500')).items.find((i) => i.id === pending[0].id)
  assert.ok(approved, 'approved')
  assert.equal(approved.decision_note, '同意，请与其他部门合并开展')

  await page.click(`[data-test=duties-pending-table] [data-test=duties-inspection-refuse-${pending[1].id}]`)
  const { box } = await messageBox(page, { confirm: false })
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await box.locator('.el-message-box__errormsg:visible').waitFor({ timeout: 5000 })
  await box.locator('input').fill('本月检查已满，请下月开展')
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await page.waitForSelector(`[data-test=duties-pending-table] [data-test=duties-inspection-row][data-id="${pending[1].id}"]`, { state: 'detached', timeout: 15000 })
  const refused = (await apiAs(s, 'county', 'GET', '/api/v1/inspections?status=refused&limit=500')).items.find((i) => i.id === pending[1].id)
  assert.ok(refused, 'refused')
  assert.equal(refused.decision_note, '本月检查已满，请下月开展')
  await page.waitForSelector(`[data-test=duties-inspections-all] [data-test=duties-inspection-row][data-id="${pending[1].id}"][data-status=refused]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=duties-inspections-all] [data-test=duties-inspection-status-${pending[0].id}]`), approved.status_zh)
  await shot(page, 'duties-inspections')
  assert.deepEqual(realErrors(page), [])
})

test('the load views show the numbers of GET /load; the refusals their reasons; certificates and lists as the API has them', async () => {
  const rowValues = (r) => ['tasks', 'work', 'forms', 'certificates', 'returned', 'refused', 'inspections', 'pending', 'refused_inspections', 'over_cap'].map((c) => `${c}=${r[c] ?? 0}`).join(',')
  const page = await open()
  await login(page, s, 'county')
  await page.goto('/duties?tab=load')
  await page.waitForSelector('[data-test=duties-load][data-scope] [data-test=duties-load-total]', { timeout: 15000 })
  await page.waitForSelector('[data-test=duties-refusals]', { timeout: 15000 })
  const load = await apiAs(s, 'county', 'GET', '/api/v1/load')
  assert.equal(await page.locator('[data-test=duties-load]').getAttribute('data-scope'), load.scope)
  for (const c of ['tasks', 'work', 'forms', 'certificates', 'returned', 'refused', 'inspections', 'pending', 'refused_inspections', 'over_cap'])
    assert.equal(await text(page, `[data-test=duties-load-total-${c}]`), String(load.total[c] ?? 0), `total ${c}`)
  assert.deepEqual(
    await page.locator('[data-test=duties-load-community]').evaluateAll((els) => els.map((e) => [e.dataset.community, e.dataset.values])),
    load.communities.map((r) => [r.community, rowValues(r)]),
  )
  assert.deepEqual(
    await page.locator('[data-test=duties-load-month]').evaluateAll((els) => els.map((e) => [e.dataset.period, e.dataset.values])),
    load.months.map((r) => [r.period, rowValues(r)]),
  )
  assert.deepEqual(
    await page.locator('[data-test=duties-load-dept]').evaluateAll((els) => els.map((e) => [Number(e.dataset.dept), e.dataset.values])),
    load.departments.map((r) => [r.dept_id, rowValues(r)]),
  )
  assert.equal(await page.locator('[data-test=duties-load-admission]').getAttribute('data-version'), String(load.admission_version))
  assert.match(await text(page, '[data-test=duties-load-admission]'), new RegExp(`准入事项 ${load.admitted} 项，取消证明事项 ${load.cancelled} 项`))
  // the refusals of the API, with the first test's among them in the server's words
  const refusals = (await apiAs(s, 'county', 'GET', `/api/v1/tasks/refusals?scope=${load.scope}&limit=100`)).items
  assert.equal(Number(await page.locator('[data-test=duties-refusals]').getAttribute('data-count')), refusals.length)
  assert.equal(await text(page, `[data-test=duties-refusal-reason-${st.refusal.id}]`), st.refusal.reason)
  await shot(page, 'duties-load-county')
  assert.deepEqual(realErrors(page), [])

  // the secretary: the community's own load, 证明事项查询, the lists
  const sec = await open()
  await login(sec, s, 'secretary')
  await sec.goto('/duties/community?tab=load')
  await sec.waitForSelector(`[data-test=duties-load][data-scope="${st.community}"] [data-test=duties-load-total]`, { timeout: 15000 })
  const own = await apiAs(s, 'secretary', 'GET', '/api/v1/load')
  assert.equal(own.scope, st.community)
  for (const c of ['tasks', 'forms', 'certificates', 'returned', 'refused', 'inspections', 'pending', 'refused_inspections', 'over_cap'])
    assert.equal(await text(sec, `[data-test=duties-load-total-${c}]`), String(own.total[c] ?? 0), `own total ${c}`)
  assert.deepEqual(
    await sec.locator('[data-test=duties-load-community]').evaluateAll((els) => els.map((e) => [e.dataset.community, e.dataset.values])),
    own.communities.map((r) => [r.community, rowValues(r)]),
  )
  await sec.click('[data-test=duties-tab-certificates]')
  await sec.waitForSelector('[data-test=duties-certs-results]', { timeout: 15000 })
  await sec.fill('[data-test=duties-certs-q]', '居住')
  await sec.click('[data-test=duties-certs-search]')
  await sec.waitForSelector('[data-test=duties-certs-results][data-q=居住]', { timeout: 15000 })
  const certs = (await apiAs(s, 'secretary', 'GET', `/api/v1/duty-lists/certificates?q=${encodeURIComponent('居住')}`)).items
  assert.ok(certs.length > 0, 'a cancelled certificate about 居住')
  assert.deepEqual(await sec.locator('[data-test=duties-cert]').evaluateAll((els) => els.map((e) => Number(e.dataset.id))), certs.map((c) => c.id))
  for (const c of certs) assert.equal(await text(sec, `[data-test=duties-cert-alternative-${c.id}]`), c.alternative)
  await shot(sec, 'duties-certificates')
  await sec.click('[data-test=duties-tab-inspections]')
  const insp = (await apiAs(s, 'secretary', 'GET', '/api/v1/inspections?limit=500')).items
  await sec.waitForSelector(`[data-test=duties-community-inspections][data-count="${insp.length}"]`, { timeout: 15000 })
  assert.deepEqual(realErrors(sec), [])

  // everyone signed in: the current lists, read-only
  const res = await open()
  await login(res, s, 'resident')
  await res.goto('/duties/lists?kind=micro_power')
  const micro = await current('micro_power')
  await res.waitForSelector(`[data-test=duties-reader-head][data-id="${micro.id}"]`, { timeout: 15000 })
  assert.equal(Number(await res.locator('[data-test=duties-items]').getAttribute('data-count')), micro.items.length)
  assert.equal(await res.locator('[data-test=duties-item-row]').count(), micro.items.length)
  assert.equal(await res.locator('[data-test^=duties-item-withdraw-], [data-test^=duties-item-edit-]').count(), 0, 'read-only')
  await res.click('[data-test=duties-reader-kind-service]')
  const service = await current('service')
  await res.waitForSelector(`[data-test=duties-reader-head][data-id="${service.id}"]`, { timeout: 15000 })
  assert.equal(await res.locator('[data-test=duties-item-row]').count(), service.items.length)
  await shot(res, 'duties-lists-resident')
  assert.deepEqual(realErrors(res), [])
})
