import assert from 'node:assert/strict'
import { openPhone, screenshot, startDemoServer } from './harness'

/** A desktop browser shows a QR code; a second, signed-in session approves it; the browser is in. */
export async function desktopSignInByQr(): Promise<void> {
  const server = await startDemoServer()
  const desktop = await openPhone({ width: 1280, height: 800, scale: 1 })
  const phone = await openPhone()
  try {
    await desktop.page.goto(`${server.url}/`)
    const qr = desktop.page.locator('.login-qr[data-ticket]')
    await qr.waitFor()
    const ticket = await qr.getAttribute('data-ticket')
    assert.match(ticket ?? '', /^w-/)
    assert.equal(await desktop.page.locator('.qr').getAttribute('data-qr'), `gnm-web-login:${ticket}`)
    await screenshot(desktop.page, '19-desktop-qr')

    // The phone: signed in, it lands where a scan of that code leads.
    await phone.page.goto(`${server.url}/`)
    await phone.page.locator('[data-username="admin"]').click()
    await phone.page.locator('.home-actions').waitFor()
    await phone.page.goto(`${server.url}/#/pages/approve/index?ticket=${ticket}`)
    await phone.page.getByText('将以「王珊」的身份登录', { exact: false }).waitFor()
    await screenshot(phone.page, '20-approve-desktop')
    await phone.page.locator('.approve-confirm').click()
    await phone.page.getByText('电脑已登录').waitFor()

    // The desktop notices within its next poll and opens home as 王珊.
    await desktop.page.getByText('王珊，您好').waitFor({ timeout: 10000 })
    await screenshot(desktop.page, '21-desktop-signed-in')
  } finally {
    await Promise.all([desktop.close(), phone.close()])
    await server.stop()
  }
}
