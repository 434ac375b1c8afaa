/* mandelbrot (Computer Language Benchmarks Game program): the book's own plain C version.
 *
 * An n x n bitmap of the Mandelbrot set over [-1.5, 0.5] x [-1, 1]: a pixel is 1 when
 * z -> z^2 + c stays within |z| <= 2 for 50 iterations. Rows are packed 8 pixels a byte,
 * first pixel in the highest bit, as in the PBM format. Same arithmetic, in the same
 * order, as lessons/m01_motivation/mandelbrot.py: mandelbrot_python.
 */

static int inside(double cr, double ci) {
    double zr = 0.0, zi = 0.0, tr = 0.0, ti = 0.0;
    for (int i = 0; i < 50; i++) {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
        if (tr + ti > 4.0) return 0;
    }
    return 1;
}

/* rows first_row .. last_row - 1 into out, (n + 7) / 8 bytes a row */
void mandelbrot_rows(int n, int first_row, int last_row, unsigned char *out) {
    int row_bytes = (n + 7) / 8;
    for (int y = first_row; y < last_row; y++) {
        double ci = 2.0 * y / n - 1.0;
        unsigned char *row = out + (long)(y - first_row) * row_bytes;
        for (int b = 0; b < row_bytes; b++) row[b] = 0;
        for (int x = 0; x < n; x++) {
            double cr = 2.0 * x / n - 1.5;
            if (inside(cr, ci)) row[x / 8] |= (unsigned char)(0x80 >> (x % 8));
        }
    }
}

void mandelbrot(int n, unsigned char *out) { mandelbrot_rows(n, 0, n, out); }
