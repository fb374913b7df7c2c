import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { createAuth } from '../../../services/api/accounts/auth';
import type { Role } from '../../../services/api/guard';
import { launchBrowser, logIn } from './browser';
import { startApp, type E2eApp } from './start-app';

/** A desktop browser as the Humas office uses it: Indonesian locale, Jakarta time. */
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: 'id-ID', timezoneId: 'Asia/Jakarta' };

export interface E2eSession {
  app: E2eApp;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** What every browser suite starts from: the app with the sample, Chromium, and one desktop page. */
export async function startSession(options: BrowserContextOptions = {}): Promise<E2eSession> {
  const app = await startApp();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ ...DESKTOP, ...options });
    const page = await context.newPage();
    const opened = browser;
    return {
      app,
      browser,
      context,
      page,
      close: async () => {
        await opened.close();
        await app.stop();
      },
    };
  } catch (err) {
    await browser?.close();
    await app.stop();
    throw err;
  }
}

/** Someone else at another desk: a new user with `role`, logged in from a browser context of their own. */
export async function logInNewUser(session: E2eSession, user: { username: string; password: string; role: Role }): Promise<{ context: BrowserContext; page: Page }> {
  await createAuth(session.app.control.accounts).createUser(user);
  const context = await session.browser.newContext(DESKTOP);
  const page = await context.newPage();
  await logIn(page, session.app.address, user);
  return { context, page };
}
