// 一张表: the people table with masked IDs, the care-group filter against the API's own count, "显示" with a
// purpose against the API's unmask answer, the import dialog (row report, then accept the valid rows), person
// and household detail, the phone layout, and the no-permission page for a resident.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer, openPage, login, shot, apiAs, tokenFor, realErrors } from './harness.mjs'

let s, browser, page
before(async () => {
  s = await startServer()
  ;({ browser, page } = await openPage(s))
})
after(async () => {
  await browser?.close()
  await s?.stop()
})

const MASKED = /^\d{6}\*{4,}\d{3}[\dX]$/

// Every person the API lists for a query (all cursor pages).
async function allPeople(user, query) {
  const out = []
  let after = ''
  for (;;) {
    const qs = new URLSearchParams({ ...query, limit: '1000', ...(after ? { after } : {}) })
    const r = await apiAs(s, user, 'GET', '/api/v1/people?' + qs)
    out.push(...r.items)
    if (!r.next) return out
    after = r.next
  }
}

const rowsShown = () => page.$$eval('[data-test=people-table] .el-table__body-wrapper tbody tr', (rs) => rs.length)
const idCells = () => page.$$eval('[data-test=people-table] [data-test=cid-cell]', (cs) => cs.map((c) => c.textContent.trim()))

async function waitTableSettled() {
  await page.waitForSelector('[data-test=people-table]')
  await page.waitForFunction(() => !document.querySelector('.async-state .el-loading-mask'))
}

test('the township official sees the people table with masked IDs, as the API returns them', async () => {
  await login(page, s, 'township')
  await page.goto('/people')
  await waitTableSettled()
  const api = await apiAs(s, 'township', 'GET', '/api/v1/people?limit=20')
  assert.equal(await rowsShown(), api.items.length)
  const ids = await idCells()
  assert.equal(ids.length, api.items.length)
  for (const id of ids) assert.match(id, MASKED)
  assert.deepEqual(ids, api.items.map((p) => p.citizen_id))
  // The total is the place count of the whole jurisdiction.
  const place = await apiAs(s, 'township', 'GET', '/api/v1/places/530326001')
  assert.match(await page.innerText('[data-test=total]'), new RegExp(`\\b${place.counts.people}\\b`))
  await shot(page, 'people-list')
  assert.deepEqual(realErrors(page), [])
})

test('filtering by a care group shows the number of people the API lists for that group', async () => {
  await page.click('[data-test=filter-tag]')
  await page.click('.el-select-dropdown [data-test=tag-option-dibao]')
  await page.click('[data-test=search]')
  await page.waitForURL(/tag=dibao/)
  await waitTableSettled()
  const all = await allPeople('township', { tag: 'dibao' })
  assert.ok(all.length > 20, `expected more than one page of 低保 people, got ${all.length}`)
  assert.equal(await page.innerText('[data-test=total]'), `共 ${all.length} 人`)
  assert.equal(await rowsShown(), 20)
  const names = await page.$$eval('[data-test=people-table] [data-test=person-link]', (as) => as.map((a) => a.textContent.trim()))
  assert.deepEqual(names, all.slice(0, 20).map((p) => p.name))
  // Every row carries the 低保 tag.
  const tagCells = await page.$$eval('[data-test=people-table] tbody tr', (rs) => rs.map((r) => r.textContent))
  for (const c of tagCells) assert.match(c, /低保/)
  // Paging with the cursor: the second page is the API's next 20.
  await page.click('[data-test=next]')
  await page.waitForFunction(
    (first) => document.querySelector('[data-test=people-table] [data-test=person-link]')?.textContent.trim() === first,
    all[20].name,
  )
  await waitTableSettled()
  assert.equal(await rowsShown(), Math.min(20, all.length - 20))
  await shot(page, 'people-filter-dibao')
  assert.deepEqual(realErrors(page), [])
})

test('export of the current filter downloads the same people as the API lists', async () => {
  // The page still shows the 低保 filter of the previous test.
  await page.click('[data-test=export]')
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.el-dropdown-menu [data-test=export-csv]')])
  const text = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '')
  const lines = text.split(/\r?\n/).filter(Boolean)
  const all = await allPeople('township', { tag: 'dibao' })
  assert.equal(lines.length - 1, all.length)
  assert.match(lines[0], /^姓名,公民身份号码/)
  // Codes are written ="…" so that a spreadsheet keeps them text (issue 11 §2).
  assert.ok(lines[1].startsWith(all[0].name + ',="' + all[0].citizen_id + '"'), lines[1])
  assert.match(download.suggestedFilename(), /\.csv$/)
  assert.deepEqual(realErrors(page), [])
})

test('"显示" asks for a purpose and shows the clear citizen ID the API returns', async () => {
  await page.goto('/people?tag=dibao')
  await waitTableSettled()
  const first = (await apiAs(s, 'township', 'GET', '/api/v1/people?tag=dibao&limit=1')).items[0]
  await page.click('[data-test=people-table] tbody tr:first-child [data-test=unmask]')
  await page.waitForSelector('[data-test=unmask-purpose]')
  // Without a purpose nothing is shown.
  await page.click('[data-test=unmask-submit]')
  await page.waitForSelector('.el-dialog .el-form-item__error')
  assert.equal(await page.$('[data-test=unmask-cid]'), null)
  await page.fill('[data-test=unmask-purpose]', '核实低保资格')
  await page.click('[data-test=unmask-submit]')
  const cid = (await (await page.waitForSelector('[data-test=unmask-cid]')).innerText()).trim()
  assert.equal(cid.length, 18)
  assert.doesNotMatch(cid, /\*/)
  const clear = await apiAs(s, 'township', 'POST', `/api/v1/people/${first.id}/unmask`, { purpose: '测试比对' })
  assert.equal(cid, clear.citizen_id)
  assert.equal(cid.slice(0, 6) + cid.slice(-4), first.citizen_id.slice(0, 6) + first.citizen_id.slice(-4))
  await shot(page, 'people-unmask')
  await page.keyboard.press('Escape')
  assert.deepEqual(realErrors(page), [])
})

test('person detail shows the tags with their fields and links to the household with its members', async () => {
  const person = (await apiAs(s, 'township', 'GET', '/api/v1/people?tag=dibao&limit=1')).items[0]
  await page.goto('/people/' + person.id)
  await page.waitForSelector('[data-test=person-name]')
  assert.equal(await page.innerText('[data-test=person-name]'), person.name)
  assert.equal((await page.innerText('[data-test=person-cid]')).trim(), person.citizen_id)
  const tags = await page.innerText('[data-test=person-tags]')
  assert.match(tags, /低保/)
  const dibao = person.tags.find((g) => g.tag === 'dibao')
  if (dibao.fields.cert_no) assert.ok(tags.includes(dibao.fields.cert_no) && tags.includes('低保证号'))
  await shot(page, 'people-person')
  await page.click('[data-test=household-link]')
  await page.waitForURL(/\/households\/\d+/)
  await page.waitForSelector('[data-test=household-no]')
  const hh = await apiAs(s, 'township', 'GET', '/api/v1/households/' + person.household_id)
  assert.equal(await page.innerText('[data-test=household-no]'), hh.household_no)
  assert.equal(await page.innerText('[data-test=household-address]'), hh.address)
  await page.waitForSelector('[data-test=members-table] [data-test=member-link]')
  const members = await page.$$eval('[data-test=member-link]', (as) => as.map((a) => a.textContent.trim()))
  const apiMembers = (await apiAs(s, 'township', 'GET', `/api/v1/people?household_id=${hh.id}&limit=100`)).items.map((p) => p.name)
  assert.deepEqual(members, apiMembers)
  assert.ok(members.includes(person.name))
  await shot(page, 'people-household')
  assert.deepEqual(realErrors(page), [])
})

test('"显示" on a person also shows the phones inside care-group tags, in the dialog and in the tag card', async () => {
  const kids = (await apiAs(s, 'township', 'GET', '/api/v1/people?tag=left_behind_child&limit=100')).items
  const kid = kids.find((p) => p.tags.some((g) => g.tag === 'left_behind_child' && g.fields.guardian_phone))
  assert.ok(kid, 'the demo has a left-behind child with a guardian phone')
  const masked = kid.tags.find((g) => g.tag === 'left_behind_child').fields.guardian_phone
  assert.match(masked, /\*/)
  await page.goto('/people/' + kid.id)
  await page.waitForSelector('[data-test=person-tags]')
  assert.ok((await page.innerText('[data-test=person-tags]')).includes(masked))
  await page.click('[data-test=unmask]')
  await page.fill('[data-test=unmask-purpose]', '联系监护人')
  await page.click('[data-test=unmask-submit]')
  await page.waitForSelector('[data-test=unmask-tag-field]')
  const clear = await apiAs(s, 'township', 'POST', `/api/v1/people/${kid.id}/unmask`, { purpose: '测试比对' })
  const want = clear.tag_fields.find((x) => x.tag === 'left_behind_child' && x.field === 'guardian_phone').value
  assert.doesNotMatch(want, /\*/)
  const shown = await page.$$eval('[data-test=unmask-tag-field]', (els) => els.map((e) => e.textContent.trim()))
  assert.ok(shown.includes(want), `${shown} holds ${want}`)
  assert.match(await page.innerText('[data-test=unmask-dialog]'), /留守儿童 · 监护人电话/)
  await shot(page, 'people-unmask-tag-fields')
  await page.keyboard.press('Escape')
  await page.waitForFunction(
    (p) => document.querySelector('[data-test=person-tags]').textContent.includes(p), want)
  assert.deepEqual(realErrors(page), [])
})

test('import: the row report lists the broken row with the server message, then the valid row is imported', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-people-'))
  // The template's header row, from the API.
  const r = await fetch(s.base + '/api/v1/import/people/template?format=csv', {
    headers: { Authorization: `Bearer ${await tokenFor(s, 'township')}` },
  })
  assert.equal(r.status, 200)
  const header = (await r.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0]
  assert.match(header, /姓名/)
  const cols = header.split(',')
  const row = (v) => cols.map((c) => v[c] ?? '').join(',')
  const good = { 姓名: '导入测甲', 公民身份号码: '11010519491231002X', 所属网格或十联户代码: '530326001001001001', 民族: '汉族', 政治面貌: '群众', 居住类型: '户籍', 与户主关系: '户主', 户号: 'HZT900001', 住址: '测试路1号' }
  const bad = { 姓名: '导入测乙', 公民身份号码: '110105194912310021', 所属网格或十联户代码: '530326001001001001', 民族: '汉族', 居住类型: '户籍', 与户主关系: '户主', 户号: 'HZT900002', 住址: '测试路2号' }
  const file = path.join(tmp, 'people.csv')
  fs.writeFileSync(file, [header, row(good), row(bad)].join('\n') + '\n')
  // What the server says about the broken row.
  const dry = await fetch(s.base + '/api/v1/import/people?dry_run=true&mode=accept_valid&filename=people.csv', {
    method: 'POST',
    headers: { Authorization: `Bearer ${await tokenFor(s, 'township')}` },
    body: fs.readFileSync(file),
  }).then((x) => x.json())
  assert.equal(dry.rejected, 1)
  const serverError = dry.errors[0]

  await page.goto('/people')
  await waitTableSettled()
  await page.click('[data-test=import-open]')
  await page.waitForSelector('[data-test=import-dialog]')
  await page.setInputFiles('[data-test=import-upload] input[type=file]', file)
  await page.click('[data-test=import-check]')
  await page.waitForSelector('[data-test=import-report]')
  const reportRows = await page.$$eval('[data-test=import-report] .el-table__body-wrapper tbody tr', (rs) =>
    rs.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())),
  )
  assert.equal(reportRows.length, 1)
  assert.deepEqual(reportRows[0], [String(serverError.row), serverError.column, serverError.reason_zh])
  assert.equal(await page.innerText('[data-test=count-rejected]'), '1')
  assert.equal(await page.innerText('[data-test=count-inserted]'), '1')
  // Nothing written yet.
  assert.equal((await apiAs(s, 'township', 'GET', '/api/v1/people?name=' + encodeURIComponent('导入测甲'))).items.length, 0)
  await shot(page, 'people-import-report')

  await page.click('[data-test=mode-valid]')
  await page.click('[data-test=import-confirm]')
  await page.waitForFunction(() => /导入完成/.test(document.querySelector('[data-test=import-summary]')?.textContent || ''))
  const found = (await apiAs(s, 'township', 'GET', '/api/v1/people?name=' + encodeURIComponent('导入测甲'))).items
  assert.equal(found.length, 1)
  assert.equal(found[0].place_code, '530326001001001001')
  assert.equal((await apiAs(s, 'township', 'GET', '/api/v1/people?name=' + encodeURIComponent('导入测乙'))).items.length, 0)
  await shot(page, 'people-import-done')
  await page.keyboard.press('Escape')
  // The imported person is findable in the table by name.
  await page.goto('/people?name=' + encodeURIComponent('导入测甲'))
  await waitTableSettled()
  assert.equal(await rowsShown(), 1)
  assert.equal((await idCells())[0], found[0].citizen_id)
  fs.rmSync(tmp, { recursive: true, force: true })
  assert.deepEqual(realErrors(page), [])
})

test('the county sees cards at 360 px with masked IDs matching the API', async () => {
  const phone = await openPage(s, { phone: true })
  try {
    await login(phone.page, s, 'county')
    await phone.page.goto('/people')
    await phone.page.waitForSelector('[data-test=person-card]')
    const api = await apiAs(s, 'county', 'GET', '/api/v1/people?limit=20')
    const ids = await phone.page.$$eval('[data-test=person-card] [data-test=cid-cell]', (cs) => cs.map((c) => c.textContent.trim()))
    assert.deepEqual(ids, api.items.map((p) => p.citizen_id))
    for (const id of ids) assert.match(id, MASKED)
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `page is ${overflow}px wider than the phone`)
    await shot(phone.page, 'people-list-phone')
    await phone.page.click('[data-test=person-card]:first-child [data-test=person-link]')
    await phone.page.waitForSelector('[data-test=person-name]')
    await shot(phone.page, 'people-person-phone')
    assert.deepEqual(realErrors(phone.page), [])
  } finally {
    await phone.browser.close()
  }
})

test('a resident opening /people gets the no-permission page', async () => {
  const other = await openPage(s)
  try {
    await login(other.page, s, 'resident')
    await other.page.goto('/people')
    await other.page.waitForSelector('[data-test=forbidden]')
    assert.equal(await other.page.$('[data-test=people-table]'), null)
    await shot(other.page, 'people-forbidden-resident')
    assert.deepEqual(realErrors(other.page), [])
  } finally {
    await other.browser.close()
  }
})
