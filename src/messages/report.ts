/**
 * Every sentence and label the report generator writes into a report
 * (headings of built-in blocks, table headers, the synthetic-data note, the
 * cover block). Keys are the same in both languages.
 */

export interface ReportMessages {
  toc: string;
  syntheticNote: string;
  coverAuthor: string;
  coverDate: string;
  coverExperiment: string;
  coverRuns: (n: number) => string;
  /** Separator between two clauses of a list item ("，" / ", "). */
  listSep: string;
  generatedBy: (version: string) => string;
  figureCaption: (n: number, title: string) => string;
  tableCaption: (n: number, title: string) => string;
  // experiment description
  factorsIntro: string;
  factorHeader: string;
  levelsHeader: string;
  referenceLevel: string;
  runsIntro: (n: number) => string;
  runIdHeader: string;
  runLabelHeader: string;
  durationHeader: string;
  durationS: (s: number) => string;
  unknown: string;
  // procedure
  procedureFindPid: string;
  procedureRecord: string;
  procedureRecordNote: string;
  procedureReport: string;
  procedureGuest: string;
  procedureOther: (name: string) => string;
  procedurePerRun: (run: string) => string;
  procedureSameForAll: string;
  procedureNone: string;
  // glossary
  glossaryName: string;
  glossaryMeaning: string;
  glossaryHandling: string;
  glossaryCategory: string;
  glossaryEmpty: string;
  glossaryNoEntry: string;
  // run tables
  runTableTitle: (label: string) => string;
  runTableMeta: (totalSamples: string, totalTimeUs: string, duration: string | null) => string;
  colReason: string;
  colSamples: string;
  colSamplesPct: string;
  colTimePct: string;
  colAvgUs: string;
  colRatePerS: string;
  otherReasons: (n: number) => string;
  noRunData: (label: string) => string;
  // cyclictest
  cyclictestRun: string;
  cyclictestMin: string;
  cyclictestAvg: string;
  cyclictestMax: string;
  cyclictestCycles: string;
  cyclictestBest: (label: string) => string;
  cyclictestEmpty: string;
  // findings / follow-up
  findingsEmpty: string;
  findingsTruncated: (shown: number, total: number) => string;
  followUpIntro: string;
  followUpEmpty: string;
  followUpDirection: string;
  followUpMore: string;
  followUpLess: string;
  up: string;
  down: string;
  strength: { strong: string; moderate: string; weak: string };
  fewSamples: string;
  // diagnostics block
  diagnosticsIntro: (n: number) => string;
}

const zh: ReportMessages = {
  toc: "目录",
  syntheticNote: "注意：本报告使用的是合成的示例数据（synthetic），仅用于演示工具链，其中的数字不是真实测量结果，不能作为调优依据。",
  coverAuthor: "作者",
  coverDate: "日期",
  coverExperiment: "实验",
  coverRuns: (n) => `共 ${n} 组配置`,
  listSep: "，",
  generatedBy: (v) => `由 vmexit-lab ${v} 生成`,
  figureCaption: (n, t) => `图 ${n}　${t}`,
  tableCaption: (n, t) => `表 ${n}　${t}`,
  factorsIntro: "本实验考察的因素及其取值如下（每个因素的第一个取值为对照）：",
  factorHeader: "因素",
  levelsHeader: "取值",
  referenceLevel: "（对照）",
  runsIntro: (n) => `共测试了 ${n} 组配置：`,
  runIdHeader: "编号",
  runLabelHeader: "配置",
  durationHeader: "记录时长",
  durationS: (s) => `${s} 秒`,
  unknown: "未知",
  procedureFindPid: "首先找到 qemu-kvm 的进程号：",
  procedureRecord: "使用 perf 开始记录虚拟机退出事件：",
  procedureRecordNote: "该命令持续写入 perf.data.guest 文件，直到按 Ctrl+C 停止记录。记录期间，在客户机（GuestOS）中运行 cyclictest。",
  procedureReport: "使用 perf kvm stat report 读取生成的文件，得到汇总信息：",
  procedureGuest: "客户机中执行的 cyclictest 命令：",
  procedureOther: (name) => `其他命令（${name}）：`,
  procedurePerRun: (run) => `配置 ${run} 使用的命令：`,
  procedureSameForAll: "各组配置使用相同的命令（进程号除外）。",
  procedureNone: "实验清单（experiment.yaml）中没有记录测试所用的命令；在各组配置的 commands 中写明 perf 和 cyclictest 命令后，这里会列出测试步骤。",
  glossaryName: "字段",
  glossaryMeaning: "意义",
  glossaryHandling: "KVM 中的处理",
  glossaryCategory: "类别",
  glossaryEmpty: "本实验的数据中没有出现退出原因。",
  glossaryNoEntry: "（目录中暂无说明）",
  runTableTitle: (label) => `${label}`,
  runTableMeta: (n, t, d) => `共 ${n} 次退出，总处理时间 ${t} µs${d ? `，记录时长 ${d}` : ""}。`,
  colReason: "退出原因",
  colSamples: "次数",
  colSamplesPct: "次数占比",
  colTimePct: "时间占比",
  colAvgUs: "平均耗时 (µs)",
  colRatePerS: "每秒次数",
  otherReasons: (n) => `其他（${n} 种）`,
  noRunData: (label) => `${label}：没有可用的 perf kvm stat 数据。`,
  cyclictestRun: "配置",
  cyclictestMin: "最小延迟 (µs)",
  cyclictestAvg: "平均延迟 (µs)",
  cyclictestMax: "最大延迟 (µs)",
  cyclictestCycles: "循环次数",
  cyclictestBest: (label) => `最大延迟最小的是 ${label}。`,
  cyclictestEmpty: "本实验没有 cyclictest 数据。",
  findingsEmpty: "数据不足，没有得出结论。",
  findingsTruncated: (shown, total) => `共得出 ${total} 条结论，这里列出最重要的 ${shown} 条；完整列表可用 vmexit compare 查看。`,
  followUpIntro: "根据以上结论，后续调优应让下列退出事件的占比朝箭头方向变化：",
  followUpEmpty: "数据不足，暂不能给出后续调优方向。",
  followUpDirection: "调优方向",
  followUpMore: "占比增加",
  followUpLess: "占比减少",
  up: "↑",
  down: "↓",
  strength: { strong: "显著", moderate: "较明显", weak: "较弱" },
  fewSamples: "样本较少",
  diagnosticsIntro: (n) => `读取数据时发现 ${n} 个问题：`,
};

const en: ReportMessages = {
  toc: "Contents",
  syntheticNote: "Note: this report uses synthetic example data. It demonstrates the tool chain; its numbers are not real measurements and must not guide tuning.",
  coverAuthor: "Author",
  coverDate: "Date",
  coverExperiment: "Experiment",
  coverRuns: (n) => `${n} configurations`,
  listSep: ", ",
  generatedBy: (v) => `Generated by vmexit-lab ${v}`,
  figureCaption: (n, t) => `Figure ${n}. ${t}`,
  tableCaption: (n, t) => `Table ${n}. ${t}`,
  factorsIntro: "Factors and their levels (the first level of each is the reference):",
  factorHeader: "Factor",
  levelsHeader: "Levels",
  referenceLevel: " (reference)",
  runsIntro: (n) => `${n} configurations were measured:`,
  runIdHeader: "Id",
  runLabelHeader: "Configuration",
  durationHeader: "Recorded for",
  durationS: (s) => `${s} s`,
  unknown: "unknown",
  procedureFindPid: "Find the qemu-kvm process id:",
  procedureRecord: "Record VM exits with perf:",
  procedureRecordNote: "perf writes perf.data.guest until stopped with Ctrl+C. Meanwhile the guest runs cyclictest:",
  procedureReport: "Summarise the recording with perf kvm stat report:",
  procedureGuest: "The cyclictest command run in the guest:",
  procedureOther: (name) => `Other command (${name}):`,
  procedurePerRun: (run) => `Commands of configuration ${run}:`,
  procedureSameForAll: "Every configuration used the same commands (apart from the process id).",
  procedureNone: "The manifest (experiment.yaml) records no commands; list the perf and cyclictest commands under each run's commands and the steps appear here.",
  glossaryName: "Field",
  glossaryMeaning: "Meaning",
  glossaryHandling: "Handling in KVM",
  glossaryCategory: "Category",
  glossaryEmpty: "No exit reasons occur in this experiment's data.",
  glossaryNoEntry: "(no entry in the catalogue yet)",
  runTableTitle: (label) => label,
  runTableMeta: (n, t, d) => `${n} exits, ${t} µs total handling time${d ? `, recorded for ${d}` : ""}.`,
  colReason: "Exit reason",
  colSamples: "Samples",
  colSamplesPct: "Samples %",
  colTimePct: "Time %",
  colAvgUs: "Avg (µs)",
  colRatePerS: "Per second",
  otherReasons: (n) => `Other (${n} reasons)`,
  noRunData: (label) => `${label}: no perf kvm stat data.`,
  cyclictestRun: "Configuration",
  cyclictestMin: "Min (µs)",
  cyclictestAvg: "Avg (µs)",
  cyclictestMax: "Max (µs)",
  cyclictestCycles: "Cycles",
  cyclictestBest: (label) => `The lowest maximum latency: ${label}.`,
  cyclictestEmpty: "No cyclictest data in this experiment.",
  findingsEmpty: "Not enough data for any finding.",
  findingsTruncated: (shown, total) => `${total} findings in all; the ${shown} most important are listed. vmexit compare prints every one.`,
  followUpIntro: "From these findings, further tuning should move the share of these exits in the direction of the arrow:",
  followUpEmpty: "Not enough data to suggest follow-up directions.",
  followUpDirection: "Direction",
  followUpMore: "larger share",
  followUpLess: "smaller share",
  up: "↑",
  down: "↓",
  strength: { strong: "strong", moderate: "moderate", weak: "weak" },
  fewSamples: "few samples",
  diagnosticsIntro: (n) => `${n} problems were found while reading the data:`,
};

export const reportMessages = { zh, en } as const;
