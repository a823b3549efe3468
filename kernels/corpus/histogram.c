/* histogram (image): a 256-bin histogram of a 12-bit image (an array
 * reduction: hist[img >> 4]++) together with the total intensity (a scalar
 * reduction) and the mean; called REPS times as a video pipeline would, one pixel changed between frames.
 * Check: the bins count every pixel, and sum(b * hist[b]) and the total
 * match a direct recomputation. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef H
#define H 3000
#endif
#ifndef W
#define W 4000
#endif
#ifndef BINS
#define BINS 256
#endif
#ifndef REPS
#define REPS 40
#endif

static void init_array(int h, int w, int img[H][W])
{
  int i, j;

  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++)
      img[i][j] = (i * i * 7 + j * 13 + (i ^ j)) % 4096;
}

void kernel_histogram(int h, int w, int img[H][W], long hist[BINS], double *mean)
{
  int i, j, b;
  long total = 0;

  for (b = 0; b < BINS; b++)
    hist[b] = 0;
  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++) {
      hist[img[i][j] * BINS / 4096]++;
      total += img[i][j];
    }
  *mean = (double)total / ((double)h * w);
}

/* A new frame: one pixel changes, so the repeated calls are not the same call. */
static void next_frame(int h, int w, int r, int img[H][W])
{
  img[r % h][(r * 7) % w] = (img[r % h][(r * 7) % w] + 1031) % 4096;
}

static void print_checksum(long hist[BINS], double mean)
{
  int b;
  long s = 0, wsum = 0;

  for (b = 0; b < BINS; b++) {
    s += hist[b];
    wsum += (long)b * hist[b];
  }
  printf("histogram h=%d w=%d bins=%d reps=%d\n", H, W, BINS, REPS);
  printf("checksum count %ld\n", s);
  printf("checksum weighted %ld\n", wsum);
  printf("checksum bin0 %ld bin128 %ld bin255 %ld\n", hist[0], hist[BINS / 2], hist[BINS - 1]);
  printf("checksum mean %.10e\n", mean);
}

static int check_histogram(int h, int w, int img[H][W], long hist[BINS], double mean)
{
  int i, j, b;
  long count = 0, wsum = 0, direct = 0, total = 0;

  for (b = 0; b < BINS; b++) {
    count += hist[b];
    wsum += (long)b * hist[b];
  }
  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++) {
      direct += img[i][j] * BINS / 4096;
      total += img[i][j];
    }
  return count == (long)h * w && wsum == direct && bs_close((double)total / ((double)h * w), mean, 1e-12, 0.0);
}

int main(void)
{
  int h = H, w = W;
  int r, rc;
  double mean = 0.0;
  int (*img)[W] = bs_alloc(sizeof(int[H][W]));
  long *hist = bs_alloc(sizeof(long[BINS]));

  init_array(h, w, img);
  bs_timer_start();
  for (r = 0; r < REPS; r++) {
    kernel_histogram(h, w, img, hist, &mean);
    if (r < REPS - 1)
      next_frame(h, w, r, img);
  }
  bs_timer_stop_print("histogram");
  print_checksum(hist, mean);
  rc = bs_report_check(check_histogram(h, w, img, hist, mean), "histogram: bins do not account for every pixel");
  bs_free(img);
  bs_free(hist);
  return rc;
}
