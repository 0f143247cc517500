import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const SKIP_CHROMIUM =
  `${CHROMIUM} not found: run scripts/setup-test-env.sh (as root) to install Debian's ` + `chromium`;
if (!hasChromium) console.warn(SKIP_CHROMIUM);

/**
 * Headless Debian Chromium (a fresh profile each launch), with the flags that keep it off this
 * machine's closed network.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}
