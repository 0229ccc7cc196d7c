import type { ExitCategory } from "./categories";
import type { Isa } from "./isa";

/** One hand-written glossary entry: what an exit reason means, reviewed against the manuals. */
export interface GlossaryEntry {
  isa: Isa;
  /** Names as perf prints them; the first is canonical, the rest are aliases (older perf, truncations, groups). */
  names: string[];
  category: ExitCategory;
  /** What the guest did (Chinese). */
  guestZh: string;
  /** What KVM does about it (Chinese). */
  kvmZh: string;
  /** Where the meaning comes from: Intel SDM, AMD APM, the Arm ARM, ... */
  source: string;
  /** One English sentence. */
  summaryEn: string;
}
