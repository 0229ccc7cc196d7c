import { SingleBar, Presets } from "cli-progress";
import type { ProgressReporter } from "../formats/types";
import type { CliIO } from "./io";

/** A progress bar on stderr when it is a terminal; silent otherwise. */
export function createProgress(io: CliIO, label: string): ProgressReporter | undefined {
  if (!io.stderrIsTTY || !io.stderrStream) return undefined;
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value_mb}/{total_mb} MB | ETA {eta}s`, stream: io.stderrStream, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  const mb = (n: number) => (n / 1048576).toFixed(1);
  let total = 0;
  return {
    start(totalBytes) {
      total = totalBytes;
      bar.start(totalBytes, 0, { value_mb: mb(0), total_mb: mb(total) });
    },
    update(done) {
      bar.update(done, { value_mb: mb(done), total_mb: mb(total) });
    },
    stop() {
      bar.stop();
    },
  };
}
