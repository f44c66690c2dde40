#!/usr/bin/env bash
# Container decryption (ContainerDecryptBenchmark) against plain JCE AES-256-GCM on the same data, in one JMH run.
# Issue 5 asks for container decryption at >= 70% of plain JCE throughput.
#
#   scripts/bench/container-decrypt.sh                 # 2 forks x (3 warmup + 5 measured) 1 s iterations
#   FORKS=1 ITERATIONS=3 scripts/bench/container-decrypt.sh
#   scripts/bench/container-decrypt.sh -p size=1048576 # extra arguments go to JMH
#
# Builds only the protocol module with -Pbench (JMH sources are compiled as test sources there, never in a normal
# build), then prints JMH's table and a MB/s summary with the ratio to the baseline.
set -euo pipefail
cd "$(dirname "$0")/../.."

FORKS="${FORKS:-2}"
WARMUP="${WARMUP:-3}"
ITERATIONS="${ITERATIONS:-5}"
RESULT=protocol/target/jmh-container-decrypt.json

./mvnw -B -q -Pbench -pl protocol test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CLASSPATH="protocol/target/test-classes:protocol/target/classes:$(cat protocol/target/bench-classpath.txt)"

java -cp "$CLASSPATH" org.openjdk.jmh.Main 'dev\.latchkey\.protocol\.container\.ContainerDecryptBenchmark' \
  -f "$FORKS" -wi "$WARMUP" -i "$ITERATIONS" -w 1s -r 1s -rf json -rff "$RESULT" "$@"

node - "$RESULT" <<'JS'
const results = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const rows = results.map(r => {
  const size = Number(r.params.size);
  const name = r.benchmark.split('.').pop();
  return { name, size, mbps: r.primaryMetric.score * size / 1e6, err: r.primaryMetric.scoreError * size / 1e6 };
});
for (const size of [...new Set(rows.map(r => r.size))]) {
  const group = rows.filter(r => r.size === size);
  const base = group.filter(r => r.name.startsWith('jce')).sort((a, b) => b.mbps - a.mbps)[0];
  console.log(`\nsize ${size} bytes (MB = 10^6 bytes), ratios against the faster plain-JCE baseline (${base?.name})`);
  for (const r of group) {
    const ratio = base ? ` ${(100 * r.mbps / base.mbps).toFixed(1)}%` : '';
    console.log(`  ${r.name.padEnd(20)} ${r.mbps.toFixed(0).padStart(6)} ± ${r.err.toFixed(0)} MB/s${ratio}`);
  }
}
JS
