// Runs the vmexit CLI from the TypeScript sources (used by the end-to-end
// report test, so that it tests the current code, not a stale dist/).
import { runFromProcess } from "../../src/cli/main";
runFromProcess();
