// 服务工单 (六单一体) and 微心愿 through the UI: the resident, on a phone (/m/services), sees the community's 服务清单
// as the API gives it (the promised hours of each active item), orders an item (the form wants a description
// first); the community secretary (/services) sends the order to the party member through the 派单 dialog (the
// providers of GET /api/v1/service-providers); the party member, on a phone (/m/hall, 我承接的), takes it (接单) and
// finishes it: the dialog wants the hours, 1.5 go; the resident rates it 满意 (评单): the API shows the order
// closed and the party member's hours account up by 1.5 (90 minutes). A second order waits in the 抢单大厅: the
// party member grabs it from two pages read before — one wins, the other shows the server's message and reads the
// hall again (the order gone); the secretary 督单 it. The menu editor saves a promised time (the API has it) and a
// page read before gets the server's 409 message. A wish goes submit (resident) → 审核发布 (secretary, /wishes) →
// 认领 in the hall → 实现心愿 with a photo → 致谢 (the resident): closed in the API. The public 晒单 board
// (/board/services, no sign-in) shows the closed order and the wish with the provider's name masked. The screens
// speak English after the language switch. No console errors anywhere.
//
// The demo may hold service orders and wishes already: the test reads the API first and asserts only what its
// own steps change (its orders found by their unique descriptions).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, apiAs, realErrors, apiInPage, tableShows } from './harness.mjs'

// A real 1×1 PNG (the wish's photo).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const TAG = Date.now().toString(36)
const DESC1 = `需要陪同到社区卫生服务中心复诊（${TAG}-1）`
const DESC2 = `家里水龙头漏水，请帮忙看看（${TAG}-2）`
const WISH = `想学会用智能手机和子女视频通话（${TAG}-w）`

let s
const browsers = []
const st = {} // community, items, party {user_id, name, hours}, order1, order2, wish
before(async () => {
  s = await startServer()
  st.community = (await apiAs(s, 'secretary', 'GET', '/api/v1/me')).scope
  const party = await apiAs(s, 'partymember', 'GET', '/api/v1/me')
  const hours = (await apiAs(s, 'partymember', 'GET', '/api/v1/ledger/me')).items.find((a) => a.currency === 'hours')
  st.party = { user_id: party.user_id, name: party.display_name, hours: hours ? hours.balance : 0 }
  const menu = await apiAs(s, 'resident', 'GET', '/api/v1/service-menu')
  assert.equal(menu.community, st.community, "the resident's menu is of the secretary's community")
  st.menu = menu
  st.items = menu.items.filter((it) => it.active)
  assert.ok(st.items.length >= 2, 'two active items to order')
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
// The body of a refusal, as the server answers the same request (refusals change nothing).
async function problemOf(user, method, p, body) {
  const r = await fetch(s.base + p, { method, headers: { Authorization: `Bearer ${s.tokens[user]}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  assert.ok(r.status >= 400 && r.status < 500, `${method} ${p} answered ${r.status}`)
  return { status: r.status, ...(await r.json()) }
}
const settled = (p) => p.waitForFunction(() => !document.querySelector('.dialog-fade-enter-active, .dialog-fade-leave-active'))
const noOverlay = (p) => p.waitForFunction(() => [...document.querySelectorAll('.el-overlay')].every((e) => getComputedStyle(e).display === 'none'))
// One of the caller's orders of a kind found by its description (every page of the list).
async function findOrder(user, endpoint, query, description) {
  for (let after = ''; ; ) {
    const r = await apiAs(s, user, 'GET', `${endpoint}?${new URLSearchParams({ ...query, limit: '100', ...(after ? { after } : {}) })}`)
    const o = r.items.find((x) => x.description === description)
    if (o) return o
    if (!r.next) return null
    after = r.next
  }
}
const order = (user, id) => apiAs(s, user, 'GET', `/api/v1/orders/${id}`)
const hoursOf = async (user) => (await apiAs(s, user, 'GET', '/api/v1/ledger/me')).items.find((a) => a.currency === 'hours')?.balance ?? 0
// Opens an action of an order's card and waits for its dialog.
async function openAction(p, action, id) {
  await p.click(`[data-test=act-${action}-${id}]`)
  await p.locator('[data-test=action-submit]:visible').waitFor({ timeout: 15000 })
  await settled(p)
}
// Submits the open action dialog and waits for it to close (a refusal fails the test with the server's words).
async function submitAction(p) {
  await p.locator('[data-test=action-submit]:visible').click()
  await p.waitForFunction(
    () => document.querySelector('.el-dialog [data-test=action-error]') || [...document.querySelectorAll('.el-overlay')].every((e) => getComputedStyle(e).display === 'none'),
    null,
    { timeout: 15000 },
  )
  const err = p.locator('.el-dialog [data-test=action-error]:visible')
  if (await err.count()) assert.fail(`the action was refused: ${await err.innerText()}`)
  await noOverlay(p)
}

test('the resident sees the menu on a phone and orders an item', async () => {
  const page = await open({ phone: true })
  await login(page, s, 'resident')
  await page.goto('/m/services')
  await page.waitForSelector('[data-test=menu-item]', { timeout: 15000 })
  // the active items, in the API's order, with their promised hours
  assert.deepEqual(
    await page.locator('[data-test=menu-item]').evaluateAll((els) => els.map((e) => e.dataset.category)),
    st.items.map((it) => it.category),
  )
  for (const it of st.items) assert.equal(await page.getAttribute(`[data-test=menu-promise-${it.category}]`, 'data-value'), String(it.promise_hours))
  assert.equal(await text(page, `[data-test=menu-promise-${st.items[0].category}]`), `${st.items[0].promise_hours} 小时内服务`)
  assert.equal(await text(page, '[data-test=my-services-community]'), `${st.menu.community_name}的服务清单`)
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 362), 'fits 360 px')
  await shot(page, 'services-phone-menu')

  // the description is required: the form says so and sends nothing
  await page.click(`[data-test=menu-order-${st.items[0].category}]`)
  await page.locator('[data-test=svc-form-submit]:visible').waitFor()
  await settled(page)
  await page.click('[data-test=svc-form-submit]')
  await page.locator('[data-test=svc-form-service] .el-form-item__error', { hasText: '请填写需求描述' }).waitFor({ timeout: 5000 })
  await page.fill('[data-test=svc-form-description]', DESC1)
  await page.fill('[data-test=svc-form-address]', '3 栋 2 单元 501')
  await shot(page, 'services-phone-order-form')
  await page.click('[data-test=svc-form-submit]')
  await noOverlay(page)
  const o = await findOrder('resident', '/api/v1/service-orders', { mine: 'reported' }, DESC1)
  assert.ok(o, 'the order is among the resident\'s')
  assert.equal(o.kind, 'service')
  assert.equal(o.category, st.items[0].category)
  st.order1 = o
  await page.waitForSelector(`[data-test=svc-card][data-id="${o.id}"][data-state="${o.state}"]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=svc-state-${o.id}]`), o.state_zh)
  await shot(page, 'services-phone-ordered')
  assert.deepEqual(realErrors(page), [])
})

test('the secretary sends the order to the party member (派单)', async () => {
  const providers = (await apiAs(s, 'secretary', 'GET', `/api/v1/service-providers?community=${st.community}`)).items
  assert.ok(providers.some((u) => u.id === st.party.user_id), 'the party member may be sent')
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/services')
  const id = st.order1.id
  await page.waitForSelector(`[data-test=svc-row-state-${id}]`, { timeout: 15000 })
  await openAction(page, 'dispatch', id)
  await page.locator('[data-test=action-provider]:visible').click()
  await page.locator(`.el-select-dropdown__item[data-test=provider-option-${st.party.user_id}]:visible`).click()
  await shot(page, 'services-dispatch-dialog')
  await submitAction(page)
  const o = await order('secretary', id)
  assert.equal(o.handler_name, st.party.name)
  await page.waitForSelector(`[data-test=svc-row-state-${id}][data-state="${o.state}"]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=svc-row-handler-${id}]`), st.party.name)
  await shot(page, 'services-dispatched')
  assert.deepEqual(realErrors(page), [])
})

test('the party member takes it on a phone and finishes it with 1.5 hours; the resident rates it; the hours are banked', async () => {
  const id = st.order1.id
  const page = await open({ phone: true })
  await login(page, s, 'partymember')
  await page.goto('/m/hall')
  await page.click('[data-test=hall-tab-mine]')
  const card = `[data-test=hall-mine-list] [data-test=svc-card][data-id="${id}"]`
  await page.waitForSelector(card, { timeout: 15000 })
  if (await page.locator(`${card} [data-test=act-claim-${id}]`).count()) {
    await page.click(`${card} [data-test=act-claim-${id}]`)
    await page.waitForSelector(`${card} [data-test=act-finish-${id}]`, { timeout: 15000 })
  }
  await openAction(page, 'finish', id)
  // the hours are required: the dialog says so
  await page.locator('[data-test=action-submit]:visible').click()
  await page.locator('[data-test=action-error]:visible', { hasText: '服务时长' }).waitFor({ timeout: 5000 })
  await page.locator('[data-test=action-hours] input').fill('1.5')
  await page.locator('[data-test=action-hours] input').press('Tab')
  const note = page.locator('[data-test=action-note]:visible')
  if (await note.count()) await note.fill('已陪同复诊，取药后送回家')
  await shot(page, 'services-phone-finish')
  await submitAction(page)
  const finished = await order('partymember', id)
  assert.equal(finished.hours, 1.5)
  assert.ok(!finished.actions.includes('finish'))
  assert.deepEqual(realErrors(page), [])

  // the resident rates it 满意 (评单)
  const res = await open({ phone: true })
  await login(res, s, 'resident')
  await res.goto('/m/services')
  await res.click('[data-test=my-services-tab-mine]')
  await res.waitForSelector(`[data-test=act-rate-${id}]`, { timeout: 15000 })
  await openAction(res, 'rate', id)
  await res.click('[data-test=rating-1]')
  await shot(res, 'services-phone-rate')
  await submitAction(res)
  const closed = await order('resident', id)
  assert.equal(closed.state, 'closed')
  assert.equal(closed.rating, 1)
  await res.waitForSelector(`[data-test=svc-rating-${id}][data-value="1"]`, { timeout: 15000 })
  assert.equal(await text(res, `[data-test=svc-rating-${id}]`), '满意')
  // the card opens the order: who served, the hours, the timeline
  await res.click(`[data-test=svc-card][data-id="${id}"] [data-test=svc-title]`)
  await res.waitForSelector('[data-test=svc-timeline] [data-test=timeline-item]', { timeout: 15000 })
  assert.equal(await text(res, '[data-test=svc-drawer-handler]'), st.party.name)
  assert.equal(await text(res, '[data-test=svc-drawer-hours]'), '1.5 小时')
  await res.waitForFunction(() => !document.querySelector('.el-drawer-fade-enter-active'))
  await shot(res, 'services-phone-closed')
  // 90 minutes into the party member's time bank
  assert.equal(await hoursOf('partymember'), st.party.hours + 1.5)
  assert.deepEqual(realErrors(res), [])
})

test('two grabs of one order in the 抢单大厅: one wins, the other shows the server\'s message', async () => {
  const res = await open({ phone: true })
  await login(res, s, 'resident')
  await res.goto('/m/services')
  await res.click(`[data-test=menu-order-${st.items[1].category}]`)
  await res.locator('[data-test=svc-form-submit]:visible').waitFor()
  await settled(res)
  await res.fill('[data-test=svc-form-description]', DESC2)
  await res.click('[data-test=svc-form-submit]')
  await noOverlay(res)
  st.order2 = await findOrder('resident', '/api/v1/service-orders', { mine: 'reported' }, DESC2)
  assert.ok(st.order2)
  const id = st.order2.id
  const hall = (await apiAs(s, 'partymember', 'GET', '/api/v1/service-orders?mine=hall&limit=100')).items
  assert.ok(hall.some((o) => o.id === id && o.actions.includes('grab')), 'the order waits in the hall')

  const a = await open({ phone: true })
  const b = await open({ phone: true })
  for (const p of [a, b]) {
    await login(p, s, 'partymember')
    await p.goto('/m/hall')
    await p.waitForSelector(`[data-test=act-grab-${id}]`, { timeout: 15000 })
  }
  await shot(a, 'services-phone-hall')
  await a.click(`[data-test=act-grab-${id}]`)
  await a.waitForSelector(`[data-test=hall-mine-list] [data-test=svc-card][data-id="${id}"]`, { timeout: 15000 })
  const o = await order('partymember', id)
  assert.equal(o.handler_name, st.party.name)
  const problem = await problemOf('partymember', 'POST', `/api/v1/orders/${id}/grab`, {})
  assert.equal(problem.status, 409)
  await b.click(`[data-test=act-grab-${id}]`)
  const err = b.locator('[data-test=hall-error]')
  await err.waitFor({ timeout: 15000 })
  assert.equal((await err.innerText()).trim(), problem.detail_zh || problem.detail)
  // the hall was read again: the order is gone from it
  await b.waitForSelector(`[data-test=hall-list] [data-test=svc-card][data-id="${id}"]`, { state: 'detached', timeout: 15000 })
  await shot(b, 'services-phone-hall-refused')
  assert.deepEqual(realErrors(a), [])
  assert.deepEqual(realErrors(b), [])
  assert.deepEqual(realErrors(res), [])
})

test('the secretary supervises (督单) and filters by state', async () => {
  const id = st.order2.id
  const before = await order('secretary', id)
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/services')
  await page.waitForSelector(`[data-test=act-supervise-${id}]`, { timeout: 15000 })
  await openAction(page, 'supervise', id)
  await page.click('[data-test=strength-2]')
  await page.locator('[data-test=action-note]:visible').fill('请今天内上门查看')
  await submitAction(page)
  const after = await order('secretary', id)
  assert.equal(after.events.filter((e) => e.action === 'supervise').length, before.events.filter((e) => e.action === 'supervise').length + 1)
  // the state filter: the rows are the API's for the same state
  await page.locator('[data-test=svc-filter-state]').click()
  await page.locator('.el-select-dropdown__item[data-test=svc-state-option-closed]:visible').click()
  await page.waitForURL((u) => u.search.includes('state=closed'))
  const want = (await apiInPage(page, '/api/v1/service-orders?state=closed&limit=30')).items.map((o) => o.tracking_no)
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=svc-row-no]').length === n && !document.querySelector('[data-test=svc-table] .el-loading-mask'), want.length, { timeout: 15000 })
  assert.deepEqual(await page.locator('[data-test=svc-row-no]').allInnerTexts(), want)
  assert.ok(want.includes(st.order1.tracking_no))
  await shot(page, 'services-admin-closed')
  assert.deepEqual(realErrors(page), [])
})

test('the menu editor saves a promised time; a page read before gets the server\'s 409', async () => {
  const it = st.items[st.items.length - 1]
  const page = await open()
  const stale = await open()
  for (const p of [page, stale]) {
    await login(p, s, 'secretary')
    await p.goto('/services/menu')
    await p.waitForSelector(`[data-test=menu-row-${it.category}]`, { timeout: 15000 })
  }
  const hours = it.promise_hours === 72 ? 96 : 72
  await page.locator(`[data-test=menu-promise-${it.category}] input`).fill(String(hours))
  await page.locator(`[data-test=menu-promise-${it.category}] input`).press('Tab')
  await page.click(`[data-test=menu-save-${it.category}]`)
  await page.waitForSelector(`[data-test=menu-row-${it.category}][data-version="${it.version + 1}"]`, { timeout: 15000 })
  const saved = (await apiAs(s, 'resident', 'GET', '/api/v1/service-menu')).items.find((x) => x.category === it.category)
  assert.equal(saved.promise_hours, hours)
  assert.equal(saved.version, it.version + 1)
  // the page read before: the server refuses its version
  const problem = await problemOf('secretary', 'PUT', `/api/v1/service-menu/${st.community}/${it.category}`, {
    provider: it.provider, promise_hours: 24, active: it.active, note: it.note, version: it.version,
  })
  assert.equal(problem.status, 409)
  await stale.fill(`[data-test=menu-note-${it.category}]`, '每周二、四上午')
  await stale.click(`[data-test=menu-save-${it.category}]`)
  const err = stale.locator('[data-test=menu-error]')
  await err.waitFor({ timeout: 15000 })
  assert.equal(await err.getAttribute('data-status'), '409')
  assert.equal(await text(stale, '[data-test=menu-error] .el-alert__title'), problem.detail_zh || problem.detail)
  // read again: the row is the saved one
  await stale.waitForSelector(`[data-test=menu-row-${it.category}][data-version="${it.version + 1}"]`, { timeout: 15000 })
  await shot(stale, 'services-menu-stale')
  assert.equal((await apiAs(s, 'resident', 'GET', '/api/v1/service-menu')).items.find((x) => x.category === it.category).note, saved.note)
  assert.deepEqual(realErrors(page), [])
  assert.deepEqual(realErrors(stale), [])
})

test('a wish: submitted, published, taken on in the hall, fulfilled with a photo, thanked', async () => {
  const res = await open({ phone: true })
  await login(res, s, 'resident')
  await res.goto('/m/wishes')
  // the kinds of wish the server keeps (not the community's 微事务), 生活微心愿 chosen
  const kinds = (await apiAs(s, 'resident', 'GET', '/api/v1/categories')).items.filter((c) => c.parent === '15' && c.code !== '1502' && c.active !== false)
  if (kinds.length > 1) {
    await res.waitForSelector('[data-test=svc-form-wish-kind]', { timeout: 15000 })
    assert.deepEqual(await res.locator('[data-test=svc-form-wish-kind] .el-radio-button').allInnerTexts(), kinds.map((c) => c.name_zh))
    assert.ok(await res.locator('[data-test=svc-wish-kind-1501] input').isChecked())
  }
  await res.fill('[data-test=svc-form-description]', WISH)
  await res.click('[data-test=svc-form-submit]')
  let w = null
  for (let i = 0; i < 50 && !w; i++) {
    w = await findOrder('resident', '/api/v1/wishes', { mine: 'reported' }, WISH)
    if (!w) await new Promise((r) => setTimeout(r, 200))
  }
  assert.ok(w, 'the wish is among the resident\'s')
  assert.equal(w.kind, 'wish')
  assert.equal(w.category, '1501', 'a 生活微心愿, the form\'s first kind')
  st.wish = w
  await res.waitForSelector(`[data-test=svc-card][data-id="${w.id}"]`, { timeout: 15000 })
  await shot(res, 'services-phone-wish')

  // the secretary publishes it (审核发布)
  const sec = await open()
  await login(sec, s, 'secretary')
  await sec.goto('/wishes')
  await sec.waitForSelector(`[data-test=act-accept-${w.id}]`, { timeout: 15000 })
  assert.equal(await text(sec, `[data-test=act-accept-${w.id}]`), (await order('secretary', w.id)).action_labels?.accept || '审核发布')
  await openAction(sec, 'accept', w.id)
  await submitAction(sec)
  const published = await order('secretary', w.id)
  await sec.waitForSelector(`[data-test=wish-row-state-${w.id}][data-state="${published.state}"]`, { timeout: 15000 })
  await shot(sec, 'services-wish-published')

  // the party member takes it on in the hall and makes it come true with a photo
  const pm = await open({ phone: true })
  await login(pm, s, 'partymember')
  await pm.goto('/m/hall')
  const take = (await order('partymember', w.id)).actions.find((a) => a === 'grab' || a === 'claim')
  assert.ok(take, 'the wish may be taken on')
  await pm.click(`[data-test=act-${take}-${w.id}]`)
  await pm.waitForSelector(`[data-test=hall-mine-list] [data-test=act-finish-${w.id}]`, { timeout: 15000 })
  await openAction(pm, 'finish', w.id)
  // a wish's fulfilment wants a photo
  await pm.locator('[data-test=action-submit]:visible').click()
  await pm.locator('[data-test=action-error]:visible').waitFor({ timeout: 5000 })
  await pm.locator('[data-test=action-upload] input[type=file]').setInputFiles({ name: 'wish.png', mimeType: 'image/png', buffer: PNG })
  await pm.locator('.el-dialog [data-test=attachment-img]').first().waitFor({ timeout: 15000 })
  const note = pm.locator('[data-test=action-note]:visible')
  if (await note.count()) await note.fill('已上门教会老人视频通话')
  await shot(pm, 'services-phone-wish-finish')
  await submitAction(pm)
  const fulfilled = await order('partymember', w.id)
  assert.ok(!fulfilled.actions.includes('finish'))
  assert.ok(fulfilled.events.some((e) => e.action === 'finish' && (e.data?.attachments || []).length === 1))

  // the resident thanks (致谢评价)
  await res.click('[data-test=my-wishes-refresh]')
  await res.waitForSelector(`[data-test=act-rate-${w.id}]`, { timeout: 15000 })
  await openAction(res, 'rate', w.id)
  await res.click('[data-test=rating-1]')
  await submitAction(res)
  const closed = await order('resident', w.id)
  assert.equal(closed.state, 'closed')
  await res.waitForSelector(`[data-test=svc-rating-${w.id}][data-value="1"]`, { timeout: 15000 })
  await shot(res, 'services-phone-wish-thanked')
  for (const p of [res, sec, pm]) assert.deepEqual(realErrors(p), [])
})

test('the public board shows the closed order and the wish, the provider masked', async () => {
  const page = await open()
  // the first page as the desktop board asks for it (24 a page): the order closed last is on it
  const board = await (await fetch(s.base + '/api/v1/public/service-board?kind=service&limit=24')).json()
  const row = board.items.find((o) => o.tracking_no === st.order1.tracking_no || o.id === st.order1.id || o.description === DESC1)
  assert.ok(row, 'the closed order is on the board')
  const masked = st.party.name.slice(0, 1) + '*'
  assert.equal(row.handler_name, masked)
  assert.ok(!JSON.stringify(board).includes(st.party.name), 'the full name is nowhere on the board')
  await page.goto('/board/services')
  await page.waitForSelector('[data-test=svc-board-card]', { timeout: 15000 })
  assert.equal(await page.locator('[data-test=svc-board-card]').count(), board.items.length)
  const card = page.locator('[data-test=svc-board-card]', { hasText: DESC1 })
  assert.equal((await card.locator('[data-test=svc-board-handler]').innerText()).trim(), masked)
  assert.equal((await card.locator('[data-test=svc-board-hours]').innerText()).trim(), '1.5 小时')
  assert.equal((await card.locator('[data-test=svc-board-rating]').innerText()).trim(), '满意')
  await shot(page, 'services-board')
  // the next page is the API's next page
  if (board.next) {
    const second = await (await fetch(`${s.base}/api/v1/public/service-board?kind=service&limit=24&after=${encodeURIComponent(board.next)}`)).json()
    await page.click('[data-test=svc-board-next]')
    await page.waitForFunction(() => document.querySelector('[data-test=svc-board-pageno]')?.innerText.trim() === '第 2 页', null, { timeout: 15000 })
    await tableShows(page, '[data-test=svc-board-title]', second.items.map((o) => o.title))
    await page.click('[data-test=svc-board-prev]')
    await page.waitForFunction(() => document.querySelector('[data-test=svc-board-pageno]')?.innerText.trim() === '第 1 页', null, { timeout: 15000 })
  }
  await page.click('[data-test=svc-board-kind-wish]')
  await page.waitForURL((u) => u.search.includes('kind=wish'))
  await page.locator('[data-test=svc-board-card]', { hasText: WISH }).waitFor({ timeout: 15000 })
  assert.equal((await page.locator('[data-test=svc-board-card]', { hasText: WISH }).locator('[data-test=svc-board-handler]').innerText()).trim(), masked)
  assert.deepEqual(realErrors(page), [])
})

test('the service screens speak English after the language switch', async () => {
  const page = await open({ phone: true })
  await login(page, s, 'partymember')
  await page.goto('/m/hall')
  await page.waitForSelector('[data-test=hall-page]')
  assert.equal(await text(page, '.page-title'), '抢单大厅')
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
  await page.waitForFunction(() => document.querySelector('.page-title')?.innerText.trim() === 'Service hall', null, { timeout: 10000 })
  assert.equal(await text(page, '[data-test=hall-tab-hall]'), 'Waiting')
  assert.match(await text(page, '[data-test=hall-tab-mine]'), /^Mine/)
  await page.click('[data-test=hall-tab-mine]')
  await page.waitForSelector(`[data-test=act-finish-${st.order2.id}]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=act-finish-${st.order2.id}]`), 'Service done')
  assert.equal(await text(page, '[data-test=hall-timebank]'), 'My time bank ›')
  await shot(page, 'services-en-hall')
  await page.goto('/m/services')
  await page.waitForSelector('[data-test=menu-item]', { timeout: 15000 })
  assert.equal(await text(page, '.page-title'), 'Order a service')
  assert.equal(await text(page, '[data-test=my-services-tab-menu]'), 'Service menu')
  assert.equal(await text(page, `[data-test=menu-order-${st.items[0].category}]`), 'Order')
  assert.equal(await text(page, `[data-test=menu-promise-${st.items[0].category}]`), `Served within ${st.items[0].promise_hours} h`)
  await shot(page, 'services-en-menu')
  // back to Chinese for whoever uses this browser profile next
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: '中文' }).click()
  await page.waitForFunction(() => document.querySelector('.page-title')?.innerText.trim() === '服务点单', null, { timeout: 10000 })
  assert.deepEqual(realErrors(page), [])
})
