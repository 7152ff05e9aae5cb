// 双报到 through the UI. The secretary registers a unit with the community (/dual, 报到单位: every field, the
// resources ticked), edits it, and withdraws another one (confirmed). The party member, on a phone (/m/dual), is
// not registered yet: the 报到 form, the employer picked among the county's units (the withdrawn one is not
// offered); registered, the screen shows the community, 待编入网格 and the employer as the API has them; a second
// registration is refused (409). The secretary places the member in a grid (在职党员, 编入网格), registers a
// neighbour for them (代为报到: the person found by name), and publishes two posts (岗位: 2 places in the grid, 1
// place for the whole community) and closes a third. The member takes the first post (认领); the 1-place post,
// taken meanwhile by another registered member (a party member account made for the test, through the API), is
// refused to the member's stale page in the server's words and the list is read again (已满). The member logs 2
// hours at the post (记录服务); a second log (API) is returned by the secretary with a reason (the reason is
// required), the first confirmed (服务记录): the member's 时间银行 grows by exactly 2 hours and 我的服务记录 shows
// both decisions. The quarterly report (季度报告, opened on the last quarter that ended, switched to the current
// one) shows the API's employers and the member's hours; 导出 Excel answers an xlsx (the link and the download);
// 打印服务卡 renders each employer's 反馈表 and each member's 服务卡 with the API's figures, prints a PDF on A4 (one
// page a paper for the unit alone). No console errors anywhere.
//
// The demo may hold registrations already: the test asserts only what its own steps change (its unit, posts and
// logs found by their unique names).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { startServer, openPage, login, shot, apiAs, tokenFor, realErrors, pickOption, OUT } from './harness.mjs'

const TAG = Date.now().toString(36)
const UNIT = `县财政局（${TAG}）`
const UNIT2 = `县供电公司（${TAG}）`
const POST1 = `政策宣讲员（${TAG}）`
const POST2 = `楼栋长助理（${TAG}）`
const POST3 = `文明劝导员（${TAG}）`
const NOTE = `到社区开展医保政策宣讲（${TAG}）`

let s
const browsers = []
const st = {} // community, county, hours0, unit, unit2, member, grid, neighbour, other, post1, post2, post3, log1, log2
before(async () => {
  s = await startServer()
  st.community = (await apiAs(s, 'secretary', 'GET', '/api/v1/me')).scope
  assert.equal(st.community.length, 12, "the secretary's scope is a community")
  st.county = st.community.slice(0, 6)
  st.hours0 = await hoursOf('partymember')
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
const attr = (p, sel, name) => p.locator(sel).first().getAttribute(name)
async function hoursOf(user) {
  return (await apiAs(s, user, 'GET', '/api/v1/ledger/me')).items.find((a) => a.currency === 'hours')?.balance ?? 0
}
// The body of a refusal, as the server answers the same request (refusals change nothing), and the words the UI
// shows of it (the client's ApiError message in Chinese).
async function problemOf(user, method, p, body) {
  const r = await fetch(s.base + p, {
    method,
    headers: { Authorization: `Bearer ${await tokenFor(s, user)}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  assert.ok(r.status >= 400 && r.status < 500, `${method} ${p} answered ${r.status}`)
  const j = await r.json()
  return { status: r.status, ...j, words: j.detail_zh || j.message || j.title }
}
const settled = (p) => p.waitForFunction(() => !document.querySelector('.dialog-fade-enter-active, .dialog-fade-leave-active'))
// Clicks the primary button of the open ElMessageBox (a confirmation).
async function confirmBox(p) {
  const box = p.locator('.el-message-box:visible')
  await box.waitFor({ timeout: 10000 })
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await box.waitFor({ state: 'hidden', timeout: 10000 })
}
// Opens a dialog with its button and waits for it to stand still.
async function openDialog(p, button, save) {
  await p.click(button)
  await p.locator(`.el-dialog ${save}:visible`).waitFor({ timeout: 10000 })
  await settled(p)
}
// Saves the open dialog and waits for it to close (a refusal fails the test with the server's words).
async function saveDialog(p, save, errorSel) {
  await p.locator(`.el-dialog ${save}:visible`).click()
  await p.waitForFunction(([sv, er]) => document.querySelector(`.el-dialog ${er}`) || ![...document.querySelectorAll(`.el-dialog ${sv}`)].some((e) => e.offsetParent), [save, errorSel], { timeout: 15000 })
  const err = p.locator(`.el-dialog ${errorSel}:visible`)
  if (await err.count()) assert.fail(`refused: ${await err.innerText()}`)
  await settled(p)
}
const units = async () => (await apiAs(s, 'secretary', 'GET', `/api/v1/dual/units?scope=${st.community}`)).items
const members = async () => apiAs(s, 'secretary', 'GET', `/api/v1/dual/members?community=${st.community}`)
const posts = async (user = 'secretary') => (await apiAs(s, user, 'GET', `/api/v1/dual/posts?community=${st.community}`)).items
const logs = async (query) => (await apiAs(s, 'secretary', 'GET', `/api/v1/dual/logs?community=${st.community}${query || ''}`)).items
const chinaToday = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
// The quarter "YYYY-Qn", `back` quarters before the current one (China time).
function quarterOf(back = 0) {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  const n = d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3) - back
  return `${Math.floor(n / 4)}-Q${(n % 4) + 1}`
}

// Party members (政治面貌 …党员) living in the community, not registered yet and found by the person picker's
// search (their name): the ones 代为报到 may register.
async function partyPeople(n) {
  const taken = new Set([st.member?.person_id, st.neighbour?.person_id, ...(await members()).items.map((m) => m.person_id)])
  const pickable = async (p) => (await apiAs(s, 'secretary', 'GET', `/api/v1/people?name=${encodeURIComponent(p.name)}&limit=20`)).items.some((x) => x.id === p.id)
  const out = []
  for (let after = ''; out.length < n; ) {
    const r = await apiAs(s, 'secretary', 'GET', `/api/v1/people?scope=${st.community}&limit=100${after ? '&after=' + encodeURIComponent(after) : ''}`)
    for (const p of r.items) {
      if (out.length >= n) break
      if (taken.has(p.id) || !String(p.place_code || '').startsWith(st.community) || !String(p.political_status || '').includes('党员')) continue
      if (await pickable(p)) out.push(p)
    }
    if (out.length < n) {
      assert.ok(r.next, `${n} party members in the community`)
      after = r.next
    }
  }
  return out
}

test('the secretary registers a unit, edits it and withdraws another', async () => {
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/dual')
  await page.waitForSelector('[data-test=dual-units]', { timeout: 15000 })
  // the menu names the screen
  assert.ok(await page.locator('.el-menu-item', { hasText: '双报到' }).count(), 'a 双报到 menu entry')

  // the name is required: the form says so and sends nothing
  await openDialog(page, '[data-test=dual-unit-add]', '[data-test=dual-unit-save]')
  await page.locator('.el-dialog [data-test=dual-unit-save]:visible').click()
  await page.locator('.el-dialog [data-test=dual-unit-form] .el-form-item__error', { hasText: '请填写单位名称' }).waitFor({ timeout: 5000 })
  await page.fill('.el-dialog [data-test=dual-unit-name]', UNIT)
  await page.click('.el-dialog [data-test=dual-unit-kind-option-organ]')
  await page.fill('.el-dialog [data-test=dual-unit-party-org]', '中共县财政局机关支部委员会')
  await page.fill('.el-dialog [data-test=dual-unit-liaison]', '李明')
  await page.fill('.el-dialog [data-test=dual-unit-phone]', '0874-6123456')
  await page.click('.el-dialog [data-test=dual-unit-resource-venue]')
  await page.click('.el-dialog [data-test=dual-unit-resource-volunteers]')
  await page.fill('.el-dialog [data-test=dual-unit-pledge]', '每季度到社区开展一次政策宣讲')
  await shot(page, 'dual-unit-dialog')
  await saveDialog(page, '[data-test=dual-unit-save]', '[data-test=dual-unit-dialog-error]')
  let u = (await units()).find((x) => x.name === UNIT)
  assert.ok(u, 'the unit is registered')
  assert.equal(u.community, st.community)
  assert.equal(u.kind, 'organ')
  assert.equal(u.party_org, '中共县财政局机关支部委员会')
  assert.equal(u.liaison_name, '李明')
  assert.equal(u.office_phone, '0874-6123456')
  assert.deepEqual(u.resources, ['venue', 'volunteers'])
  assert.equal(u.pledge, '每季度到社区开展一次政策宣讲')
  assert.equal(u.status, 'active')
  await page.waitForSelector(`[data-test=dual-unit-row][data-id="${u.id}"]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=dual-unit-row][data-id="${u.id}"]`), UNIT)
  assert.equal(await text(page, `[data-test=dual-unit-kind-${u.id}]`), u.kind_name || '机关')
  assert.deepEqual(await page.locator(`[data-test=dual-unit-resources-${u.id}] .el-tag`).allInnerTexts(), ['活动场地', '志愿服务'])
  assert.equal(await text(page, `[data-test=dual-unit-members-${u.id}]`), '0')

  // 编辑: the form holds the unit; the liaison changes
  await openDialog(page, `[data-test=dual-unit-edit-${u.id}]`, '[data-test=dual-unit-save]')
  assert.equal(await page.locator('.el-dialog [data-test=dual-unit-name]').inputValue(), UNIT)
  await page.fill('.el-dialog [data-test=dual-unit-liaison]', '王芳')
  await page.click('.el-dialog [data-test=dual-unit-resource-expertise]')
  await saveDialog(page, '[data-test=dual-unit-save]', '[data-test=dual-unit-dialog-error]')
  await page.locator(`[data-test=dual-unit-liaison-${u.id}]`, { hasText: '王芳' }).waitFor({ timeout: 15000 })
  const edited = (await units()).find((x) => x.id === u.id)
  assert.equal(edited.liaison_name, '王芳')
  assert.deepEqual(edited.resources, ['venue', 'volunteers', 'expertise'])
  assert.ok(edited.version > u.version, 'a new version')
  st.unit = edited

  // 撤销报到 of another unit (registered through the API), confirmed
  st.unit2 = await apiAs(s, 'secretary', 'POST', '/api/v1/dual/units', {
    community: st.community, name: UNIT2, kind: 'enterprise', party_org: '县供电公司党委', liaison_name: '赵强', office_phone: '', resources: ['funds'], pledge: '',
  })
  await page.click('[data-test=dual-unit-refresh]')
  await page.waitForSelector(`[data-test=dual-unit-row][data-id="${st.unit2.id}"]`, { timeout: 15000 })
  await page.click(`[data-test=dual-unit-withdraw-${st.unit2.id}]`)
  await confirmBox(page)
  await page.waitForSelector(`[data-test=dual-unit-row][data-id="${st.unit2.id}"]`, { state: 'detached', timeout: 15000 })
  assert.equal((await units()).find((x) => x.id === st.unit2.id).status, 'withdrawn')
  // shown again with the withdrawn ones, marked so
  await page.click('[data-test=dual-unit-withdrawn]')
  await page.waitForSelector(`[data-test=dual-unit-status-${st.unit2.id}][data-status=withdrawn]`, { timeout: 10000 })
  assert.equal(await text(page, `[data-test=dual-unit-status-${st.unit2.id}]`), '已撤销')
  await shot(page, 'dual-units')
  assert.deepEqual(realErrors(page), [])
})

test('the party member registers on a phone with the unit as employer; a second registration is refused', async () => {
  const page = await open({ phone: true })
  await login(page, s, 'partymember')
  await page.goto('/m/dual')
  await page.waitForSelector('[data-test=dual-register-form]', { timeout: 15000 })
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 362), 'fits 360 px')
  // the employer is required
  await page.click('[data-test=dual-register-submit]')
  await page.locator('[data-test=dual-register-form] .el-form-item__error', { hasText: '请选择或填写工作单位' }).waitFor({ timeout: 5000 })
  // the county's active units are offered, the withdrawn one is not
  await pickOption(page, '[data-test=dual-employer-unit]', `[data-test=dual-employer-option-${st.unit.id}]`, `[data-test=dual-employer][data-unit="${st.unit.id}"]`)
  assert.equal(await page.locator(`.el-select-dropdown__item[data-test=dual-employer-option-${st.unit2.id}]`).count(), 0, 'the withdrawn unit is not offered')
  await shot(page, 'dual-phone-register')
  await page.click('[data-test=dual-register-submit]')
  await Promise.race([
    page.waitForSelector('[data-test=dual-mine]', { timeout: 15000 }),
    page.waitForSelector('[data-test=dual-register-error]', { timeout: 15000 }).then(async () => assert.fail(`refused: ${await text(page, '[data-test=dual-register-error]')}`)),
  ])
  const mine = await apiAs(s, 'partymember', 'GET', '/api/v1/dual/members/mine')
  assert.equal(mine.community, st.community)
  assert.equal(mine.unit_id, st.unit.id)
  assert.equal(mine.employer_name, UNIT)
  assert.equal(mine.status, 'active')
  assert.equal(mine.grid_code, '')
  st.member = mine
  assert.equal(await attr(page, '[data-test=dual-mine]', 'data-id'), String(mine.id))
  assert.equal(await text(page, '[data-test=dual-mine-community]'), mine.community_name)
  assert.equal(await text(page, '[data-test=dual-mine-employer]'), UNIT)
  assert.equal(await text(page, '[data-test=dual-mine-grid]'), '待编入网格')
  assert.equal((await units()).find((x) => x.id === st.unit.id).members, 1, "the unit counts its member")
  await shot(page, 'dual-phone-registered')

  // registering again: 409
  const again = await problemOf('partymember', 'POST', '/api/v1/dual/members', { unit_id: st.unit.id })
  assert.equal(again.status, 409)
  assert.equal((await apiAs(s, 'partymember', 'GET', '/api/v1/dual/members/mine')).id, mine.id)
  assert.deepEqual(realErrors(page), [])
})

test('the secretary places the member in a grid, registers a neighbour and publishes posts', async () => {
  const list = await members()
  assert.ok(list.grids.length >= 1, 'the community has grids')
  st.grid = list.grids[0]
  const id = st.member.id
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/dual?tab=members')
  const row = `[data-test=dual-member-row][data-id="${id}"]`
  await page.waitForSelector(row, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=dual-member-grid-${id}]`), '未编入')
  assert.equal(await text(page, `[data-test=dual-member-employer-${id}]`), UNIT)
  // the rows are the API's
  assert.deepEqual(
    (await page.locator('[data-test=dual-member-row]').evaluateAll((els) => els.map((e) => Number(e.dataset.id)))).sort((a, b) => a - b),
    list.items.map((m) => m.id).sort((a, b) => a - b),
  )

  // 编入网格
  await openDialog(page, `[data-test=dual-member-place-${id}]`, '[data-test=dual-place-save]')
  await pickOption(page, '.el-dialog [data-test=dual-place-grid]', `[data-test=dual-grid-option-${st.grid.code}]`, `.el-dialog [data-test=dual-place-form][data-grid="${st.grid.code}"]`)
  await saveDialog(page, '[data-test=dual-place-save]', '[data-test=dual-place-error]')
  await page.waitForSelector(`${row}[data-grid="${st.grid.code}"]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=dual-member-grid-${id}]`), st.grid.name)
  const placed = (await members()).items.find((m) => m.id === id)
  assert.equal(placed.grid_code, st.grid.code)
  st.member = placed

  // 代为报到 of a neighbour (a party member), found by name, employed by a unit that is not registered (free text)
  const [who] = await partyPeople(1)
  await openDialog(page, '[data-test=dual-member-add]', '[data-test=dual-member-save]')
  await page.locator('.el-dialog [data-test=dual-member-person]').click()
  await page.locator('.el-dialog [data-test=dual-member-person] input').pressSequentially(who.name, { delay: 30 })
  await page.locator(`.el-select-dropdown__item[data-test=person-option-${who.id}]:visible`).click()
  await page.waitForSelector(`.el-dialog [data-test=dual-member-form][data-person="${who.id}"]`, { timeout: 10000 })
  await page.click('.el-dialog [data-test=dual-employer-mode-other]')
  await page.fill('.el-dialog :is([data-test=dual-employer-name] input, input[data-test=dual-employer-name])', `县人民医院（${TAG}）`)
  await saveDialog(page, '[data-test=dual-member-save]', '[data-test=dual-member-dialog-error]')
  const neighbour = (await members()).items.find((m) => m.person_id === who.id)
  assert.ok(neighbour, 'the neighbour is registered')
  assert.equal(neighbour.unit_id, 0)
  assert.equal(neighbour.employer_name, `县人民医院（${TAG}）`)
  await page.waitForSelector(`[data-test=dual-member-row][data-id="${neighbour.id}"]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=dual-member-grid-${neighbour.id}]`), '未编入')
  st.neighbour = neighbour
  await shot(page, 'dual-members')

  // 岗位: two posts published through the form
  await page.click('[data-test=dual-tab-posts]')
  await page.waitForSelector('[data-test=dual-posts]', { timeout: 15000 })
  for (const [title, slots, grid] of [[POST1, 2, st.grid], [POST2, 1, null], [POST3, 3, null]]) {
    await openDialog(page, '[data-test=dual-post-add]', '[data-test=dual-post-save]')
    await page.fill('.el-dialog [data-test=dual-post-title]', title)
    if (grid) await pickOption(page, '.el-dialog [data-test=dual-post-grid]', `[data-test=dual-post-grid-option-${grid.code}]`, `.el-dialog [data-test=dual-post-form][data-grid="${grid.code}"]`)
    await page.locator('.el-dialog [data-test=dual-post-slots] input').fill(String(slots))
    await page.locator('.el-dialog [data-test=dual-post-slots] input').press('Tab')
    await page.fill('.el-dialog [data-test=dual-post-description]', `${title}：每月参加一次社区服务`)
    await saveDialog(page, '[data-test=dual-post-save]', '[data-test=dual-post-dialog-error]')
    await page.locator('[data-test=dual-post-row]', { hasText: title }).waitFor({ timeout: 15000 })
  }
  const all = await posts()
  st.post1 = all.find((p) => p.title === POST1)
  st.post2 = all.find((p) => p.title === POST2)
  st.post3 = all.find((p) => p.title === POST3)
  assert.equal(st.post1.slots, 2)
  assert.equal(st.post1.grid_code, st.grid.code)
  assert.equal(st.post2.slots, 1)
  assert.equal(st.post2.grid_code, '')
  assert.equal(st.post3.status, 'open')
  assert.equal(await text(page, `[data-test=dual-post-grid-${st.post1.id}]`), st.grid.name)
  assert.equal(await text(page, `[data-test=dual-post-grid-${st.post2.id}]`), '全社区')
  assert.equal(await text(page, `[data-test=dual-post-slots-${st.post1.id}]`), '0/2')
  // the third is closed (confirmed)
  await page.click(`[data-test=dual-post-close-${st.post3.id}]`)
  await confirmBox(page)
  await page.waitForSelector(`[data-test=dual-post-row][data-id="${st.post3.id}"][data-status=closed]`, { timeout: 15000 })
  assert.equal((await posts()).find((p) => p.id === st.post3.id).status, 'closed')
  await shot(page, 'dual-posts')
  assert.deepEqual(realErrors(page), [])
})

// Another party member of the community with an account of their own, registered through the API.
async function otherMember() {
  const [person] = await partyPeople(1)
  const username = `dual${TAG}`.slice(0, 30)
  const u = await apiAs(s, 'admin', 'POST', '/api/v1/users', { username, display_name: person.name, role: 'party_member', place_code: st.community, person_id: person.id })
  const password = `Dual-${TAG}-Pw9`
  s.accounts[username] = { password: u.initial_password, role: 'party_member', scope: st.community }
  await apiAs(s, username, 'POST', '/api/v1/me/password', { old_password: u.initial_password, new_password: password })
  s.accounts[username].password = password
  delete s.tokens[username]
  const m = await apiAs(s, username, 'POST', '/api/v1/dual/members', { employer_name: `县税务局（${TAG}）` })
  assert.equal(m.community, st.community)
  return { username, member: m }
}

test('the member takes a post; a full one is refused in the server\'s words and the list read again', async () => {
  const page = await open({ phone: true })
  await login(page, s, 'partymember')
  await page.goto('/m/dual')
  await page.waitForSelector(`[data-test=dual-mine][data-grid="${st.grid.code}"]`, { timeout: 15000 })
  assert.equal(await text(page, '[data-test=dual-mine-grid]'), st.grid.name)
  // the community's posts as the API gives them to the member
  const seen = await posts('partymember')
  await page.waitForSelector(`[data-test=dual-mine-post][data-id="${st.post2.id}"][data-taken="0"]`, { timeout: 15000 })
  assert.deepEqual(
    (await page.locator('[data-test=dual-mine-post]').evaluateAll((els) => els.map((e) => Number(e.dataset.id)))).sort((a, b) => a - b),
    seen.map((p) => p.id).sort((a, b) => a - b),
  )
  assert.equal(await page.locator(`[data-test=dual-post-claim-${st.post3.id}]`).count(), 0, 'a closed post cannot be taken')

  // 认领 the first post
  await page.click(`[data-test=dual-post-claim-${st.post1.id}]`)
  await page.waitForSelector(`[data-test=dual-mine-post][data-id="${st.post1.id}"][data-mine=true]`, { timeout: 15000 })
  const p1 = (await posts('partymember')).find((p) => p.id === st.post1.id)
  assert.equal(p1.mine, true)
  assert.equal(p1.taken, 1)
  assert.equal(await text(page, `[data-test=dual-mine-post-slots-${st.post1.id}]`), '1/2')
  await shot(page, 'dual-phone-claimed')

  // meanwhile another member takes the 1-place post: the page read before asks for it and is refused
  st.other = await otherMember()
  await apiAs(s, st.other.username, 'POST', `/api/v1/dual/posts/${st.post2.id}/claim`)
  const problem = await problemOf('partymember', 'POST', `/api/v1/dual/posts/${st.post2.id}/claim`)
  assert.equal(problem.status, 409)
  await page.click(`[data-test=dual-post-claim-${st.post2.id}]`)
  const err = page.locator('[data-test=dual-mine-error][data-status="409"]')
  await err.waitFor({ timeout: 15000 })
  assert.equal((await err.locator('.el-alert__title').innerText()).trim(), problem.words)
  // read again: full
  await page.waitForSelector(`[data-test=dual-mine-post][data-id="${st.post2.id}"][data-taken="1"]`, { timeout: 15000 })
  await page.waitForSelector(`[data-test=dual-post-full-${st.post2.id}]`, { timeout: 15000 })
  assert.equal(await page.locator(`[data-test=dual-post-claim-${st.post2.id}]`).count(), 0)
  const p2 = (await posts('partymember')).find((p) => p.id === st.post2.id)
  assert.equal(p2.mine, false)
  assert.equal(p2.taken, 1)
  await shot(page, 'dual-phone-refused')
  // the secretary sees who took which
  const staff = await posts()
  assert.deepEqual(staff.find((p) => p.id === st.post1.id).claimants.map((c) => c.member_id), [st.member.id])
  assert.deepEqual(staff.find((p) => p.id === st.post2.id).claimants.map((c) => c.member_id), [st.other.member.id])
  assert.deepEqual(realErrors(page), [])
})

test('the member logs 2 hours; the secretary returns another log and confirms this one: the time bank grows by 2', async () => {
  const page = await open({ phone: true })
  await login(page, s, 'partymember')
  await page.goto('/m/dual')
  await page.waitForSelector('[data-test=dual-mine]', { timeout: 15000 })
  await page.click('[data-test=dual-mine-tab-log]')
  await page.waitForSelector('[data-test=dual-log-form]:visible', { timeout: 10000 })
  // the date is today's (China time), the post one of mine
  assert.equal(await page.locator('[data-test=dual-log-date] input').inputValue(), chinaToday())
  assert.equal(await attr(page, '[data-test=dual-log-date]', 'data-value'), chinaToday())
  await page.waitForFunction((id) => document.querySelector(`[data-test=dual-mine-post][data-id="${id}"][data-mine=true]`), st.post1.id, { timeout: 10000 })
  await pickOption(page, '[data-test=dual-log-post]', `[data-test=dual-log-post-option-${st.post1.id}]`, `[data-test=dual-log-form][data-post="${st.post1.id}"]`)
  assert.equal(await page.locator(`.el-select-dropdown__item[data-test=dual-log-post-option-${st.post2.id}]`).count(), 0, 'only my posts')
  // what was done is required
  await page.locator('[data-test=dual-log-hours] input').fill('2')
  await page.locator('[data-test=dual-log-hours] input').press('Tab')
  await page.click('[data-test=dual-log-submit]')
  await page.locator('[data-test=dual-log-form] .el-form-item__error', { hasText: '请填写服务内容' }).waitFor({ timeout: 5000 })
  await page.fill('[data-test=dual-log-note]', NOTE)
  await shot(page, 'dual-phone-log')
  await page.click('[data-test=dual-log-submit]')
  await Promise.race([
    page.waitForSelector('[data-test=dual-mine-log][data-status=pending]', { timeout: 15000 }),
    page.waitForSelector('[data-test=dual-log-error]', { timeout: 15000 }).then(async () => assert.fail(`refused: ${await text(page, '[data-test=dual-log-error]')}`)),
  ])
  const mineLogs = (await apiAs(s, 'partymember', 'GET', '/api/v1/dual/logs?mine=true')).items
  const log1 = mineLogs.find((l) => l.note === NOTE)
  assert.ok(log1, 'the log is kept')
  assert.equal(log1.hours, 2)
  assert.equal(log1.served_on, chinaToday())
  assert.equal(log1.post_id, st.post1.id)
  assert.equal(log1.status, 'pending')
  assert.equal(await text(page, `[data-test=dual-mine-log-status-${log1.id}]`), '待确认')
  st.log1 = log1
  // a second one through the API, to be returned
  st.log2 = await apiAs(s, 'partymember', 'POST', '/api/v1/dual/logs', { served_on: chinaToday(), hours: 1, note: `整理活动室（${TAG}）` })
  assert.deepEqual(realErrors(page), [])

  // the secretary: pending first
  const desk = await open()
  await login(desk, s, 'secretary')
  await desk.goto('/dual?tab=logs')
  for (const l of [st.log1, st.log2]) await desk.waitForSelector(`[data-test=dual-log-row][data-id="${l.id}"][data-status=pending]`, { timeout: 15000 })
  assert.deepEqual(
    (await desk.locator('[data-test=dual-log-row]').evaluateAll((els) => els.map((e) => Number(e.dataset.id)))).sort((a, b) => a - b),
    (await logs('&status=pending')).map((l) => l.id).sort((a, b) => a - b),
  )
  // 退回 wants the reason
  await openDialog(desk, `[data-test=dual-log-reject-${st.log2.id}]`, '[data-test=dual-reject-save]')
  await desk.locator('.el-dialog [data-test=dual-reject-save]:visible').click()
  await desk.locator('.el-dialog .el-form-item__error', { hasText: '请填写退回原因' }).waitFor({ timeout: 5000 })
  await desk.fill('.el-dialog [data-test=dual-reject-reason]', '未在认领岗位服务，请补充说明')
  await saveDialog(desk, '[data-test=dual-reject-save]', '[data-test=dual-reject-error]')
  await desk.waitForSelector(`[data-test=dual-log-row][data-id="${st.log2.id}"]`, { state: 'detached', timeout: 15000 })
  const l2 = (await logs()).find((l) => l.id === st.log2.id)
  assert.equal(l2.status, 'rejected')
  assert.equal(l2.reason, '未在认领岗位服务，请补充说明')
  assert.equal(l2.entry_id, 0)
  // 确认
  await desk.click(`[data-test=dual-log-confirm-${st.log1.id}]`)
  await desk.waitForSelector(`[data-test=dual-log-row][data-id="${st.log1.id}"]`, { state: 'detached', timeout: 15000 })
  const l1 = (await logs()).find((l) => l.id === st.log1.id)
  assert.equal(l1.status, 'confirmed')
  assert.ok(l1.entry_id > 0, 'a ledger entry')
  assert.match(String(l1.decided_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/, 'decided, a China-time moment')
  assert.equal(await hoursOf('partymember'), st.hours0 + 2, 'the time bank grew by 2 hours')
  // all: the decisions shown
  await desk.click('[data-test=dual-log-filter-all]')
  await desk.waitForSelector(`[data-test=dual-log-status-${st.log1.id}][data-status=confirmed]`, { timeout: 15000 })
  assert.equal(await text(desk, `[data-test=dual-log-status-${st.log2.id}]`), '已退回')
  assert.equal(await text(desk, `[data-test=dual-log-reason-${st.log2.id}]`), '未在认领岗位服务，请补充说明')
  await shot(desk, 'dual-logs')
  // the member's hours in the members' tab
  await desk.click('[data-test=dual-tab-members]')
  await desk.waitForSelector(`[data-test=dual-member-hours-${st.member.id}][data-value="2"]`, { timeout: 15000 })
  assert.deepEqual(realErrors(desk), [])

  // the member sees both decisions
  await page.click('[data-test=dual-mine-refresh]')
  await page.click('[data-test=dual-mine-tab-logs]')
  await page.waitForSelector(`[data-test=dual-mine-log][data-id="${st.log1.id}"][data-status=confirmed]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=dual-mine-log-status-${st.log1.id}]`), '已确认')
  assert.equal(await text(page, `[data-test=dual-mine-log-status-${st.log2.id}]`), '已退回')
  assert.match(await text(page, `[data-test=dual-mine-log-reason-${st.log2.id}]`), /未在认领岗位服务，请补充说明/)
  await page.waitForSelector('[data-test=dual-mine-hours][data-value="2"]', { timeout: 15000 })
  await shot(page, 'dual-phone-logs')
  assert.deepEqual(realErrors(page), [])
})

// The PDF's pages: the count of page objects and each one's MediaBox (A4 = 595 × 842 pt).
function pdfPages(buf) {
  const t = buf.toString('latin1')
  const boxes = [...t.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])])
  const pages = (t.match(/\/Type\s*\/Page\b(?!s)/g) || []).length
  return { pages, boxes }
}

test('the quarterly report shows the member\'s hours, exports an xlsx and prints the papers on A4', async (ctx) => {
  const q = quarterOf(0)
  const report = await apiAs(s, 'secretary', 'GET', `/api/v1/dual/reports?community=${st.community}&quarter=${q}`)
  assert.equal(report.quarter, q)
  const emp = report.employers.find((e) => e.unit_id === st.unit.id)
  assert.ok(emp, 'the unit is among the employers')
  const m = emp.members.find((x) => x.member_id === st.member.id)
  assert.ok(m, 'the member is under the unit')
  assert.equal(m.hours_posts, 2)
  assert.equal(m.logs, 1)
  assert.ok(m.hours >= 2)
  assert.deepEqual(m.posts, [POST1])

  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/dual?tab=report')
  // it opens on the last quarter that ended
  await page.waitForSelector(`[data-test=dual-report][data-quarter="${quarterOf(1)}"]`, { timeout: 15000 })
  await pickOption(page, '[data-test=dual-report-quarter]', `[data-test=dual-quarter-option-${q}]`, `[data-test=dual-report][data-quarter="${q}"]`)
  const cell = `[data-test=dual-report-member][data-member="${st.member.id}"]`
  await page.waitForSelector(cell, { timeout: 15000 })
  assert.equal(await attr(page, cell, 'data-hours'), String(m.hours))
  assert.equal(await attr(page, cell, 'data-hours-posts'), '2')
  assert.deepEqual(await page.locator('[data-test=dual-report-employer]').evaluateAll((els) => els.map((e) => Number(e.dataset.unit))), report.employers.map((e) => e.unit_id))
  assert.equal(await text(page, `[data-test=dual-report-employer][data-unit="${st.unit.id}"] [data-test=dual-report-employer-name]`), UNIT)
  await shot(page, 'dual-report')

  // 导出 Excel: the link's address answers an xlsx, and the click downloads one
  const href = await attr(page, '[data-test=dual-report-export]', 'href')
  assert.equal(href, `/api/v1/dual/reports/export?community=${st.community}&quarter=${q}`)
  const res = await page.request.get(href, { headers: { Authorization: `Bearer ${await tokenFor(s, 'secretary')}` } })
  assert.equal(res.status(), 200)
  const body = await res.body()
  assert.equal(body.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx (a zip)')
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click('[data-test=dual-report-export]')])
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  const saved = fs.readFileSync(await download.path())
  assert.equal(saved.subarray(0, 2).toString('latin1'), 'PK', 'the download is an xlsx')

  // 打印服务卡: each employer's page, each member's card
  await page.click('[data-test=dual-report-print]')
  await page.waitForURL((u) => u.pathname === '/dual/report/print' && u.searchParams.get('quarter') === q, { timeout: 15000 })
  await page.waitForSelector('[data-test=dual-paper-employer]', { timeout: 15000 })
  assert.equal(await page.locator('[data-test=who]').count(), 0, 'no app frame around the papers')
  const cards = report.employers.reduce((n, e) => n + e.members.length, 0)
  assert.equal(await page.locator('[data-test=dual-paper-employer]').count(), report.employers.length)
  assert.equal(await page.locator('[data-test=dual-paper-card]').count(), cards)
  const ours = page.locator(`[data-test=dual-paper-employer][data-unit="${st.unit.id}"]`)
  assert.equal((await ours.locator('h1').innerText()).trim(), '在职党员到社区报到服务情况反馈表')
  assert.equal((await ours.locator('[data-test=paper-employer]').innerText()).trim(), UNIT)
  assert.equal((await ours.locator('[data-test=paper-community]').innerText()).trim(), report.community_name)
  assert.deepEqual(await ours.locator('[data-test=paper-member-name]').allInnerTexts(), emp.members.map((x) => x.name))
  assert.equal((await ours.locator(`[data-test=paper-member][data-member="${st.member.id}"] [data-test=paper-member-hours]`).innerText()).trim(), String(m.hours))
  const card = page.locator(`[data-test=dual-paper-card][data-member="${st.member.id}"]`)
  assert.equal((await card.locator('h1').innerText()).trim(), '在职党员进社区服务卡')
  assert.equal((await card.locator('[data-test=card-name]').innerText()).trim(), m.name)
  assert.equal((await card.locator('[data-test=card-employer]').innerText()).trim(), UNIT)
  assert.equal((await card.locator('[data-test=card-community]').innerText()).trim(), report.community_name)
  assert.equal((await card.locator('[data-test=card-grid]').innerText()).trim(), m.grid_name)
  assert.equal((await card.locator('[data-test=card-posts]').innerText()).trim(), POST1)
  assert.equal((await card.locator('[data-test=card-hours-posts]').innerText()).trim(), '2')
  assert.equal((await card.locator('[data-test=card-hours-other]').innerText()).trim(), String(m.hours_other))
  assert.equal((await card.locator('[data-test=card-hours-total]').innerText()).trim(), String(m.hours))
  assert.equal((await card.locator('[data-test=card-issued]').innerText()).trim(), report.issued_on)
  assert.match(await card.innerText(), /社区党组织（盖章）/)

  // 打印 calls window.print()
  await page.evaluate(() => {
    window.__printed = 0
    window.print = () => window.__printed++
  })
  await page.click('[data-test=print-button]')
  assert.equal(await page.evaluate(() => window.__printed), 1)
  await shot(page, 'dual-print')
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('[data-test=print-toolbar]').isVisible(), false, 'the toolbar is not printed')
  const all = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true })
  await page.emulateMedia({ media: 'screen' })
  assert.ok(all.length > 0)
  assert.equal(all.subarray(0, 5).toString(), '%PDF-')
  assert.ok(pdfPages(all).pages >= report.employers.length + cards, 'a page at least for every paper')

  // the unit alone: its page and its member's card, one A4 page each
  const one = await apiAs(s, 'secretary', 'GET', `/api/v1/dual/reports?community=${st.community}&quarter=${q}&unit=${st.unit.id}`)
  assert.deepEqual(one.employers.map((e) => e.unit_id), [st.unit.id])
  await page.goto(`/dual/report/print?community=${st.community}&quarter=${q}&unit=${st.unit.id}`)
  await page.waitForSelector(`[data-test=dual-paper-card][data-member="${st.member.id}"]`, { timeout: 15000 })
  assert.equal(await page.locator('[data-test=dual-paper-employer]').count(), 1)
  assert.equal(await page.locator('[data-test=dual-paper-card]').count(), one.employers[0].members.length)
  await page.emulateMedia({ media: 'print' })
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true })
  await page.emulateMedia({ media: 'screen' })
  assert.ok(pdf.length > 0)
  fs.mkdirSync(OUT, { recursive: true })
  const file = path.join(OUT, 'dual-report.pdf')
  fs.writeFileSync(file, pdf)
  const { pages, boxes } = pdfPages(pdf)
  assert.equal(pages, 1 + one.employers[0].members.length, 'one page a paper')
  for (const [w, h] of boxes) assert.ok(Math.abs(w - 595.28) < 2 && Math.abs(h - 841.89) < 2, `A4 page, got ${w} × ${h}`)
  if (spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).status === 0) {
    const txt = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s/g, '')
    for (const w of ['在职党员到社区报到服务情况反馈表', '在职党员进社区服务卡', UNIT, m.name, '社区党组织（盖章）']) assert.ok(txt.includes(w.replace(/\s/g, '')), `the PDF says ${w}`)
    assert.ok(!txt.includes('打印'), 'no toolbar in the PDF')
  } else ctx.diagnostic('no pdftotext on this machine: the PDF text was not checked')
  // in English after the toolbar's switch, and back
  await page.click('[data-test=print-lang]')
  await page.waitForFunction(() => document.querySelector('[data-test=dual-paper-card] h1')?.innerText.trim() === 'Community service card', null, { timeout: 10000 })
  await page.click('[data-test=print-lang]')
  await page.waitForFunction(() => document.querySelector('[data-test=dual-paper-card] h1')?.innerText.trim() === '在职党员进社区服务卡', null, { timeout: 10000 })
  assert.deepEqual(realErrors(page), [])
})

test('the resident has no 双报到 screen', async () => {
  const page = await open({ phone: true })
  await login(page, s, 'resident')
  await page.goto('/m/dual')
  await page.waitForURL((u) => u.pathname === '/403', { timeout: 15000 })
  assert.equal(await page.locator('.el-menu-item', { hasText: '双报到' }).count(), 0)
  assert.deepEqual(realErrors(page), [])
})
