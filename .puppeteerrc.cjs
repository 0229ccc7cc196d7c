// Puppeteer configuration.
// Where a system Chromium/Chrome exists (CI, Debian: `apt-get install chromium`)
// we use it and skip puppeteer's own browser download, which cannot work on a
// closed network. Everywhere else the defaults apply and `npm install`
// downloads puppeteer's own Chrome, as an ordinary user expects.
const fs = require("node:fs");

const candidates = [
  process.env.PUPPETEER_EXECUTABLE_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
].filter(Boolean);

const systemBrowser = candidates.find((p) => {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

module.exports = systemBrowser ? { skipDownload: true, executablePath: systemBrowser } : {};
