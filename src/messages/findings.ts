/**
 * Wording of the experiment model (labels of inferred factors) and of the
 * findings. Chinese follows the seed write-up's manner:
 * "GuestOS为RT时，绑定CPU后会使EXTERNAL_INTERRUPT事件的占比变少(4.11% => 0.35%)".
 */

export const experimentMessages = {
  zh: {
    factorHostKernel: "宿主机内核",
    factorGuestKernel: "客户机内核",
    factorKernel: "内核",
    factorPinning: "CPU绑定",
    factorRun: "运行",
    factorGeneric: (n: number) => `因素${n}`,
    levelUnpinned: "未绑定CPU",
    levelPinned: "绑定CPU",
  },
  en: {
    factorHostKernel: "host kernel",
    factorGuestKernel: "guest kernel",
    factorKernel: "kernel",
    factorPinning: "CPU pinning",
    factorRun: "run",
    factorGeneric: (n: number) => `factor ${n}`,
    levelUnpinned: "vCPUs not pinned",
    levelPinned: "vCPUs pinned",
    noReferenceLevel: (factor: string, levels: string[]) =>
      `folder names give ${factor} the levels ${levels.join(", ")} but none is a known reference word (raw, base, off, ...); taking '${levels[0]}' as the reference (use --baseline RUN to choose)`,
    noReferenceRuns: (first: string) =>
      `folder names cannot be split into factors (different numbers of '-' parts); each run is its own level and '${first}' is taken as the reference (use --baseline RUN to choose)`,
  },
};

/** Numbers as the findings print them. */
export const fmt = {
  pct: (v: number) => `${v.toFixed(2)}%`,
  pp: (v: number) => (Math.abs(v) < 0.005 ? "0.00" : `${v > 0 ? "+" : "−"}${Math.abs(v).toFixed(2)}`),
  us: (v: number) => `${v.toFixed(2)} µs`,
  /** cyclictest latencies: whole µs as printed ("25 µs"), fractions (from -N nanoseconds) to 0.01 µs. */
  latencyUs: (v: number) => `${Number(v.toFixed(2))} µs`,
  perS: (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1)),
  ratio: (v: number | null) => (v !== null && Number.isFinite(v) ? `×${v.toFixed(2)}` : "×∞"),
  p: (v: number | null) => (v === null ? "p=?" : v < 0.001 ? "p<0.001" : `p=${v < 0.01 ? v.toFixed(3) : v.toFixed(2)}`),
};

const ZH_COUNT = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

/** A factor's level as a condition ("GuestOS为RT"), by factor id; others use `${factor}为${level}`. */
export interface LevelText {
  factorId: string;
  factorLabel: string;
  levelId: string;
  levelLabel: string;
}

export interface ChangeText {
  factorId: string;
  factorLabel: string;
  from: LevelText;
  to: LevelText;
  /** The from/to level ids are the known reference/variant words of pinning. */
  pinningOn: boolean;
  pinningOff: boolean;
}

export type Dir = "up" | "down";

/** A level as a condition, by factor id ("GuestOS为RT"); other factors: "<factor>为<level>". */
const ZH_CONDITION = new Map<string, (l: LevelText) => string>([
  ["hostKernel", (l) => `HostOS为${l.levelLabel}`],
  ["guestKernel", (l) => `GuestOS为${l.levelLabel}`],
  ["pinning", (l) => l.levelLabel],
]);
const EN_CONDITION = new Map<string, (l: LevelText) => string>([
  ["hostKernel", (l) => `host ${l.levelLabel}`],
  ["guestKernel", (l) => `guest ${l.levelLabel}`],
  ["pinning", (l) => l.levelLabel],
]);

/** A change of level, by factor id; null falls back to the generic phrasing. */
const ZH_CHANGE = new Map<string, (c: ChangeText) => string | null>([
  ["pinning", (c) => (c.pinningOn ? "绑定CPU" : c.pinningOff ? "取消CPU绑定" : null)],
  ["hostKernel", (c) => `HostOS由${c.from.levelLabel}换成${c.to.levelLabel}`],
  ["guestKernel", (c) => `GuestOS由${c.from.levelLabel}换成${c.to.levelLabel}`],
]);
const EN_CHANGE = new Map<string, (c: ChangeText) => string | null>([["pinning", (c) => (c.pinningOn ? "pinning the vCPUs" : c.pinningOff ? "unpinning the vCPUs" : null)]]);

const zhChangeName = (c: ChangeText): string => ZH_CHANGE.get(c.factorId)?.(c) ?? `${c.factorLabel}由${c.from.levelLabel}改为${c.to.levelLabel}`;
const enChangeName = (c: ChangeText): string => EN_CHANGE.get(c.factorId)?.(c) ?? `changing ${c.factorLabel} from ${c.from.levelLabel} to ${c.to.levelLabel}`;

export const findingMessages = {
  zh: {
    condition: (l: LevelText): string => ZH_CONDITION.get(l.factorId)?.(l) ?? `${l.factorLabel}为${l.levelLabel}`,
    /** "HostOS为GP、GuestOS为RT时，" (empty without conditions). */
    when: (conds: string[]) => (conds.length ? `${conds.join("、")}时，` : ""),
    /** What is changed, leading into the effect: "绑定CPU后会使" / "相比A，B中". */
    lead: (c: ChangeText): string => (c.factorId === "run" ? `相比${c.from.levelLabel}，${c.to.levelLabel}中` : `${zhChangeName(c)}后会使`),
    leadAll: (c: ChangeText): string => `${zhChangeName(c)}后都会使`,
    /** "绑定CPU" / "HostOS由GP换成RT" / "<factor>由A改为B". */
    changeName: zhChangeName,
    shareMetric: (reason: string, d: Dir) => `${reason}事件的占比${d === "up" ? "变多" : "变少"}`,
    rateMetric: (reason: string, d: Dir) => `${reason}事件的每秒次数${d === "up" ? "变多" : "变少"}`,
    avgMetric: (reason: string, d: Dir) => `${reason}事件的平均处理时间${d === "up" ? "变长" : "变短"}`,
    /** "（4.11% => 0.35%，减少3.76个百分点，p<0.001）". */
    shareNumbers: (a: number, b: number, deltaPp: number, p: number | null) =>
      `（${fmt.pct(a)} => ${fmt.pct(b)}，${Math.abs(deltaPp) < 0.005 ? "不到0.01个百分点" : `${deltaPp > 0 ? "增加" : "减少"}${Math.abs(deltaPp).toFixed(2)}个百分点`}，${fmt.p(p)}）`,
    rateNumbers: (a: number, b: number, ratio: number | null, p: number | null) => `（${fmt.perS(a)}次/秒 => ${fmt.perS(b)}次/秒，${fmt.ratio(ratio)}，${fmt.p(p)}）`,
    avgNumbers: (a: number, b: number, p: number | null) => `（${fmt.us(a)} => ${fmt.us(b)}，${fmt.p(p)}）`,
    avgUnchanged: (a: number, b: number) => `，但平均处理时间基本不变（${fmt.us(a)} => ${fmt.us(b)}）`,
    fewSamples: (n: number) => `（样本较少，最少的一方只有${n}次，仅供参考）`,
    envCount: (n: number) => `对于${n <= 10 ? ZH_COUNT[n] : String(n)}种环境，`,
    perPair: (cond: string, numbers: string) => `${cond}：${numbers}`,
    pairList: (items: string[]) => `（${items.join("；")}）`,
    shortNumbers: (a: string, b: string) => `${a} => ${b}`,
    perSecond: (v: number) => `${fmt.perS(v)}次/秒`,
    mixed: (changeName: string, what: string, items: string[]) => `${changeName}对${what}的影响不一致（${items.join("；")}）`,
    mixedShare: (reason: string) => `${reason}事件占比`,
    mixedRate: (reason: string) => `${reason}事件每秒次数`,
    mixedAvg: (reason: string) => `${reason}事件平均处理时间`,
    bestRun: (n: number, label: string, maxUs: number, avgUs: number | null) =>
      `${n <= 10 ? ZH_COUNT[n] : String(n)}种配置中cyclictest测试效果最好的是${label}（最大延迟${fmt.latencyUs(maxUs)}${avgUs === null ? "" : `，平均延迟${fmt.latencyUs(avgUs)}`}）`,
    ranking: (items: string[]) => `按cyclictest最大延迟从低到高：${items.join(" < ")}`,
    rankItem: (label: string, maxUs: number, avgUs: number | null) => `${label}（最大${fmt.latencyUs(maxUs)}${avgUs === null ? "" : `，平均${fmt.latencyUs(avgUs)}`}）`,
    followUp: (best: string, down: string[], up: string[], top: string) =>
      `以cyclictest效果最好的${best}为参照，可以尝试${[down.length ? `减少${down.join("、")}` : "", up.length ? `增加${up.join("、")}` : ""].filter(Boolean).join("，")}；其中占比差别最大的是${top}`,
    noDuration: (runs: string[]) => `${runs.join("、")}缺少录制时长（manifest中的durationS），无法计算每秒退出次数，也无法比较退出频率；占比和平均处理时间的比较不受影响`,
    noCyclictest: (runs: string[]) => `${runs.join("、")}没有cyclictest数据，无法按客户机延迟排序，也无法给出后续工作的方向`,
    cyclictestUnusable: (runs: string[]) => `${runs.join("、")}的cyclictest输出读不出延迟（无法确定单位是µs还是ns，或没有各线程的结果，见诊断信息），未参与延迟排序；可在manifest中写明cyclictest命令行`,
    noKvmStat: (runs: string[], event: string) => `${runs.join("、")}没有${event}事件的perf kvm stat数据，只参与延迟排序`,
    noExits: (runs: string[]) => `${runs.join("、")}的perf kvm stat表中一次退出也没有（Total Samples为0），无法与其他运行比较（文件可能不完整，见诊断信息；也可能录制的不是虚拟机的qemu进程，或录制期间虚拟机没有运行）`,
    noPairs: () => "没有只在一个因素上不同的运行对，无法分析单个因素的影响",
    noFindings: () => "按文档中的规则，各对比中没有足够显著的变化",
    notTimeAligned: () => "宿主机的VM exit统计与客户机的cyclictest延迟只按运行对应，并未在时间上对齐；二者的关系是相关，不能直接当作因果",
    followUpHeader: "后续工作：希望调整的VM exit",
    arrow: (d: Dir) => (d === "up" ? "↑" : "↓"),
  },
  en: {
    condition: (l: LevelText): string => EN_CONDITION.get(l.factorId)?.(l) ?? `${l.factorLabel} ${l.levelLabel}`,
    when: (conds: string[]) => (conds.length ? `With ${conds.join(", ")}, ` : ""),
    lead: (c: ChangeText): string => (c.factorId === "run" ? `compared with ${c.from.levelLabel}, ${c.to.levelLabel} has ` : `${enChangeName(c)} gives `),
    leadAll: (c: ChangeText): string => `${enChangeName(c)} always gives `,
    changeName: enChangeName,
    shareMetric: (reason: string, d: Dir) => `a ${d === "up" ? "larger" : "smaller"} share of ${reason} exits`,
    rateMetric: (reason: string, d: Dir) => `${d === "up" ? "more" : "fewer"} ${reason} exits per second`,
    avgMetric: (reason: string, d: Dir) => `a ${d === "up" ? "longer" : "shorter"} average ${reason} handling time`,
    shareNumbers: (a: number, b: number, deltaPp: number, p: number | null) => ` (${fmt.pct(a)} => ${fmt.pct(b)}, ${fmt.pp(deltaPp)} pp, ${fmt.p(p)})`,
    rateNumbers: (a: number, b: number, ratio: number | null, p: number | null) => ` (${fmt.perS(a)}/s => ${fmt.perS(b)}/s, ${fmt.ratio(ratio)}, ${fmt.p(p)})`,
    avgNumbers: (a: number, b: number, p: number | null) => ` (${fmt.us(a)} => ${fmt.us(b)}, ${fmt.p(p)})`,
    avgUnchanged: (a: number, b: number) => `, but about the same average handling time (${fmt.us(a)} => ${fmt.us(b)})`,
    fewSamples: (n: number) => ` (few samples: only ${n} in one run; indicative only)`,
    envCount: (n: number) => (n === 2 ? "In both settings, " : `In all ${n} settings, `),
    perPair: (cond: string, numbers: string) => `${cond}: ${numbers}`,
    pairList: (items: string[]) => ` (${items.join("; ")})`,
    shortNumbers: (a: string, b: string) => `${a} => ${b}`,
    perSecond: (v: number) => `${fmt.perS(v)}/s`,
    mixed: (changeName: string, what: string, items: string[]) => `The effect of ${changeName} on ${what} is not consistent (${items.join("; ")})`,
    mixedShare: (reason: string) => `the share of ${reason} exits`,
    mixedRate: (reason: string) => `${reason} exits per second`,
    mixedAvg: (reason: string) => `the average ${reason} handling time`,
    bestRun: (n: number, label: string, maxUs: number, avgUs: number | null) =>
      `Of ${n} configurations, ${label} has the best cyclictest latency (max ${fmt.latencyUs(maxUs)}${avgUs === null ? "" : `, avg ${fmt.latencyUs(avgUs)}`})`,
    ranking: (items: string[]) => `By cyclictest max latency, lowest first: ${items.join(" < ")}`,
    rankItem: (label: string, maxUs: number, avgUs: number | null) => `${label} (max ${fmt.latencyUs(maxUs)}${avgUs === null ? "" : `, avg ${fmt.latencyUs(avgUs)}`})`,
    followUp: (best: string, down: string[], up: string[], top: string) =>
      `Toward ${best}, the run with the best cyclictest latency: ${[down.length ? `fewer ${down.join(", ")}` : "", up.length ? `more ${up.join(", ")}` : ""].filter(Boolean).join("; ")}; the largest share change is ${top}`,
    noDuration: (runs: string[]) => `${runs.join(", ")}: no recording duration (durationS in the manifest), so no exits per second and no rate comparison; shares and average times are compared as usual`,
    noCyclictest: (runs: string[]) => `${runs.join(", ")}: no cyclictest data, so no latency ranking and no follow-up directions`,
    cyclictestUnusable: (runs: string[]) => `${runs.join(", ")}: the cyclictest output gives no latency (unit µs or ns undecided, or no per-thread figures; see the diagnostics), so the run is not ranked; the cyclictest command line in the manifest decides the unit`,
    noKvmStat: (runs: string[], event: string) => `${runs.join(", ")}: no perf kvm stat data of the ${event} event; only in the latency ranking`,
    noExits: (runs: string[]) => `${runs.join(", ")}: the perf kvm stat table counts no exit at all (Total Samples 0), so there is nothing to compare (the file may be damaged, see the diagnostics; or the recorded pid was not the VM's qemu process, or the VM was not running)`,
    noPairs: () => "No two runs differ in exactly one factor, so no factor effect can be read",
    noFindings: () => "By the documented rules, no comparison shows a large enough significant change",
    notTimeAligned: () => "Host VM-exit statistics and guest cyclictest latency are matched per run, not lined up in time: a relation between them is a correlation, not a proven cause",
    followUpHeader: "Follow-up: exits to push",
    arrow: (d: Dir) => (d === "up" ? "↑" : "↓"),
  },
};

export type FindingMessages = (typeof findingMessages)["zh"];

// The English catalogue has the same messages as the Chinese one.
const _sameKeys: FindingMessages = findingMessages.en;
void _sameKeys;
