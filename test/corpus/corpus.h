#define N 64
#define IDX(i, j, n) ((i) * (n) + (j))
typedef double real;
typedef struct { real x, y, z; } vec3;
