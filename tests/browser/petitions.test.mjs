// 信访事项 through the UI: the petition desk registers the same petitioner twice through the API (the second is
// flagged 重复信访) and a petition through the form (every missing field named at once, the server's message on a
// bad citizen ID, 上级交办 with its date); the register lists them with their flags and the masked 信访人, and every
// filter arriving in the URL (重复信访, channel, 越级, 包案, dates, scope) shows in the controls and is the API's answer
// to the same query (a control changes the URL and the rows; the labels in English too); the
// desk accepts and assigns (交办) the petition to the county police; the police take it (接办) from their 交办信访
// list, are granted a 20-day extension by the county, and answer (答复); the county makes the township official
// the leader in charge (领导包案), who then finds it under 我的包案; the 受理告知书, 不予受理告知书, 延期告知书 and
// 答复意见书 print to A4 PDFs with the petitioners masked, and in clear on demand; on a phone the grid worker finds a
// petition given to the grid under 信访件 and records a 下访 (full-screen dialog), tagged in the timeline. The API
// agrees at every step.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { startServer, openPage, login, shot, apiAs, realErrors, OUT, apiInPage, tableShows } from './harness.mjs'

let s, browser, page
const flow = {} // id, tracking_no, repeat ids, village, police department id, township user
before(async () => {
  s = await startServer()
  ;({ browser, page } = await openPage(s))
})
after(async () => {
  await browser?.close()
  await s?.stop()
})

// A valid 18-digit citizen ID (GB 11643 check digit) of the demo county.
function citizenId(body17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body17].reduce((a, d, i) => a + Number(d) * w[i], 0)
  return body17 + '10X98765432'[sum % 11]
}
const PETITIONER = { name: '杨桂芬', cid: citizenId('53032619650304222'), phone: '13700003333', address: '龙祥社区8组' }
const REPEATER = { name: '周德明', citizen_id: citizenId('53032619700815331') }
const DESCRIPTION = '2024年承包地被征用修路，至今未领到青苗补偿款，多次找村委会未果，请求依法兑现补偿。'
const SUBJECT = '反映征地青苗补偿款未兑现'
const SUPERIOR = '市信访局 曲信交〔2026〕12号'
const ANSWER = '经核查，你反映的青苗补偿款已列入县征地补偿资金计划。\n县公安局已督促施工单位于2027年1月底前兑现全部补偿款。'
const EXT_REASON = '需协调县自然资源局核对征地台账'
const REFUSE_REASON = '该事项已经人民法院判决，依法应当通过诉讼途径解决'

// The state tag shows `text` and no dialog is left on screen.
async function stateTag(p, text) {
  await p.locator('[data-test=petition-state]', { hasText: text }).first().waitFor({ timeout: 15000 })
  await p.waitForFunction(() => [...document.querySelectorAll('.el-overlay')].every((e) => getComputedStyle(e).display === 'none'))
}
const settled = (p) => p.waitForFunction(() => !document.querySelector('.dialog-fade-enter-active, .dialog-fade-leave-active'))
async function openAction(p, action) {
  await p.click(`[data-test=order-action-${action}]`)
  await p.locator('[data-test=action-submit]:visible').waitFor()
  await settled(p)
}
const submitAction = (p) => p.locator('[data-test=action-submit]:visible').click()
async function pickOption(p, selectSel, text) {
  await p.locator(`${selectSel}:visible`).click()
  await p.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}
// The table lists exactly these tracking numbers, in this order (waits for the reload, then compares).
const listShows = (p, want) => tableShows(p, '[data-test=petition-table] [data-test=petition-no]', want)
// "2027-01-07T00:00:00+08:00" → "2027年1月6日": a due midnight is the end of the day before
function dueDayZh(iso) {
  const m = iso.match(/^(\d{4})-(\d{2})-(\d{2})T00:00:00/)
  assert.ok(m, `a due midnight: ${iso}`)
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] - 1))
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}
const dayZh = (iso) => iso.replace(/^(\d{4})-(\d{2})-(\d{2}).*$/, (_, y, m, d) => `${y}年${Number(m)}月${Number(d)}日`)

test('the desk registers a petition through the form; the same petitioner twice through the API is a repeat', async () => {
  flow.village = s.accounts.secretary.scope
  flow.township = s.accounts.township.scope
  assert.equal(flow.village.slice(0, 9), flow.township)
  const body = { category: '1301', channel: 'letter', place_code: flow.village, description: '反映村组账目不公开', petitioners: [REPEATER] }
  const first = await apiAs(s, 'petition', 'POST', '/api/v1/petitions', body)
  const second = await apiAs(s, 'petition', 'POST', '/api/v1/petitions', { ...body, channel: 'visit', description: '再次反映村组账目不公开' })
  assert.equal(first.repeat, false)
  assert.equal(second.repeat, true)
  assert.equal(second.repeat_of, first.id)
  flow.first = first
  flow.repeat = second

  await login(page, s, 'petition')
  await page.goto('/petitions')
  await page.waitForSelector('[data-test=petitions-page-desk]')
  assert.equal(await page.locator('[data-test=nav-petitions]').count(), 1, 'the menu has 信访事项')
  assert.equal(await page.locator('[data-test=nav-lead-cases]').count(), 0, 'the desk has no 我的包案')
  await page.click('[data-test=petition-register]')
  await page.waitForURL(/\/petitions\/new$/)
  await page.waitForSelector('[data-test=petitioner-row-0]')

  // nothing filled in (the channel defaults to 来访): every missing field is named at once
  await page.click('[data-test=petition-superior-on]')
  await page.click('[data-test=petition-submit]')
  const err = await page.locator('[data-test=form-error]').innerText()
  for (const f of ['问题类别', '属地', '信访诉求及事实理由', '第 1 位信访人的姓名', '交办单位及文号', '上级要求办结日期']) assert.match(err, new RegExp(f), f)
  await shot(page, 'petitions-form-missing')

  await page.click('[data-test=channel-visit]')
  await pickOption(page, '[data-test=petition-category]', '农村农业')
  // the place: the county, its township, the village (a cascader, any level selectable)
  const [countyName, townshipName, villageName] = await Promise.all(
    [flow.village.slice(0, 6), flow.township, flow.village].map((c) => apiAs(s, 'petition', 'GET', `/api/v1/places/${c}`).then((p) => p.name)),
  )
  await page.click('[data-test=petition-place-box] .el-cascader')
  await page.locator('.el-cascader-node:visible', { hasText: countyName }).first().click()
  await page.locator('.el-cascader-node:visible', { hasText: townshipName }).first().click()
  await page.locator('.el-cascader-node:visible', { hasText: villageName }).first().locator('.el-radio').click()
  await page.keyboard.press('Escape')
  await page.fill('[data-test=petition-description]', DESCRIPTION)
  await page.fill('[data-test=petition-title]', SUBJECT)
  await page.fill('[data-test=petitioner-name-0]', PETITIONER.name)
  await page.fill('[data-test=petitioner-cid-0]', PETITIONER.cid.slice(0, 17) + (PETITIONER.cid[17] === '1' ? '2' : '1')) // a wrong check digit
  await page.fill('[data-test=petitioner-phone-0]', PETITIONER.phone)
  await page.fill('[data-test=petitioner-address-0]', PETITIONER.address)
  await page.fill('[data-test=petition-superior]', SUPERIOR)
  await page.locator('[data-test=petition-superior-due] input').fill('2027-01-20')
  await page.locator('[data-test=petition-superior-due] input').press('Enter')
  // a second petitioner added and removed again
  await page.click('[data-test=petitioner-add]')
  await page.waitForSelector('[data-test=petitioner-row-1]')
  await page.click('[data-test=petitioner-remove-1]')
  await page.locator('[data-test=petitioner-row-1]').waitFor({ state: 'detached' })

  await page.click('[data-test=petition-submit]')
  const serverErr = page.locator('[data-test=form-error]', { hasText: '身份' })
  await serverErr.waitFor({ timeout: 15000 })
  assert.match(await serverErr.innerText(), /校验码/)
  await shot(page, 'petitions-form-server-error')

  await page.fill('[data-test=petitioner-cid-0]', PETITIONER.cid)
  await page.click('[data-test=petition-submit]')
  await page.waitForURL(/\/petitions\/\d+$/, { timeout: 15000 })
  flow.id = Number(page.url().match(/\/petitions\/(\d+)$/)[1])
  const c = await apiAs(s, 'petition', 'GET', `/api/v1/petitions/${flow.id}`)
  flow.tracking_no = c.tracking_no
  assert.equal(c.kind, 'petition')
  assert.equal(c.state, 'reported')
  assert.equal(c.channel, 'visit')
  assert.equal(c.category, '1301')
  assert.equal(c.place_code, flow.village)
  assert.equal(c.title, SUBJECT)
  assert.equal(c.description, DESCRIPTION)
  assert.equal(c.superior, SUPERIOR)
  assert.equal(dueDayZh(c.superior_due), '2027年1月20日', 'the superior due day as entered')
  assert.equal(c.repeat, false)
  assert.equal(c.petitioners.length, 1)
  assert.ok(c.petitioners[0].masked, 'petitioners come masked')
  assert.notEqual(c.petitioners[0].name, PETITIONER.name)

  await stateTag(page, '待受理')
  assert.equal(await page.innerText('[data-test=petition-tracking-no]'), c.tracking_no)
  assert.equal(await page.innerText('[data-test=petition-channel]'), '来访')
  assert.equal(await page.locator('[data-test=flag-superior]').count(), 1)
  assert.equal(await page.innerText('[data-test=petition-superior]'), SUPERIOR)
  assert.equal(await page.innerText('[data-test=petition-superior-due]'), '2027-01-20')
  assert.equal(await page.locator('[data-test=flag-repeat]').count(), 0)
  assert.deepEqual(await page.locator('[data-test=petitioner-name]').allInnerTexts(), [c.petitioners[0].name])
  assert.equal(await page.locator('[data-test^=order-action-]').count(), c.actions.length)
  assert.deepEqual(c.actions.sort(), ['accept', 'refuse'])
  assert.equal(await page.locator('[data-test=petition-papers]').count(), 0, 'no paper before a decision')

  // 查看明文 with a purpose
  await page.click('[data-test=petitioners-unmask]')
  await page.locator('[data-test=unmask-submit]:visible').click()
  assert.match(await page.locator('.el-dialog:visible .el-form-item__error').innerText(), /用途/)
  await page.fill('[data-test=unmask-purpose]', '电话联系信访人')
  await page.locator('[data-test=unmask-submit]:visible').click()
  await page.waitForSelector('[data-test=petitioners-clear]')
  assert.equal(await page.innerText('[data-test=petitioner-name]'), PETITIONER.name)
  assert.equal(await page.innerText('[data-test=petitioner-cid]'), PETITIONER.cid)
  await shot(page, 'petitions-detail-registered')
  assert.deepEqual(realErrors(page), [])
})

test('the register lists the petitions with their petitioners, channel, state and flags; every filter from the URL goes to the server', async () => {
  await page.goto('/petitions')
  const row = page.locator('[data-test=petition-table] .el-table__row', { hasText: flow.tracking_no })
  await row.waitFor({ timeout: 15000 })
  const list = await apiAs(s, 'petition', 'GET', '/api/v1/petitions?limit=30')
  assert.deepEqual(await page.locator('[data-test=petition-table] [data-test=petition-no]').allInnerTexts(), list.items.map((o) => o.tracking_no))
  assert.match(await row.innerText(), /来访/)
  assert.match(await row.innerText(), /待受理/)
  assert.match(await row.innerText(), new RegExp(SUBJECT))
  assert.equal(await row.locator('[data-test=flag-superior]').innerText(), '上级交办')
  assert.equal(await row.locator('[data-test=flag-repeat]').count(), 0)
  const rep = page.locator('[data-test=petition-table] .el-table__row', { hasText: flow.repeat.tracking_no })
  assert.equal(await rep.locator('[data-test=flag-repeat]').innerText(), '重复信访')
  const first = page.locator('[data-test=petition-table] .el-table__row', { hasText: flow.first.tracking_no })
  assert.equal(await first.locator('[data-test=flag-repeat]').count(), 0)
  // the flags skip-level as the server found them
  for (const o of [flow.first, flow.repeat]) {
    const r = page.locator('[data-test=petition-table] .el-table__row', { hasText: o.tracking_no })
    assert.equal(await r.locator('[data-test=flag-skip]').count(), o.skip_level ? 1 : 0)
  }
  await shot(page, 'petitions-list')

  // the 信访人 column: the petitioners' masked names as the API lists them
  const people = await page.locator('[data-test=petition-table] [data-test=petition-people]').allInnerTexts()
  assert.deepEqual(people, list.items.map((o) => o.people.join('、')))
  assert.ok(people.length > 0 && people.every((n) => n.includes('*')), `masked names: ${people.join(' | ')}`)
  assert.equal(await page.locator('[data-test=petition-table] th', { hasText: '信访人' }).count(), 1)

  // arriving with ?repeat=true: the server's repeats only, the box ticked, the count the API's
  await page.goto('/petitions?repeat=true')
  const repeats = await apiInPage(page, '/api/v1/petitions?repeat=true&limit=30')
  assert.ok(repeats.items.length > 0 && repeats.items.length < list.items.length, 'some petitions are repeats, not all')
  assert.ok(repeats.items.every((o) => o.repeat === true), 'the API answers repeats only')
  assert.ok(repeats.items.some((o) => o.id === flow.repeat.id))
  await listShows(page, repeats.items.map((o) => o.tracking_no))
  assert.equal(await page.locator('[data-test=filter-repeat].is-checked').count(), 1, '仅重复信访 is ticked')
  assert.equal(await page.locator('[data-test=petition-table] [data-test=flag-repeat]').count(), repeats.items.length)
  assert.equal(await page.innerText('[data-test=petition-count]'), `已显示 ${repeats.items.length} 条`)
  // unticked: every petition again
  await page.click('[data-test=filter-repeat]')
  await page.waitForURL((u) => !u.search.includes('repeat'))
  await listShows(page, list.items.map((o) => o.tracking_no))

  // channel 来信 through the control: the URL and the rows follow
  await pickOption(page, '[data-test=filter-channel]', '来信')
  await page.waitForURL(/channel=letter/)
  const letters = await apiInPage(page, '/api/v1/petitions?channel=letter&limit=30')
  assert.ok(letters.items.some((o) => o.id === flow.first.id) && !letters.items.some((o) => o.id === flow.id))
  await listShows(page, letters.items.map((o) => o.tracking_no))
  assert.deepEqual([...new Set(await page.locator('[data-test=petition-table] [data-test=petition-channel]').allInnerTexts())], ['来信'])
  assert.match(await page.locator('[data-test=filter-channel]').innerText(), /来信/)

  // the dashboard's links: 越级, 包案 and a date range arrive in the controls and go to the server
  for (const q of ['skip_level=true', 'led=true']) {
    await page.goto('/petitions?' + q)
    const want = await apiInPage(page, `/api/v1/petitions?${q}&limit=30`)
    assert.ok(want.items.length > 0 && want.items.length < list.items.length, `${q}: some, not all`)
    await listShows(page, want.items.map((o) => o.tracking_no))
    const box = q === 'led=true' ? 'filter-led' : 'filter-skip-level'
    assert.equal(await page.locator(`[data-test=${box}].is-checked`).count(), 1, `${box} is ticked`)
    const flag = q === 'led=true' ? 'flag-lead' : 'flag-skip'
    assert.equal(await page.locator(`[data-test=petition-table] [data-test=${flag}]`).count(), want.items.length)
  }
  const days = list.items.map((o) => o.received_at.slice(0, 10)).sort()
  const from = days[Math.floor(days.length / 4)]
  const to = days[Math.floor((days.length * 3) / 4)]
  await page.goto(`/petitions?from=${from}&to=${to}&overdue=false`)
  const ranged = await apiInPage(page, `/api/v1/petitions?from=${from}&to=${to}&limit=30`)
  assert.ok(ranged.items.length > 0 && ranged.items.length < list.items.length, 'some petitions in the range, not all')
  await listShows(page, ranged.items.map((o) => o.tracking_no))
  assert.ok(ranged.items.every((o) => o.received_at.slice(0, 10) >= from && o.received_at.slice(0, 10) <= to))
  assert.deepEqual(await page.locator('[data-test=filter-dates] input').evaluateAll((els) => els.map((e) => e.value)), [from, to])

  // ?scope=<township>: the place's name on a closable tag, its petitions only; closing it lists all again
  const township = await apiAs(s, 'petition', 'GET', `/api/v1/places/${flow.township}`)
  await page.goto(`/petitions?scope=${flow.township}`)
  const scoped = await apiInPage(page, `/api/v1/petitions?scope=${flow.township}&limit=30`)
  assert.ok(scoped.items.length > 0 && scoped.items.every((o) => o.place_code.startsWith(flow.township)))
  await listShows(page, scoped.items.map((o) => o.tracking_no))
  await page.locator('[data-test=filter-scope]', { hasText: township.name }).waitFor()
  await page.click('[data-test=filter-scope] .el-tag__close')
  await page.waitForURL((u) => !u.search.includes('scope'))
  await listShows(page, list.items.map((o) => o.tracking_no))
  await shot(page, 'petitions-list-filters')

  // a bad value from a hand-made link: the server's message names the field
  await page.goto('/petitions?channel=fax')
  await page.locator('[data-test=error]', { hasText: '渠道 fax' }).waitFor({ timeout: 15000 })

  // in English: the new controls' labels and the column
  await page.evaluate(() => localStorage.setItem('wangge.locale', 'en'))
  await page.goto('/petitions?skip_level=true')
  await page.locator('[data-test=filter-skip-level].is-checked', { hasText: 'Skipped a level only' }).waitFor({ timeout: 15000 })
  assert.equal((await page.innerText('[data-test=filter-led]')).trim(), 'Led by a leader only')
  assert.equal((await page.innerText('[data-test=filter-repeat]')).trim(), 'Repeat only')
  assert.equal(await page.locator('[data-test=filter-dates] input').first().getAttribute('placeholder'), 'Registered from')
  assert.equal(await page.locator('[data-test=petition-table] th', { hasText: 'Petitioners' }).count(), 1)
  await page.evaluate(() => localStorage.setItem('wangge.locale', 'zh-CN'))
  await page.goto('/petitions')
  await page.locator('[data-test=filter-led]', { hasText: '仅领导包案' }).waitFor({ timeout: 15000 })
  assert.equal((await page.innerText('[data-test=filter-skip-level]')).trim(), '仅越级')

  // the repeat's page links the petition it repeats
  await page.goto(`/petitions/${flow.repeat.id}`)
  await page.locator('[data-test=flag-repeat]').waitFor()
  await page.click('[data-test=petition-repeat-of]')
  await page.waitForURL(new RegExp(`/petitions/${flow.first.id}$`))
  await page.locator('[data-test=petition-tracking-no]', { hasText: flow.first.tracking_no }).waitFor()
  assert.deepEqual(realErrors(page), [])
})

test('the desk accepts it and assigns (交办) it to the county police', async () => {
  await page.goto(`/petitions/${flow.id}`)
  await stateTag(page, '待受理')
  await openAction(page, 'accept')
  await submitAction(page)
  await stateTag(page, '已受理待交办')
  assert.equal(await page.locator('[data-test=print-accept]').count(), 1, 'the acceptance notice once accepted')

  const depts = await apiAs(s, 'petition', 'GET', '/api/v1/departments')
  flow.police = depts.items.find((d) => d.code === 'gongan')
  const c = await apiAs(s, 'petition', 'GET', `/api/v1/petitions/${flow.id}`)
  assert.equal(c.action_labels.dispatch, '交办')
  assert.equal((await page.innerText('[data-test=order-action-dispatch]')).trim(), '交办')
  await openAction(page, 'dispatch')
  assert.match(await page.locator('.el-dialog:visible .el-dialog__title').innerText(), /交办/)
  await page.locator('[data-test=target-kind-dept]:visible').click()
  await pickOption(page, '[data-test=action-dept]', flow.police.name)
  await shot(page, 'petitions-dispatch-dialog')
  await submitAction(page)
  await stateTag(page, '待接办')
  const after = await apiAs(s, 'petition', 'GET', `/api/v1/petitions/${flow.id}`)
  assert.equal(after.state, 'dispatched')
  assert.equal(after.assignee_dept, flow.police.id)
  assert.equal(await page.innerText('[data-test=petition-assignee]'), flow.police.name)
  assert.equal((await page.locator('[data-test=timeline-action]').first().innerText()).trim(), '交办')
  assert.deepEqual(realErrors(page), [])
})

test('the police take it from 交办信访, get a 20-day extension from the county, and answer (答复)', async () => {
  await login(page, s, 'police')
  assert.equal(await page.locator('[data-test=nav-assigned-petitions]').count(), 1, 'a department handler has 交办信访')
  assert.equal(await page.locator('[data-test=nav-petitions]').count(), 0, 'but not the register')
  await page.click('[data-test=nav-assigned-petitions]')
  const row = page.locator('[data-test=petition-table] .el-table__row', { hasText: flow.tracking_no })
  await row.waitFor({ timeout: 15000 })
  assert.match(await row.innerText(), /待接办/)
  const list = await apiAs(s, 'police', 'GET', '/api/v1/petitions?limit=30')
  assert.deepEqual(await page.locator('[data-test=petition-table] [data-test=petition-no]').allInnerTexts(), list.items.map((o) => o.tracking_no))
  await row.click()
  await page.waitForURL(new RegExp(`/petitions/${flow.id}$`))
  await stateTag(page, '待接办')
  assert.equal(await page.locator('[data-test=petitioners-unmask]').count(), 0, 'a department may not see petitioners in clear')
  await openAction(page, 'claim')
  await submitAction(page)
  await stateTag(page, '办理中')

  // the extension: asked by the police, approved by the county (the API)
  await apiAs(s, 'police', 'POST', `/api/v1/orders/${flow.id}/request_extension`, { days: 20, reason: EXT_REASON })
  const before = await apiAs(s, 'county', 'GET', `/api/v1/petitions/${flow.id}`)
  await apiAs(s, 'county', 'POST', `/api/v1/orders/${flow.id}/approve_extension`, {})
  const extended = await apiAs(s, 'police', 'GET', `/api/v1/petitions/${flow.id}`)
  assert.equal(extended.extensions, 1)
  assert.equal(new Date(extended.handle_due) - new Date(before.handle_due), 20 * 86400e3)
  flow.oldDue = before.handle_due
  flow.newDue = extended.handle_due

  await page.click('[data-test=reload]')
  await page.locator('[data-test=petition-handle-due]', { hasText: extended.handle_due.slice(0, 10) }).waitFor({ timeout: 15000 })
  assert.equal((await page.innerText('[data-test=order-action-finish]')).trim(), '答复')
  await openAction(page, 'finish')
  assert.match(await page.locator('.el-dialog:visible .el-dialog__title').innerText(), /答复/)
  await submitAction(page)
  await page.locator('[data-test=action-error]:visible').waitFor()
  await page.locator('[data-test=action-note]:visible').fill(ANSWER)
  await submitAction(page)
  await stateTag(page, '已答复')
  const done = await apiAs(s, 'police', 'GET', `/api/v1/petitions/${flow.id}`)
  assert.equal(done.state, 'finished')
  assert.ok(done.review_until, 'the 复查 deadline is set')
  assert.equal(await page.innerText('[data-test=petition-review-until]'), dueDayZh(done.review_until).replace(/(\d+)年(\d+)月(\d+)日/, (_, y, m, d) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`))
  assert.equal(await page.locator('[data-test=timeline-note]').first().innerText(), ANSWER)
  for (const p of ['accept', 'extension', 'reply']) assert.equal(await page.locator(`[data-test=print-${p}]`).count(), 1, p)
  assert.equal(await page.locator('[data-test=print-refuse]').count(), 0)
  await shot(page, 'petitions-detail-answered')
  assert.deepEqual(realErrors(page), [])
})

test('the county makes the township official the leader in charge; the township finds it under 我的包案', async () => {
  const users = await apiAs(s, 'county', 'GET', '/api/v1/users?limit=200')
  const leader = users.items.find((u) => u.username === 'township')
  await login(page, s, 'county')
  assert.equal(await page.locator('[data-test=nav-lead-cases]').count(), 1)
  await page.goto(`/petitions/${flow.id}`)
  await stateTag(page, '已答复')
  assert.equal(await page.innerText('[data-test=petition-leader]'), '—')
  await openAction(page, 'lead')
  assert.match(await page.locator('.el-dialog:visible .el-dialog__title').innerText(), /领导包案/)
  await submitAction(page)
  assert.match(await page.locator('[data-test=action-error]:visible').innerText(), /包案领导/)
  await page.locator('[data-test=lead-leader]:visible').click()
  await page.locator('[data-test=lead-user-township]:visible').waitFor({ timeout: 15000 })
  // the candidates: the county and township leaders covering the place, not the other township's
  const names = await page.locator('[data-test^=lead-user-]:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-test')))
  assert.deepEqual(names.sort(), ['lead-user-county', 'lead-user-township'])
  await page.locator('[data-test=lead-user-township]:visible').click()
  await submitAction(page)
  await page.locator('[data-test=flag-lead]').waitFor({ timeout: 15000 })
  await stateTag(page, '已答复')
  assert.equal(await page.innerText('[data-test=petition-leader]'), leader.display_name)
  const c = await apiAs(s, 'county', 'GET', `/api/v1/petitions/${flow.id}`)
  assert.equal(c.leader_user_id, leader.id)
  assert.equal((await page.locator('[data-test=timeline-action]').first().innerText()).trim(), '领导包案')
  await shot(page, 'petitions-detail-lead')

  await login(page, s, 'township')
  await page.click('[data-test=nav-lead-cases]')
  await page.waitForSelector('[data-test=petitions-page-lead]')
  const row = page.locator('[data-test=petition-table] .el-table__row', { hasText: flow.tracking_no })
  await row.waitFor({ timeout: 15000 })
  assert.equal(await row.locator('[data-test=flag-lead]').innerText(), '包案')
  const mine = await apiAs(s, 'township', 'GET', '/api/v1/petitions?mine=lead&limit=30')
  assert.ok(mine.items.some((o) => o.id === flow.id), 'the API lists it under mine=lead')
  assert.ok(mine.items.every((o) => o.leader_user_id === c.leader_user_id), 'only petitions the township leads')
  assert.deepEqual(await page.locator('[data-test=petition-table] [data-test=petition-no]').allInnerTexts(), mine.items.map((o) => o.tracking_no))
  await shot(page, 'petitions-lead-cases')
  // the county's own 包案 (the demo's, if any) do not include it
  await login(page, s, 'county')
  await page.click('[data-test=nav-lead-cases]')
  await page.waitForSelector('[data-test=petitions-page-lead]')
  const county = await apiAs(s, 'county', 'GET', '/api/v1/petitions?mine=lead&limit=30')
  assert.ok(!county.items.some((o) => o.id === flow.id))
  if (county.items.length) {
    await page.locator('[data-test=petition-table] .el-table__row').first().waitFor({ timeout: 15000 })
    assert.deepEqual(await page.locator('[data-test=petition-table] [data-test=petition-no]').allInnerTexts(), county.items.map((o) => o.tracking_no))
  } else await page.getByText('您目前没有包案的信访事项').waitFor({ timeout: 15000 })
  assert.deepEqual(realErrors(page), [])
})

// The PDF's pages: the count of page objects and each one's MediaBox (A4 = 595 × 842 pt).
function pdfPages(buf) {
  const text = buf.toString('latin1')
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])])
  const pages = (text.match(/\/Type\s*\/Page\b(?!s)/g) || []).length
  return { pages, boxes }
}

// In print media the toolbar is hidden; the page prints to <OUT>/<name>.pdf, A4 on every page, and (when
// pdftotext is here) its text holds each of `texts`, whitespace aside. (Copied from disputes.test.mjs.)
async function printsOnA4(ctx, p, name, texts) {
  await p.emulateMedia({ media: 'print' })
  assert.equal(await p.locator('[data-test=print-toolbar]').isVisible(), false, 'the toolbar is not printed')
  const pdf = await p.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true })
  await p.emulateMedia({ media: 'screen' })
  assert.equal(await p.locator('[data-test=print-toolbar]').isVisible(), true, 'the toolbar is back on screen')
  fs.mkdirSync(OUT, { recursive: true })
  const file = path.join(OUT, name + '.pdf')
  fs.writeFileSync(file, pdf)
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
  const { pages, boxes } = pdfPages(pdf)
  assert.ok(pages >= 1, `one or more pages (${pages})`)
  assert.equal(boxes.length >= pages, true, 'every page has a MediaBox')
  for (const [w, h] of boxes) assert.ok(Math.abs(w - 595.28) < 2 && Math.abs(h - 841.89) < 2, `A4 page, got ${w} × ${h}`)
  const has = spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).status === 0
  if (has) {
    const txt = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s/g, '')
    for (const want of texts) assert.ok(txt.includes(want.replace(/\s/g, '')), `the PDF says ${want}`)
  } else ctx.diagnostic('no pdftotext on this machine: the PDF text was not checked')
  return pages
}
// The paper's numbered paragraphs as shown.
const paras = async (p) => (await p.locator('[data-test^=paper-para-]').allInnerTexts()).map((x) => x.replace(/\n+/g, '\n').trim())

test('the acceptance notice prints on A4: masked addressee, in clear on demand, the 60-day limit', async (ctx) => {
  await login(page, s, 'petition')
  const c = await apiAs(s, 'petition', 'GET', `/api/v1/petitions/${flow.id}`)
  const accept = c.events.find((e) => e.action === 'accept')
  const county = await apiAs(s, 'petition', 'GET', `/api/v1/places/${c.place_code.slice(0, 6)}`)
  await page.goto(`/petitions/${flow.id}/print/accept`)
  await page.waitForSelector('[data-test=accept-paper]')
  assert.equal(await page.locator('[data-test=who]').count(), 0, 'no app frame around the paper')
  assert.equal(await page.innerText('[data-test=paper-title]'), '信访事项受理告知书')
  assert.equal(await page.innerText('[data-test=paper-no]'), c.tracking_no)
  assert.equal(await page.innerText('[data-test=paper-addressee]'), `${c.petitioners[0].name}：`)
  assert.equal(await page.locator('[data-test=paper-missing]').count(), 0)
  const p = await paras(page)
  assert.equal(p.length, 3)
  assert.equal(p[0], `一、你（们）于${dayZh(c.received_at)}通过来访反映的“${SUBJECT}”信访事项，本机关已于${dayZh(accept.at)}依法受理。`)
  assert.match(p[1], new RegExp(`^二、.*六十日内办结，办理期限至${dueDayZh(flow.oldDue)}；`))
  assert.match(p[2], /^三、/)
  assert.equal(await page.innerText('[data-test=paper-org]'), `${county.name}信访局（印章）`)
  assert.equal(await page.innerText('[data-test=paper-date]'), dayZh(accept.at))
  await printsOnA4(ctx, page, 'petitions-accept', ['信访事项受理告知书', c.tracking_no])

  // in clear on demand (purpose prefilled, audited)
  await page.click('[data-test=print-unmask]')
  await page.waitForSelector('[data-test=print-clear]')
  assert.equal(await page.innerText('[data-test=paper-addressee]'), `${PETITIONER.name}：`)
  await shot(page, 'petitions-print-accept')
  const pages = await printsOnA4(ctx, page, 'petitions-accept-clear', [PETITIONER.name])
  assert.equal(pages, 1, 'the notice fits one page')
  assert.deepEqual(realErrors(page), [])
})

test('the extension notice and the answer print on A4 with the days, the new limit, the answer and the 复查 sentence', async (ctx) => {
  const c = await apiAs(s, 'petition', 'GET', `/api/v1/petitions/${flow.id}`)
  await page.goto(`/petitions/${flow.id}/print/extension`)
  await page.waitForSelector('[data-test=extension-paper]')
  assert.equal(await page.innerText('[data-test=paper-title]'), '信访事项延期办理告知书')
  assert.equal(await page.innerText('[data-test=paper-no]'), c.tracking_no)
  const p = await paras(page)
  assert.match(p[0], new RegExp(`原定办理期限至${dueDayZh(flow.oldDue)}。$`))
  assert.equal(p[1], `二、因${EXT_REASON}，经批准，办理期限延长20日，延长后的办理期限至${dueDayZh(flow.newDue)}。`)
  const approval = c.events.find((e) => e.action === 'approve_extension')
  assert.equal(await page.innerText('[data-test=paper-date]'), dayZh(approval.at))
  await shot(page, 'petitions-print-extension')
  await printsOnA4(ctx, page, 'petitions-extension', ['信访事项延期办理告知书', '延长20日'])

  await page.goto(`/petitions/${flow.id}/print/reply`)
  await page.waitForSelector('[data-test=reply-paper]')
  assert.equal(await page.innerText('[data-test=paper-title]'), '信访事项答复意见书')
  assert.equal(await page.innerText('[data-test=paper-addressee]'), `${c.petitioners[0].name}：`)
  const r = await paras(page)
  assert.match(r[0], /^一、.*经调查核实，现答复如下：$/)
  assert.equal(r[1], '二、' + ANSWER)
  assert.equal(r[2], `三、如不服本答复意见，可自收到之日起 30 日内向上一级行政机关请求复查。请求复查的期限至${dueDayZh(c.review_until)}。`)
  const county = await apiAs(s, 'petition', 'GET', `/api/v1/places/${c.place_code.slice(0, 6)}`)
  assert.equal(await page.innerText('[data-test=paper-org]'), `${county.name}${flow.police.name.replace(/^县/, '')}（印章）`)
  const finish = c.events.find((e) => e.action === 'finish')
  assert.equal(await page.innerText('[data-test=paper-date]'), dayZh(finish.at))
  await shot(page, 'petitions-print-reply')
  await printsOnA4(ctx, page, 'petitions-reply', ['信访事项答复意见书', '请求复查'])

  // a paper whose step has not happened says so
  await page.goto(`/petitions/${flow.id}/print/refuse`)
  await page.waitForSelector('[data-test=refuse-paper]')
  assert.equal(await page.innerText('[data-test=paper-missing]'), '（该信访事项未作不予受理决定）')
  assert.deepEqual(realErrors(page), [])
})

test('a refused petition: the desk refuses the repeat through the UI and prints the refusal notice with its reason', async (ctx) => {
  await page.goto(`/petitions/${flow.repeat.id}`)
  await stateTag(page, '待受理')
  await openAction(page, 'refuse')
  await page.locator('[data-test=action-reason]:visible').fill(REFUSE_REASON)
  await submitAction(page)
  await stateTag(page, '不予受理')
  assert.equal(await page.locator('[data-test=print-refuse]').count(), 1)
  assert.equal(await page.locator('[data-test=print-accept]').count(), 0)
  const c = await apiAs(s, 'petition', 'GET', `/api/v1/petitions/${flow.repeat.id}`)
  assert.equal(c.state, 'refused')

  await page.goto(`/petitions/${flow.repeat.id}/print/refuse`)
  await page.waitForSelector('[data-test=refuse-paper]')
  assert.equal(await page.innerText('[data-test=paper-title]'), '信访事项不予受理告知书')
  assert.equal(await page.innerText('[data-test=paper-no]'), c.tracking_no)
  assert.equal(await page.innerText('[data-test=paper-addressee]'), `${c.petitioners[0].name}：`)
  const p = await paras(page)
  assert.equal(p[0], `一、你（们）于${dayZh(c.received_at)}通过来访反映的“${c.title}”信访事项，经审查，本机关决定不予受理。`)
  assert.equal(p[1], `二、不予受理的理由：${REFUSE_REASON}`)
  await page.click('[data-test=print-unmask]')
  await page.waitForSelector('[data-test=print-clear]')
  assert.equal(await page.innerText('[data-test=paper-addressee]'), `${REPEATER.name}：`)
  await shot(page, 'petitions-print-refuse')
  await printsOnA4(ctx, page, 'petitions-refuse', ['信访事项不予受理告知书', REFUSE_REASON])
  assert.deepEqual(realErrors(page), [])
})

test('on a phone the grid worker finds the petition given to the grid under 信访件 and records a 下访 (home visit)', async () => {
  // a petition in 办理中 for the grid: registered at the desk, accepted, given to the grid, taken by its worker
  const grid = s.accounts.gridworker.scope
  const c = await apiAs(s, 'petition', 'POST', '/api/v1/petitions', {
    category: '1301', channel: 'visit', place_code: grid, description: '反映宅基地界址纠纷，请求上门核实', petitioners: [{ name: '孙立平' }],
  })
  await apiAs(s, 'petition', 'POST', `/api/v1/orders/${c.id}/accept`, {})
  await apiAs(s, 'petition', 'POST', `/api/v1/orders/${c.id}/dispatch`, { target_place: grid })
  await apiAs(s, 'gridworker', 'POST', `/api/v1/orders/${c.id}/claim`, {})
  const handling = await apiAs(s, 'gridworker', 'GET', `/api/v1/petitions/${c.id}`)
  assert.equal(handling.state, 'handling')
  assert.deepEqual(handling.action_options.progress, ['visit'])

  const phone = await openPage(s, { phone: true })
  const p = phone.page
  try {
    await login(p, s, 'gridworker')
    await p.waitForURL(/\/m$/)
    // 信访件 on the task page: as many as the API gives the worker, nearest deadline first
    const mine = await apiAs(s, 'gridworker', 'GET', '/api/v1/petitions?open=true&sort=deadline&limit=50')
    assert.ok(mine.items.some((o) => o.id === c.id))
    await p.waitForSelector('[data-test=petition-task-card]')
    assert.deepEqual(
      await p.locator('[data-test=petition-task-card]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id')))),
      mine.items.map((o) => o.id),
    )
    await shot(p, 'petitions-phone-tasks')
    await p.click(`[data-test=petition-task-card][data-id="${c.id}"]`)
    await p.waitForURL(new RegExp(`/petitions/${c.id}$`))
    await stateTag(p, '办理中')
    assert.ok((await p.evaluate(() => document.documentElement.scrollWidth)) <= 362, 'no horizontal scrolling')
    // the actions are on the screen, wrapped, none past its right edge
    const boxes = await p.locator('[data-test^=order-action-]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))
    assert.equal(boxes.length, handling.actions.length)
    assert.ok(boxes.every((r) => r <= 360), `buttons within 360 px: ${boxes.join(', ')}`)
    await shot(p, 'petitions-phone-detail')

    // 办理: full screen, the way of meeting the petitioner above the note, the note's hint following it
    await openAction(p, 'progress')
    assert.equal(await p.locator('.el-dialog.is-fullscreen:visible').count(), 1, 'the dialog fills the phone')
    assert.deepEqual((await p.locator('[data-test^=visit-]:visible').allInnerTexts()).map((x) => x.trim()), ['接访', '约访', '下访', '其他办理'])
    const note = p.locator('[data-test=action-note]:visible')
    await p.locator('[data-test=visit-receive]:visible').click()
    assert.match(await note.getAttribute('placeholder'), /^接访时间、地点/)
    await p.locator('[data-test=visit-home]:visible').click()
    assert.match(await note.getAttribute('placeholder'), /^下访时间、地点.*参加人，信访人诉求和处理情况$/)
    const NOTE = '12月7日上午到孙立平家中，与村委会主任一起实地查看宅基地界址，已约定下周组织双方现场协商。'
    await note.fill(NOTE)
    await shot(p, 'petitions-phone-visit')
    await submitAction(p)
    await p.locator('[data-test=timeline-visit-home]').first().waitFor({ timeout: 15000 })
    await stateTag(p, '办理中')
    assert.equal((await p.innerText('[data-test=timeline-visit-home]')).trim(), '下访')
    assert.equal((await p.locator('[data-test=timeline-action]').first().innerText()).trim(), '办理')
    assert.equal(await p.locator('[data-test=timeline-note]').first().innerText(), NOTE)
    const after = await apiAs(s, 'gridworker', 'GET', `/api/v1/petitions/${c.id}`)
    const visits = after.events.filter((e) => e.action === 'progress' && e.data && e.data.visit === 'home')
    assert.equal(visits.length, 1, 'one 办理 recorded as a 下访')
    assert.equal(visits[0].note, NOTE)
    assert.ok((await p.evaluate(() => document.documentElement.scrollWidth)) <= 362, 'still no horizontal scrolling')
    await shot(p, 'petitions-phone-visited')

    // 其他办理 sends no visit: the next 办理 has none, and no tag
    await openAction(p, 'progress')
    await p.locator('[data-test=visit-other]:visible').click()
    await p.locator('[data-test=action-note]:visible').fill('电话回访信访人，告知办理进展。')
    await submitAction(p)
    await p.locator('[data-test=timeline-note]', { hasText: '电话回访信访人' }).waitFor({ timeout: 15000 })
    const last = (await apiAs(s, 'gridworker', 'GET', `/api/v1/petitions/${c.id}`)).events.filter((e) => e.action === 'progress').pop()
    assert.equal(last.note, '电话回访信访人，告知办理进展。')
    assert.equal(last.data?.visit, undefined)
    assert.equal(await p.locator('[data-test^=timeline-visit-]').count(), 1)
    assert.deepEqual(realErrors(p), [])
  } finally {
    await phone.browser.close()
  }
})
