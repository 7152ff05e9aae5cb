// 志愿服务活动 through the UI: the community secretary publishes an activity through the dialog (started ten minutes
// ago, two hours long, two places); the list shows it as the API gives it; the activity's page shows the check-in
// QR code, which encodes the phone check-in page with the activity's code (the same SVG as the qrcode package
// draws for that URL), and the code the API gives. The resident, on a phone, opens what the QR code opens
// (/m/activities/<id>?code=<code>), signs in and is back there with the code filled in; a wrong code is refused
// with the server's message; 报名, 签到 (the position recorded) and 签退 (the hours credited shown) change the
// status in the API. The party member signs up from the phone list; the activity is full, and the secretary's
// 代报名 of a third person shows the server's 报名人数已满. The secretary checks the party member in (代签到) and
// confirms their hours: more than the duration is refused as the server words it, 1 hour goes into the party
// member's time bank. The QR code's A4 sheet renders and prints to PDF; the activities screen speaks English
// after the switch. No console errors.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { startServer, openPage, login, shot, apiAs, realErrors, apiInPage, ROOT, OUT } from './harness.mjs'

// the QR code generator the UI uses (a dependency of web/), with the options of views/activities/QrCode.vue
const QRCode = createRequire(path.join(ROOT, 'web/package.json'))('qrcode')
const QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }

const TITLE = '龙祥社区环境整治志愿服务'
const ADDRESS = '社区服务中心门口'

let s
const browsers = []
const st = {} // community, resident, party, third {person_id, name}, activity {id, code, hours}
before(async () => {
  s = await startServer()
  st.community = (await apiAs(s, 'secretary', 'GET', '/api/v1/me')).scope
  for (const [who, key] of [['resident', 'resident'], ['partymember', 'party']]) {
    const hours = (await apiAs(s, who, 'GET', '/api/v1/ledger/me')).items.find((a) => a.currency === 'hours')
    st[key] = { person_id: hours.person_id, name: hours.person_name, hours: hours.balance }
  }
  const people = (await apiAs(s, 'secretary', 'GET', '/api/v1/people?limit=50')).items
  const third = people.find((p) => p.id !== st.resident.person_id && p.id !== st.party.person_id && p.place_code.startsWith(st.community))
  st.third = { person_id: third.id, name: third.name }
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
// The body of a refusal, as the server answers the same request (refusals change nothing).
async function problemOf(user, method, p, body) {
  const r = await fetch(s.base + p, { method, headers: { Authorization: `Bearer ${s.tokens[user]}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  assert.ok(r.status >= 400 && r.status < 500, `${method} ${p} answered ${r.status}`)
  return { status: r.status, ...(await r.json()) }
}
async function pickRemote(p, selectSel, typed, option) {
  await p.locator(`${selectSel}:visible`).click()
  await p.locator(`${selectSel}:visible input`).pressSequentially(typed, { delay: 30 })
  await p.locator(`.el-select-dropdown__item[data-test=${option}]:visible`).click()
}
const settled = (p) => p.waitForFunction(() => !document.querySelector('.dialog-fade-enter-active, .dialog-fade-leave-active'))
const noOverlay = (p) => p.waitForFunction(() => [...document.querySelectorAll('.el-overlay')].every((e) => getComputedStyle(e).display === 'none'))
// China local time "YYYY-MM-DD HH:mm" (what the pickers show and take)
const china = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ')
// Types a date and time into an el-date-picker and closes it with Enter.
async function typeDate(p, sel, value) {
  const input = p.locator(`input[data-test=${sel}], [data-test=${sel}] input`).first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await p.waitForFunction(([sl, v]) => document.querySelector(`input[data-test=${sl}], [data-test=${sl}] input`)?.value === v, [sel, value])
}
// The image shows (decoded, not broken) and encodes `url`: its SVG is the one the qrcode package draws for it.
async function showsQr(p, scope, url) {
  const img = p.locator(`${scope} [data-test=qr-img]`)
  await img.waitFor({ timeout: 15000 })
  await p.waitForFunction((sl) => {
    const i = document.querySelector(`${sl} [data-test=qr-img]`)
    return i && i.complete && i.naturalWidth > 0
  }, scope)
  assert.equal(await img.getAttribute('data-text'), url)
  const src = await img.getAttribute('src')
  const prefix = 'data:image/svg+xml;charset=utf-8,'
  assert.ok(src.startsWith(prefix), 'an SVG image')
  assert.equal(decodeURIComponent(src.slice(prefix.length)), await QRCode.toString(url, QR_OPTIONS), `the QR code encodes ${url}`)
}

test('the secretary publishes an activity through the dialog; the list shows it; its page shows the QR code and the code', async () => {
  const page = await open()
  await login(page, s, 'secretary')
  await page.locator('[data-test=nav-activities]').click()
  await page.waitForURL(/\/activities$/)
  await page.waitForSelector('[data-test=activities-page] [data-test=activity-publish]')
  await page.click('[data-test=activity-publish]')
  await page.locator('[data-test=publish-submit]:visible').waitFor()
  await settled(page)
  // the caller's community, not picked
  assert.equal(await attr(page, '[data-test=publish-place]', 'data-code'), st.community)

  const starts = china(Date.now() - 10 * 60 * 1000)
  const ends = china(Date.now() + 2 * 3600 * 1000)
  await page.fill('[data-test=publish-title]', TITLE)
  await typeDate(page, 'publish-starts', starts)
  await typeDate(page, 'publish-ends', ends)
  await page.locator('[data-test=publish-capacity] input').fill('2')
  await page.locator('[data-test=publish-capacity] input').press('Tab')
  await page.fill('[data-test=publish-address]', ADDRESS)
  await page.fill('[data-test=publish-description]', '清理楼道杂物，请自带手套')
  assert.match(await text(page, '[data-test=publish-duration]'), /^时长 2 小时( \d+ 分钟)?$/)
  await shot(page, 'activities-publish')
  await page.click('[data-test=publish-submit]')

  // the list shows it as the API gives it
  const row = page.locator('[data-test=activity-title]', { hasText: TITLE })
  await row.waitFor({ timeout: 15000 })
  await noOverlay(page)
  const listed = (await apiInPage(page, '/api/v1/activities')).items.find((a) => a.title === TITLE)
  assert.ok(listed, 'the API lists the new activity')
  assert.equal(listed.place_code, st.community)
  assert.equal(listed.starts_at.slice(0, 16), starts.replace(' ', 'T'))
  assert.equal(listed.ends_at.slice(0, 16), ends.replace(' ', 'T'))
  assert.deepEqual([listed.capacity, listed.signed_up, listed.cancelled, listed.address], [2, 0, false, ADDRESS])
  assert.match(listed.code, /^[0-9A-F]{8}$/)
  st.activity = listed
  const id = listed.id
  assert.equal(await row.getAttribute('data-id'), String(id))
  assert.equal(await text(page, `[data-test=activity-signups-${id}]`), '0/2')
  // the end's date only when it is another day (an activity published at 22:00 ends after midnight)
  assert.equal(await text(page, `[data-test=activity-time-${id}]`), `${starts} – ${ends.slice(0, 10) === starts.slice(0, 10) ? ends.slice(11) : ends}`)
  assert.equal(await attr(page, `[data-test=activity-state-${id}]`, 'data-state'), 'ongoing')
  assert.equal(await text(page, `[data-test=activity-state-${id}]`), '进行中')
  await shot(page, 'activities-list')

  // its page: the QR code of the phone check-in page with the code, and the code itself
  await row.click()
  await page.waitForURL(new RegExp(`/activities/${id}$`))
  await page.waitForSelector('[data-test=activity-heading]')
  assert.equal(await text(page, '[data-test=activity-heading]'), TITLE)
  const detail = await apiInPage(page, `/api/v1/activities/${id}`)
  assert.equal(detail.staff, true)
  assert.equal(detail.code, listed.code)
  assert.equal(await text(page, '[data-test=activity-code]'), detail.code)
  const url = `${s.base}/m/activities/${id}?code=${detail.code}`
  assert.equal(await text(page, '[data-test=activity-url]'), url)
  await showsQr(page, '[data-test=activity-qr]', url)
  assert.ok((await page.locator('[data-test=activity-qr] [data-test=qr-img]').boundingBox()).width >= 200, 'a large QR code')
  await page.waitForSelector('[data-test=signups-empty]')
  await shot(page, 'activities-detail-qr')
  assert.deepEqual(realErrors(page), [])
})

test('the resident opens what the QR code opens on a phone, signs up, checks in and checks out', async () => {
  const { id, code } = st.activity
  const page = await open({ phone: true })
  // what a phone camera does with the QR code: not signed in yet, the login form comes first and leads back
  await page.goto(`/m/activities/${id}?code=${code}`)
  await page.waitForURL(/\/login\?next=/)
  await page.fill('[data-test=username]', 'resident')
  await page.fill('[data-test=password]', s.accounts.resident.password)
  await page.click('[data-test=login-submit]')
  await page.waitForURL((u) => u.pathname === `/m/activities/${id}` && u.searchParams.get('code') === code, { timeout: 15000 })
  await page.waitForSelector('[data-test=my-activity-heading]')
  assert.equal(await text(page, '[data-test=my-activity-heading]'), TITLE)
  assert.equal(await attr(page, '[data-test=my-status]', 'data-status'), 'none')
  assert.equal(await page.locator('[data-test=my-code]').inputValue(), code, 'the code comes from the URL')
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 362), 'fits 360 px')
  await shot(page, 'activities-phone-scanned')

  await page.click('[data-test=my-signup]')
  await page.waitForSelector('[data-test=my-status][data-status=signed]', { timeout: 15000 })
  let mine = (await apiInPage(page, `/api/v1/activities/${id}`)).signups
  assert.equal(mine.length, 1)
  assert.deepEqual([mine[0].person_id, mine[0].status], [st.resident.person_id, 'signed'])
  assert.equal(await text(page, '[data-test=my-status-tag]'), '已报名')
  assert.equal(await attr(page, '[data-test=my-activity-signups]', 'data-value'), '1')

  // a wrong code typed by hand: the server's message, nothing changes
  const problem = await problemOf('resident', 'POST', `/api/v1/activities/${id}/checkin`, { code: 'ABCDEF12' })
  assert.deepEqual([problem.status, problem.field], [400, 'code'])
  await page.locator('[data-test=my-code]').fill('abcdef12')
  assert.equal(await page.locator('[data-test=my-code]').inputValue(), 'ABCDEF12', 'typed in upper case')
  await page.click('[data-test=my-checkin]')
  const err = page.locator('[data-test=my-activity-error]')
  await err.waitFor({ timeout: 15000 })
  assert.equal(await err.getAttribute('data-field'), 'code')
  assert.equal((await err.innerText()).trim(), problem.detail_zh)
  assert.equal(await attr(page, '[data-test=my-status]', 'data-status'), 'signed')

  // the right code (typed as the QR gave it): checked in, the position recorded
  await page.locator('[data-test=my-code]').fill(code)
  await page.click('[data-test=my-checkin]')
  await page.waitForSelector('[data-test=my-status][data-status=present]', { timeout: 15000 })
  mine = (await apiInPage(page, `/api/v1/activities/${id}`)).signups
  assert.equal(mine[0].status, 'present')
  assert.ok(mine[0].checkin_at)
  assert.ok(Math.abs(mine[0].lat - 26.4) < 1e-6 && Math.abs(mine[0].lon - 103.3) < 1e-6, 'the browser position went with it')
  assert.equal(await text(page, '[data-test=my-status-tag]'), '已签到')
  assert.equal(await attr(page, '[data-test=my-position]', 'data-lat'), '26.4')
  await shot(page, 'activities-phone-checked-in')

  await page.click('[data-test=my-checkout]')
  await page.waitForSelector('[data-test=my-status][data-status=done]', { timeout: 15000 })
  mine = (await apiInPage(page, `/api/v1/activities/${id}`)).signups
  assert.equal(mine[0].status, 'done')
  assert.ok(mine[0].checkout_at)
  assert.equal(await attr(page, '[data-test=my-credited]', 'data-value'), String(mine[0].hours))
  assert.equal(await text(page, '[data-test=my-credited]'), `${mine[0].hours} 小时`)
  assert.equal(await text(page, '[data-test=my-status-tag]'), '已签退')
  await shot(page, 'activities-phone-checked-out')

  // the phone menu lists 志愿活动: the list shows my status
  await page.locator('.burger').click()
  await page.locator('[data-test=nav-mactivities]:visible').click()
  await page.waitForURL(/\/m\/activities$/)
  await page.waitForSelector(`[data-test=my-activity-status-${id}][data-status=done]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=my-activity-status-${id}]`), '已签退')
  assert.deepEqual(realErrors(page), [])
})

test('the party member signs up on a phone; a third sign-up is refused: 报名人数已满', async () => {
  const { id } = st.activity
  const phone = await open({ phone: true })
  await login(phone, s, 'partymember')
  await phone.goto('/m/activities')
  await phone.waitForSelector(`[data-test=my-signup-${id}]`, { timeout: 15000 })
  assert.equal(await text(phone, `[data-test=my-activity-signups-${id}]`), '已报名 1/2')
  await phone.click(`[data-test=my-signup-${id}]`)
  await phone.waitForSelector(`[data-test=my-activity-status-${id}][data-status=signed]`, { timeout: 15000 })
  await phone.waitForSelector(`[data-test=my-activity-signups-${id}][data-value="2"]`, { timeout: 15000 })
  const mine = (await apiInPage(phone, `/api/v1/activities/${id}`)).signups
  assert.deepEqual([mine[0].person_id, mine[0].status], [st.party.person_id, 'signed'])
  await shot(phone, 'activities-phone-list')
  assert.deepEqual(realErrors(phone), [])

  // full: the secretary's 代报名 of a third person shows the server's refusal
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto(`/activities/${id}`)
  await page.waitForSelector(`[data-test=signup-status-${st.party.person_id}][data-status=signed]`, { timeout: 15000 })
  assert.equal(await text(page, '[data-test=activity-signups]'), '2/2')
  const problem = await problemOf('secretary', 'POST', `/api/v1/activities/${id}/signup`, { person_id: st.third.person_id })
  assert.deepEqual([problem.status, problem.field, problem.detail_zh], [409, 'capacity', '报名人数已满'])
  await page.click('[data-test=signup-on-behalf]')
  await page.locator('[data-test=behalf-submit]:visible').waitFor()
  await settled(page)
  await pickRemote(page, '[data-test=behalf-person]', st.third.name, `person-option-${st.third.person_id}`)
  await page.click('[data-test=behalf-submit]')
  const err = page.locator('[data-test=behalf-error]')
  await err.waitFor({ timeout: 15000 })
  assert.equal(await err.getAttribute('data-field'), 'capacity')
  assert.equal((await err.innerText()).trim(), '报名人数已满')
  await page.locator('.el-message--error', { hasText: '报名人数已满' }).first().waitFor({ timeout: 5000 })
  await shot(page, 'activities-full')
  assert.equal((await apiInPage(page, `/api/v1/activities/${id}`)).signed_up, 2)
  assert.deepEqual(realErrors(page), [])
})

test('the secretary checks the party member in and confirms their hours: over the duration refused, 1 hour credited', async () => {
  const { id } = st.activity
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto(`/activities/${id}`)
  const pid = st.party.person_id
  await page.waitForSelector(`[data-test=signup-status-${pid}][data-status=signed]`, { timeout: 15000 })
  // the resident's check-in and check-out as the API has them
  const detail = await apiInPage(page, `/api/v1/activities/${id}`)
  const res = detail.signups.find((x) => x.person_id === st.resident.person_id)
  assert.equal(await attr(page, `[data-test=signup-status-${st.resident.person_id}]`, 'data-status'), 'done')
  assert.equal(await text(page, `[data-test=signup-status-${st.resident.person_id}]`), '已签退')
  assert.equal(await text(page, `[data-test=signup-position-${st.resident.person_id}]`), '26.40000, 103.30000')
  assert.equal(await attr(page, `[data-test=signup-hours-${st.resident.person_id}]`, 'data-value'), String(res.hours))

  // 代签到 (no phone): present, no position
  await page.click(`[data-test=signup-checkin-for-${pid}]`)
  await page.waitForSelector(`[data-test=signup-status-${pid}][data-status=present]`, { timeout: 15000 })
  assert.equal((await apiInPage(page, `/api/v1/activities/${id}`)).signups.find((x) => x.person_id === pid).status, 'present')

  // 确认时长: at most the duration in half hours
  const max = Math.floor(Math.round(detail.hours * 60) / 30) / 2
  await page.click(`[data-test=signup-hours-for-${pid}]`)
  await page.locator('[data-test=credit-submit]:visible').waitFor()
  await settled(page)
  assert.equal(await attr(page, '[data-test=credit-max]', 'data-value'), String(max))
  const over = max + 0.5
  const problem = await problemOf('secretary', 'POST', `/api/v1/activities/${id}/hours`, { person_id: pid, hours: over })
  assert.deepEqual([problem.status, problem.field], [400, 'hours'])
  assert.match(problem.detail_zh, /确认的时长超过活动时长/)
  await page.locator('[data-test=credit-hours] input').fill(String(over))
  await page.locator('[data-test=credit-hours] input').press('Tab')
  await page.click('[data-test=credit-submit]')
  const err = page.locator('[data-test=credit-error]')
  await err.waitFor({ timeout: 15000 })
  assert.equal(await err.getAttribute('data-field'), 'hours')
  assert.equal((await err.innerText()).trim(), problem.detail_zh)
  await shot(page, 'activities-hours-refused')
  assert.equal((await apiAs(s, 'partymember', 'GET', '/api/v1/ledger/me')).items.find((a) => a.currency === 'hours').balance, st.party.hours)

  await page.locator('[data-test=credit-hours] input').fill('1')
  await page.locator('[data-test=credit-hours] input').press('Tab')
  await page.click('[data-test=credit-submit]')
  await page.waitForSelector(`[data-test=signup-status-${pid}][data-status=done]`, { timeout: 15000 })
  await noOverlay(page)
  assert.equal(await attr(page, `[data-test=signup-hours-${pid}]`, 'data-value'), '1')
  assert.equal(await text(page, `[data-test=signup-hours-${pid}]`), '1 小时')
  const credited = (await apiInPage(page, `/api/v1/activities/${id}`)).signups.find((x) => x.person_id === pid)
  assert.deepEqual([credited.status, credited.hours], ['done', 1])
  assert.ok(credited.entry_id, 'a ledger entry')
  const after = (await apiAs(s, 'partymember', 'GET', '/api/v1/ledger/me')).items.find((a) => a.currency === 'hours')
  assert.equal(after.balance, st.party.hours + 1)
  await shot(page, 'activities-hours-confirmed')
  assert.deepEqual(realErrors(page), [])
})

// The PDF's pages: the count of page objects and each one's MediaBox (A4 = 595 × 842 pt).
function pdfPages(buf) {
  const t = buf.toString('latin1')
  const boxes = [...t.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])])
  const pages = (t.match(/\/Type\s*\/Page\b(?!s)/g) || []).length
  return { pages, boxes }
}

test('打印签到码: the A4 sheet with the title, time, place, QR code and code prints to PDF', async (ctx) => {
  const { id, code } = st.activity
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto(`/activities/${id}`)
  await page.waitForSelector('[data-test=activity-print]')
  assert.equal(await attr(page, '[data-test=activity-print]', 'href'), `/activities/${id}/print`)
  await page.goto(`/activities/${id}/print`)
  await page.waitForSelector('[data-test=qr-paper]')
  assert.equal(await page.locator('[data-test=who]').count(), 0, 'no app frame around the sheet')
  assert.equal(await text(page, '[data-test=paper-title]'), TITLE)
  const { starts_at: from, ends_at: to } = st.activity
  const day = (v) => v.slice(0, 10)
  const hm = (v) => v.slice(11, 16)
  assert.equal(await text(page, '[data-test=paper-time]'), `${day(from)} ${hm(from)} – ${day(to) === day(from) ? '' : day(to) + ' '}${hm(to)}`)
  assert.equal(await text(page, '[data-test=paper-address]'), ADDRESS)
  assert.equal(await text(page, '[data-test=paper-code]'), code)
  await showsQr(page, '[data-test=paper-qr]', `${s.base}/m/activities/${id}?code=${code}`)
  const box = await page.locator('[data-test=paper-qr] [data-test=qr-img]').boundingBox()
  assert.ok(box.width > 350, `the QR code is large on the sheet (${box.width} px)`)

  // 打印 calls window.print()
  await page.evaluate(() => {
    window.__printed = 0
    window.print = () => window.__printed++
  })
  await page.click('[data-test=print-button]')
  assert.equal(await page.evaluate(() => window.__printed), 1)
  await shot(page, 'activities-print-qr')

  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('[data-test=print-toolbar]').isVisible(), false, 'the toolbar is not printed')
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true })
  await page.emulateMedia({ media: 'screen' })
  fs.mkdirSync(OUT, { recursive: true })
  const file = path.join(OUT, 'activities-qr.pdf')
  fs.writeFileSync(file, pdf)
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
  const { pages, boxes } = pdfPages(pdf)
  assert.equal(pages, 1, 'one page')
  for (const [w, h] of boxes) assert.ok(Math.abs(w - 595.28) < 2 && Math.abs(h - 841.89) < 2, `A4 page, got ${w} × ${h}`)
  if (spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).status === 0) {
    const txt = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s/g, '')
    for (const want of [TITLE, ADDRESS, code]) assert.ok(txt.includes(want), `the PDF says ${want}`)
  } else ctx.diagnostic('no pdftotext on this machine: the PDF text was not checked')
  assert.deepEqual(realErrors(page), [])
})

test('the activities screen speaks English after the language switch', async () => {
  const { id } = st.activity
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/activities')
  await page.waitForSelector(`[data-test=activity-state-${id}]`, { timeout: 15000 })
  assert.equal(await text(page, '.page-title'), '志愿服务活动')
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
  await page.waitForFunction(() => document.querySelector('.page-title')?.innerText.trim() === 'Volunteer activities', null, { timeout: 10000 })
  assert.equal(await text(page, '[data-test=nav-activities]'), 'Volunteer activities')
  assert.equal(await text(page, '[data-test=activity-publish]'), 'Publish an activity')
  assert.match(await text(page, '[data-test=activities-table] thead'), /Activity[\s\S]*Time[\s\S]*Where[\s\S]*Sign-ups[\s\S]*State/)
  assert.equal(await text(page, `[data-test=activity-state-${id}]`), 'Under way')
  await shot(page, 'activities-en')
  await page.click(`[data-test=activity-open-${id}]`)
  await page.waitForSelector('[data-test=activity-code]')
  assert.equal(await text(page, '[data-test=activity-print]'), 'Print the QR code')
  assert.match(await text(page, '[data-test=signups-table] thead'), /Name[\s\S]*State[\s\S]*Check-in[\s\S]*Check-out[\s\S]*Position[\s\S]*Hours credited/)
  assert.equal(await text(page, `[data-test=signup-status-${st.party.person_id}]`), 'Checked out')
  // back to Chinese for whoever uses this browser profile next
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: '中文' }).click()
  await page.waitForFunction(() => document.querySelector('[data-test=activity-print]')?.innerText.trim() === '打印签到码', null, { timeout: 10000 })
  assert.deepEqual(realErrors(page), [])
})
