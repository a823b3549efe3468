#!/usr/bin/env bash
# bench.sh: each program in kernels/tune built three ways, run interleaved,
# medians of wall times.
#
#   serial  clang-19 -O3                    (make CC=clang-19)
#   omp     clang-19 -O3 -fopenmp, the hand-parallelised twin (make twin)
#   tuned   slmcc's training run, only when SLMCC points at bin/slmcc
#
#   kernels/tune/bench.sh                         # all programs, 5 rounds
#   PROGRAMS="mc-lookup" RUNS=3 kernels/tune/bench.sh
#   SLMCC=/work/main/bin/slmcc kernels/tune/bench.sh
#
# Environment: PROGRAMS (default: every program in run_cmd below), RUNS (5),
# THREADS (OMP_NUM_THREADS for omp and tuned, default 2), CC (clang-19),
# CFLAGS (-O3), BENCH_DIR (scratch folder, default a new mktemp -d; kept).
# Each build happens in its own copy of the sources, so nothing here touches
# the folders in kernels/tune. Outputs are compared with the serial build's
# first run, exactly, after dropping lines that start with "Runtime:".
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PROGRAMS=${PROGRAMS:-"mc-lookup particles csr-lib mg-grid fft-planes cg-rand box-md heat-print main-loop"}
RUNS=${RUNS:-5}
THREADS=${THREADS:-2}
BCC=${CC:-clang-19}
BCFLAGS=${CFLAGS:--O3}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/tune-bench.XXXXXX)}
SLMCC=${SLMCC:-}

# The command the workload runs, and the binary names, per program.
run_cmd() {
	case $1 in
	mc-lookup) echo "./mc-lookup" ;;
	particles) echo "./particles" ;;
	csr-lib) echo "./csr-power" ;;
	box-md) echo "./box-md" ;;
	heat-print) echo "./heat-print" ;;
	main-loop) echo "./main-loop" ;;
	mg-grid) echo "./mg-grid" ;;
	fft-planes) echo "./fft-planes" ;;
	cg-rand) echo "./cg-rand" ;;
	*) echo "unknown program $1" >&2; exit 2 ;;
	esac
}
twin_cmd() {
	case $1 in
	mc-lookup) echo "./mc-lookup-omp" ;;
	particles) echo "./particles-omp" ;;
	csr-lib) echo "./csr-power-omp" ;;
	box-md) echo "./box-md-omp" ;;
	heat-print) echo "./heat-print-omp" ;;
	main-loop) echo "./main-loop-omp" ;;
	mg-grid) echo "./mg-grid-omp" ;;
	fft-planes) echo "./fft-planes-omp" ;;
	cg-rand) echo "./cg-rand-omp" ;;
	esac
}

# The tuned build: slmcc's training run in a fresh copy of the program's
# sources, with a cache of its own (so each program starts cold) and the
# provider SLMCC_PROVIDER says (builtin when no model is reachable). It
# leaves the tuned binary where `run_cmd` finds it; its table goes to
# tune.out in that copy, and the wall time of the whole run is printed.
tuned_build() {
	local prog=$1 dir=$2
	(
		cd "$dir"
		local t0=$SECONDS
		SLMCC_CACHE_DIR="$dir-slmcc-cache" "$SLMCC" --slmcc tune --run "$(run_cmd "$prog")" --ignore '^Runtime' \
			-- make CC="$SLMCC" CFLAGS="$BCFLAGS" >"$dir/tune.out" 2>"$dir/tune.err"
		echo "$prog: tune took $((SECONDS - t0)) s; its table:" >&2
		sed 's/^/  /' "$dir/tune.out" >&2
	)
}

fresh_copy() {
	local prog=$1 dst=$2
	rm -rf "$dst"
	mkdir -p "$dst"
	cp -r "$HERE/$prog/." "$dst/"
	make -s -C "$dst" clean >/dev/null
}

median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

now() { date +%s.%N; }

# run_one DIR CMD OUTFILE THREADS: wall seconds on stdout.
run_one() {
	local dir=$1 cmd=$2 out=$3 threads=$4 t0 t1
	t0=$(now)
	(cd "$dir" && OMP_NUM_THREADS=$threads $cmd >"$out.stdout" 2>"$out.stderr")
	t1=$(now)
	grep -v '^Runtime' "$out.stdout" >"$out.cmp" || true
	grep -v '^Runtime' "$out.stderr" >>"$out.cmp" || true
	echo "$t1 - $t0" | bc -l
}

echo "bench: scratch in $BENCH_DIR; $RUNS interleaved rounds; OMP_NUM_THREADS=$THREADS for omp/tuned" >&2
echo "bench: load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2

printf '%-10s %9s %9s %9s %8s %8s  %s\n' program serial_s omp_s tuned_s omp_x tuned_x outputs
for prog in $PROGRAMS; do
	base=$BENCH_DIR/$prog
	variants="serial omp"
	fresh_copy "$prog" "$base/serial"
	make -s -C "$base/serial" CC="$BCC" CFLAGS="$BCFLAGS" >"$base/serial.build.log" 2>&1
	fresh_copy "$prog" "$base/omp"
	make -s -C "$base/omp" twin CC="$BCC" CFLAGS="$BCFLAGS" >"$base/omp.build.log" 2>&1
	if [ -n "$SLMCC" ]; then
		fresh_copy "$prog" "$base/tuned"
		echo "bench: $prog: tuned build (log in $base/tuned.build.log)" >&2
		if tuned_build "$prog" "$base/tuned" >"$base/tuned.build.log" 2>&1; then
			variants="serial omp tuned"
		else
			echo "bench: $prog: tuned build failed, see $base/tuned.build.log" >&2
		fi
	fi

	: >"$base/serial.times"; : >"$base/omp.times"; : >"$base/tuned.times"
	verdict=equal
	for r in $(seq 1 "$RUNS"); do
		for v in $variants; do
			case $v in
			serial) cmd=$(run_cmd "$prog"); th=1 ;;
			omp) cmd=$(twin_cmd "$prog"); th=$THREADS ;;
			tuned) cmd=$(run_cmd "$prog"); th=$THREADS ;;
			esac
			run_one "$base/$v" "$cmd" "$base/$v.run$r" "$th" >>"$base/$v.times"
			if ! cmp -s "$base/serial.run1.cmp" "$base/$v.run$r.cmp"; then
				verdict="DIFFER($v run $r)"
			fi
		done
	done
	s=$(median <"$base/serial.times")
	o=$(median <"$base/omp.times")
	t=$(median <"$base/tuned.times")
	ox=$(echo "$s / $o" | bc -l | xargs printf '%.2f')
	tx=-
	[ "$t" != "-" ] && tx=$(echo "$s / $t" | bc -l | xargs printf '%.2f')
	printf '%-10s %9s %9s %9s %8s %8s  %s\n' "$prog" "$s" "$o" "$t" "$ox" "$tx" "$verdict"
done
