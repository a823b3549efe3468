/* box-md: the boxes. Neighbour tables (with periodic image shifts) and the
 * binning of particles into boxes, a stable counting sort that reorders the
 * particle arrays box by box. */
#include <stdlib.h>
#include "md.h"

int cells_init(SimParams sp, Cells *c)
{
	int ns = sp.nside;
	c->first = malloc(sizeof(int) * (size_t)sp.nbox);
	c->count = malloc(sizeof(int) * (size_t)sp.nbox);
	c->cursor = malloc(sizeof(int) * (size_t)sp.nbox);
	c->nbr = malloc(sizeof(int) * (size_t)sp.nbox * NNBR);
	c->shift = malloc(sizeof(Vec3) * (size_t)sp.nbox * NNBR);
	c->boxof = malloc(sizeof(int) * (size_t)sp.n);
	if (!c->first || !c->count || !c->cursor || !c->nbr || !c->shift || !c->boxof)
		return -1;

	for (int bz = 0; bz < ns; bz++)
		for (int by = 0; by < ns; by++)
			for (int bx = 0; bx < ns; bx++) {
				int b = (bz * ns + by) * ns + bx;
				int k = 0;
				for (int oz = -1; oz <= 1; oz++)
					for (int oy = -1; oy <= 1; oy++)
						for (int ox = -1; ox <= 1; ox++) {
							int nx = bx + ox, ny = by + oy, nz = bz + oz;
							Vec3 sh = {0.0, 0.0, 0.0};
							if (nx < 0) { nx += ns; sh.x = -sp.len; }
							if (nx >= ns) { nx -= ns; sh.x = sp.len; }
							if (ny < 0) { ny += ns; sh.y = -sp.len; }
							if (ny >= ns) { ny -= ns; sh.y = sp.len; }
							if (nz < 0) { nz += ns; sh.z = -sp.len; }
							if (nz >= ns) { nz -= ns; sh.z = sp.len; }
							c->nbr[NNBR * b + k] = (nz * ns + ny) * ns + nx;
							c->shift[NNBR * b + k] = sh;
							k++;
						}
			}
	return 0;
}

static int coord_box(double x, double inv_boxlen, int ns)
{
	int k = (int)(x * inv_boxlen);
	if (k < 0)
		k = 0;
	if (k >= ns)
		k = ns - 1;
	return k;
}

void cells_bin(SimParams sp, Cells *c, System *s)
{
	int ns = sp.nside;
	double inv = 1.0 / sp.boxlen;
	int b, i;

	for (b = 0; b < sp.nbox; b++)
		c->count[b] = 0;
	for (i = 0; i < sp.n; i++) {
		int bx = coord_box(s->pos[i].x, inv, ns);
		int by = coord_box(s->pos[i].y, inv, ns);
		int bz = coord_box(s->pos[i].z, inv, ns);
		c->boxof[i] = (bz * ns + by) * ns + bx;
		c->count[c->boxof[i]]++;
	}
	int sum = 0;
	for (b = 0; b < sp.nbox; b++) {
		c->first[b] = sum;
		c->cursor[b] = sum;
		sum += c->count[b];
	}
	for (i = 0; i < sp.n; i++) {
		int dst = c->cursor[c->boxof[i]]++;
		s->pos2[dst] = s->pos[i];
		s->vel2[dst] = s->vel[i];
		s->id2[dst] = s->id[i];
	}
	Vec3 *t = s->pos; s->pos = s->pos2; s->pos2 = t;
	t = s->vel; s->vel = s->vel2; s->vel2 = t;
	int *ti = s->id; s->id = s->id2; s->id2 = ti;
}

void cells_free(Cells *c)
{
	free(c->first);
	free(c->count);
	free(c->cursor);
	free(c->nbr);
	free(c->shift);
	free(c->boxof);
}
