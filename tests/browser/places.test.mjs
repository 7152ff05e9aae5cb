// 一张网: the place tree with counts (compared with the API), the grid map of a village (as many polygons as the
// API has grids), the grid layout check, boundary editing (an overlapping drag is refused and the API keeps
// the old boundary; a small valid drag is saved), a grid worker seeing only their grid, and the phone layout.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, apiAs, realErrors } from './harness.mjs'

let s
before(async () => {
  s = await startServer()
})
after(async () => {
  await s?.stop()
})

const gridCount = (page) => page.locator('[data-test=grid-count]').innerText().then(Number)
async function waitGridCount(page, n) {
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-test=grid-count]')
      return el && Number(el.textContent) === n && !document.querySelector('.map-wrap .el-loading-mask')
    },
    n,
    { timeout: 15000 },
  )
}
const treeNode = (page, code) => page.locator(`[data-test=tree-node][data-code="${code}"]`)

test('county: tree counts equal the API, a village shows its grids and the grid check', async () => {
  const { browser, page } = await openPage(s)
  try {
    await login(page, s, 'county')
    await page.goto('/places')
    const roots = await apiAs(s, 'county', 'GET', '/api/v1/places')
    assert.equal(roots.items.length, 1)
    const county = roots.items[0]
    const node = treeNode(page, county.code)
    await node.waitFor()
    assert.equal(Number(await node.locator('[data-test=node-people]').innerText()), county.counts.people)
    // the root is selected: details and all grids of the county on the map
    await page.waitForURL(new RegExp(`/places/${county.code}$`))
    await page.waitForSelector('[data-test=detail-people]')
    assert.equal(Number(await page.innerText('[data-test=detail-people]')), county.counts.people)
    assert.equal(Number(await page.innerText('[data-test=detail-households]')), county.counts.households)
    await waitGridCount(page, county.counts.grids)
    await shot(page, 'places-county')

    // expand to a village
    const towns = await apiAs(s, 'county', 'GET', `/api/v1/places/${county.code}/children`)
    const town = towns.items[0]
    const townNode = treeNode(page, town.code)
    await townNode.waitFor()
    assert.equal(Number(await townNode.locator('[data-test=node-people]').innerText()), town.counts.people)
    await townNode.click()
    await page.waitForURL(new RegExp(`/places/${town.code}$`))
    await waitGridCount(page, town.counts.grids)
    const villages = await apiAs(s, 'county', 'GET', `/api/v1/places/${town.code}/children`)
    const village = villages.items[0]
    const vNode = treeNode(page, village.code)
    await vNode.waitFor()
    assert.equal(Number(await vNode.locator('[data-test=node-people]').innerText()), village.counts.people)
    await vNode.click()
    await page.waitForURL(new RegExp(`/places/${village.code}$`))

    const grids = await apiAs(s, 'county', 'GET', `/api/v1/places/${village.code}/children?with_boundary=true`)
    const withBoundary = grids.items.filter((g) => g.code.length === 15 && g.boundary)
    assert.ok(withBoundary.length > 1)
    await waitGridCount(page, withBoundary.length)
    const paths = await page.locator('.leaflet-overlay-pane path.grid-shape').count()
    assert.equal(paths, withBoundary.length)
    assert.equal(await page.innerText('[data-test=detail-name]'), village.name)

    // the grid check, the same as the API's
    const report = await apiAs(s, 'county', 'GET', `/api/v1/places/${village.code}/grid-check`)
    await page.waitForSelector('[data-test=grid-check] [data-test=check-ok], [data-test=grid-check] [data-test=problem]')
    if (report.problems.length === 0) assert.equal(await page.locator('[data-test=check-ok]').count(), 1)
    else assert.equal(await page.locator('[data-test=problem]').count(), report.problems.length)

    // clicking a grid on the map lists its household units
    const firstGrid = withBoundary[0]
    const units = await apiAs(s, 'county', 'GET', `/api/v1/places/${firstGrid.code}/children`)
    await page.locator('.leaflet-overlay-pane path.grid-shape').first().click({ force: true })
    await page.waitForSelector('[data-test=units]')
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-test=units] .el-table__body tr').length === n,
      units.items.length,
      { timeout: 10000 },
    )
    await shot(page, 'places-village')
    assert.deepEqual(realErrors(page), [])
  } finally {
    await browser.close()
  }
})

// Drags the vertex picked by `pick` (over the API's ring) by dx, dy pixels.
async function dragVertex(page, ring, pick, dx, dy) {
  const idx = pick(ring)
  const handle = page.locator(`[data-test=vertex][data-index="${idx}"]`)
  await handle.waitFor()
  // wait until the map stands still
  let b = await handle.boundingBox()
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(150)
    const b2 = await handle.boundingBox()
    if (b2.x === b.x && b2.y === b.y) break
    b = b2
  }
  const x = b.x + b.width / 2
  const y = b.y + b.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 5 })
  await page.mouse.move(x + dx, y + dy, { steps: 5 })
  await page.mouse.up()
}

test('township edits a grid: an overlapping drag is refused, a small drag is saved', async () => {
  const { browser, page } = await openPage(s)
  try {
    const gridCode = s.accounts.gridworker.scope // 530326001001001, inside township 530326001
    await login(page, s, 'township')
    const before = await apiAs(s, 'township', 'GET', `/api/v1/places/${gridCode}`)
    const ring = before.boundary.coordinates[0].slice(0, -1)
    await page.goto(`/places/${gridCode}`)
    await page.waitForSelector('[data-test=edit-boundary]')
    await page.click('[data-test=edit-boundary]')
    await page.waitForSelector('[data-test=vertex]')
    assert.equal(await page.locator('[data-test=vertex]').count(), ring.length)

    // the east-most (then north-most) vertex far to the east: into the neighbouring grid
    const eastNorth = (r) => r.reduce((best, p, i) => (p[0] > r[best][0] || (p[0] === r[best][0] && p[1] > r[best][1]) ? i : best), 0)
    await dragVertex(page, ring, eastNorth, 160, 0)
    await shot(page, 'places-edit-drag')
    await page.click('[data-test=edit-save]')
    const err = await page.waitForSelector('[data-test=edit-error]', { timeout: 15000 })
    assert.match(await err.innerText(), /重叠/)
    // the refused shape stays on the map for correction; cancel drops it
    assert.equal(await page.locator('[data-test=vertex]').count(), ring.length)
    await page.click('[data-test=edit-cancel]')
    await page.waitForSelector('[data-test=edit-boundary]')
    const unchanged = await apiAs(s, 'township', 'GET', `/api/v1/places/${gridCode}`)
    assert.deepEqual(unchanged.boundary, before.boundary)
    const report = await apiAs(s, 'township', 'GET', `/api/v1/places/${gridCode.slice(0, 12)}/grid-check`)
    assert.equal(report.problems.filter((p) => p.kind === 'overlap').length, 0)
    await shot(page, 'places-edit-overlap')

    // a small drag of the west-most (then north-most) vertex inwards is accepted
    await page.click('[data-test=edit-boundary]')
    await page.waitForSelector('[data-test=vertex]')
    const westNorth = (r) => r.reduce((best, p, i) => (p[0] < r[best][0] || (p[0] === r[best][0] && p[1] > r[best][1]) ? i : best), 0)
    await dragVertex(page, ring, westNorth, 25, 15)
    await page.click('[data-test=edit-save]')
    await page.waitForSelector('.el-message--success', { timeout: 15000 })
    await page.waitForSelector('[data-test=edit-boundary]')
    const changed = await apiAs(s, 'township', 'GET', `/api/v1/places/${gridCode}`)
    assert.notDeepEqual(changed.boundary, before.boundary)
    assert.ok(changed.version > unchanged.version)
    const moved = changed.boundary.coordinates[0][westNorth(ring)]
    const orig = ring[westNorth(ring)]
    assert.ok(moved[0] > orig[0], 'the vertex moved east')
    // the moved vertex leaves a gap: the check list shows what the API reports, highlighted on the map
    const after = await apiAs(s, 'township', 'GET', `/api/v1/places/${gridCode.slice(0, 12)}/grid-check`)
    await page.waitForFunction((n) => document.querySelectorAll('[data-test=problem]').length === n, after.problems.length, { timeout: 10000 })
    if (after.problems.some((p) => p.geometry)) assert.ok((await page.locator('.leaflet-overlay-pane path.problem-shape').count()) > 0)
    await shot(page, 'places-edit-saved')
    assert.deepEqual(realErrors(page), [])
  } finally {
    await browser.close()
  }
})

test('a grid worker sees only their grid and cannot edit it (phone)', async () => {
  const { browser, page } = await openPage(s, { phone: true })
  try {
    const gridCode = s.accounts.gridworker.scope
    await login(page, s, 'gridworker')
    await page.goto('/places')
    await page.waitForURL(new RegExp(`/places/${gridCode}$`))
    await treeNode(page, gridCode).waitFor()
    const codes = await page.locator('[data-test=tree-node]').evaluateAll((els) => els.map((e) => e.dataset.code))
    assert.ok(codes.length >= 1)
    for (const c of codes) assert.ok(c.startsWith(gridCode), `${c} is outside the grid`)
    await waitGridCount(page, 1)
    assert.equal(await page.locator('[data-test=edit-boundary]').count(), 0)
    const units = await apiAs(s, 'gridworker', 'GET', `/api/v1/places/${gridCode}/children`)
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-test=units] .el-table__body tr').length === n,
      units.items.length,
      { timeout: 10000 },
    )
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(overflow <= 362, `page is ${overflow}px wide`)
    await shot(page, 'places-gridworker-phone')
    assert.deepEqual(realErrors(page), [])
  } finally {
    await browser.close()
  }
})

test('county on a phone: tree above the map, a village map', async () => {
  const { browser, page } = await openPage(s, { phone: true })
  try {
    await login(page, s, 'county')
    const village = s.accounts.secretary.scope
    await page.goto(`/places/${village}`)
    const grids = await apiAs(s, 'county', 'GET', `/api/v1/places/${village}/children?with_boundary=true`)
    await waitGridCount(page, grids.items.filter((g) => g.code.length === 15 && g.boundary).length)
    const tree = await page.locator('[data-test=place-tree]').boundingBox()
    const map = await page.locator('[data-test=grid-map]').boundingBox()
    assert.ok(map.y > tree.y, 'the map is below the tree')
    assert.ok(map.width <= 360)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(overflow <= 362, `page is ${overflow}px wide`)
    await shot(page, 'places-phone')
    assert.deepEqual(realErrors(page), [])
  } finally {
    await browser.close()
  }
})
