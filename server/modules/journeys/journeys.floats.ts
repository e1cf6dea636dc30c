/** A growable list of numbers in a Float64Array (8 bytes each, no boxed numbers), for the map's medians. */
export class Floats {
  private a = new Float64Array(16);
  length = 0;

  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }

  /** The median (the mean of the two middle values when even), as analytics' median(); null when empty. */
  median(): number | null {
    if (!this.length) return null;
    const s = this.a.subarray(0, this.length).sort();
    const m = this.length >> 1;
    return this.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
}
