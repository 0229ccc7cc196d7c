// Preloaded (-r) into a benchmarked child: at exit, prints its peak RSS (KiB)
// and wall time as one JSON line on fd 3 (or stderr when fd 3 is not open).
"use strict";
const fs = require("node:fs");
const t0 = process.hrtime.bigint();
process.on("exit", (code) => {
  const line = JSON.stringify({ code, maxRssKiB: process.resourceUsage().maxRSS, ms: Number(process.hrtime.bigint() - t0) / 1e6 }) + "\n";
  try {
    fs.writeSync(3, line);
  } catch {
    fs.writeSync(2, line);
  }
});
