// 矛盾纠纷调解 through the UI: the secretary registers a case with two parties through the form (every missing field
// named at once, the server's message on a bad citizen ID); the command centre accepts it and dispatches it to the
// village mediation committee; the committee's mediator finds it in the list, takes it, records a session, is
// refused an extension without every party's consent (the server's message in the dialog), shows the parties in
// clear, writes the 调解协议书 with both parties signing, reaches the agreement (调解成功), prints the agreement,
// the 受理登记表 and the 调解申请书 to A4 PDFs, follows up twice (not yet performed, then performed: 案结事了) and
// prints the 回访记录. The county's list filters on the server (risk, outcome, route, dates, scope from the URL, shown in
// the controls; a control changes the URL and the rows) with the parties' masked names. The API agrees at every step.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { startServer, openPage, login, shot, apiAs, realErrors, OUT, apiInPage, tableShows } from './harness.mjs'

let s, browser, page
const flow = {} // id, tracking_no, command user, village, parties
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
const APPLICANT = { name: '王建国', cid: citizenId('53032619800101123'), phone: '13800001111', address: '幸福小区3栋2单元401' }
const RESPONDENT = { name: '李明华', phone: '13900002222', address: '幸福小区3栋2单元501' }
const MINUTES = '2026年调解会：双方到场。王建国称楼上漏水致其天花板受损；李明华承认卫生间防水老化。经释法明理，双方同意协商赔偿。'
const TERMS = '一、李明华于协议签订后七日内修复卫生间防水层；\n二、李明华赔偿王建国天花板修复费用人民币贰仟元整（2000元）。'

// The state tag shows `text` and no dialog is left on screen (a closing dialog fades out).
async function stateTag(p, text) {
  await p.locator('[data-test=dispute-state]', { hasText: text }).first().waitFor({ timeout: 15000 })
  await p.waitForFunction(() => [...document.querySelectorAll('.el-overlay')].every((e) => getComputedStyle(e).display === 'none'))
}
// No dialog is fading in or out.
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
function commandUserFor(order) {
  if (order.command_place.length === 6) return 'county'
  for (const [user, a] of Object.entries(s.accounts)) if (a.role === 'township_official' && a.scope === order.command_place) return user
  throw new Error('no command account for ' + order.command_place)
}
async function problemOf(user, method, p, body) {
  const r = await fetch(s.base + p, {
    method,
    headers: { Authorization: `Bearer ${s.tokens[user]}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  assert.ok(r.status >= 400 && r.status < 500, `${method} ${p} answered ${r.status}`)
  return r.json()
}

test('the secretary registers a case through the form: missing fields at once, the server message, two parties', async () => {
  await login(page, s, 'secretary')
  await page.goto('/disputes')
  await page.waitForSelector('[data-test=disputes-page]')
  assert.equal(await page.locator('[data-test=nav-disputes]').count(), 1, 'the menu has 矛盾纠纷')
  await page.click('[data-test=dispute-register]')
  await page.waitForURL(/\/disputes\/new$/)
  await page.waitForSelector('[data-test=party-row-1]')

  // nothing filled in: every missing field is named at once
  await page.click('[data-test=dispute-submit]')
  const err = await page.locator('[data-test=form-error]').innerText()
  for (const f of ['纠纷类型', '纠纷简要情况', '第 1 位当事人的姓名', '第 2 位当事人的姓名']) assert.match(err, new RegExp(f), f)
  await shot(page, 'disputes-form-missing')

  await pickOption(page, '[data-test=dispute-category]', '邻里纠纷')
  await page.fill('[data-test=dispute-description]', '楼上卫生间漏水，楼下住户天花板受损，双方就赔偿发生争执，申请调解')
  await page.fill('[data-test=dispute-address]', '幸福小区3栋2单元')
  await page.fill('[data-test=party-name-0]', APPLICANT.name)
  await page.fill('[data-test=party-cid-0]', '530326198001011230') // a wrong check digit: the server refuses it
  await page.fill('[data-test=party-phone-0]', APPLICANT.phone)
  await page.fill('[data-test=party-address-0]', APPLICANT.address)
  await pickOption(page, '[data-test=party-role-1]', '被申请人')
  await page.fill('[data-test=party-name-1]', RESPONDENT.name)
  await page.fill('[data-test=party-phone-1]', RESPONDENT.phone)
  await page.fill('[data-test=party-address-1]', RESPONDENT.address)
  // a third row added and removed again
  await page.click('[data-test=party-add]')
  await page.waitForSelector('[data-test=party-row-2]')
  await page.click('[data-test=party-remove-2]')
  await page.locator('[data-test=party-row-2]').waitFor({ state: 'detached' })

  await page.click('[data-test=dispute-submit]')
  const serverErr = page.locator('[data-test=form-error]', { hasText: '身份证' })
  await serverErr.waitFor({ timeout: 15000 })
  const me = await apiAs(s, 'secretary', 'GET', '/api/v1/me')
  const problem = await problemOf('secretary', 'POST', '/api/v1/disputes', {
    category: '0801', place_code: me.scope, description: 'x', parties: [
      { role: 'applicant', name: APPLICANT.name, citizen_id: '530326198001011230' },
      { role: 'respondent', name: RESPONDENT.name },
    ],
  })
  assert.equal((await serverErr.innerText()).trim(), problem.detail_zh)
  await shot(page, 'disputes-form-server-error')

  await page.fill('[data-test=party-cid-0]', APPLICANT.cid)
  await page.click('[data-test=dispute-submit]')
  await page.waitForURL(/\/disputes\/\d+$/, { timeout: 15000 })
  flow.id = Number(page.url().match(/\/disputes\/(\d+)$/)[1])
  const c = await apiAs(s, 'secretary', 'GET', `/api/v1/disputes/${flow.id}`)
  flow.tracking_no = c.tracking_no
  assert.equal(c.kind, 'dispute')
  assert.equal(c.state, 'reported')
  assert.equal(c.category, '0801')
  assert.equal(c.place_code, me.scope)
  assert.deepEqual(c.parties.map((p) => p.role), ['applicant', 'respondent'])
  assert.ok(c.parties.every((p) => p.masked), 'parties come masked')
  flow.command = commandUserFor(c)

  await stateTag(page, '待受理')
  assert.equal(await page.innerText('[data-test=dispute-tracking-no]'), c.tracking_no)
  assert.deepEqual(await page.locator('[data-test=party-name]').allInnerTexts(), c.parties.map((p) => p.name))
  assert.notEqual(c.parties[0].name, APPLICANT.name)
  // a secretary may not see parties in clear
  assert.equal(await page.locator('[data-test=parties-unmask]').count(), 0)
  assert.equal(await page.locator('[data-test^=order-action-]').count(), c.actions.length)
  await shot(page, 'disputes-detail-registered')

  // the application before the case reaches a committee: the command centre lies outside the secretary's area,
  // so the committee is left a blank line to write on
  await page.goto(`/disputes/${flow.id}/print/application`)
  await page.waitForSelector('[data-test=application-paper]')
  assert.equal(await page.locator('[data-test=paper-committee-blank]').count(), 2)
  assert.equal(await page.innerText('[data-test=paper-apply]'), '现申请人民调解委员会予以调解。')
  assert.equal(await page.locator('[data-test=print-unmask]').count(), 0, 'a secretary may not print the parties in clear')
  assert.deepEqual(realErrors(page), [])
})

test('the command centre accepts it and dispatches it to the village mediation committee', async () => {
  await apiAs(s, flow.command, 'POST', `/api/v1/orders/${flow.id}/accept`)
  const c = await apiAs(s, flow.command, 'GET', `/api/v1/disputes/${flow.id}`)
  assert.equal(c.state, 'accepted')
  assert.deepEqual(c.action_needs.dispatch, ['target'])
  flow.village = c.place_code.slice(0, 12)

  await login(page, s, flow.command)
  // not dispatched yet: the application asks the command centre's committee
  const centre = await apiAs(s, flow.command, 'GET', `/api/v1/places/${c.command_place}`)
  await page.goto(`/disputes/${flow.id}/print/application`)
  await page.locator('[data-test=paper-apply]', { hasText: centre.name }).waitFor({ timeout: 15000 })
  assert.equal(await page.innerText('[data-test=paper-apply]'), `现申请${centre.name}人民调解委员会予以调解。`)
  assert.equal(await page.innerText('[data-test=paper-to]'), `${centre.name}人民调解委员会`)
  await page.goto(`/disputes/${flow.id}`)
  await stateTag(page, '待分派')
  assert.equal((await page.innerText('[data-test=order-action-dispatch]')).trim(), c.action_labels.dispatch)
  await openAction(page, 'dispatch')
  // a dispute goes to a committee: no department choice, the village's committee preselected
  assert.equal(await page.locator('[data-test=target-kind-dept]:visible').count(), 0)
  assert.match(await page.locator('[data-test=action-place]:visible').innerText(), new RegExp(flow.village))
  await shot(page, 'disputes-dispatch-dialog')
  await submitAction(page)
  await stateTag(page, '待接案')
  const after = await apiAs(s, flow.command, 'GET', `/api/v1/disputes/${flow.id}`)
  assert.equal(after.state, 'dispatched')
  assert.equal(after.assignee_place, flow.village)
  assert.match(await page.innerText('[data-test=dispute-committee]'), new RegExp(after.assignee_place_name))
  assert.deepEqual(realErrors(page), [])
})

test('the mediator takes it, records a session, and is refused an extension without every party consenting', async () => {
  await login(page, s, 'mediator')
  assert.match(page.url(), /\/disputes$/, 'a mediator starts at the dispute list')
  const row = page.locator('[data-test=dispute-table] .el-table__row', { hasText: flow.tracking_no })
  await row.waitFor({ timeout: 15000 })
  assert.match(await row.innerText(), /待接案/)
  const list = await apiAs(s, 'mediator', 'GET', '/api/v1/disputes?limit=30')
  assert.deepEqual(await page.locator('[data-test=dispute-table] [data-test=dispute-no]').allInnerTexts(), list.items.map((o) => o.tracking_no))
  await shot(page, 'disputes-list-mediator')
  await row.click()
  await page.waitForURL(new RegExp(`/disputes/${flow.id}$`))
  await stateTag(page, '待接案')

  await openAction(page, 'claim')
  await submitAction(page)
  await stateTag(page, '调解中')

  // a session (调解): its minutes are required
  const c = await apiAs(s, 'mediator', 'GET', `/api/v1/disputes/${flow.id}`)
  assert.equal(c.action_labels.progress, '调解')
  assert.equal((await page.innerText('[data-test=order-action-progress]')).trim(), '调解')
  await openAction(page, 'progress')
  assert.match(await page.locator('.el-dialog:visible .el-dialog__title').innerText(), /调解/)
  await submitAction(page)
  assert.match(await page.locator('[data-test=action-error]:visible').innerText(), /调解笔录/)
  await page.locator('[data-test=action-note]:visible').fill(MINUTES)
  await submitAction(page)
  await page.locator('[data-test=timeline-note]', { hasText: '防水老化' }).first().waitFor({ timeout: 15000 })
  assert.equal((await page.locator('[data-test=timeline-action]').first().innerText()).trim(), '调解')

  // risk assessment
  await openAction(page, 'assess')
  await page.locator('[data-test=risk-2]:visible').click()
  await page.locator('[data-test=action-reason]:visible').fill('双方情绪对立，有激化可能')
  await submitAction(page)
  await page.locator('[data-test=dispute-risk]', { hasText: '中风险' }).waitFor({ timeout: 15000 })
  assert.equal((await apiAs(s, 'mediator', 'GET', `/api/v1/disputes/${flow.id}`)).risk, 2)

  // an extension with only the applicant's consent: the server refuses and the dialog says why
  flow.parties = c.parties
  await openAction(page, 'extend')
  await page.locator(`[data-test=consent-${c.parties[0].id}]:visible`).click()
  await page.locator('[data-test=action-reason]:visible').fill('需等待房屋漏水鉴定结果')
  await shot(page, 'disputes-extend-dialog')
  await submitAction(page)
  const err = page.locator('[data-test=action-error]:visible')
  await err.waitFor({ timeout: 15000 })
  const problem = await problemOf('mediator', 'POST', `/api/v1/orders/${flow.id}/extend`, { days: 5, reason: '需等待房屋漏水鉴定结果', consents: [c.parties[0].id] })
  assert.equal((await err.innerText()).trim(), problem.detail_zh)
  assert.match(problem.detail_zh, /同意/)
  await shot(page, 'disputes-extend-refused')
  await page.locator('[data-test=action-cancel]:visible').click()
  assert.equal((await apiAs(s, 'mediator', 'GET', `/api/v1/disputes/${flow.id}`)).extensions, 0)
  assert.deepEqual(realErrors(page), [])
})

test('the mediator sees the parties in clear and writes the agreement signed by both; agreement reached', async () => {
  await page.click('[data-test=parties-unmask]')
  await page.locator('[data-test=unmask-submit]:visible').click()
  assert.match(await page.locator('.el-dialog:visible .el-form-item__error').innerText(), /用途/)
  await page.fill('[data-test=unmask-purpose]', '制作调解协议书')
  await page.locator('[data-test=unmask-submit]:visible').click()
  await page.waitForSelector('[data-test=parties-clear]')
  assert.deepEqual(await page.locator('[data-test=party-name]').allInnerTexts(), [APPLICANT.name, RESPONDENT.name])
  assert.equal(await page.locator('[data-test=party-cid]').first().innerText(), APPLICANT.cid)

  await page.click('[data-test=agreement-edit]')
  await page.locator('[data-test=agr-submit]:visible').waitFor()
  await settled(page)
  await page.fill('[data-test=agr-facts]', '李明华家卫生间防水老化漏水，致王建国家天花板受损，双方就修复及赔偿发生争议。')
  await page.fill('[data-test=agr-responsibility]', '李明华对漏水负全部责任。')
  await page.fill('[data-test=agr-terms]', TERMS)
  await page.fill('[data-test=agr-manner]', '现金一次性支付')
  await page.fill('[data-test=agr-location]', '幸福社区人民调解委员会')
  await page.locator('[data-test=agr-due] input').fill('2026-12-31')
  await page.locator('[data-test=agr-due] input').press('Enter')
  for (const p of flow.parties) await page.locator(`[data-test=agr-sign-${p.id}]:visible`).click()
  await shot(page, 'disputes-agreement-form')
  await page.locator('[data-test=agr-submit]:visible').click()
  await page.locator('[data-test=agreement-terms]', { hasText: '贰仟元整' }).waitFor({ timeout: 15000 })
  assert.match(await page.innerText('[data-test=agreement-signed-state]'), /各方当事人均已签名/)
  const c = await apiAs(s, 'mediator', 'GET', `/api/v1/disputes/${flow.id}`)
  assert.equal(c.agreement.terms, TERMS)
  assert.equal(c.agreement.performance_due, '2026-12-31')
  assert.deepEqual([...c.agreement.signed_by].sort(), flow.parties.map((p) => p.id).sort())
  assert.equal(c.agreement.version, 1)

  await openAction(page, 'agree')
  await page.locator('[data-test=outcome-settled]:visible').click()
  await submitAction(page)
  await stateTag(page, '协议履行中')
  assert.match(await page.innerText('[data-test=dispute-outcome]'), /调解成功/)
  const done = await apiAs(s, 'mediator', 'GET', `/api/v1/disputes/${flow.id}`)
  assert.equal(done.state, 'finished')
  assert.equal(done.outcome, 'settled')
  await shot(page, 'disputes-detail-agreed')
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
// pdftotext is here) its text holds each of `texts`, whitespace aside.
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

test('the agreement prints on A4: the paper, the print button, the parties in clear on demand, the PDF', async (ctx) => {
  const c = await apiAs(s, 'mediator', 'GET', `/api/v1/disputes/${flow.id}`)
  await page.goto(`/disputes/${flow.id}/print/agreement`)
  await page.waitForSelector('[data-test=agreement-paper]')
  assert.equal(await page.locator('[data-test=who]').count(), 0, 'no app frame around the paper')
  assert.match(await page.innerText('.doc-title'), /人民调解协议书/)
  assert.equal(await page.innerText('[data-test=paper-no]'), c.tracking_no)
  const paperLines = (await page.innerText('[data-test=paper-terms]')).split('\n').filter((l) => l.trim())
  assert.deepEqual(paperLines, TERMS.split('\n'))
  assert.equal(await page.locator('[data-test=paper-party]').count(), 2)
  // masked until asked for
  assert.ok((await page.locator('[data-test=paper-party]').first().innerText()).includes(c.parties[0].name))
  assert.ok(!(await page.innerText('[data-test=paper-parties]')).includes(APPLICANT.name))
  assert.equal(await page.innerText('[data-test=paper-committee]'), c.assignee_place_name + '人民调解委员会（印章）')
  assert.equal(await page.locator('[data-test=paper-signs] .sign').count(), 3, 'a line for each party and the mediator')
  await page.click('[data-test=print-unmask]')
  await page.waitForSelector('[data-test=print-clear]')
  assert.ok((await page.locator('[data-test=paper-party]').first().innerText()).includes(APPLICANT.cid))

  // 打印 calls window.print()
  await page.evaluate(() => {
    window.__printed = 0
    window.print = () => window.__printed++
  })
  await page.click('[data-test=print-button]')
  assert.equal(await page.evaluate(() => window.__printed), 1)
  await shot(page, 'disputes-print-agreement')

  await printsOnA4(ctx, page, 'disputes-agreement', ['人民调解协议书', '贰仟元整'])

  // the registration form
  await page.goto(`/disputes/${flow.id}/print/register`)
  await page.waitForSelector('[data-test=register-paper]')
  assert.match(await page.innerText('.doc-title'), /人民调解受理登记表/)
  assert.equal(await page.innerText('[data-test=paper-no]'), c.tracking_no)
  assert.match(await page.innerText('[data-test=paper-description]'), /楼上卫生间漏水/)
  assert.equal(await page.innerText('[data-test=paper-type]'), c.category_name)
  assert.equal(await page.locator('[data-test=paper-party]').count(), 2)
  await shot(page, 'disputes-print-register')
  const pdf2 = await page.pdf({ format: 'A4', preferCSSPageSize: true })
  fs.writeFileSync(path.join(OUT, 'disputes-register.pdf'), pdf2)
  assert.ok(pdfPages(pdf2).pages >= 1)
  assert.deepEqual(realErrors(page), [])
})

test('the application prints on A4 from the case: the parties by role, in clear on demand, the committee asked', async (ctx) => {
  const c = await apiAs(s, 'mediator', 'GET', `/api/v1/disputes/${flow.id}`)
  const committee = c.assignee_place_name + '人民调解委员会'
  await page.goto(`/disputes/${flow.id}`)
  await stateTag(page, '协议履行中')
  assert.equal(await page.getAttribute('[data-test=print-application]', 'href'), `/disputes/${flow.id}/print/application`)
  assert.equal(await page.locator('[data-test=print-followups]').count(), 0, 'no 回访记录 link before a follow-up')

  await page.goto(`/disputes/${flow.id}/print/application`)
  await page.waitForSelector('[data-test=application-paper]')
  assert.equal(await page.locator('[data-test=who]').count(), 0, 'no app frame around the paper')
  assert.equal(await page.innerText('.doc-title'), '人民调解申请书')
  assert.equal(await page.innerText('[data-test=paper-no]'), c.tracking_no)
  const applicant = page.locator('[data-test=app-party-applicant]')
  const respondent = page.locator('[data-test=app-party-respondent]')
  assert.equal(await applicant.count(), 1)
  assert.equal(await respondent.count(), 1)
  assert.equal(await page.locator('[data-test=app-party-third]').count(), 0, 'no 第三人 in this case')
  // masked until asked for
  assert.equal(await applicant.locator('[data-test=app-party-name]').innerText(), c.parties[0].name)
  assert.match(await applicant.innerText(), /^申请人：/)
  assert.match(await respondent.innerText(), /^被申请人：/)
  assert.ok(!(await page.innerText('[data-test=application-paper]')).includes(APPLICANT.name))
  assert.ok(!(await page.innerText('[data-test=application-paper]')).includes(APPLICANT.cid))
  assert.equal(await page.innerText('[data-test=paper-matters]'), c.title)
  assert.deepEqual((await page.innerText('[data-test=paper-reasons]')).split('\n').filter((l) => l.trim()), c.description.split('\n'))
  assert.equal(await page.innerText('[data-test=paper-apply]'), `现申请${committee}予以调解。`)
  assert.equal(await page.innerText('[data-test=paper-to]'), committee)
  assert.equal(await page.locator('[data-test=paper-committee-blank]').count(), 0, 'the committee is named, no blank line')
  assert.equal(await page.locator('[data-test=paper-signs] .sign').count(), 1, 'a signature line for the one applicant')
  assert.ok(!(await page.innerText('[data-test=application-paper]')).includes('性别'), 'the record has no sex: none printed')

  await page.click('[data-test=print-unmask]')
  await page.waitForSelector('[data-test=print-clear]')
  const a = await applicant.innerText()
  for (const f of [APPLICANT.name, APPLICANT.cid, APPLICANT.phone, APPLICANT.address]) assert.ok(a.includes(f), `the applicant's ${f}`)
  assert.equal(a, `申请人：${APPLICANT.name}，公民身份号码：${APPLICANT.cid}，联系电话：${APPLICANT.phone}，住所（地址）：${APPLICANT.address}。`)
  const r = await respondent.innerText()
  assert.equal(r, `被申请人：${RESPONDENT.name}，联系电话：${RESPONDENT.phone}，住所（地址）：${RESPONDENT.address}。`, 'no citizen ID was given: none printed')
  await shot(page, 'disputes-print-application')
  await printsOnA4(ctx, page, 'disputes-application', ['人民调解申请书', APPLICANT.name, `现申请${committee}予以调解`, '此致'])

  // the follow-up record before any visit: the case, the date the agreement is due, and no visit
  await page.goto(`/disputes/${flow.id}/print/followups`)
  await page.waitForSelector('[data-test=followups-paper]')
  assert.equal(await page.innerText('.doc-title'), '人民调解回访记录')
  assert.equal(await page.innerText('[data-test=followups-none]'), '暂无回访记录')
  assert.equal(await page.locator('[data-test=paper-visit]').count(), 0)
  assert.equal(await page.innerText('[data-test=paper-due]'), '2026年12月31日')
  assert.deepEqual(realErrors(page), [])
})

const FOLLOW_UP_1 = '上门回访：防水层已修复，赔偿款约定月底前付清，尚未支付。'
const FOLLOW_UP_2 = '电话回访：防水已修复，赔偿款已当面付清，双方满意。'

test('the follow-up with the agreement performed ends the case: 案结事了', async () => {
  // a first visit, the agreement not yet performed: the case stays 协议履行中 and the 回访记录 link appears
  await apiAs(s, 'mediator', 'POST', `/api/v1/orders/${flow.id}/follow_up`, { note: FOLLOW_UP_1, performed: false })
  assert.equal((await apiAs(s, 'mediator', 'GET', `/api/v1/disputes/${flow.id}`)).state, 'finished')
  await page.goto(`/disputes/${flow.id}`)
  await stateTag(page, '协议履行中')
  assert.equal(await page.getAttribute('[data-test=print-followups]', 'href'), `/disputes/${flow.id}/print/followups`)
  await openAction(page, 'follow_up')
  await page.locator('[data-test=action-note]:visible').fill(FOLLOW_UP_2)
  await page.locator('[data-test=action-performed]:visible').click()
  await shot(page, 'disputes-follow-up-dialog')
  await submitAction(page)
  await stateTag(page, '案结事了')
  const c = await apiAs(s, 'mediator', 'GET', `/api/v1/disputes/${flow.id}`)
  assert.equal(c.state, 'closed')
  assert.equal(c.followups, 2)
  assert.equal(await page.locator('[data-test^=order-action-]').count(), c.actions.length)
  assert.match(await page.innerText('[data-test=dispute-followups]'), /2/)
  await shot(page, 'disputes-detail-closed')

  // the list's 仅未结案 filter leaves it out, as the API does
  await page.goto('/disputes?open=true')
  await page.waitForSelector('[data-test=disputes-page]')
  const open = await apiAs(s, 'mediator', 'GET', '/api/v1/disputes?open=true&limit=30')
  assert.ok(!open.items.some((o) => o.id === flow.id))
  await page.waitForFunction(() => !document.querySelector('[data-test=loading]'))
  const nos = await page.locator('[data-test=dispute-no]').allInnerTexts()
  assert.deepEqual(nos, open.items.map((o) => o.tracking_no))
  await page.goto('/disputes')
  await page.locator('[data-test=dispute-table] .el-table__row', { hasText: flow.tracking_no }).waitFor()
  assert.match(await page.locator('[data-test=dispute-table] .el-table__row', { hasText: flow.tracking_no }).innerText(), /案结事了/)
  assert.deepEqual(realErrors(page), [])
})

test('the follow-up record prints on A4: a section per visit with its visitor, notes and performance', async (ctx) => {
  const c = await apiAs(s, 'mediator', 'GET', `/api/v1/disputes/${flow.id}`)
  const visits = c.events.filter((e) => e.action === 'follow_up')
  assert.equal(visits.length, 2)
  await page.goto(`/disputes/${flow.id}/print/followups`)
  await page.waitForSelector('[data-test=followups-paper]')
  assert.equal(await page.innerText('[data-test=paper-no]'), c.tracking_no)
  assert.equal(await page.innerText('[data-test=paper-case-title]'), c.title)
  assert.equal(await page.innerText('[data-test=paper-committee]'), c.assignee_place_name + '人民调解委员会')
  assert.equal(await page.innerText('[data-test=paper-due]'), '2026年12月31日')
  assert.equal(await page.innerText('[data-test=paper-party-names]'), `申请人 ${c.parties[0].name}；被申请人 ${c.parties[1].name}`)
  assert.equal(await page.locator('[data-test=followups-none]').count(), 0)
  const sections = page.locator('[data-test=paper-visit]')
  assert.equal(await sections.count(), 2)
  assert.deepEqual(await sections.locator('.sec').allInnerTexts(), ['第一次回访', '第二次回访'])
  assert.deepEqual(await page.locator('[data-test=visit-note]').allInnerTexts(), [FOLLOW_UP_1, FOLLOW_UP_2])
  assert.deepEqual(await page.locator('[data-test=visit-by]').allInnerTexts(), visits.map((e) => e.user_name))
  assert.ok(visits.every((e) => e.user_name), 'each visit names its visitor')
  assert.deepEqual(await page.locator('[data-test=visit-at]').allInnerTexts(), visits.map((e) => e.at.replace('T', ' ').slice(0, 16)))
  assert.deepEqual(await page.locator('[data-test=visit-performed]').allInnerTexts(), ['尚未履行完毕', '已履行完毕'])
  assert.equal(await sections.first().locator('.sign').count(), 2, '回访人 and 当事人 sign each visit')
  await shot(page, 'disputes-print-followups')
  await printsOnA4(ctx, page, 'disputes-followups', ['人民调解回访记录', FOLLOW_UP_1, FOLLOW_UP_2, '尚未履行完毕', '回访人（签名）'])
  assert.deepEqual(realErrors(page), [])
})

// The table lists exactly these cases (by tracking number, which is one per id), in this order.
const listShows = (p, want) => tableShows(p, '[data-test=dispute-table] [data-test=dispute-no]', want)

test('the list filters on the server: risk, outcome, route and dates from the URL show in the controls; a control changes the URL and the rows', async () => {
  // one open case assessed high-risk by the county (the demo may have none)
  const open = await apiAs(s, 'county', 'GET', '/api/v1/disputes?open=true&limit=100')
  const target = open.items.find((o) => (o.actions || []).includes('assess'))
  assert.ok(target, 'an open case the county may assess')
  await apiAs(s, 'county', 'POST', `/api/v1/orders/${target.id}/assess`, { risk: 3, reason: '双方情绪激烈，有激化风险' })

  await login(page, s, 'county')
  await page.goto('/disputes?risk=3&open=true')
  const high = await apiInPage(page, '/api/v1/disputes?risk=3&open=true&limit=30')
  assert.ok(high.items.some((o) => o.id === target.id))
  assert.ok(high.items.every((o) => o.risk === 3))
  await listShows(page, high.items.map((o) => o.tracking_no))
  assert.match(await page.innerText('[data-test=filter-risk]'), /高风险/)
  assert.equal(await page.locator('[data-test=filter-open].is-checked').count(), 1)
  assert.equal(await page.locator('[data-test=dispute-table] [data-test=risk-3]').count(), high.items.length)
  // the 当事人 column: the parties' masked names
  const people = await page.locator('[data-test=dispute-table] [data-test=dispute-people]').allInnerTexts()
  assert.deepEqual(people, high.items.map((o) => o.people.join('、')))
  assert.ok(people.every((n) => n.includes('*') && n.includes('、')), `masked parties: ${people.join(' | ')}`)
  assert.equal(await page.locator('[data-test=dispute-table] th', { hasText: '当事人' }).count(), 1)

  // 调解成功: the server's answer, the control shows it
  await page.goto('/disputes?outcome=settled')
  const settled = await apiInPage(page, '/api/v1/disputes?outcome=settled&limit=30')
  const all = await apiInPage(page, '/api/v1/disputes?limit=30')
  assert.ok(settled.items.length > 0)
  assert.notDeepEqual(settled.items.map((o) => o.id), all.items.map((o) => o.id), 'the filter changes the rows')
  await listShows(page, settled.items.map((o) => o.tracking_no))
  assert.match(await page.innerText('[data-test=filter-outcome]'), /调解成功/)

  // a control: 中风险 added to it, the URL keeps both, the rows are the API's for both
  await pickOption(page, '[data-test=filter-risk]', '中风险')
  await page.waitForURL((u) => u.searchParams.get('risk') === '2' && u.searchParams.get('outcome') === 'settled')
  const both = await apiInPage(page, '/api/v1/disputes?outcome=settled&risk=2&limit=30')
  assert.ok(both.items.length > 0 && both.items.length < settled.items.length, 'fewer rows with both')
  await listShows(page, both.items.map((o) => o.tracking_no))
  // the route: 诉讼 alone (the reset first)
  await page.click('[data-test=filter-reset]')
  await page.waitForURL((u) => !u.search)
  await listShows(page, all.items.map((o) => o.tracking_no))
  await pickOption(page, '[data-test=filter-route]', '诉讼')
  await page.waitForURL(/route=litigation/)
  const sued = await apiInPage(page, '/api/v1/disputes?route=litigation&limit=30')
  assert.ok(sued.items.length > 0 && sued.items.every((o) => o.route === 'litigation'))
  await listShows(page, sued.items.map((o) => o.tracking_no))
  await shot(page, 'disputes-list-filters')

  // the received dates and the scope from the dashboard's links
  const township = s.accounts.township.scope
  const days = (await apiInPage(page, `/api/v1/disputes?scope=${township}&limit=30`)).items.map((o) => o.received_at.slice(0, 10)).sort()
  const from = days[Math.floor(days.length / 4)]
  const to = days[Math.floor((days.length * 3) / 4)]
  await page.goto(`/disputes?from=${from}&to=${to}&scope=${township}`)
  const ranged = await apiInPage(page, `/api/v1/disputes?from=${from}&to=${to}&scope=${township}&limit=30`)
  assert.ok(ranged.items.length > 0, 'cases of the township in the range')
  assert.ok(ranged.items.every((o) => o.place_code.startsWith(township) && o.received_at.slice(0, 10) >= from && o.received_at.slice(0, 10) <= to))
  await listShows(page, ranged.items.map((o) => o.tracking_no))
  assert.deepEqual(await page.locator('[data-test=filter-dates] input').evaluateAll((els) => els.map((e) => e.value)), [from, to])
  const place = await apiAs(s, 'county', 'GET', `/api/v1/places/${township}`)
  await page.locator('[data-test=filter-scope]', { hasText: place.name }).waitFor({ timeout: 15000 })

  // in English: the new controls' labels
  await page.evaluate(() => localStorage.setItem('wangge.locale', 'en'))
  await page.goto('/disputes?risk=0&outcome=settled')
  await page.locator('[data-test=filter-risk]', { hasText: 'Not assessed' }).waitFor({ timeout: 15000 })
  assert.match(await page.innerText('[data-test=filter-outcome]'), /Settled/)
  assert.match(await page.innerText('[data-test=filter-route]'), /Referred to/)
  assert.equal(await page.locator('[data-test=dispute-table] th', { hasText: 'Parties' }).count(), 1)
  await page.evaluate(() => localStorage.setItem('wangge.locale', 'zh-CN'))
  assert.deepEqual(realErrors(page), [])
})

test('on a phone the list shows cards and the case fits the screen', async () => {
  const phone = await openPage(s, { phone: true })
  try {
    await login(phone.page, s, 'mediator')
    await phone.page.goto('/disputes')
    await phone.page.waitForSelector('[data-test=dispute-card]')
    const api = await apiAs(s, 'mediator', 'GET', '/api/v1/disputes?limit=30')
    assert.equal(await phone.page.locator('[data-test=dispute-card]').count(), api.items.length)
    assert.equal(await phone.page.locator('[data-test=dispute-table]').count(), 0)
    await shot(phone.page, 'disputes-list-phone')
    await phone.page.locator('[data-test=dispute-card]', { hasText: flow.tracking_no }).click()
    await phone.page.waitForURL(new RegExp(`/disputes/${flow.id}$`))
    await phone.page.waitForSelector('[data-test=dispute-timeline]')
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 362, `no horizontal scrolling (${width})`)
    await shot(phone.page, 'disputes-detail-phone')
    await phone.page.goto('/disputes/new')
    await phone.page.waitForSelector('[data-test=party-row-1]')
    const formWidth = await phone.page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(formWidth <= 362, `the form fits (${formWidth})`)
    await shot(phone.page, 'disputes-form-phone')
    assert.deepEqual(realErrors(phone.page), [])
  } finally {
    await phone.browser.close()
  }
})
