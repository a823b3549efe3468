/* box-md: the hot loop. Lennard-Jones forces with a cutoff, box by box:
 * for each box b, for each of its 27 neighbour boxes (b itself included),
 * for each pair (i in b, j in the neighbour). Each box writes only its own
 * particles' forces and its own pe_box[b]: both halves of every pair are
 * computed, once from each side, so no two boxes write the same element. */
#include "md.h"

void compute_forces(SimParams sp, const Cells *c, const Vec3 *pos, Vec3 *force, double *pe_box)
{
	const int *first = c->first;
	const int *count = c->count;
	const int *nbr = c->nbr;
	const Vec3 *shift = c->shift;
	int b, k, i, j, nb, na, nn;
	double r2, sr2, sr6, fs, pe;
	Vec3 d, sh, fi;
	const Vec3 *rA, *rB;
	Vec3 *fA;

	#pragma omp parallel for schedule(dynamic) private(k, i, j, nb, na, nn, r2, sr2, sr6, fs, pe) private(d, sh, fi, rA, rB, fA)
	for (b = 0; b < sp.nbox; b++) {
		rA = &pos[first[b]];
		fA = &force[first[b]];
		na = count[b];
		pe = 0.0;
		for (i = 0; i < na; i++) {
			fA[i].x = 0.0;
			fA[i].y = 0.0;
			fA[i].z = 0.0;
		}
		for (k = 0; k < NNBR; k++) {
			nb = nbr[NNBR * b + k];
			sh = shift[NNBR * b + k];
			rB = &pos[first[nb]];
			nn = count[nb];
			for (i = 0; i < na; i++) {
				fi.x = 0.0;
				fi.y = 0.0;
				fi.z = 0.0;
				for (j = 0; j < nn; j++) {
					if (nb == b && j == i)
						continue;
					d.x = rA[i].x - (rB[j].x + sh.x);
					d.y = rA[i].y - (rB[j].y + sh.y);
					d.z = rA[i].z - (rB[j].z + sh.z);
					r2 = d.x * d.x + d.y * d.y + d.z * d.z;
					if (r2 < sp.cutoff2) {
						sr2 = sp.sigma2 / r2;
						sr6 = sr2 * sr2 * sr2;
						fs = 6.0 * sp.eps4 * sr6 * (2.0 * sr6 - 1.0) / r2;
						fi.x += fs * d.x;
						fi.y += fs * d.y;
						fi.z += fs * d.z;
						pe += 0.5 * (sp.eps4 * sr6 * (sr6 - 1.0) - sp.ecut);
					}
				}
				fA[i].x += fi.x;
				fA[i].y += fi.y;
				fA[i].z += fi.z;
			}
		}
		pe_box[b] = pe;
	}
}
