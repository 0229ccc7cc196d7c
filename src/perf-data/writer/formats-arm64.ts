/**
 * arm64 kvm tracepoint format texts for the writer's arm64 mode.
 *
 * Provenance: RECONSTRUCTED, not captured. No arm64 host was available; the
 * texts follow `arch/arm64/kvm/trace_arm.h` (kvm_entry {vcpu_pc};
 * kvm_exit {ret, esr_ec, vcpu_pc} with the `kvm_arm_exception_type` and
 * `kvm_arm_exception_class` symbol tables, evaluated to numbers as the
 * kernel's format files show them) and the common-field header every format
 * file has. The IDs are made up (IDs are per kernel and boot anyway). No x86
 * perf can report arm64 files, so these files check our reader only.
 */
export const KVM_FORMAT_TEXT_ARM64 = {
  kvm_entry: "name: kvm_entry\nID: 1404\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n\tfield:unsigned long vcpu_pc;\toffset:8;\tsize:8;\tsigned:0;\n\nprint fmt: \"PC: 0x%016lx\", REC->vcpu_pc\n",
  kvm_exit: "name: kvm_exit\nID: 1403\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n\tfield:int ret;\toffset:8;\tsize:4;\tsigned:1;\n\tfield:unsigned int esr_ec;\toffset:12;\tsize:4;\tsigned:0;\n\tfield:unsigned long vcpu_pc;\toffset:16;\tsize:8;\tsigned:0;\n\nprint fmt: \"%s: HSR_EC: 0x%04x (%s), PC: 0x%016lx\", __print_symbolic(REC->ret, { 0, \"IRQ\" }, { 1, \"SERROR\" }, { 2, \"TRAP\" }, { 3, \"ILLEGAL\" }, { 0xbadca11, \"HYP_GONE\" }), REC->esr_ec, __print_symbolic(REC->esr_ec, { 0, \"UNKNOWN\" }, { 1, \"WFx\" }, { 3, \"CP15_32\" }, { 4, \"CP15_64\" }, { 5, \"CP14_MR\" }, { 6, \"CP14_LS\" }, { 7, \"FP_ASIMD\" }, { 8, \"CP10_ID\" }, { 9, \"PAC\" }, { 12, \"CP14_64\" }, { 13, \"BTI\" }, { 14, \"ILL\" }, { 17, \"SVC32\" }, { 18, \"HVC32\" }, { 19, \"SMC32\" }, { 21, \"SVC64\" }, { 22, \"HVC64\" }, { 23, \"SMC64\" }, { 24, \"SYS64\" }, { 25, \"SVE\" }, { 26, \"ERET\" }, { 28, \"FPAC\" }, { 29, \"SME\" }, { 31, \"IMP_DEF\" }, { 32, \"IABT_LOW\" }, { 33, \"IABT_CUR\" }, { 34, \"PC_ALIGN\" }, { 36, \"DABT_LOW\" }, { 37, \"DABT_CUR\" }, { 38, \"SP_ALIGN\" }, { 39, \"MOPS\" }, { 40, \"FP_EXC32\" }, { 44, \"FP_EXC64\" }, { 47, \"SERROR\" }, { 48, \"BREAKPT_LOW\" }, { 49, \"BREAKPT_CUR\" }, { 50, \"SOFTSTP_LOW\" }, { 51, \"SOFTSTP_CUR\" }, { 52, \"WATCHPT_LOW\" }, { 53, \"WATCHPT_CUR\" }, { 56, \"BKPT32\" }, { 58, \"VECTOR32\" }, { 60, \"BRK64\" }), REC->vcpu_pc\n",
} as const;
