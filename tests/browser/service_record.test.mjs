// 志愿服务证明 (the A4 volunteer service certificate of a 时间银行 account) through the UI. The demo's party member has
// hours served (activities, 服务工单 and 微心愿); one of their `service` entries of the last 12 months is reversed
// (冲正) by the secretary first. The party member, on a phone, opens 开具志愿服务证明 from 我的积分 (/m/points): the
// certificate names them and their community, lists exactly the non-reversed `service` entries of the last 12
// months that the test computes from GET /api/v1/ledger/accounts/{id}/statement (neither the reversed entry nor
// its reversal), in date order, shows their total, a 服务工单 entry's memo, the certifying committee, the issue date
// and the line on asking for a correction; picking this year shows this year's lines; 打印 calls window.print();
// in print media the toolbar is hidden and the page prints to a PDF on A4. The secretary opens the same
// certificate from the statement drawer of the party member's hours account in 积分管理. After the language switch
// the link and the certificate are in English (and the toolbar's switch brings Chinese back). No console errors.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { startServer, openPage, login, shot, apiAs, realErrors, pickOption, OUT } from './harness.mjs'

let s
const browsers = []
const st = {} // party {person_id, name, account}, community {code, name}, reversed (the entry id), reversal (its id)
before(async () => {
  s = await startServer()
  const hours = (await apiAs(s, 'partymember', 'GET', '/api/v1/ledger/me')).items.find((a) => a.currency === 'hours')
  assert.ok(hours && hours.balance > 0, 'the party member has hours in the demo')
  st.party = { person_id: hours.person_id, name: hours.person_name, account: hours.id }
  const place = await apiAs(s, 'partymember', 'GET', `/api/v1/places/${hours.place_code}`)
  st.community = { code: place.code, name: place.name, kind: place.kind }
  // the secretary reverses one of the party member's recent service entries (not a 服务工单 one: the test looks
  // for such a memo on the paper)
  const entries = await statement('partymember', st.party.account)
  const { from } = last12()
  const victim = entries.find((e) => e.kind === 'service' && !e.reversed_by && !String(e.ref).startsWith('order:') && day(e.created_at) >= from)
  assert.ok(victim, 'a service entry of the last 12 months to reverse')
  const rev = await apiAs(s, 'secretary', 'POST', `/api/v1/ledger/entries/${victim.id}/reverse`, { reason: '重复记录' })
  st.reversed = victim.id
  st.reversal = rev.id
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

// A day "YYYY-MM-DD" in China time (the ledger's days).
const day = (v) => new Date(new Date(v).getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
// The last 12 months: the day after the same date a year ago, to today.
function last12() {
  const to = day(Date.now())
  const [y, m, d] = to.split('-').map(Number)
  const back = new Date(Date.UTC(y - 1, m - 1, d))
  if (back.getUTCMonth() !== m - 1) back.setUTCDate(0)
  back.setUTCDate(back.getUTCDate() + 1)
  return { from: back.toISOString().slice(0, 10), to }
}
const zhDate = (d) => {
  const [y, m, dd] = d.split('-').map(Number)
  return `${y}年${m}月${dd}日`
}
// Every entry of an account's statement, following `next`.
async function statement(user, id) {
  const all = []
  let after = ''
  for (;;) {
    const r = await apiAs(s, user, 'GET', `/api/v1/ledger/accounts/${id}/statement?limit=200${after ? '&after=' + encodeURIComponent(after) : ''}`)
    all.push(...r.items)
    if (!r.next) return all
    after = r.next
  }
}
// What the certificate must list: the `service` entries credited in the period, without the reversed ones (an
// entry with reversed_by, or named by a reversal's `reverses`) and the reversals, oldest first; their total.
async function expected(user, { from, to }) {
  const entries = await statement(user, st.party.account)
  const reversed = new Set(entries.filter((e) => e.kind === 'reversal').map((e) => e.reverses))
  assert.ok(reversed.has(st.reversed), 'the reversal names the entry it reverses (reverses)')
  assert.equal(entries.find((e) => e.id === st.reversed).reversed_by, st.reversal, 'the entry names its reversal (reversed_by)')
  const lines = entries
    .filter((e) => e.kind === 'service' && e.amount > 0 && !e.reversed_by && !reversed.has(e.id))
    .map((e) => ({ id: e.id, date: day(e.created_at), memo: e.memo, ref: e.ref, hours: e.amount }))
    .filter((l) => l.date >= from && l.date <= to)
    .sort((a, b) => (a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1))
  return { lines, total: lines.reduce((n, l) => n + l.hours, 0) }
}
// The committee as the paper names it (the place's kind: a 社区 has a 居民委员会, a 村 a 村民委员会).
const committeeZh = () => (st.community.kind === 'village' ? st.community.name.replace(/村$/, '') + '村民委员会' : st.community.name.replace(/社区$/, '') + '社区居民委员会')

async function waitPaper(p) {
  await p.waitForURL((u) => u.pathname === `/points/accounts/${st.party.account}/print/service-record`, { timeout: 15000 })
  await p.waitForSelector('[data-test=service-record]', { timeout: 20000 })
}
// The paper lists exactly `want`'s lines (ids, dates, memos, hours) and total.
async function papersShows(p, want) {
  assert.deepEqual(
    (await p.locator('[data-test=record-line]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)))),
    want.lines.map((l) => l.id),
    'the lines of the paper are the non-reversed service entries of the period, oldest first',
  )
  assert.deepEqual(await p.locator('[data-test=record-line]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.hours))), want.lines.map((l) => l.hours))
  assert.deepEqual(await p.locator('[data-test=record-line]').evaluateAll((rows) => rows.map((r) => r.dataset.date)), want.lines.map((l) => l.date))
  assert.deepEqual(await p.locator('[data-test=record-memo]').allInnerTexts(), want.lines.map((l) => l.memo || '志愿服务'))
  assert.equal(await text(p, '[data-test=record-total]'), String(want.total))
  assert.equal(Number(await attr(p, '[data-test=service-record]', 'data-total')), want.total)
  assert.equal(await text(p, '[data-test=record-count]'), String(want.lines.length))
}

// The PDF's pages: the count of page objects and each one's MediaBox (A4 = 595 × 842 pt).
function pdfPages(buf) {
  const t = buf.toString('latin1')
  const boxes = [...t.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])])
  const pages = (t.match(/\/Type\s*\/Page\b(?!s)/g) || []).length
  return { pages, boxes }
}

test('party member: 开具志愿服务证明 from 我的积分 lists the non-reversed service hours of the last 12 months and prints on A4', async (ctx) => {
  const page = await open({ phone: true })
  await login(page, s, 'partymember')
  await page.goto('/m/points')
  await page.waitForSelector('[data-test=my-service-record]', { timeout: 15000 })
  assert.equal(await text(page, '[data-test=my-service-record]'), '开具志愿服务证明')
  await page.click('[data-test=my-service-record]')
  await waitPaper(page)
  assert.equal(await page.locator('[data-test=who]').count(), 0, 'no app frame around the paper')

  const period = last12()
  assert.deepEqual({ from: await attr(page, '[data-test=service-record]', 'data-from'), to: await attr(page, '[data-test=service-record]', 'data-to') }, period)
  const want = await expected('partymember', period)
  assert.ok(want.lines.length > 1 && want.total > 0, 'hours served in the last 12 months')
  await papersShows(page, want)
  assert.equal(await page.locator(`[data-test=record-line][data-id="${st.reversed}"]`).count(), 0, 'the reversed entry is left out')
  assert.equal(await page.locator(`[data-test=record-line][data-id="${st.reversal}"]`).count(), 0, 'the reversal is left out')
  // an order's hours name the kind and the tracking number: a 服务工单 and (the demo year of errands) a 红色代办
  const memos = await page.locator('[data-test=record-memo]').allInnerTexts()
  const orders = ['服务工单', '红色代办'].map((kind) => {
    const line = want.lines.find((l) => String(l.ref).startsWith('order:') && String(l.memo).startsWith(`${kind} `))
    assert.ok(line, `a ${kind} entry among the lines`)
    assert.ok(memos.includes(line.memo), `the memo ${line.memo} is on the paper`)
    return line
  })
  const order = orders[0]

  assert.equal(await text(page, 'h1.doc-title'), '志愿服务证明')
  assert.equal(await text(page, '[data-test=record-name]'), st.party.name)
  assert.equal(await text(page, '[data-test=record-community]'), st.community.name)
  assert.equal(await text(page, '[data-test=record-from]'), zhDate(period.from))
  assert.equal(await text(page, '[data-test=record-to]'), zhDate(period.to))
  assert.equal(await text(page, '[data-test=record-issuer]'), `出具单位：${committeeZh()}`)
  assert.equal(await text(page, '[data-test=record-date]'), `出具日期：${zhDate(period.to)}`)
  assert.equal(await text(page, '[data-test=record-correction]'), '如记录有误，可向出具单位申请更正。')
  assert.ok(await page.locator('[data-test=record-seal]').isVisible(), 'a box for the seal')

  assert.match(await text(page, '[data-test=record-year]'), /近 12 个月/)
  // this year only
  const year = period.to.slice(0, 4)
  await pickOption(page, '[data-test=record-year]', `[data-test=record-year-${year}]`, `[data-test=service-record][data-from="${year}-01-01"]`)
  assert.equal(new URL(page.url()).searchParams.get('year'), year)
  await papersShows(page, await expected('partymember', { from: `${year}-01-01`, to: period.to }))
  await pickOption(page, '[data-test=record-year]', '[data-test=record-year-last12]', `[data-test=service-record][data-from="${period.from}"]`)
  await papersShows(page, want)

  // 打印 calls window.print()
  await page.evaluate(() => {
    window.__printed = 0
    window.print = () => window.__printed++
  })
  await page.click('[data-test=print-button]')
  assert.equal(await page.evaluate(() => window.__printed), 1)
  await shot(page, 'service-record-phone')

  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('[data-test=print-toolbar]').isVisible(), false, 'the toolbar is not printed')
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true })
  await page.emulateMedia({ media: 'screen' })
  assert.ok(pdf.length > 1000, 'a PDF')
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
  fs.mkdirSync(OUT, { recursive: true })
  const file = path.join(OUT, 'service-record.pdf')
  fs.writeFileSync(file, pdf)
  const { pages, boxes } = pdfPages(pdf)
  assert.ok(pages >= 1, 'at least one page')
  for (const [w, h] of boxes) assert.ok(Math.abs(w - 595.28) < 2 && Math.abs(h - 841.89) < 2, `A4 page, got ${w} × ${h}`)
  if (spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).status === 0) {
    const txt = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s/g, '')
    for (const w of ['志愿服务证明', st.party.name, order.memo.replace(/\s/g, ''), `出具单位：${committeeZh()}`, '如记录有误，可向出具单位申请更正。'])
      assert.ok(txt.includes(w), `the PDF says ${w}`)
    assert.ok(!txt.includes('打印'), 'no toolbar in the PDF')
    assert.equal(txt.split('合计').length - 1, 1, 'the total once, at the end')
    assert.ok(txt.includes(`合计${want.total}`), `the PDF's total is ${want.total}`)
  } else ctx.diagnostic('no pdftotext on this machine: the PDF text was not checked')
  assert.deepEqual(realErrors(page), [])
})

test('secretary: the statement drawer of a person\'s hours account opens the same certificate', async () => {
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/points')
  await page.click('[data-test=accounts-currency-hours]')
  await page.waitForSelector('[data-test=accounts-panel][data-currency=hours]')
  const panel = '[data-test=accounts-panel]'
  const button = `${panel} [data-test=account-open-${st.party.person_id}]`
  for (let i = 0; i < 40 && !(await page.locator(button).count()); i++) {
    await page.waitForFunction(
      ([pl, b]) => document.querySelector(b) || (!document.querySelector(`${pl} .el-loading-mask, ${pl} [data-test=loading], ${pl} [data-test=accounts-more].is-loading`) && document.querySelector(`${pl} [data-test=accounts-more]`)),
      [panel, button],
      { timeout: 15000 },
    )
    if (!(await page.locator(button).count())) await page.click(`${panel} [data-test=accounts-more]`)
  }
  await page.click(button)
  await page.waitForSelector('[data-test=statement-drawer] [data-test=statement-service-record]', { timeout: 15000 })
  assert.equal(await text(page, '[data-test=statement-service-record]'), '开具志愿服务证明')
  await page.click('[data-test=statement-service-record]')
  await waitPaper(page)
  const want = await expected('secretary', last12())
  await papersShows(page, want)
  assert.equal(await text(page, '[data-test=record-name]'), st.party.name)
  assert.equal(await text(page, '[data-test=record-issuer]'), `出具单位：${committeeZh()}`)
  await shot(page, 'service-record-secretary')
  // back to 积分管理
  await page.click('[data-test=print-back]')
  await page.waitForSelector('[data-test=points-page]')
  // a points account offers no certificate
  await page.click('[data-test=accounts-currency-points]')
  await page.waitForSelector('[data-test=accounts-panel][data-currency=points] [data-test=account-person]', { timeout: 15000 })
  await page.locator('[data-test=accounts-panel] [data-test=account-person]').first().click()
  await page.waitForSelector('[data-test=statement-drawer] [data-test=statement-balance]', { timeout: 15000 })
  assert.equal(await page.locator('[data-test=statement-service-record]').count(), 0)
  assert.deepEqual(realErrors(page), [])
})

test('the certificate speaks English after the language switch', async () => {
  const page = await open({ phone: true })
  await login(page, s, 'partymember')
  await page.goto('/m/points')
  await page.waitForSelector('[data-test=my-service-record]', { timeout: 15000 })
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
  await page.waitForFunction(() => document.querySelector('[data-test=my-service-record]')?.innerText.trim() === 'Volunteer service certificate', null, { timeout: 10000 })
  await page.click('[data-test=my-service-record]')
  await waitPaper(page)
  const period = last12()
  await papersShows(page, await expected('partymember', period))
  assert.equal(await text(page, 'h1.doc-title'), 'Certificate of Volunteer Service')
  assert.match(await text(page, '[data-test=record-table] thead'), /No\.[\s\S]*Recorded on[\s\S]*Service[\s\S]*Hours/)
  assert.match(await text(page, '[data-test=record-lead]'), new RegExp(`This is to certify that ${st.party.name} is a volunteer of ${st.community.name}\\. From ${period.from} to ${period.to}`))
  const committeeEn = st.community.kind === 'village' ? `${st.community.name.replace(/村$/, '')}村 Villagers' Committee` : `${st.community.name.replace(/社区$/, '')}社区 Residents' Committee`
  assert.equal(await text(page, '[data-test=record-issuer]'), `Issued by: ${committeeEn}`)
  assert.equal(await text(page, '[data-test=record-date]'), `Date of issue: ${period.to}`)
  assert.equal(await text(page, '[data-test=record-correction]'), 'If a record is wrong, the volunteer may ask the issuing organisation to correct it.')
  assert.equal(await text(page, '[data-test=print-button]'), 'Print')
  await shot(page, 'service-record-en')
  // the toolbar's switch brings Chinese back (and leaves it for whoever uses this browser profile next)
  await page.click('[data-test=record-lang]')
  await page.waitForFunction(() => document.querySelector('h1.doc-title')?.innerText.trim() === '志愿服务证明', null, { timeout: 10000 })
  assert.equal(await page.evaluate(() => localStorage.getItem('wangge.locale')), 'zh-CN')
  assert.deepEqual(realErrors(page), [])
})
