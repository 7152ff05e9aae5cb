// Stored XSS (issue 11 §3): markup in any user-editable name or text never runs in the web UI.
//  - Names that end up in labels (places, departments, categories, display names, buildings, holidays,
//    organisations) are refused by the server (400 naming the field, zh + en).
//  - A database written before that rule may still hold such names: the test writes them into the demo's
//    database before the server starts (places, the police department, every category class, a display name,
//    a building, a holiday), so the UI's own escaping is tested too.
//  - Free text the server keeps as typed (order title, description, address, action notes, household and
//    building addresses, a care-group tag's text field) gets markup through the API.
// Then the county centre (and the admin, the township official, the resident, an anonymous visitor) opens
// every screen that shows them — dashboard with map and chart tooltips hovered, grid map with its labels,
// order list, detail and inbox, people, household, person, board, track, the admin pages — and nothing runs:
// window.__xss stays undefined, no dialog opens, no Content-Security-Policy violation fires, no console error.
// The served HTML carries the CSP header.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { startServer, openPage, login, shot, apiAs, tokenFor, realErrors } from './harness.mjs'

// One payload per field, each setting window.__xss to its own label, so a failure names the field.
const img = (label) => `<img src=x onerror="window.__xss='${label}'">`
const mark = (label, prefix = '') => `${prefix}${img(label)}<script>window.__xss='${label}-script'</script>"><svg onload="window.__xss='${label}-svg'">`

const COUNTY = '530326'
let s
const planted = {} // what was written where (for the positive "shown as text" checks)

// sqlite3 on the demo database (scripts/install-deps.sh installs the CLI).
function sql(dataDir, statements) {
  execFileSync('sqlite3', [path.join(dataDir, 'wangge.db')], { input: statements.join(';\n') + ';\n', encoding: 'utf8' })
}
const q = (v) => `'${String(v).replaceAll("'", "''")}'`

before(async () => {
  s = await startServer({
    prepare: (dataDir) => {
      // Rows as an older version (before the name rule) could have stored them.
      planted.township = `古城街道${img('township')}`
      planted.category = img('category')
      sql(dataDir, [
        `UPDATE places SET name = ${q(planted.township)} WHERE code = '${COUNTY}001'`,
        `UPDATE places SET name = name || ${q(img('village'))} WHERE code = '${COUNTY}001001'`,
        `UPDATE places SET name = name || ${q(mark('grid'))} WHERE parent_code = '${COUNTY}001001'`,
        `UPDATE places SET name = name || ${q(img('unit'))} WHERE length(code) = 18 AND code LIKE '${COUNTY}001001%'`,
        `UPDATE departments SET name = name || ${q(mark('dept'))} WHERE code = 'gongan'`,
        `UPDATE categories SET name_zh = name_zh || ${q(planted.category)}, name_en = name_en || ${q(img('category-en'))} WHERE length(code) = 2`,
        `UPDATE categories SET name_zh = name_zh || ${q(img('subcategory'))} WHERE code = '0101'`,
        `UPDATE users SET display_name = ${q(mark('display-name', '张三'))} WHERE username IN ('township', 'police')`,
        `UPDATE buildings SET name = name || ${q(img('building'))}`,
        // a holiday's name was limited to 20 characters already
        `UPDATE calendar_days SET name = '<svg/onload=__xss=1>'`,
      ])
    },
  })
})
after(async () => {
  await s?.stop()
})

// A page that records what must not happen: a dialog, a CSP violation, window.__xss.
async function watchedPage(opts) {
  const o = await openPage(s, opts)
  o.page.dialogs = []
  o.page.on('dialog', (d) => {
    o.page.dialogs.push(d.message())
    d.dismiss().catch(() => {})
  })
  await o.page.addInitScript(() => {
    window.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`))
  })
  return o
}

async function assertNothingRan(page, where) {
  const state = await page.evaluate(() => ({ xss: window.__xss, csp: window.__csp || [] }))
  assert.equal(state.xss, undefined, `${where}: a planted script ran (window.__xss = ${state.xss})`)
  assert.deepEqual(state.csp, [], `${where}: CSP violations`)
  assert.deepEqual(page.dialogs, [], `${where}: dialogs`)
  assert.deepEqual(realErrors(page), [], `${where}: console errors`)
}

async function status(user, method, p, body) {
  const r = await fetch(s.base + p, {
    method,
    headers: { Authorization: `Bearer ${await tokenFor(s, user)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: r.status, body: await r.json().catch(() => null) }
}

const order = {} // the order carrying the planted free text

test('the web UI is served with a strict Content-Security-Policy', async () => {
  for (const p of ['/', '/dashboard', '/orders/1']) {
    const r = await fetch(s.base + p)
    assert.equal(r.status, 200, p)
    assert.match(r.headers.get('content-type'), /text\/html/, p)
    const csp = r.headers.get('content-security-policy') || ''
    for (const d of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"])
      assert.ok(csp.split(';').map((x) => x.trim()).includes(d), `${p}: CSP lacks ${d}: ${csp}`)
    assert.doesNotMatch(csp.match(/script-src[^;]*/)[0], /unsafe-inline|unsafe-eval/, p)
    const html = await r.text()
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${p}: inline script in the HTML`)
  }
})

test('names with markup are refused by the server (400 naming the field, zh + en)', async () => {
  const bad = '古城街道<img src=x onerror="window.__xss=1">'
  const township = await apiAs(s, 'township', 'GET', `/api/v1/places/${COUNTY}001`)
  const cases = [
    ['township', 'PATCH', `/api/v1/places/${COUNTY}001`, { version: township.version, name: bad }, 'name'],
    ['secretary', 'POST', '/api/v1/places', { code: s.accounts.secretary.scope + '897', name: '"><svg onload=alert(1)>' }, 'name'],
    ['admin', 'POST', '/api/v1/departments', { code: 'xss', name: bad, place_code: COUNTY }, 'name'],
    ['admin', 'PATCH', '/api/v1/categories/0102', { version: (await apiAs(s, 'admin', 'GET', '/api/v1/categories/0102')).version, name_zh: bad }, 'name_zh'],
    ['admin', 'PUT', '/api/v1/calendar', { date: '2027-10-01', type: 'holiday', name: '国庆<script>alert(1)</script>' }, 'name'],
    ['county', 'POST', '/api/v1/organizations', { place_code: s.accounts.secretary.scope, name: bad, kind: 'enterprise' }, 'name'],
    ['county', 'POST', '/api/v1/party-orgs', { place_code: s.accounts.secretary.scope, name: '党委\u202E', kind: 'village_org' }, 'name'],
    ['gridworker', 'POST', '/api/v1/buildings', { place_code: s.accounts.gridworker.scope, name: '1栋<b>' }, 'name'],
  ]
  const users = await apiAs(s, 'admin', 'GET', '/api/v1/users?limit=100')
  const resident = users.items.find((u) => u.username === 'resident')
  cases.push(['admin', 'PATCH', `/api/v1/users/${resident.id}`, { display_name: "王五' onmouseover='alert(1)" }, 'display_name'])
  for (const [user, method, p, body, field] of cases) {
    const r = await status(user, method, p, body)
    assert.equal(r.status, 400, `${method} ${p}: ${JSON.stringify(r.body)}`)
    assert.equal(r.body.field, field, `${method} ${p}`)
    assert.ok(r.body.detail && /[\u4e00-\u9fff]/.test(r.body.detail_zh), `${method} ${p}: zh + en detail`)
  }
  // nothing changed
  const after = await apiAs(s, 'township', 'GET', `/api/v1/places/${COUNTY}001`)
  assert.equal(after.name, planted.township)
  assert.equal(after.version, township.version)
})

test('free text keeps markup as typed: order fields, action notes, addresses, a tag field', async () => {
  // An order in the planted village, reported by the resident with markup in every text field.
  const grid = (await apiAs(s, 'county', 'GET', `/api/v1/places/${COUNTY}001001/children`)).items.find((g) => g.code.length === 15)
  const o = await apiAs(s, 'resident', 'POST', '/api/v1/orders', {
    category: '0101',
    title: `标题${img('title')}`, // at most 60 characters
    description: mark('description', '描述'),
    address: mark('address', '地址'),
    place_code: grid.code,
  })
  Object.assign(order, { id: o.id, no: o.tracking_no, code: o.track_code })
  assert.equal(o.title, `标题${img('title')}`)
  // through the loop with a note at every step, so the timeline, the inbox and the board carry them
  const act = async (user, action, body = {}) => apiAs(s, user, 'POST', `/api/v1/orders/${o.id}/${action}`, body)
  const command = o.command_place.length === 6 ? 'county' : Object.keys(s.accounts).find((u) => s.accounts[u].role === 'township_official' && s.accounts[u].scope === o.command_place)
  await act(command, 'accept', { note: mark('note-accept') })
  const me = await apiAs(s, 'police', 'GET', '/api/v1/me')
  await act(command, 'dispatch', { target_dept: me.department_id, note: mark('note-dispatch'), override_catalogue: true, reason: mark('reason-override') })
  await act('police', 'claim', { note: mark('note-claim') })
  await act('police', 'progress', { note: mark('note-progress') })
  await act('police', 'finish', { note: mark('note-finish') })
  await act('resident', 'verify_pass', { note: mark('note-verify') })
  await act('resident', 'rate', { rating: 1, note: mark('note-rate') })
  assert.equal((await apiAs(s, 'resident', 'GET', `/api/v1/orders/${o.id}`)).state, 'closed')
  // a second order left open, with a supervision note
  const o2 = await apiAs(s, 'resident', 'POST', '/api/v1/orders', { category: '0101', title: img('title2'), description: mark('description2'), place_code: grid.code })
  order.open = o2.id
  await apiAs(s, command, 'POST', `/api/v1/orders/${o2.id}/accept`, {})
  await apiAs(s, 'county', 'POST', `/api/v1/orders/${o2.id}/supervise`, { strength: 1, note: mark('note-supervise') })

  // a household's and a building's address, and a care-group tag's text field
  const hhs = await apiAs(s, 'gridworker', 'GET', `/api/v1/households?scope=${s.accounts.gridworker.scope}&limit=1`)
  const hh = hhs.items[0]
  const hhNew = await apiAs(s, 'gridworker', 'PATCH', `/api/v1/households/${hh.id}`, { version: hh.version, address: `住址${img('household-address')}` })
  order.household = hhNew.id
  const b = (await apiAs(s, 'gridworker', 'GET', `/api/v1/buildings?scope=${s.accounts.gridworker.scope}&limit=1`)).items[0]
  if (b) {
    // an edit must also fix a stored name that breaks the name rule
    const edit = { version: b.version, address: img('building-address') }
    assert.equal((await status('gridworker', 'PATCH', `/api/v1/buildings/${b.id}`, edit)).body.field, 'name')
    await apiAs(s, 'gridworker', 'PATCH', `/api/v1/buildings/${b.id}`, { ...edit, name: b.name.replace(img('building'), '') })
  }
  const dibao = await apiAs(s, 'county', 'GET', `/api/v1/people?scope=${COUNTY}&tag=dibao&limit=50`)
  const p = dibao.items.find((x) => x.tags.length === 1)
  assert.ok(p, 'a person whose only tag is 低保')
  const full = await apiAs(s, 'county', 'GET', `/api/v1/people/${p.id}`)
  const tags = full.tags.map((t) => ({ tag: t.tag, since: t.since, fields: t.tag === 'dibao' ? { ...t.fields, cert_no: mark('tag-field') } : t.fields }))
  await apiAs(s, 'county', 'PATCH', `/api/v1/people/${p.id}`, { version: full.version, tags })
  order.person = p.id
})

// Hovers every polygon of the dashboard map and checks the tooltip shows the name as text.
async function hoverMapPolygons(page) {
  const polys = page.locator('[data-test=dash-map] path.dash-poly')
  const n = await polys.count()
  assert.ok(n > 0, 'map polygons')
  for (let i = 0; i < n; i++) {
    await polys.nth(i).hover({ force: true }).catch(() => {})
    await page.waitForTimeout(50)
  }
}

// Moves the mouse over a chart until ECharts shows its tooltip; returns the tooltip's text ('' when none).
async function hoverChart(page, testId) {
  const box = await page.locator(`[data-test=${testId}]`).boundingBox()
  let text = ''
  for (let fy = 0.05; fy < 0.95 && !text; fy += 0.06) {
    for (const fx of [0.4, 0.6]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy)
      await page.waitForTimeout(80)
      text = await page.evaluate((id) => {
        const tip = [...document.querySelectorAll(`[data-test=${id}] > div`)].find((d) => d.style.zIndex === '9999999' && d.style.display !== 'none' && d.style.opacity !== '0')
        return tip ? tip.innerText : ''
      }, testId)
      if (text) break
    }
  }
  return text
}

test('county centre: dashboard map and chart tooltips show the names as text', async () => {
  const { browser, page } = await watchedPage()
  try {
    await login(page, s, 'county')
    await page.goto('/dashboard')
    await page.waitForSelector(`[data-test=dashboard][data-place="${COUNTY}"] [data-test=card-received]`, { timeout: 15000 })
    for (const c of ['chart-trend', 'chart-tier', 'chart-category']) await page.waitForSelector(`[data-test=${c}][data-ready="1"]`, { timeout: 15000 })
    await page.waitForSelector('[data-test=dash-map] path.dash-poly')
    // the planted township: its tooltip holds the name as text
    await page.locator(`[data-test=dash-map] path[data-code="${COUNTY}001"]`).hover({ force: true })
    const tip = page.locator('.leaflet-tooltip', { hasText: '古城街道' })
    await tip.waitFor({ timeout: 5000 })
    assert.ok((await tip.innerText()).includes(planted.township), 'the township tooltip shows the name as typed')
    await hoverMapPolygons(page)
    // the category chart's tooltip (a custom formatter): a planted class name, as text
    const catTip = await hoverChart(page, 'chart-category')
    assert.ok(catTip.includes(planted.category), `category tooltip shows the class name as text: ${catTip}`)
    await hoverChart(page, 'chart-tier')
    await hoverChart(page, 'chart-trend')
    await page.locator('[data-test=map-mode-overdue]').click()
    await hoverMapPolygons(page)
    await shot(page, 'xss-dashboard-county')
    await assertNothingRan(page, 'county dashboard')

    // drill into the planted township: the villages on the map, the breadcrumb, the ranking
    await page.click(`[data-test=rank-child] [data-test=rank-place][data-code="${COUNTY}001"]`)
    await page.waitForSelector(`[data-test=dashboard][data-place="${COUNTY}001"] [data-test=card-received]`, { timeout: 15000 })
    await page.waitForSelector('[data-test=dash-map] path.dash-poly')
    await hoverMapPolygons(page)
    assert.ok((await page.innerText('[data-test=crumb-current]')).includes(planted.township))
    await hoverChart(page, 'chart-category')
    await assertNothingRan(page, 'township dashboard')
  } finally {
    await browser.close()
  }
})

test('county centre: grid map labels, the place tree, orders, inbox, people, household, person', async () => {
  const { browser, page } = await watchedPage()
  try {
    await login(page, s, 'county')
    // the grid map of the planted village: permanent labels (the grid names) and hover tooltips
    await page.goto(`/places/${COUNTY}001001`)
    await page.waitForSelector('.leaflet-overlay-pane path.grid-shape', { timeout: 15000 })
    await page.waitForSelector('.leaflet-tooltip.grid-label', { timeout: 15000 })
    const labels = await page.locator('.leaflet-tooltip.grid-label').allInnerTexts()
    assert.ok(labels.some((l) => l.includes("<img src=x onerror=\"window.__xss='grid'\">")), `grid labels as text: ${labels[0]}`)
    for (const p of await page.locator('.leaflet-overlay-pane path.grid-shape').all()) await p.hover({ force: true }).catch(() => {})
    for (const p of await page.locator('.leaflet-overlay-pane path.problem-shape').all()) await p.hover({ force: true }).catch(() => {})
    await page.locator(`[data-test=tree-node][data-code="${COUNTY}001"]`).waitFor({ timeout: 15000 })
    await shot(page, 'xss-places')
    await assertNothingRan(page, 'places')

    // the order list (overflowing titles get a tooltip), the detail with its timeline, the open one
    await page.goto('/orders')
    const row = page.locator('[data-test=order-table] .el-table__row', { hasText: order.no })
    await row.waitFor({ timeout: 15000 })
    for (const cell of await row.locator('td').all()) await cell.hover().catch(() => {})
    await page.waitForTimeout(300)
    await shot(page, 'xss-order-list')
    await assertNothingRan(page, 'order list')
    for (const id of [order.id, order.open]) {
      await page.goto(`/orders/${id}`)
      await page.waitForSelector('[data-test=order-timeline] [data-test=timeline-item]', { timeout: 15000 })
      await page.waitForTimeout(300)
      await assertNothingRan(page, `order ${id}`)
    }
    assert.ok((await page.innerText('[data-test=order-title]')).includes(img('title2')), 'the title is shown as typed')
    await shot(page, 'xss-order-detail')
    await page.goto('/inbox')
    await page.waitForSelector('[data-test=inbox-page]')
    await page.waitForTimeout(500)
    await assertNothingRan(page, 'inbox')

    // people: the list (place names), the household (address, building), the person (tag field)
    await page.goto('/people')
    await page.waitForSelector('[data-test=people-table] .el-table__row', { timeout: 15000 })
    await page.goto(`/households/${order.household}`)
    await page.waitForSelector('[data-test=household-address]', { timeout: 15000 })
    assert.equal(await page.innerText('[data-test=household-address]'), `住址${img('household-address')}`)
    await page.goto(`/people/${order.person}`)
    await page.waitForSelector('[data-test=person-tag]', { timeout: 15000 })
    await page.waitForTimeout(300)
    await shot(page, 'xss-person')
    await assertNothingRan(page, 'people')
  } finally {
    await browser.close()
  }
})

test('the admin pages, the township official, the police, the resident, the public board and tracking', async () => {
  const { browser, page } = await watchedPage()
  try {
    await login(page, s, 'admin')
    for (const [p, sel] of [
      ['/admin/users', '[data-test=users-table] .el-table__row'],
      ['/admin/departments', '[data-test=departments-table] .el-table__row'],
      ['/admin/categories', '[data-test=categories-table] .el-table__row'],
      ['/admin/calendar', '[data-test=cal-table]'],
    ]) {
      await page.goto(p)
      await page.waitForSelector(sel, { timeout: 15000 })
      await page.waitForTimeout(300)
      await assertNothingRan(page, p)
    }
    await shot(page, 'xss-admin-calendar')

    // the township official: their display name in the header, their dashboard, the report form's pickers
    await login(page, s, 'township')
    assert.ok((await page.innerText('[data-test=who]')).includes('张三<img'))
    await page.goto('/dashboard')
    await page.waitForSelector('[data-test=dash-map] path.dash-poly', { timeout: 15000 })
    await hoverMapPolygons(page)
    await assertNothingRan(page, 'township official')

    // the police (the planted department) see the order
    await login(page, s, 'police')
    await page.goto(`/orders/${order.id}`)
    await page.waitForSelector('[data-test=order-timeline] [data-test=timeline-item]', { timeout: 15000 })
    await page.goto('/orders')
    await page.waitForSelector('[data-test=order-table] .el-table__row', { timeout: 15000 })
    await assertNothingRan(page, 'police')

    // the resident: their reports and the report form (category and place pickers)
    await login(page, s, 'resident')
    await page.goto('/resident')
    await page.waitForSelector('[data-test=mine-card]', { timeout: 15000 })
    await page.goto('/resident/report')
    await page.waitForSelector('[data-test=report-category]', { timeout: 15000 })
    await page.click('[data-test=report-category]')
    await page.waitForTimeout(300)
    await assertNothingRan(page, 'resident')

    // anyone: the board (the closed order) and tracking
    await page.goto('/board')
    await page.waitForSelector('[data-test=board-card]', { timeout: 15000 })
    await page.goto(`/track?no=${order.code}`)
    await page.waitForSelector('[data-test=track-result]', { timeout: 15000 })
    await page.waitForTimeout(300)
    await shot(page, 'xss-track')
    await assertNothingRan(page, 'board and track')
  } finally {
    await browser.close()
  }
})
