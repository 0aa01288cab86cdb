#!/bin/sh
# The verification campaigns reported in docs/reductions.md (Dunne et al. 2010,
# Props. 8-11). Resumable: rerun the script and finished instances are skipped.
# Usage: sh benchmarks/reduction_campaigns.sh OUTDIR [JOBS]   (RETRY=1 recomputes error/timeout rows)
set -e
OUT=${1:-reduction-runs}; J=${2:-2}
mkdir -p "$OUT"
v() { name=$1; shift; declcoal verify "$@" ${RETRY:+--retry-failed} --jobs "$J" --db "$OUT/$name.sqlite" --out "$OUT/$name-files" --json > "$OUT/$name.json"; }
for p in prop11 prop8 prop10 prop9; do
  v "ex33-$p" $p --exhaustive --vars 3 --clauses 3 --limit 300
  v "ex23te-$p" $p --exhaustive --vars 2 --clauses 3 --tautologies --empty-clause --limit 300
done
for p in prop11 prop8 prop10; do v "rnd-$p" $p --random 300 --vars 6 --clauses 26 --seed 1 --limit 300; done
v "rnd-prop9" prop9 --random 200 --vars 4 --clauses 12 --seed 1 --limit 120
for p in prop8 prop10; do v "crg-$p" $p --crg 300 --seed 1 --limit 300; done
for f in php ordering; do for p in prop11 prop8 prop10 prop9; do v "cnfgen-$f-$p" $p --cnfgen $f --vars 3 --limit 120; done; done
for p in prop9 prop11; do v "z0-$p" $p --exhaustive --vars 0 --min-vars 0 --clauses 3 --empty-clause --limit 120; done
for p in prop11 prop8 prop10 prop9; do v "ex34-$p" $p --exhaustive --vars 3 --clauses 4 --limit 120; done
