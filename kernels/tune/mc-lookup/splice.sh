#!/bin/sh
# splice.sh CANDIDATE [SOURCE] > OUT.c
# Prints SOURCE (default simulation.c) with the definition of
# run_event_based_simulation replaced by the text of CANDIDATE: a hand
# stand-in for what tune does with a model's reply, for trying the
# candidates below by hand:
#   ./splice.sh racy_candidate.c.txt > /tmp/sim.c
awk -v cand="$1" '
	/^unsigned long long run_event_based_simulation\(Inputs in, SimulationData SD\)$/ { skip = 1 }
	skip && /^}$/ { while ((getline line < cand) > 0) print line; skip = 0; next }
	!skip { print }
' "${2:-simulation.c}"
