/* main-loop: a histogram-equalised blur-and-sharpen of an 8-bit image, with
 * the whole computation in main(). main parses the command line, allocates,
 * fills the image from a private LCG (util.c), then runs `passes` passes,
 * each one: a histogram and an equalisation table (cheap, serial), then the
 * hot nest over rows and columns: a 5x5 binomial blur with edge pixels
 * repeated, mixed with the equalised value and the original pixel, limited
 * to 0..255. Edge coordinates and the result are limited by clamp_int()
 * from util.c, so the hot loop calls into another translation unit. All
 * arithmetic is on integers. Prints checksums of the final image; the one
 * timing line goes to stderr and starts with "Runtime:".
 *   ./main-loop [width [height [passes]]] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "util.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static const int kern[5][5] = {
		{1, 4, 6, 4, 1},
		{4, 16, 24, 16, 4},
		{6, 24, 36, 24, 6},
		{4, 16, 24, 16, 4},
		{1, 4, 6, 4, 1},
	};
	int w = arg_int(argc, argv, 1, DEFAULT_W);
	int h = arg_int(argc, argv, 2, DEFAULT_H);
	int passes = arg_int(argc, argv, 3, DEFAULT_PASSES);
	int y, pass;
	unsigned long long state = 0x9E3779B97F4A7C15ULL;
	long long hist[256];
	int lut[256];

	if (w < 8 || h < 8 || passes < 1 || (long long)w * h > 400000000LL) {
		fprintf(stderr, "usage: %s [width [height [passes]]]   (width, height >= 8)\n", argv[0]);
		return 1;
	}
	size_t npix = (size_t)w * (size_t)h;
	unsigned char *img = malloc(npix);
	unsigned char *out = malloc(npix);
	if (!img || !out) {
		fprintf(stderr, "main-loop: out of memory\n");
		return 2;
	}

	/* A diagonal gradient, some noise and a few flat rectangles. */
	for (y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int g = (int)(((long long)x * 160) / w + ((long long)y * 64) / h);
			int noise = (int)(lcg_next(&state) >> 27) - 16;
			img[(size_t)y * w + x] = (unsigned char)clamp_int(g + noise, 0, 255);
		}
	for (int r = 0; r < 40; r++) {
		int rw = 1 + (int)(lcg_next(&state) % (unsigned)(w / 6 + 1));
		int rh = 1 + (int)(lcg_next(&state) % (unsigned)(h / 6 + 1));
		int x0 = (int)(lcg_next(&state) % (unsigned)(w - rw + 1));
		int y0 = (int)(lcg_next(&state) % (unsigned)(h - rh + 1));
		unsigned char v = (unsigned char)(lcg_next(&state) >> 24);
		for (int yy = y0; yy < y0 + rh; yy++)
			for (int x = x0; x < x0 + rw; x++)
				img[(size_t)yy * w + x] = v;
	}
	printf("main-loop: %d x %d image, %d passes\n", w, h, passes);

	double start = now_seconds();
	for (pass = 0; pass < passes; pass++) {
		/* Histogram and equalisation table (serial, cheap). */
		for (int v = 0; v < 256; v++)
			hist[v] = 0;
		for (size_t p = 0; p < npix; p++)
			hist[img[p]]++;
		long long cdf = 0;
		for (int v = 0; v < 256; v++) {
			cdf += hist[v];
			lut[v] = (int)((cdf * 255 + (long long)npix / 2) / (long long)npix);
		}

		/* The hot nest. */
		for (y = 0; y < h; y++) {
			const unsigned char *rows[5];
			for (int k = 0; k < 5; k++)
				rows[k] = img + (size_t)clamp_int(y + k - 2, 0, h - 1) * w;
			unsigned char *o = out + (size_t)y * w;
			for (int x = 0; x < w; x++) {
				int acc = 0;
				for (int dx = 0; dx < 5; dx++) {
					int xx = clamp_int(x + dx - 2, 0, w - 1);
					for (int k = 0; k < 5; k++)
						acc += kern[k][dx] * rows[k][xx];
				}
				int blur = (acc + 128) >> 8;
				int mixed = 2 * lut[blur] + 3 * rows[2][x] - blur;
				o[x] = (unsigned char)clamp_int(mixed / 4, 0, 255);
			}
		}

		unsigned char *t = img;
		img = out;
		out = t;
	}
	double runtime = now_seconds() - start;

	unsigned long long sum = 0, hash = 1469598103934665603ULL;
	int zeros = 0, lo = 255, hi = 0;
	for (size_t p = 0; p < npix; p++) {
		sum += img[p];
		hash = (hash ^ img[p]) * 1099511628211ULL;
		zeros += img[p] == 0;
		if (img[p] < lo)
			lo = img[p];
		if (img[p] > hi)
			hi = img[p];
	}
	printf("pixel sum: %llu (mean %.6f)\n", sum, (double)sum / (double)npix);
	printf("pixel range: %d .. %d (%d pixels at 0)\n", lo, hi, zeros);
	printf("FNV-1a hash: %016llx\n", hash);
	printf("centre pixel: %d\n", img[(size_t)(h / 2) * w + w / 2]);
	fprintf(stderr, "Runtime: %.3f seconds (%.1f Mpixel-passes/s)\n", runtime,
	        runtime > 0 ? (double)npix * passes / runtime / 1e6 : 0.0);
	free(img);
	free(out);
	return 0;
}
