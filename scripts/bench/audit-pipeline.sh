#!/usr/bin/env bash
# Audit pipeline throughput (issue 9: 20,000 events/s sustained, zero lost). Each run pushes events through
# AuditService (production queue and batch sizes) into a fresh PostgreSQL database (latchkey_audit_bench_*, dropped
# afterwards unless KEEP_DB=1), then counts the rows exactly. Exits 1 if any event is missing or duplicated.
#
#   scripts/bench/audit-pipeline.sh                    # all three modes with the defaults below
#   scripts/bench/audit-pipeline.sh batched            # one producer, recordBatched, as fast as backpressure allows
#   scripts/bench/audit-pipeline.sh durable            # CALLERS concurrent callers, each waiting for its commit
#   scripts/bench/audit-pipeline.sh sustained          # RATE durable events/s for DURATION seconds, each from its own caller
#   EVENTS=600000 CALLERS=1000 RATE=20000 DURATION=30 scripts/bench/audit-pipeline.sh
#
# The program is server/src/test/java/dev/latchkey/server/audit/AuditPipelineBench.java (test scope, not a test).
set -euo pipefail
cd "$(dirname "$0")/../.."

EVENTS="${EVENTS:-600000}"
CALLERS="${CALLERS:-1000}"
RATE="${RATE:-20000}"
DURATION="${DURATION:-30}"
modes=("$@"); [ ${#modes[@]} -gt 0 ] || modes=(batched durable sustained)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # One reactor run: the sibling modules (protocol, web-admin) resolve to their target/classes.
  ./mvnw -B -q -pl server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
fi
CLASSPATH="server/target/test-classes:server/target/classes:$(cat server/target/bench-classpath.txt)"

status=0
for mode in "${modes[@]}"; do
  java ${JAVA_OPTS:--Xmx1g} -cp "$CLASSPATH" dev.latchkey.server.audit.AuditPipelineBench \
    "$mode" "$EVENTS" "$CALLERS" "$RATE" "$DURATION" || status=1
done
exit $status
