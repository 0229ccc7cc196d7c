/** Wording for the exit-reason catalogue and glossary. */
import type { ExitCategory } from "../catalogue/categories";

export const catalogueMessages = {
  zh: {
    category: {
      "interrupt-timer": "中断与定时器",
      msr: "MSR 访问",
      memory: "内存虚拟化",
      io: "I/O 与 MMIO",
      idle: "空闲",
      instruction: "指令模拟",
      hypercall: "超级调用",
      spin: "自旋与让出",
      exception: "异常",
      nested: "嵌套虚拟化",
      system: "系统与错误",
    } satisfies Record<ExitCategory, string>,
    glossaryHeader: { name: "退出原因", category: "类别", guest: "客户机做了什么", kvm: "KVM 如何处理", source: "依据" },
    noEntry: "（本目录暂无该退出原因的手写说明）",
    isa: { vmx: "Intel VMX", svm: "AMD SVM", arm64: "arm64", s390: "s390", powerpc: "powerpc", loongarch: "LoongArch", riscv: "RISC-V" },
  },
  en: {
    category: {
      "interrupt-timer": "Interrupts & timers",
      msr: "MSR access",
      memory: "Memory virtualization",
      io: "I/O & MMIO",
      idle: "Idle",
      instruction: "Instruction emulation",
      hypercall: "Hypercalls",
      spin: "Spinning & yield",
      exception: "Exceptions",
      nested: "Nested virtualization",
      system: "System & errors",
    } satisfies Record<ExitCategory, string>,
    glossaryHeader: { name: "Exit reason", category: "Category", guest: "What the guest did", kvm: "What KVM does", source: "Source" },
    noEntry: "(no hand-written entry for this exit reason yet)",
    isa: { vmx: "Intel VMX", svm: "AMD SVM", arm64: "arm64", s390: "s390", powerpc: "powerpc", loongarch: "LoongArch", riscv: "RISC-V" },
  },
} as const;
