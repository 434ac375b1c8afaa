/* fannkuch-redux (Computer Language Benchmarks Game program): the book's own plain C version.
 *
 * For every permutation of 0 .. n-1, in the benchmark's fixed order, count the flips
 * (reverse the first k + 1 items, k being the first item) until 0 comes first.
 * Returns the largest count; *checksum gets the sum of the counts with alternating
 * signs. Same algorithm as lessons/m01_motivation/fannkuch_redux.py: fannkuch_redux_python.
 */
#define MAX_N 16

int fannkuch_redux(int n, long *checksum) {
    int perm[MAX_N], perm1[MAX_N], count[MAX_N];
    int max_flips = 0, r = n;
    long sum = 0, permutation = 0;
    *checksum = 0;
    if (n < 1 || n > MAX_N) return 0;
    for (int i = 0; i < n; i++) perm1[i] = i;
    for (;;) {
        for (; r != 1; r--) count[r - 1] = r;
        for (int i = 0; i < n; i++) perm[i] = perm1[i];
        int flips = 0, k;
        while ((k = perm[0]) != 0) {
            for (int i = 0, j = k; i < j; i++, j--) {
                int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
            }
            flips++;
        }
        if (flips > max_flips) max_flips = flips;
        sum += (permutation % 2 == 0) ? flips : -flips;
        /* the next permutation: rotate the first r + 1 items left, r counting up */
        for (;;) {
            if (r == n) {
                *checksum = sum;
                return max_flips;
            }
            int first = perm1[0];
            for (int i = 0; i < r; i++) perm1[i] = perm1[i + 1];
            perm1[r] = first;
            if (--count[r] > 0) break;
            r++;
        }
        permutation++;
    }
}
