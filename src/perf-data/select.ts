/** Quickselect over a Float64Array, shared by the percentiles and the sorter's half flush. */

/** Rearranges a[left..right] so that a[k] is the value a sorted array would have there (Hoare quickselect). */
export function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    // Median of three as the pivot.
    let x = a[left];
    let y = a[mid];
    let z = a[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        x = a[i];
        a[i] = a[j];
        a[j] = x;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
    void y;
    void z;
  }
}
