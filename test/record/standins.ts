/**
 * Stand-ins for `perf` and a QEMU process, placed first on PATH by the record
 * tests. The stand-in perf logs every call to $STANDIN_LOG, answers
 * --version and `list kvm:*`, "records" until SIGINT (then copies
 * $STANDIN_DATA to perf.data.guest), and hands `kvm -i F stat report` to the
 * real perf when $STANDIN_REAL_PERF is set (else prints a small table on stderr).
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const STANDIN_PERF = `#!/bin/bash
echo "$*" >> "\${STANDIN_LOG:-/dev/null}"
case "$1" in
  --version) echo "perf version \${STANDIN_PERF_VERSION:-6.1.0}"; exit 0 ;;
  list)
    [ -n "$STANDIN_NO_TRACEPOINTS" ] && exit 0
    echo "  kvm:kvm_entry                                      [Tracepoint event]"
    echo "  kvm:kvm_exit                                       [Tracepoint event]"
    exit 0 ;;
esac
if [ "$1 $2 $3" = "kvm stat record" ]; then
  [ -n "$STANDIN_RECORD_FAILS" ] && { echo "Error: the sys_perf_event_open() syscall returned with 1 (Operation not permitted)" >&2; exit 255; }
  trap 'cp "$STANDIN_DATA" perf.data.guest; echo "[ perf record: Captured and wrote 0.05 MB perf.data.guest ]" >&2; exit 0' INT
  echo "recording" >&2
  while true; do sleep 0.05; done
fi
if [ "$1 $2" = "kvm -i" ]; then
  for a in "$@"; do
    if [ "$a" = "--stdio" ]; then
      major=\${STANDIN_PERF_VERSION:-6.1.0}; major=\${major%%.*}
      minor=\${STANDIN_PERF_VERSION:-6.1.0}; minor=\${minor#*.}; minor=\${minor%%.*}
      if [ "$major" -lt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -lt 4 ]; }; then
        echo "  Error: unknown option \\\`stdio'" >&2; exit 129
      fi
    fi
  done
  if [ -n "$STANDIN_REAL_PERF" ]; then
    args=(); for a in "$@"; do [ "$a" != "--stdio" ] && args+=("$a"); done
    exec "$STANDIN_REAL_PERF" "\${args[@]}"
  fi
  printf '\\n\\nAnalyze events for all VMs, all VCPUs:\\n\\n             VM-EXIT    Samples  Samples%%     Time%%    Min Time    Max Time         Avg time \\n\\n                 HLT         10   100.00%%   100.00%%      1.00us      1.00us      1.00us ( +-   0.00%% )\\n\\nTotal Samples:10, Total events handled time:10.00us.\\n\\n' >&2
  exit 0
fi
echo "stand-in perf: unexpected arguments: $*" >&2
exit 2
`;

export const STANDIN_QEMU = `#!/bin/bash
# stand-in QEMU: sleeps until killed; its argv carries -name like a real VM
trap 'kill $! 2>/dev/null; exit 0' TERM INT
sleep 600 &
wait
`;

/** Writes the stand-ins into DIR/bin and returns that folder. */
export function installStandins(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "perf"), STANDIN_PERF);
  chmodSync(join(bin, "perf"), 0o755);
  writeFileSync(join(bin, "qemu-system-x86_64"), STANDIN_QEMU);
  chmodSync(join(bin, "qemu-system-x86_64"), 0o755);
  return bin;
}
