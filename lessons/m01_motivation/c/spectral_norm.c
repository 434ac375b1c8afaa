/* spectral-norm (Computer Language Benchmarks Game program): the book's own plain C version.
 *
 * The largest singular value of the infinite matrix A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1),
 * cut to n x n, by ten rounds of the power method on A^T A. Same arithmetic, in the same
 * order, as lessons/m01_motivation/spectral_norm.py: spectral_norm_python.
 */
#include <math.h>
#include <stdlib.h>

static double a(long i, long j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }

static void a_times_u(int n, const double *u, double *out) {
    for (int i = 0; i < n; i++) {
        double total = 0.0;
        for (int j = 0; j < n; j++) total += a(i, j) * u[j];
        out[i] = total;
    }
}

static void at_times_u(int n, const double *u, double *out) {
    for (int i = 0; i < n; i++) {
        double total = 0.0;
        for (int j = 0; j < n; j++) total += a(j, i) * u[j];
        out[i] = total;
    }
}

static void ata_times_u(int n, const double *u, double *out, double *tmp) {
    a_times_u(n, u, tmp);
    at_times_u(n, tmp, out);
}

double spectral_norm(int n) {
    if (n <= 0) return 0.0;
    double *u = malloc(n * sizeof(double)), *v = malloc(n * sizeof(double));
    double *tmp = malloc(n * sizeof(double));
    for (int i = 0; i < n; i++) u[i] = 1.0;
    for (int round = 0; round < 10; round++) {
        ata_times_u(n, u, v, tmp);
        ata_times_u(n, v, u, tmp);
    }
    double vbv = 0.0, vv = 0.0;
    for (int i = 0; i < n; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    free(u); free(v); free(tmp);
    return sqrt(vbv / vv);
}
