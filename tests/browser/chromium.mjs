// Debian's Chromium, headless, through playwright-core (never a downloaded browser), with the
// flags this machine's closed network needs (no background connections). Shared by the browser
// tests; CHROMIUM overrides the executable (default /usr/bin/chromium).

import { chromium } from "playwright-core";

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
