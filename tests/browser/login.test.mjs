// Sign-in, the frame (name, role, place), language switch, password errors, logout; a wrong role sees the
// no-permission page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, realErrors } from './harness.mjs'

let s, browser, page
before(async () => {
  s = await startServer()
  ;({ browser, page } = await openPage(s))
})
after(async () => {
  await browser?.close()
  await s?.stop()
})

test('a wrong password shows the server message and stays on the login page', async () => {
  await page.goto('/login')
  await page.fill('[data-test=username]', 'county')
  await page.fill('[data-test=password]', 'wrong-password')
  await page.click('[data-test=login-submit]')
  const err = await page.waitForSelector('[data-test=login-error]')
  assert.match(await err.innerText(), /用户名或密码|密码/)
  await shot(page, 'login-error')
})

test('county signs in and sees name, role and place in the header', async () => {
  await login(page, s, 'county')
  const who = await page.innerText('[data-test=who]')
  assert.match(who, /县级综治中心|县/)
  assert.match(who, /会泽县/)
  await shot(page, 'home-county')
  assert.deepEqual(realErrors(page), [])
})

test('logout returns to the login page and the old session no longer works', async () => {
  await page.click('[data-test=who]')
  await page.click('[data-test=logout]')
  await page.waitForURL(/\/login/)
  await page.goto('/me')
  await page.waitForURL(/\/login/)
})

test('a resident opening the admin page gets the no-permission page', async () => {
  await login(page, s, 'resident')
  await page.goto('/admin/users')
  await page.waitForSelector('[data-test=forbidden]')
  await shot(page, 'forbidden-resident')
  assert.deepEqual(realErrors(page), [])
})
