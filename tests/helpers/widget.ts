/** Driving the widget from playwright: locators pierce its open shadow root. */
import type { Locator, Page } from 'playwright-core';

export const launcher = (page: Page): Locator => page.locator('switchboard-chat .launcher');
export const panel = (page: Page): Locator => page.locator('switchboard-chat [role=dialog]');
export const input = (page: Page): Locator => page.locator('switchboard-chat #sb-input');
export const log = (page: Page): Locator => page.locator('switchboard-chat .log');

export async function openChat(page: Page): Promise<void> {
  if (await panel(page).isVisible()) return;
  await launcher(page).click();
  await input(page).waitFor();
}

export async function send(page: Page, text: string): Promise<void> {
  await input(page).fill(text);
  await input(page).press('Enter');
}

/** Text of every message bubble, in order (events and status lines excluded). */
export function bubbles(page: Page): Promise<string[]> {
  return page.locator('switchboard-chat .log .msg .bubble').allInnerTexts();
}

/** Waits until a bubble contains `text`; returns how many bubbles contain it. */
export async function waitForBubble(page: Page, text: string | RegExp, timeout = 10_000): Promise<void> {
  await page.locator('switchboard-chat .log .bubble', { hasText: text }).first().waitFor({ timeout });
}

export async function waitForNoPending(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const root = document.querySelector('switchboard-chat')?.shadowRoot;
      return !!root && Array.from(root.querySelectorAll(".st")).every((el) => !/Sending|retrying/i.test(el.textContent ?? ''));
    },
    undefined,
    { timeout },
  );
}
