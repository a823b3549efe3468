/* mg-grid: the stencil operators. Every array is a double[n3][n2][n1] with
 * one ghost layer on each side, passed as void * and cast to a pointer to a
 * variable-length 2-D array inside each function. The 27-point stencils
 * first sum the neighbours in the (i2, i3) cross plane into scratch rows,
 * one row per (i3, i2), and then sweep i1 along those rows. The rows are
 * declared once per call; every (i3, i2) iteration fills them before it
 * reads them. */
#include "mg.h"

/* Periodic boundary: copy the opposite interior faces into the ghosts. */
void comm3(void *ou, int n1, int n2, int n3)
{
	double (*u)[n2][n1] = (double (*)[n2][n1])ou;
	int i1, i2, i3;

	for (i3 = 1; i3 < n3 - 1; i3++)
		for (i2 = 1; i2 < n2 - 1; i2++) {
			u[i3][i2][0] = u[i3][i2][n1 - 2];
			u[i3][i2][n1 - 1] = u[i3][i2][1];
		}
	for (i3 = 1; i3 < n3 - 1; i3++)
		for (i1 = 0; i1 < n1; i1++) {
			u[i3][0][i1] = u[i3][n2 - 2][i1];
			u[i3][n2 - 1][i1] = u[i3][1][i1];
		}
	for (i2 = 0; i2 < n2; i2++)
		for (i1 = 0; i1 < n1; i1++) {
			u[0][i2][i1] = u[n3 - 2][i2][i1];
			u[n3 - 1][i2][i1] = u[1][i2][i1];
		}
}

/* r = v - A u on the interior, then the ghosts of r. A has the weight a[0]
 * on the centre, a[1] on the 6 faces, a[2] on the 12 edges and a[3] on
 * the 8 corners of the 3x3x3 neighbourhood. */
void resid(void *ou, void *ov, void *or, int n1, int n2, int n3, const double a[4])
{
	double (*u)[n2][n1] = (double (*)[n2][n1])ou;
	double (*v)[n2][n1] = (double (*)[n2][n1])ov;
	double (*r)[n2][n1] = (double (*)[n2][n1])or;
	double u1[M], u2[M];
	int i1, i2, i3;

	for (i3 = 1; i3 < n3 - 1; i3++) {
		for (i2 = 1; i2 < n2 - 1; i2++) {
			for (i1 = 0; i1 < n1; i1++) {
				u1[i1] = u[i3][i2 - 1][i1] + u[i3][i2 + 1][i1]
				       + u[i3 - 1][i2][i1] + u[i3 + 1][i2][i1];
				u2[i1] = u[i3 - 1][i2 - 1][i1] + u[i3 - 1][i2 + 1][i1]
				       + u[i3 + 1][i2 - 1][i1] + u[i3 + 1][i2 + 1][i1];
			}
			for (i1 = 1; i1 < n1 - 1; i1++) {
				r[i3][i2][i1] = v[i3][i2][i1]
				              - a[0] * u[i3][i2][i1]
				              - a[1] * (u[i3][i2][i1 - 1] + u[i3][i2][i1 + 1] + u1[i1])
				              - a[2] * (u2[i1] + u1[i1 - 1] + u1[i1 + 1])
				              - a[3] * (u2[i1 - 1] + u2[i1 + 1]);
			}
		}
	}
	comm3(r, n1, n2, n3);
}

/* One smoothing sweep from a residual: u += S r, S the 19-point
 * approximate inverse with c[0] on the centre, c[1] on the faces and c[2]
 * on the edges. Then the ghosts of u. */
void smooth(void *or, void *ou, int n1, int n2, int n3, const double c[3])
{
	double (*r)[n2][n1] = (double (*)[n2][n1])or;
	double (*u)[n2][n1] = (double (*)[n2][n1])ou;
	double r1[M], r2[M];
	int i1, i2, i3;

	for (i3 = 1; i3 < n3 - 1; i3++) {
		for (i2 = 1; i2 < n2 - 1; i2++) {
			for (i1 = 0; i1 < n1; i1++) {
				r1[i1] = r[i3][i2 - 1][i1] + r[i3][i2 + 1][i1]
				       + r[i3 - 1][i2][i1] + r[i3 + 1][i2][i1];
				r2[i1] = r[i3 - 1][i2 - 1][i1] + r[i3 - 1][i2 + 1][i1]
				       + r[i3 + 1][i2 - 1][i1] + r[i3 + 1][i2 + 1][i1];
			}
			for (i1 = 1; i1 < n1 - 1; i1++) {
				u[i3][i2][i1] += c[0] * r[i3][i2][i1]
				               + c[1] * (r[i3][i2][i1 - 1] + r[i3][i2][i1 + 1] + r1[i1])
				               + c[2] * (r2[i1] + r1[i1 - 1] + r1[i1 + 1]);
			}
		}
	}
	comm3(u, n1, n2, n3);
}

/* Full-weighting restriction of the fine residual rf[m3f][m2f][m1f] to the
 * coarse right-hand side rc[m3c][m2c][m1c]: coarse point j sits on fine
 * point 2j. The weights are 1/2, 1/4, 1/8, 1/16 (centre, faces, edges,
 * corners), four times the usual tensor (1/4, 1/2, 1/4)^3, because the
 * operator has no h^2 and the coarse spacing is twice the fine one. */
void restrict_fw(void *orf, int m1f, int m2f, int m3f, void *orc, int m1c, int m2c, int m3c)
{
	double (*rf)[m2f][m1f] = (double (*)[m2f][m1f])orf;
	double (*rc)[m2c][m1c] = (double (*)[m2c][m1c])orc;
	double x1[M], y1[M];
	int i1, i2, i3, j1, j2, j3;

	(void)m3f; /* the coarse loop bounds cover the fine grid */

	for (j3 = 1; j3 < m3c - 1; j3++) {
		i3 = 2 * j3;
		for (j2 = 1; j2 < m2c - 1; j2++) {
			i2 = 2 * j2;
			for (i1 = 1; i1 < m1f; i1++) {
				x1[i1] = rf[i3][i2 - 1][i1] + rf[i3][i2 + 1][i1]
				       + rf[i3 - 1][i2][i1] + rf[i3 + 1][i2][i1];
				y1[i1] = rf[i3 - 1][i2 - 1][i1] + rf[i3 - 1][i2 + 1][i1]
				       + rf[i3 + 1][i2 - 1][i1] + rf[i3 + 1][i2 + 1][i1];
			}
			for (j1 = 1; j1 < m1c - 1; j1++) {
				i1 = 2 * j1;
				rc[j3][j2][j1] = 0.5 * rf[i3][i2][i1]
				               + 0.25 * (rf[i3][i2][i1 - 1] + rf[i3][i2][i1 + 1] + x1[i1])
				               + 0.125 * (x1[i1 - 1] + x1[i1 + 1] + y1[i1])
				               + 0.0625 * (y1[i1 - 1] + y1[i1 + 1]);
			}
		}
	}
	comm3(rc, m1c, m2c, m3c);
}

/* Trilinear prolongation of the coarse correction z[m3c][m2c][m1c], added
 * to the fine u[m3f][m2f][m1f]. Coarse j covers the fine points 2j and
 * 2j + 1, so each j3 writes its own two fine planes. */
void prolong_add(void *oz, int m1c, int m2c, int m3c, void *ou, int m1f, int m2f, int m3f)
{
	double (*z)[m2c][m1c] = (double (*)[m2c][m1c])oz;
	double (*u)[m2f][m1f] = (double (*)[m2f][m1f])ou;
	double z1[M], z2[M], z3[M];
	int j1, j2, j3;

	for (j3 = 0; j3 < m3c - 1; j3++) {
		for (j2 = 0; j2 < m2c - 1; j2++) {
			for (j1 = 0; j1 < m1c; j1++) {
				z1[j1] = z[j3][j2 + 1][j1] + z[j3][j2][j1];
				z2[j1] = z[j3 + 1][j2][j1] + z[j3][j2][j1];
				z3[j1] = z[j3 + 1][j2 + 1][j1] + z[j3 + 1][j2][j1] + z1[j1];
			}
			for (j1 = 0; j1 < m1c - 1; j1++) {
				u[2 * j3][2 * j2][2 * j1] += z[j3][j2][j1];
				u[2 * j3][2 * j2][2 * j1 + 1] += 0.5 * (z[j3][j2][j1 + 1] + z[j3][j2][j1]);
				u[2 * j3][2 * j2 + 1][2 * j1] += 0.5 * z1[j1];
				u[2 * j3][2 * j2 + 1][2 * j1 + 1] += 0.25 * (z1[j1] + z1[j1 + 1]);
				u[2 * j3 + 1][2 * j2][2 * j1] += 0.5 * z2[j1];
				u[2 * j3 + 1][2 * j2][2 * j1 + 1] += 0.25 * (z2[j1] + z2[j1 + 1]);
				u[2 * j3 + 1][2 * j2 + 1][2 * j1] += 0.25 * z3[j1];
				u[2 * j3 + 1][2 * j2 + 1][2 * j1 + 1] += 0.125 * (z3[j1] + z3[j1 + 1]);
			}
		}
	}
	comm3(u, m1f, m2f, m3f);
}
