// Administration: users (list matches the API, create a grid worker whose initial password works), the
// dispatch catalogue (a bad limit shows the server's 400 and changes nothing; a good one is saved), the
// holiday calendar (a new holiday moves the deadline preview by one working day, as the API says), the
// no-permission page for a resident, and the phone layout.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, apiAs, realErrors } from './harness.mjs'

let s, browser, page
before(async () => {
  s = await startServer()
  ;({ browser, page } = await openPage(s))
})
after(async () => {
  await browser?.close()
  await s?.stop()
})

const rowsOf = (table) => page.locator(`[data-test=${table}] .el-table__body-wrapper tbody tr.el-table__row`)

test('admin sees the users table with as many rows as the API lists', async () => {
  await login(page, s, 'admin')
  await page.goto('/admin/users')
  await page.waitForSelector('[data-test=users-table] tbody tr')
  const api = await apiAs(s, 'admin', 'GET', '/api/v1/users?limit=50')
  assert.ok(api.items.length > 5)
  assert.equal(await rowsOf('users-table').count(), api.items.length)
  assert.match(await page.innerText('[data-test=users-count]'), new RegExp(`\\b${api.items.length}\\b`))
  for (const u of api.items.slice(0, 3)) assert.match(await page.innerText('[data-test=users-table]'), new RegExp(u.username))
  await shot(page, 'admin-users')
  assert.deepEqual(realErrors(page), [])
})

test('admin creates a grid worker; the password is shown once and works, the API lists the user', async () => {
  await page.click('[data-test=user-add]')
  await page.fill('[data-test=user-username]', 'h6_gridnew')
  await page.fill('[data-test=user-display-name]', '测试网格员')
  await page.click('[data-test=user-role]')
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^网格员$/ }).click()
  await page.fill('[data-test=user-place]', '530326001001002')
  await page.click('[data-test=user-save]')
  const pwEl = await page.waitForSelector('[data-test=initial-password]')
  const password = (await pwEl.innerText()).trim()
  assert.ok(password.length >= 8, 'an initial password is shown')
  await shot(page, 'admin-users-password')
  await page.click('[data-test=password-close]')
  await page.waitForFunction(() => document.querySelector('[data-test=users-table]')?.innerText.includes('h6_gridnew'))
  const api = await apiAs(s, 'admin', 'GET', '/api/v1/users?limit=200')
  const u = api.items.find((x) => x.username === 'h6_gridnew')
  assert.ok(u, 'the API lists the new user')
  assert.equal(u.role, 'grid_worker')
  assert.equal(u.place_code, '530326001001002')
  assert.equal(u.display_name, '测试网格员')
  assert.equal(await rowsOf('users-table').count(), api.items.length)
  const r = await fetch(s.base + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'h6_gridnew', password }),
  })
  assert.equal(r.status, 200, 'the shown initial password signs in')
  assert.deepEqual(realErrors(page), [])
})

test('admin issues an Open311 API key to the 12345 account, sees it listed without the key, and revokes it', async () => {
  await page.goto('/admin/users')
  await page.waitForSelector('[data-test=users-table] tbody tr')
  await page.fill('[data-test=users-keyword]', 'hotline')
  await page.click('[data-test=user-keys-hotline]')
  await page.waitForSelector('[data-test=apikeys-dialog]')
  await page.click('[data-test=apikey-issue]')
  const key = (await (await page.waitForSelector('[data-test=apikey-value]')).innerText()).trim()
  assert.match(key, /^wgk_/)
  const me = await apiAs(s, 'hotline', 'GET', '/api/v1/me')
  const listed = await apiAs(s, 'admin', 'GET', `/api/v1/api-keys?user_id=${me.user_id}`)
  const mine = listed.items.find((k) => key.startsWith(k.hint))
  assert.ok(mine, 'the API lists the new key by its first characters')
  await page.waitForSelector(`[data-test=apikey-revoke-${mine.key_id}]`)
  assert.doesNotMatch(await page.innerText('[data-test=apikeys-table]'), new RegExp(key.slice(8)), 'the list never shows the key')
  await shot(page, 'admin-apikeys')
  // The key works on Open311 only; revoked from the dialog, it stops working.
  const form = `api_key=${encodeURIComponent(key)}&service_code=0101&address_id=530326001001001&description=${encodeURIComponent('路面破损')}`
  const submit = () => fetch(s.base + '/open311/v2/requests.json', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form })
  assert.equal((await submit()).status, 201)
  await page.click(`[data-test=apikey-revoke-${mine.key_id}]`)
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.waitForSelector(`[data-test=apikey-revoke-${mine.key_id}]`, { state: 'detached' })
  assert.equal((await submit()).status, 403)
  await page.keyboard.press('Escape')
  assert.deepEqual(realErrors(page), [])
})

test('a wrong role scope shows the server message in the user dialog', async () => {
  await page.click('[data-test=user-add]')
  await page.fill('[data-test=user-username]', 'h6_badscope')
  await page.fill('[data-test=user-display-name]', '错误辖区')
  await page.click('[data-test=user-role]')
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^网格员$/ }).click()
  await page.fill('[data-test=user-place]', '530326001')
  await page.click('[data-test=user-save]')
  const err = await page.waitForSelector('[data-test=user-error]')
  assert.match(await err.innerText(), /15-15 位/)
  await page.keyboard.press('Escape')
  const api = await apiAs(s, 'admin', 'GET', '/api/v1/users?limit=200')
  assert.ok(!api.items.some((x) => x.username === 'h6_badscope'))
})

test('a bad category limit shows the server 400 message and changes nothing', async () => {
  const before = await apiAs(s, 'admin', 'GET', '/api/v1/categories/0101')
  await page.goto('/admin/categories')
  await page.waitForSelector('[data-test=cat-handle-0101]')
  const cats = await apiAs(s, 'admin', 'GET', '/api/v1/categories')
  assert.match(await page.innerText('[data-test=categories-count]'), new RegExp(`\\b${cats.items.length}\\b`))
  await shot(page, 'admin-categories')
  await page.click('[data-test=cat-edit-0101]')
  await page.fill('[data-test=cat-handle_normal]', 'abc')
  await page.click('[data-test=cat-save]')
  const err = await page.waitForSelector('[data-test=cat-error]')
  const text = await err.innerText()
  assert.match(text, /时限“abc”格式无效/)
  await shot(page, 'admin-categories-error')
  const after = await apiAs(s, 'admin', 'GET', '/api/v1/categories/0101')
  assert.equal(after.handle_normal, before.handle_normal)
  assert.equal(after.version, before.version)
  assert.deepEqual(realErrors(page), [])
})

test('editing the handling limit of a category is saved and shown readably', async () => {
  const before = await apiAs(s, 'admin', 'GET', '/api/v1/categories/0101')
  const next = before.handle_normal === '3wd' ? '4wd' : '3wd'
  await page.fill('[data-test=cat-handle_normal]', next)
  await page.click('[data-test=cat-save]')
  await page.waitForSelector('[data-test=cat-dialog]', { state: 'hidden' })
  const after = await apiAs(s, 'admin', 'GET', '/api/v1/categories/0101')
  assert.equal(after.handle_normal, next)
  assert.equal(after.version, before.version + 1)
  await page.waitForFunction(
    (n) => document.querySelector('[data-test=cat-handle-0101]')?.innerText.startsWith(`${n} 工作日`),
    next.replace('wd', ''),
  )
  assert.deepEqual(realErrors(page), [])
})

test('adding a holiday moves the deadline preview by one working day, like the API', async () => {
  // A Tuesday in March of next year with no calendar override that day or the next.
  const y = new Date().getFullYear() + 1
  const cal = await apiAs(s, 'admin', 'GET', `/api/v1/calendar?year=${y}`)
  const taken = new Set(cal.items.map((d) => d.date))
  let day = 1
  const iso = (d) => `${y}-03-${String(d).padStart(2, '0')}`
  while (new Date(y, 2, day).getDay() !== 2 || taken.has(iso(day)) || taken.has(iso(day + 1)) || taken.has(iso(day + 2))) day++
  const start = `${iso(day)}T09:00:00`
  const holiday = iso(day + 1)
  const q = `/api/v1/calendar/deadline?start=${encodeURIComponent(start + '+08:00')}&limit=2wd`
  const was = await apiAs(s, 'admin', 'GET', q)

  await page.goto('/admin/calendar')
  await page.waitForSelector('[data-test=cal-preview-go]')
  await page.fill('[data-test=cal-preview-start] input', `${iso(day)} 09:00`)
  await page.keyboard.press('Enter')
  await page.fill('[data-test=cal-preview-limit]', '2wd')
  await page.click('[data-test=cal-preview-go]')
  await page.waitForSelector(`[data-test=cal-preview-result][data-deadline="${was.deadline}"]`)
  assert.match(await page.innerText('[data-test=cal-preview-result]'), new RegExp(was.deadline.slice(0, 16).replace('T', ' ')))

  await page.click('[data-test=cal-add]')
  await page.fill('[data-test=cal-date] input', holiday)
  await page.keyboard.press('Enter')
  await page.click('[data-test=cal-type-holiday]')
  await page.fill('[data-test=cal-name]', '测试假日')
  await page.click('[data-test=cal-save]')
  await page.waitForSelector('[data-test=cal-dialog]', { state: 'hidden' })
  const days = await apiAs(s, 'admin', 'GET', `/api/v1/calendar?year=${y}`)
  assert.ok(days.items.some((d) => d.date === holiday && d.type === 'holiday' && d.name === '测试假日'))
  await page.waitForSelector(`[data-test=cal-del-${holiday}]`)

  const now = await apiAs(s, 'admin', 'GET', q)
  assert.equal(Date.parse(now.deadline) - Date.parse(was.deadline), 24 * 3600 * 1000, 'the API deadline moved by a day')
  await page.waitForSelector(`[data-test=cal-preview-result][data-deadline="${now.deadline}"]`)
  assert.match(await page.innerText('[data-test=cal-preview-result]'), new RegExp(now.deadline.slice(0, 16).replace('T', ' ')))
  await shot(page, 'admin-calendar')

  // A bad limit shows the server's message.
  await page.fill('[data-test=cal-preview-limit]', 'abc')
  await page.click('[data-test=cal-preview-go]')
  assert.match(await (await page.waitForSelector('[data-test=cal-preview-error]')).innerText(), /abc/)
  assert.deepEqual(realErrors(page), [])
})

test('departments list matches the API', async () => {
  await page.goto('/admin/departments')
  await page.waitForSelector('[data-test=departments-table] tbody tr')
  const api = await apiAs(s, 'admin', 'GET', '/api/v1/departments?limit=1000')
  assert.equal(await rowsOf('departments-table').count(), api.items.filter((d) => !d.retired).length)
  assert.match(await page.innerText('[data-test=departments-table]'), new RegExp(api.items[0].name))
  await shot(page, 'admin-departments')
  assert.deepEqual(realErrors(page), [])
})

test('on a phone the admin screens fit 360 px', async () => {
  const phone = await openPage(s, { phone: true })
  try {
    const p = phone.page
    await login(p, s, 'admin')
    for (const [path, sel, name] of [
      ['/admin/users', '[data-test=users-table] tbody tr', 'admin-users-phone'],
      ['/admin/departments', '[data-test=departments-table] tbody tr', 'admin-departments-phone'],
      ['/admin/categories', '[data-test=cat-handle-0101]', 'admin-categories-phone'],
      ['/admin/calendar', '[data-test=cal-preview-go]', 'admin-calendar-phone'],
    ]) {
      await p.goto(path)
      await p.waitForSelector(sel)
      const width = await p.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= 362, `${path} is ${width} px wide`)
      await shot(p, name)
    }
    assert.deepEqual(realErrors(p), [])
  } finally {
    await phone.browser.close()
  }
})

test('a resident opening /admin/users sees the no-permission page', async () => {
  await login(page, s, 'resident')
  await page.goto('/admin/users')
  await page.waitForSelector('[data-test=forbidden]')
  await page.goto('/admin/categories')
  await page.waitForSelector('[data-test=forbidden]')
  await shot(page, 'admin-forbidden-resident')
  assert.deepEqual(realErrors(page), [])
})
