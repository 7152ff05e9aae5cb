// 红黑榜 through the UI. The secretary opens /rolls: 评选标准 shows the community's criteria as the API has them
// (采用县级模板 first when it has none: 9 + 9 items), adds an item citing an article of the 村规民约 and edits it
// (the dialog says earlier nominations keep the old text; the server puts a successor with the same number). 提名:
// a person of the community found by name, 红榜, this month's list, two red items ticked (shown as "第N项 title
// （村规民约article）"), the facts; the entry waits for both committees. Both reviews are recorded in the drawer
// (村党组织 then 村委会, 同意, the meeting date): it enters 公示 with its end five days on, shown in the drawer and
// on 公示与发布. Publishing it at once (ticked in 发布本月红黑榜) is refused (409) and the dialog shows the server's
// own words (公示期未满…); nothing is published. The resident, on a phone (/m/rolls), sees the notice and objects
// (提出异议): the objection is listed on the notice, as the API has it. The secretary decides it (不成立, with a
// note): the entry stays on notice, the objection closed. A publication of the demo's year is printed
// (/rolls/print/{id}): the title "XX村YYYY年M月红黑榜", the red and black names with their items as the API has them,
// the signature lines of both committees, a PDF on A4. 星级文明户 shows households with stars (★ as many as the API
// counts). The grid worker nominates and reads but is offered neither publishing nor the criteria's editing; the
// resident has no /rolls. No console errors anywhere.
//
// The demo holds a year of lists already: the test asserts what its own steps change (its criterion, entry and
// objection found by their ids or unique texts) and compares the rest with the API.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { startServer, openPage, login, shot, apiAs, tokenFor, realErrors, OUT } from './harness.mjs'

const TAG = Date.now().toString(36)
const CRIT = `爱护公共设施（${TAG}）`
const CRIT2 = `爱护公共设施和环境（${TAG}）`
const EVIDENCE = `本月主动清扫村道、照顾独居老人，群众反映良好（${TAG}）`
const OBJECTION = `据我所知，照顾独居老人一事另有其人（${TAG}）`
const NOTE = `经核实，提名事实属实（${TAG}）`

let s
const browsers = []
const st = {} // community, name, period, person, criteria, entry, objection
before(async () => {
  s = await startServer()
  st.community = (await apiAs(s, 'secretary', 'GET', '/api/v1/me')).scope
  assert.equal(st.community.length, 12, "the secretary's scope is a community")
  assert.equal((await apiAs(s, 'resident', 'GET', '/api/v1/me')).scope.slice(0, 12), st.community, 'the resident lives in it')
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
const R = '/api/v1/rolls'
const criteria = async (retired) => apiAs(s, 'secretary', 'GET', `${R}/criteria?community=${st.community}${retired ? '&retired=true' : ''}`)
const entry = async (id, user = 'secretary') => apiAs(s, user, 'GET', `${R}/entries/${id}`)
const publications = async () => (await apiAs(s, 'secretary', 'GET', `${R}/publications?community=${st.community}`)).items
const chinaMonth = (back = 0) => {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1))
  return `${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, '0')}`
}
const chinaToday = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
const when = (v) => String(v || '').replace('T', ' ').slice(0, 16)
const critText = (c) => `第${c.seq}项 ${c.title}（村规民约${c.article}）`
// The body of a refusal, as the server answers the same request (refusals change nothing).
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
function pdfPages(buf) {
  const t = buf.toString('latin1')
  const boxes = [...t.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])])
  const pages = (t.match(/\/Type\s*\/Page\b(?!s)/g) || []).length
  return { pages, boxes }
}

test('the secretary keeps the criteria: the county template when there are none, an item added and edited', async () => {
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/rolls?tab=criteria')
  await page.waitForSelector('[data-test=rolls-criteria]', { timeout: 15000 })
  assert.ok(await page.locator('.el-menu-item', { hasText: '红黑榜' }).count(), 'a 红黑榜 menu entry')
  let c = await criteria()
  st.name = c.community_name
  if (!c.items.some((x) => x.status === 'active')) {
    // 采用县级模板: 9 red + 9 black items, each citing an article
    await page.waitForSelector('[data-test=rolls-criteria-adopt]', { timeout: 15000 })
    await page.click('[data-test=rolls-criteria-adopt]')
    await page.waitForSelector('[data-test=rolls-criteria-none]', { state: 'detached', timeout: 15000 })
    c = await criteria()
    assert.equal(c.items.filter((x) => x.status === 'active' && x.side === 'red').length, 9)
    assert.equal(c.items.filter((x) => x.status === 'active' && x.side === 'black').length, 9)
  } else assert.equal(await page.locator('[data-test=rolls-criteria-adopt]').count(), 0, 'no template offered where criteria are in force')
  // each side shows the active items of the API in number order, with their articles
  for (const side of ['red', 'black']) {
    const want = c.items.filter((x) => x.status === 'active' && x.side === side).sort((a, b) => a.seq - b.seq)
    assert.ok(want.length > 0, `${side} criteria in force`)
    await page.waitForSelector(`[data-test=rolls-criteria-${side}] [data-test=rolls-criterion-row][data-id="${want[0].id}"]`, { timeout: 15000 })
    assert.deepEqual(await page.locator(`[data-test=rolls-criteria-${side}] [data-test=rolls-criterion-row]`).evaluateAll((els) => els.map((e) => Number(e.dataset.id))), want.map((x) => x.id))
    for (const x of want) {
      assert.ok(x.article, `item ${x.seq} cites an article`)
      assert.equal(await text(page, `[data-test=rolls-criterion-article-${x.id}]`), `村规民约${x.article}`)
    }
  }

  // 新增: the article is required
  await openDialog(page, '[data-test=rolls-criterion-add-red]', '[data-test=rolls-criterion-save]')
  await page.fill('.el-dialog [data-test=rolls-criterion-title]', CRIT)
  await page.locator('.el-dialog [data-test=rolls-criterion-save]:visible').click()
  await page.locator('.el-dialog [data-test=rolls-criterion-form] .el-form-item__error', { hasText: '村规民约条款' }).waitFor({ timeout: 5000 })
  await page.fill('.el-dialog [data-test=rolls-criterion-article]', '第二十条')
  await page.fill('.el-dialog [data-test=rolls-criterion-description]', '爱护村内道路、路灯、健身器材等公共设施')
  await saveDialog(page, '[data-test=rolls-criterion-save]', '[data-test=rolls-criterion-dialog-error]')
  const added = (await criteria()).items.find((x) => x.title === CRIT)
  assert.ok(added, 'the item is added')
  assert.equal(added.side, 'red')
  assert.equal(added.article, '第二十条')
  assert.equal(added.status, 'active')
  assert.equal(added.seq, Math.max(...c.items.filter((x) => x.side === 'red').map((x) => x.seq)) + 1, 'the next number')
  await page.waitForSelector(`[data-test=rolls-criterion-row][data-id="${added.id}"]`, { timeout: 15000 })

  // 编辑: the dialog says the old text stays on earlier nominations; a successor with the same number
  await openDialog(page, `[data-test=rolls-criterion-edit-${added.id}]`, '[data-test=rolls-criterion-save]')
  assert.match(await text(page, '.el-dialog [data-test=rolls-criterion-edit-note]'), /此前的提名仍引用原来的文字/)
  assert.equal(await page.locator('.el-dialog [data-test=rolls-criterion-title]').inputValue(), CRIT)
  await page.fill('.el-dialog [data-test=rolls-criterion-title]', CRIT2)
  await saveDialog(page, '[data-test=rolls-criterion-save]', '[data-test=rolls-criterion-dialog-error]')
  const all = (await criteria(true)).items
  const next = all.find((x) => x.title === CRIT2)
  assert.ok(next && next.id !== added.id, 'a successor with a new id')
  assert.equal(next.seq, added.seq)
  assert.equal(all.find((x) => x.id === added.id).status, 'retired')
  await page.waitForSelector(`[data-test=rolls-criterion-row][data-id="${next.id}"]`, { timeout: 15000 })
  assert.equal(await page.locator(`[data-test=rolls-criterion-row][data-id="${added.id}"]`).count(), 0, 'the retired one is hidden')
  await page.click('[data-test=rolls-criteria-retired]')
  await page.waitForSelector(`[data-test=rolls-criterion-row][data-id="${added.id}"][data-status=retired]`, { timeout: 10000 })
  await shot(page, 'rolls-criteria')
  assert.deepEqual(realErrors(page), [])
})

test('the secretary nominates a person for the red list; both committees approve and it enters 公示; publishing at once is refused', async () => {
  // this month's list (published already or not: the refusal below names the entry before anything else)
  st.period = chinaMonth(0)
  // a person of the community found by the picker's search, without an entry of that month
  const taken = new Set((await apiAs(s, 'secretary', 'GET', `${R}/entries?community=${st.community}&period=${st.period}`)).items.map((e) => e.person_id))
  const people = (await apiAs(s, 'secretary', 'GET', `/api/v1/people?scope=${st.community}&limit=100`)).items
  for (const p of people) {
    if (taken.has(p.id) || !String(p.place_code || '').startsWith(st.community)) continue
    const found = (await apiAs(s, 'secretary', 'GET', `/api/v1/people?name=${encodeURIComponent(p.name)}&limit=20`)).items
    if (found.some((x) => x.id === p.id)) {
      st.person = p
      break
    }
  }
  assert.ok(st.person, 'a person to nominate')
  const red = (await criteria()).items.filter((x) => x.status === 'active' && x.side === 'red').sort((a, b) => a.seq - b.seq)
  st.criteria = red.slice(0, 2)

  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/rolls?tab=entries')
  await page.waitForSelector('[data-test=rolls-entries]', { timeout: 15000 })
  await openDialog(page, '[data-test=rolls-nominate]', '[data-test=rolls-nominate-save]')
  // the red items of the community, as the lists cite them
  await page.waitForSelector(`.el-dialog [data-test=rolls-nominate-criteria][data-count="${red.length}"]`, { timeout: 15000 })
  for (const x of red) assert.equal(await text(page, `.el-dialog [data-test=rolls-nominate-criterion-${x.id}]`), critText(x))
  // nothing ticked, no facts: the form says so
  await page.locator('.el-dialog [data-test=rolls-nominate-save]:visible').click()
  await page.locator('.el-dialog [data-test=rolls-nominate-form] .el-form-item__error', { hasText: '请至少勾选一项标准' }).waitFor({ timeout: 5000 })
  await page.locator('.el-dialog [data-test=rolls-nominate-person]').click()
  await page.locator('.el-dialog [data-test=rolls-nominate-person] input').pressSequentially(st.person.name, { delay: 30 })
  await page.locator(`.el-select-dropdown__item[data-test=person-option-${st.person.id}]:visible`).click()
  await page.waitForSelector(`.el-dialog [data-test=rolls-nominate-form][data-person="${st.person.id}"]`, { timeout: 10000 })
  await page.click(`.el-dialog [data-test=rolls-nominate-period-${st.period}]`)
  await page.waitForSelector(`.el-dialog [data-test=rolls-nominate-form][data-period="${st.period}"]`, { timeout: 5000 })
  for (const x of st.criteria) await page.click(`.el-dialog [data-test=rolls-nominate-criterion-${x.id}]`)
  await page.fill('.el-dialog [data-test=rolls-nominate-evidence]', EVIDENCE)
  await shot(page, 'rolls-nominate')
  await saveDialog(page, '[data-test=rolls-nominate-save]', '[data-test=rolls-nominate-error]')

  const mine = (await apiAs(s, 'secretary', 'GET', `${R}/entries?community=${st.community}&period=${st.period}`)).items.find((e) => e.evidence === EVIDENCE)
  assert.ok(mine, 'the entry is nominated')
  assert.equal(mine.person_id, st.person.id)
  assert.equal(mine.side, 'red')
  assert.equal(mine.subject, 'person')
  assert.equal(mine.period, st.period)
  assert.equal(mine.status, 'nominated')
  assert.deepEqual(mine.criteria.map((x) => x.id).sort((a, b) => a - b), st.criteria.map((x) => x.id).sort((a, b) => a - b))
  st.entry = mine

  // the drawer opens on the new entry: both committees' reviews
  const drawer = `[data-test=rolls-entry][data-id="${mine.id}"]`
  await page.waitForSelector(`${drawer}[data-status=nominated]`, { timeout: 15000 })
  assert.equal(await text(page, '[data-test=rolls-entry-status]'), '待审议')
  assert.deepEqual(await page.locator('[data-test=rolls-entry-criterion]').allInnerTexts(), mine.criteria.map(critText))
  for (const [c, opinion] of [['party', '支部委员会研究同意'], ['village', '村委会研究同意']]) {
    await page.waitForSelector(`[data-test=rolls-review-form-${c}]`, { timeout: 10000 })
    assert.equal(await attr(page, `[data-test=rolls-review-date-${c}]`, 'data-value'), chinaToday(), 'the meeting date opens on today')
    await page.fill(`[data-test=rolls-review-text-${c}]`, opinion)
    await page.click(`[data-test=rolls-review-save-${c}]`)
    await page.waitForSelector(`[data-test=rolls-review-${c}][data-done=true][data-approve=true]`, { timeout: 15000 })
    assert.equal(await text(page, `[data-test=rolls-review-opinion-${c}]`), opinion)
    const e = await entry(mine.id)
    assert.equal(e.reviews[c].approve, true)
    assert.equal(e.reviews[c].opinion, opinion)
    assert.equal(e.reviews[c].met_on, chinaToday())
    assert.equal(e.status, c === 'party' ? 'nominated' : 'notice', c === 'party' ? 'one review is not enough' : 'both approved: 公示')
  }
  // 公示: from now, five days for a red entry, not ready
  const e = await entry(mine.id)
  st.entry = e
  await page.waitForSelector(`${drawer}[data-status=notice]`, { timeout: 15000 })
  assert.equal(await text(page, '[data-test=rolls-entry-status]'), '公示中')
  assert.equal(await text(page, '[data-test=rolls-entry-notice-until]'), when(e.notice_until))
  const days = (Date.parse(e.notice_until) - Date.parse(e.notice_from)) / 86400000
  assert.ok(Math.abs(days - 5) < 0.01, `a red notice runs five days, got ${days}`)
  assert.equal(e.notice_over, false)
  assert.equal(e.ready, false)
  assert.match(await text(page, '[data-test=rolls-entry-not-ready]'), /公示期未满/)
  await shot(page, 'rolls-drawer-notice')
  await page.keyboard.press('Escape')

  // 公示与发布: in the list with its end
  await page.click('[data-test=rolls-tab-notice]')
  await page.waitForSelector(`[data-test=rolls-notice-row][data-id="${e.id}"]`, { timeout: 15000 })
  assert.equal(await attr(page, `[data-test=rolls-notice-row][data-id="${e.id}"]`, 'data-ready'), 'false')
  assert.equal(await text(page, `[data-test=rolls-notice-until-${e.id}]`), when(e.notice_until))
  const onNotice = (await apiAs(s, 'secretary', 'GET', `${R}/entries?community=${st.community}&status=notice`)).items
  assert.deepEqual(
    (await page.locator('[data-test=rolls-notice-row]').evaluateAll((els) => els.map((x) => Number(x.dataset.id)))).sort((a, b) => a - b),
    onNotice.map((x) => x.id).sort((a, b) => a - b),
  )

  // 发布: the entry is not ready (why, beforehand); ticked anyway, the server refuses in its own words
  const pubsBefore = await publications()
  await page.waitForSelector(`[data-test=rolls-publish-period][data-value="${st.period}"]`, { timeout: 5000 })
  await openDialog(page, '[data-test=rolls-publish-open]', '[data-test=rolls-publish-save]')
  await page.waitForSelector(`.el-dialog [data-test=rolls-publish-row][data-id="${e.id}"][data-ready=false]`, { timeout: 15000 })
  assert.match(await text(page, `.el-dialog [data-test=rolls-publish-why-${e.id}]`), /公示期未满/)
  await page.locator('.el-dialog [data-test=rolls-publish-table] tr', { has: page.locator(`[data-test=rolls-publish-row][data-id="${e.id}"]`) }).locator('.el-checkbox').click()
  await page.waitForFunction((id) => {
    const s = document.querySelector('.el-dialog [data-test=rolls-publish-summary]')
    return s && Number(s.dataset.picked) >= 1
  }, e.id, { timeout: 5000 })
  const picked = await page.locator('.el-dialog [data-test=rolls-publish-table] tbody tr').evaluateAll((rows) =>
    rows.filter((r) => r.querySelector('.el-checkbox.is-checked')).map((r) => Number(r.querySelector('[data-test=rolls-publish-row]').dataset.id)),
  )
  assert.ok(picked.includes(e.id))
  const refusal = await problemOf('secretary', 'POST', `${R}/publications`, { community: st.community, period: st.period, entry_ids: picked })
  assert.equal(refusal.status, 409)
  assert.match(refusal.words, /公示期未满/)
  await page.locator('.el-dialog [data-test=rolls-publish-save]:visible').click()
  await page.waitForSelector('.el-dialog [data-test=rolls-publish-error][data-status="409"]', { timeout: 15000 })
  const shown = await text(page, '.el-dialog [data-test=rolls-publish-error]')
  assert.equal(shown, refusal.words, 'the server\'s own words')
  assert.match(shown, /公示期未满/)
  await shot(page, 'rolls-publish-refused')
  assert.equal((await publications()).length, pubsBefore.length, 'nothing is published')
  assert.equal((await entry(e.id)).status, 'notice')
  assert.deepEqual(realErrors(page), [])
})

test('the resident objects to the notice on a phone and sees the objection listed', async () => {
  assert.ok(st.entry, 'an entry on notice')
  const page = await open({ phone: true })
  await login(page, s, 'resident')
  await page.goto('/m/rolls')
  const card = `[data-test=rolls-mine-notice][data-id="${st.entry.id}"]`
  await page.waitForSelector(card, { timeout: 15000 })
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 362), 'fits 360 px')
  // the notice as the community's board has it (names masked)
  const board = await (await fetch(`${s.base}/api/v1/public/rolls?community=${st.community}`)).json()
  const onBoard = board.notices.find((n) => n.id === st.entry.id)
  assert.ok(onBoard, 'the entry is on the board')
  assert.equal(await text(page, `[data-test=rolls-mine-notice-name-${st.entry.id}]`), onBoard.name)
  assert.deepEqual(
    (await page.locator('[data-test=rolls-mine-notice]').evaluateAll((els) => els.map((x) => Number(x.dataset.id)))).sort((a, b) => a - b),
    board.notices.map((n) => n.id).sort((a, b) => a - b),
  )
  // 提出异议: the reason is required
  await page.click(`[data-test=rolls-mine-object-${st.entry.id}]`)
  await page.locator('.el-dialog [data-test=rolls-mine-dialog-save]:visible').waitFor({ timeout: 10000 })
  await settled(page)
  await page.locator('.el-dialog [data-test=rolls-mine-dialog-save]:visible').click()
  await page.locator('.el-dialog .el-form-item__error', { hasText: '请填写至少 5 个字' }).waitFor({ timeout: 5000 })
  await page.fill('.el-dialog [data-test=rolls-mine-dialog-text]', OBJECTION)
  await saveDialog(page, '[data-test=rolls-mine-dialog-save]', '[data-test=rolls-mine-dialog-error]')
  const e = await entry(st.entry.id)
  const o = e.objections.find((x) => x.reason === OBJECTION)
  assert.ok(o, 'the objection is recorded')
  assert.equal(o.status, 'open')
  assert.equal(e.open_objections, 1)
  st.objection = o
  // listed on the notice, and again after a fresh read
  const line = `${card} [data-test=rolls-mine-objection]`
  await page.waitForSelector(line, { timeout: 15000 })
  assert.match(await text(page, line), new RegExp(TAG))
  // the server's record (its id and status), listed again after a fresh read
  await page.reload()
  await page.waitForSelector(`${line}[data-id="${o.id}"][data-status="open"]`, { timeout: 15000 })
  assert.match(await text(page, line), new RegExp(TAG))
  await shot(page, 'rolls-mine-objection')
  // a second objection while the first is open: the server's words
  await page.click(`[data-test=rolls-mine-object-${st.entry.id}]`)
  await page.locator('.el-dialog [data-test=rolls-mine-dialog-save]:visible').waitFor({ timeout: 10000 })
  await settled(page)
  await page.fill('.el-dialog [data-test=rolls-mine-dialog-text]', `再次提出异议（${TAG}）`)
  const again = await problemOf('resident', 'POST', `${R}/entries/${st.entry.id}/objections`, { reason: `再次提出异议（${TAG}）` })
  await page.locator('.el-dialog [data-test=rolls-mine-dialog-save]:visible').click()
  await page.waitForSelector(`.el-dialog [data-test=rolls-mine-dialog-error][data-status="${again.status}"]`, { timeout: 15000 })
  assert.equal(await text(page, '.el-dialog [data-test=rolls-mine-dialog-error]'), again.words)
  await page.click('.el-dialog [data-test=rolls-mine-dialog-cancel]')
  assert.equal((await entry(st.entry.id)).objections.length, 1, 'one objection')
  // 我的记录 is the API's
  const mine = (await apiAs(s, 'resident', 'GET', `${R}/mine`)).items
  await page.click('[data-test=rolls-mine-tab-mine]')
  if (mine.length) {
    await page.waitForSelector('[data-test=rolls-mine-entry]', { timeout: 15000 })
    assert.deepEqual((await page.locator('[data-test=rolls-mine-entry]').evaluateAll((els) => els.map((x) => Number(x.dataset.id)))).sort((a, b) => a - b), mine.map((x) => x.id).sort((a, b) => a - b))
  } else await page.locator('[data-test=my-rolls-page] [data-test=empty]:visible').first().waitFor({ timeout: 15000 })
  assert.deepEqual(realErrors(page), [])
})

test('the secretary dismisses the objection: the entry stays on notice', async () => {
  assert.ok(st.objection, 'an objection')
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/rolls?tab=notice')
  await page.waitForSelector(`[data-test=rolls-notice-row][data-id="${st.entry.id}"][data-objections="1"]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=rolls-notice-objections-${st.entry.id}]`), '1')
  await page.click(`[data-test=rolls-notice-row][data-id="${st.entry.id}"]`)
  await page.waitForSelector(`[data-test=rolls-objection][data-id="${st.objection.id}"][data-status=open]`, { timeout: 15000 })
  await openDialog(page, `[data-test=rolls-objection-dismiss-${st.objection.id}]`, '[data-test=rolls-act-save]')
  await page.fill('.el-dialog [data-test=rolls-act-text]', NOTE)
  await saveDialog(page, '[data-test=rolls-act-save]', '[data-test=rolls-act-error]')
  await page.waitForSelector(`[data-test=rolls-objection][data-id="${st.objection.id}"][data-status=dismissed]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=rolls-objection-note-${st.objection.id}]`), `处理意见：${NOTE}`)
  const e = await entry(st.entry.id)
  const o = e.objections.find((x) => x.id === st.objection.id)
  assert.equal(o.status, 'dismissed')
  assert.equal(o.note, NOTE)
  assert.ok(o.decided_at)
  assert.equal(e.status, 'notice', 'still on notice')
  assert.equal(e.open_objections, 0)
  await page.waitForSelector(`[data-test=rolls-entry][data-id="${e.id}"][data-status=notice]`, { timeout: 10000 })
  await shot(page, 'rolls-objection-dismissed')
  await page.keyboard.press('Escape')
  await page.waitForSelector(`[data-test=rolls-notice-row][data-id="${st.entry.id}"][data-objections="0"]`, { timeout: 15000 })
  assert.deepEqual(realErrors(page), [])
  // the resident reads the decision on their phone, with the note, under 我的记录
  const phone = await open({ phone: true })
  await login(phone, s, 'resident')
  await phone.goto('/m/rolls')
  await phone.click('[data-test=rolls-mine-tab-mine]')
  const mineLine = `[data-test=rolls-mine-my-objection][data-id="${st.objection.id}"][data-status=dismissed]`
  await phone.waitForSelector(mineLine, { timeout: 15000 })
  assert.match(await text(phone, mineLine), new RegExp(NOTE))
  assert.deepEqual(realErrors(phone), [])
})

test('a publication prints as the A4 notice of the noticeboard', async (ctx) => {
  const pubs = await publications()
  assert.ok(pubs.length > 0, 'the demo published lists')
  // the newest with names on both sides, else the newest
  const full = []
  for (const p of pubs.slice().sort((a, b) => String(b.period).localeCompare(String(a.period)))) {
    const one = await apiAs(s, 'secretary', 'GET', `${R}/publications/${p.id}`)
    full.push(one)
    if (one.red > 0 && one.black > 0) break
  }
  const pub = full.find((p) => p.red > 0 && p.black > 0) || full[0]
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/rolls?tab=notice')
  await page.waitForSelector(`[data-test=rolls-pub-row][data-id="${pub.id}"]`, { timeout: 15000 })
  assert.deepEqual(await page.locator('[data-test=rolls-pub-row]').evaluateAll((els) => els.map((x) => Number(x.dataset.id))), pubs.slice().sort((a, b) => String(b.period).localeCompare(String(a.period)) || b.id - a.id).map((p) => p.id))
  assert.equal(await attr(page, `[data-test=rolls-pub-row][data-id="${pub.id}"]`, 'data-red'), String(pub.red))
  await page.click(`[data-test=rolls-pub-print-${pub.id}]`)
  await page.waitForURL((u) => u.pathname === `/rolls/print/${pub.id}`, { timeout: 15000 })
  await page.waitForSelector(`[data-test=rolls-paper][data-id="${pub.id}"]`, { timeout: 15000 })
  assert.equal(await page.locator('[data-test=who]').count(), 0, 'no app frame around the paper')
  const [y, m] = pub.period.split('-')
  const title = `${pub.community_name}${y}年${Number(m)}月红黑榜`
  assert.equal(await text(page, '[data-test=rolls-paper-title]'), title)
  const listed = (side) => pub.entries.filter((e) => e.side === side && e.status === 'listed')
  for (const side of ['red', 'black']) {
    assert.deepEqual(await page.locator(`[data-test=rolls-paper-${side}] [data-test=rolls-paper-name]`).allInnerTexts(), listed(side).map((e) => e.name), `${side} names`)
    assert.deepEqual(
      await page.locator(`[data-test=rolls-paper-${side}] [data-test=rolls-paper-item]`).allInnerTexts(),
      listed(side).flatMap((e) => e.criteria.map(critText)),
      `${side} items`,
    )
  }
  const village = /社区$/.test(pub.community_name) ? ['社区党组织（盖章）', '社区居委会（盖章）'] : ['村党组织（盖章）', '村委会（盖章）']
  assert.equal(await text(page, '[data-test=rolls-paper-party]'), village[0])
  assert.equal(await text(page, '[data-test=rolls-paper-village]'), village[1])
  const d = pub.published_at.slice(0, 10).split('-').map(Number)
  assert.equal(await text(page, '[data-test=rolls-paper-date]'), `${d[0]}年${d[1]}月${d[2]}日`)

  await page.evaluate(() => {
    window.__printed = 0
    window.print = () => window.__printed++
  })
  await page.click('[data-test=print-button]')
  assert.equal(await page.evaluate(() => window.__printed), 1)
  await shot(page, 'rolls-print')
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('[data-test=print-toolbar]').isVisible(), false, 'the toolbar is not printed')
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true })
  await page.emulateMedia({ media: 'screen' })
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
  fs.mkdirSync(OUT, { recursive: true })
  const file = path.join(OUT, 'rolls-notice.pdf')
  fs.writeFileSync(file, pdf)
  const { pages, boxes } = pdfPages(pdf)
  assert.ok(pages >= 1)
  for (const [w, h] of boxes) assert.ok(Math.abs(w - 595.28) < 2 && Math.abs(h - 841.89) < 2, `A4 page, got ${w} × ${h}`)
  if (spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).status === 0) {
    const txt = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s/g, '')
    for (const w of [title, ...village, ...listed('red').slice(0, 3).map((e) => e.name)]) assert.ok(txt.includes(w.replace(/\s/g, '')), `the PDF says ${w}`)
    assert.ok(!txt.includes('打印'), 'no toolbar in the PDF')
  } else ctx.diagnostic('no pdftotext on this machine: the PDF text was not checked')
  // in English after the toolbar's switch, and back
  await page.click('[data-test=print-lang]')
  await page.waitForFunction(() => /Red and black lists/.test(document.querySelector('[data-test=rolls-paper-title]')?.innerText || ''), null, { timeout: 10000 })
  await page.click('[data-test=print-lang]')
  await page.waitForFunction((t) => document.querySelector('[data-test=rolls-paper-title]')?.innerText.trim() === t, title, { timeout: 10000 })
  assert.deepEqual(realErrors(page), [])
})

test('星级文明户 shows the households with stars', async () => {
  const stars = await apiAs(s, 'secretary', 'GET', `${R}/stars?community=${st.community}`)
  const starred = stars.items.filter((h) => h.stars > 0)
  assert.ok(starred.length > 0, 'a household with stars in the demo')
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/rolls?tab=stars')
  await page.waitForSelector(`[data-test=rolls-stars][data-threshold="${stars.threshold}"][data-of="${stars.of}"]`, { timeout: 15000 })
  await page.waitForSelector('[data-test=rolls-star-row]', { timeout: 15000 })
  // most stars first: the first row is a household with the most stars
  const top = Math.max(...stars.items.map((h) => h.stars))
  const first = Number(await attr(page, '[data-test=rolls-star-row]', 'data-stars'))
  const firstStar = stars.items.some((h) => h.star_household) ? 'true' : 'false'
  assert.equal(await attr(page, '[data-test=rolls-star-row]', 'data-star'), firstStar, 'the 星级文明户 first')
  if (firstStar === 'false') assert.equal(first, top)
  assert.ok(first >= 1)
  const firstId = await attr(page, '[data-test=rolls-star-row]', 'data-household')
  const h = stars.items.find((x) => String(x.household_id) === firstId)
  assert.ok(h)
  const line = await text(page, `[data-test=rolls-star-stars-${h.household_id}]`)
  assert.equal([...line].filter((c) => c === '★').length, h.stars, 'as many ★ as stars')
  assert.equal([...line].length, stars.of)
  if (h.star_household) assert.equal(await text(page, `[data-test=rolls-star-tag-${h.household_id}]`), '星级文明户')
  if (h.suspended) assert.ok(await page.locator(`[data-test=rolls-star-suspended-${h.household_id}]`).count())
  // only the 星级文明户
  await page.click('[data-test=rolls-stars-only]')
  const n = stars.items.filter((x) => x.star_household).length
  if (n) {
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test=rolls-star-row]')].every((e) => e.dataset.star === 'true'), null, { timeout: 10000 })
    assert.equal(await page.locator('[data-test=rolls-star-row]').count(), Math.min(n, 30))
  } else await page.locator('[data-test=rolls-stars] [data-test=empty]').waitFor({ timeout: 10000 })
  await shot(page, 'rolls-stars')
  assert.deepEqual(realErrors(page), [])
})

test('the grid worker nominates and reads, nothing more; the resident has no /rolls', async () => {
  const page = await open()
  await login(page, s, 'gridworker')
  await page.goto('/rolls?tab=entries')
  await page.waitForSelector('[data-test=rolls-entries]', { timeout: 15000 })
  assert.equal(await page.locator('[data-test=rolls-nominate]').count(), 1, 'the grid worker nominates')
  await page.click('[data-test=rolls-tab-notice]')
  await page.waitForSelector('[data-test=rolls-notice]', { timeout: 15000 })
  assert.equal(await page.locator('[data-test=rolls-publish-open]').count(), 0, 'no publishing')
  await page.click('[data-test=rolls-tab-criteria]')
  await page.waitForSelector('[data-test=rolls-criterion-row]', { timeout: 15000 })
  assert.equal(await page.locator('[data-test=rolls-criterion-add]').count(), 0, 'no editing of the criteria')
  assert.equal(await page.locator('[data-test^=rolls-criterion-edit-]').count(), 0)
  assert.deepEqual(realErrors(page), [])

  const phone = await open({ phone: true })
  await login(phone, s, 'resident')
  await phone.goto('/rolls')
  await phone.waitForURL((u) => u.pathname === '/403', { timeout: 15000 })
  assert.deepEqual(realErrors(phone), [])
})
