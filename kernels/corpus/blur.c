/* blur (image): PASSES of a 5x5 Gaussian blur over a float image, two
 * buffers swapped between passes, weights in a file-scope table, a
 * per-pixel accumulator; the border is left as it was.
 * Check: a replay with the separable form (1 4 6 4 1)/16 in each direction. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef H
#define H 3000
#endif
#ifndef W
#define W 3200
#endif
#ifndef PASSES
#define PASSES 16
#endif

static const float gauss5[5][5] = {
  {1 / 256.0f, 4 / 256.0f, 6 / 256.0f, 4 / 256.0f, 1 / 256.0f},
  {4 / 256.0f, 16 / 256.0f, 24 / 256.0f, 16 / 256.0f, 4 / 256.0f},
  {6 / 256.0f, 24 / 256.0f, 36 / 256.0f, 24 / 256.0f, 6 / 256.0f},
  {4 / 256.0f, 16 / 256.0f, 24 / 256.0f, 16 / 256.0f, 4 / 256.0f},
  {1 / 256.0f, 4 / 256.0f, 6 / 256.0f, 4 / 256.0f, 1 / 256.0f},
};

static void init_array(int h, int w, float img[H][W], float out[H][W])
{
  int i, j;

  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++)
      out[i][j] = img[i][j] = (float)(((i / 8 + j / 8) % 2) * 200 + (i * 3 + j * 5) % 50);
}

void kernel_blur(int h, int w, float in[H][W], float out[H][W])
{
  int i, j, di, dj;
  float acc;

  for (i = 2; i < h - 2; i++)
    for (j = 2; j < w - 2; j++) {
      acc = 0.0f;
      for (di = -2; di <= 2; di++)
        for (dj = -2; dj <= 2; dj++)
          acc += gauss5[di + 2][dj + 2] * in[i + di][j + dj];
      out[i][j] = acc;
    }
}

static void print_checksum(int h, int w, float img[H][W])
{
  int i, j;
  double s = 0.0, c = 0.0;

  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++) {
      s += img[i][j];
      c += img[i][j] * (double)((i + j) % 3);
    }
  printf("blur h=%d w=%d passes=%d\n", h, w, PASSES);
  printf("checksum img %.8e\n", s);
  printf("checksum mixed %.8e\n", c);
}

static int check_blur(int h, int w, float img[H][W])
{
  int i, j, p, d;
  int ok = 1;
  static const float k1[5] = {1 / 16.0f, 4 / 16.0f, 6 / 16.0f, 4 / 16.0f, 1 / 16.0f};
  float (*a)[W] = bs_alloc(sizeof(float[H][W]));
  float (*b)[W] = bs_alloc(sizeof(float[H][W]));
  float (*t)[W] = bs_alloc(sizeof(float[H][W]));
  float (*s)[W];
  float acc;

  init_array(h, w, a, b);
  for (p = 0; p < PASSES; p++) {
    for (i = 0; i < h; i++)
      for (j = 2; j < w - 2; j++) {
        acc = 0.0f;
        for (d = -2; d <= 2; d++)
          acc += k1[d + 2] * a[i][j + d];
        t[i][j] = acc;
      }
    for (i = 2; i < h - 2; i++)
      for (j = 2; j < w - 2; j++) {
        acc = 0.0f;
        for (d = -2; d <= 2; d++)
          acc += k1[d + 2] * t[i + d][j];
        b[i][j] = acc;
      }
    s = a;
    a = b;
    b = s;
  }
  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++)
      if (!bs_close(a[i][j], img[i][j], 1e-4, 1e-3))
        ok = 0;
  bs_free(a);
  bs_free(b);
  bs_free(t);
  return ok;
}

int main(void)
{
  int h = H, w = W;
  int p, rc;
  float (*a)[W] = bs_alloc(sizeof(float[H][W]));
  float (*b)[W] = bs_alloc(sizeof(float[H][W]));
  float (*s)[W];

  init_array(h, w, a, b);
  bs_timer_start();
  for (p = 0; p < PASSES; p++) {
    kernel_blur(h, w, a, b);
    s = a;
    a = b;
    b = s;
  }
  bs_timer_stop_print("blur");
  print_checksum(h, w, a);
  rc = bs_report_check(check_blur(h, w, a), "blur: differs from the separable replay");
  bs_free(a);
  bs_free(b);
  return rc;
}
