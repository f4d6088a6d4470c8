/**
 * Sign-in and overrides in real headless Chromium against the real processor WITHOUT anonymous access and the
 * traffic simulator's virtual controllers: an operator signs in, holds a phase with a reason, the controller reports
 * mode manual and the audit trail has it; a viewer sees no override controls and a forced POST is refused with 403.
 */
import type { AuditList } from '@arterial/contracts/api/v1';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openIntersection, openPage, screenshot, signIn, textOf, type WatchedPage } from './support/panel-browser';
import { startPanelBackend, TEST_USERS, type PanelBackend } from './support/panel-backend';
import { waitFor } from '../support/wait-for';

/** Short-lived tokens: the app refreshes them 30 s before expiry, and the gateway closes /ws (4401) when one runs out. */
const TOKEN_TTL_S = 40;

interface PageGlobals {
  sessionStorage: { getItem(key: string): string | null };
  fetch(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<{ status: number }>;
}

/** The signed-in user's token, as the app keeps it (sessionStorage). */
function storedToken(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const raw = (globalThis as unknown as PageGlobals).sessionStorage.getItem('arterial.session');
    return raw ? (JSON.parse(raw) as { token: string }).token : null;
  });
}

describe('sign-in and overrides in the browser', () => {
  let backend: PanelBackend;
  let browser: Browser;
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    backend = await startPanelBackend({ anonymous: false, name: 'web-overrides', tokenTtlS: TOKEN_TTL_S });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
  });

  async function freshPage(): Promise<Page> {
    const watched = await openPage(browser, `${backend.httpUrl}/`);
    pages.push(watched);
    return watched.page;
  }

  it('asks for a login, refuses a wrong password, and refuses /api without a token', async () => {
    const page = await freshPage();
    await page.locator('[data-testid="login-page"]').waitFor();
    expect((await fetch(`${backend.httpUrl}/api/network`)).status).toBe(401);
    await page.getByLabel('User name').fill(TEST_USERS.operator.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('[data-testid="login-error"]').textContent()).toBe('Wrong user name or password.');
    await screenshot(page, 'login-en');
  });

  let operatorPage: Page;
  let operatorToken: string | null = null;
  let signedInAt = 0;
  const operatorSockets: Array<{ closed: boolean }> = [];

  it('lets an operator hold a phase with a reason; the controller reports manual and the audit has it', async () => {
    operatorPage = await freshPage();
    operatorPage.on('websocket', (socket) => {
      const entry = { closed: false };
      operatorSockets.push(entry);
      socket.on('close', () => (entry.closed = true));
    });
    await signIn(operatorPage, TEST_USERS.operator.username, TEST_USERS.operator.password);
    signedInAt = Date.now();
    operatorToken = await storedToken(operatorPage);
    expect(await textOf(operatorPage, '[data-testid="user-name"]')).toBe(TEST_USERS.operator.username);
    expect(await textOf(operatorPage, '[data-testid="user-role"]')).toBe('Operator');
    await openIntersection(operatorPage, /Shennan Blvd & Yannan Rd/);
    await operatorPage.locator('[data-testid="connection-status"][data-state="open"]').waitFor({ timeout: 20_000 });
    // Operators see the controls but not the audit trail (engineers and admins).
    await operatorPage.locator('[data-testid="override-hold-phase"]').click();
    const dialog = operatorPage.locator('[data-testid="override-dialog"]');
    await dialog.waitFor();
    // No reason, no confirm.
    expect(await operatorPage.locator('[data-testid="override-confirm"]').isDisabled()).toBe(true);
    await operatorPage.locator('[data-testid="override-phase"]').selectOption('2');
    await operatorPage.locator('[data-testid="override-duration"]').fill('120');
    await operatorPage.locator('[data-testid="override-reason"]').fill('crash on the side road, police on site');
    await screenshot(operatorPage, 'override-dialog-en');
    await operatorPage.locator('[data-testid="override-confirm"]').click();
    await operatorPage.locator('[data-testid="override-outcome"][data-state="active"]').waitFor({ timeout: 20_000 });
    await operatorPage.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid="intersection-mode"]')?.textContent ===
        'Manual',
      undefined,
      // The controller serves the held phase through its sequence first: up to one 90 s cycle before it is manual.
      { timeout: 120_000 },
    );
    const history = await textOf(operatorPage, '[data-testid="override-history"] tbody tr');
    expect(history).toContain(TEST_USERS.operator.username);
    expect(history).toContain('crash on the side road, police on site');
    expect(await operatorPage.locator('[data-testid="audit-trail"]').count()).toBe(0);
    await screenshot(operatorPage, 'override-active-en');

    // The audit trail, read as an engineer: who, what and why.
    const login = await fetch(`${backend.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: TEST_USERS.engineer.username, password: TEST_USERS.engineer.password }),
    });
    const { token } = (await login.json()) as { token: string };
    let audit: AuditList | undefined;
    for (let i = 0; i < 100 && !audit?.events.some((e) => e.action === 'override-started'); i += 1) {
      audit = (await (await fetch(`${backend.httpUrl}/api/audit?intersectionId=I2`, { headers: { authorization: `Bearer ${token}` } })).json()) as AuditList;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(audit?.events.find((e) => e.action === 'override-started')).toMatchObject({ actor: TEST_USERS.operator.username, reason: 'crash on the side road, police on site' });
  }, 240_000);

  it('shows the audit trail to an engineer in the panel', async () => {
    const page = await freshPage();
    await signIn(page, TEST_USERS.engineer.username, TEST_USERS.engineer.password);
    await openIntersection(page, /Shennan Blvd & Yannan Rd/);
    await page.locator('[data-testid="audit-trail"] li[data-action="override-started"]').waitFor({ timeout: 20_000 });
  });

  it('keeps the session: refreshes the token before it expires and reopens /ws after the server closes it (4401)', async () => {
    // The first socket's token runs out TOKEN_TTL_S after sign-in: by 10 s later the gateway has closed it and the app
    // has connected again with a fresh token (waited for, not slept: the close comes at about TOKEN_TTL_S).
    await waitFor(() => operatorSockets[0]?.closed === true && operatorSockets.length >= 2, {
      timeoutMs: signedInAt + (TOKEN_TTL_S + 10) * 1000 - Date.now(),
      intervalMs: 250,
      what: 'the first /ws closed at token expiry and a second one opened',
    });
    const token = await storedToken(operatorPage);
    expect(token).toBeTruthy();
    expect(token).not.toBe(operatorToken);
    expect(operatorSockets[0]?.closed).toBe(true);
    expect(operatorSockets.length).toBeGreaterThanOrEqual(2);
    await operatorPage.locator('[data-testid="connection-status"][data-state="open"]').waitFor({ timeout: 10_000 });
    expect(await operatorPage.locator('[data-testid="login-page"]').count()).toBe(0);
  }, 120_000);

  it('checks a forced plan against the safety rules before sending, and Escape cancels the dialog only', async () => {
    await operatorPage.locator('[data-testid="override-force-plan"]').click();
    await operatorPage.locator('[data-testid="override-dialog"]').waitFor();
    await operatorPage.locator('[data-testid="override-reason"]').fill('testing a short green');
    await operatorPage.locator('[data-testid="override-green-1"]').fill('4');
    expect(await textOf(operatorPage, '[data-testid="override-problems"]')).toContain('green-below-minimum');
    expect(await operatorPage.locator('[data-testid="override-confirm"]').isDisabled()).toBe(true);
    await operatorPage.keyboard.press('Escape');
    expect(await operatorPage.locator('[data-testid="override-dialog"]').count()).toBe(0);
    expect(await operatorPage.locator('[data-testid="intersection-details"]').count()).toBe(1);
  });

  it('returns the junction to adaptive control', async () => {
    await operatorPage.locator('[data-testid="override-resume-adaptive"]').click();
    await operatorPage.locator('[data-testid="override-reason"]').fill('road cleared');
    await operatorPage.locator('[data-testid="override-confirm"]').click();
    await operatorPage.locator('[data-testid="override-outcome"][data-state="resumed"]').waitFor({ timeout: 10_000 });
  });

  it('shows a viewer no override controls, and the server refuses a forced override with 403', async () => {
    const page = await freshPage();
    await signIn(page, TEST_USERS.viewer.username, TEST_USERS.viewer.password);
    expect(await textOf(page, '[data-testid="user-role"]')).toBe('Viewer');
    await openIntersection(page, /Shennan Blvd & Yannan Rd/);
    await page.locator('[data-testid="phase-bar"]').waitFor();
    expect(await page.locator('[data-testid="override-controls"]').count()).toBe(0);
    expect(await page.locator('[data-testid="audit-trail"]').count()).toBe(0);
    const token = await storedToken(page);
    expect(token).toBeTruthy();
    const status = await page.evaluate(async (bearer) => {
      const response = await (globalThis as unknown as PageGlobals).fetch('/api/intersections/I2/overrides', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ action: 'flash', durationS: 60, reason: 'not allowed' }),
      });
      return response.status;
    }, token);
    expect(status).toBe(403);
  });

  it('signs out back to the login page', async () => {
    await operatorPage.getByRole('button', { name: 'Sign out' }).click();
    await operatorPage.locator('[data-testid="login-page"]').waitFor();
    expect(await storedToken(operatorPage)).toBeNull();
  });

  it('logged no console errors beyond the refused requests', () => {
    // The wrong password's 401 is logged by the browser as a failed resource load; nothing else may be.
    const errors = pages.flatMap((p) => p.errors).filter((e) => !/status of 401|status of 403/.test(e));
    expect(errors).toEqual([]);
  });
});
