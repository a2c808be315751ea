/**
 * Builds a `LinearProgram` one variable and one row at a time, into growing typed arrays (a scenario
 * model has hundreds of thousands of coefficients, so no per-entry objects).
 */
import { InvalidInputError } from "../../errors.js";
import type { LinearProgram } from "./linear-program.js";

class GrowingFloats {
  data = new Float64Array(64);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  view(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

class GrowingInts {
  data = new Int32Array(64);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  view(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * @example
 * const lp = new LinearProgramBuilder();
 * const x = lp.addVariable({ cost: -1, lower: 0, upper: 4 });
 * const y = lp.addVariable({ cost: -1, lower: 0, upper: Infinity, integer: true });
 * lp.addRow([x, y], [1, 2], -Infinity, 6);
 * const program = lp.build(); // minimise −x − y s.t. x + 2y ≤ 6, 0 ≤ x ≤ 4, y ∈ ℕ
 */
export class LinearProgramBuilder {
  private readonly cost = new GrowingFloats();
  private readonly lower = new GrowingFloats();
  private readonly upper = new GrowingFloats();
  private readonly integers: number[] = [];
  private readonly starts = new GrowingInts();
  private readonly indices = new GrowingInts();
  private readonly values = new GrowingFloats();
  private readonly rowLower = new GrowingFloats();
  private readonly rowUpper = new GrowingFloats();

  constructor() {
    this.starts.push(0);
  }

  get nVariables(): number {
    return this.cost.length;
  }

  get nRows(): number {
    return this.rowLower.length;
  }

  /** Adds one variable; returns its index. */
  addVariable(v: { cost?: number; lower: number; upper: number; integer?: boolean }): number {
    const j = this.cost.length;
    this.cost.push(v.cost ?? 0);
    this.lower.push(v.lower);
    this.upper.push(v.upper);
    if (v.integer === true) this.integers.push(j);
    return j;
  }

  /** Adds `count` variables with the same cost and bounds; returns the first index. */
  addVariables(count: number, v: { cost?: number; lower: number; upper: number }): number {
    const first = this.cost.length;
    for (let k = 0; k < count; k++) this.addVariable(v);
    return first;
  }

  /** Changes the cost of variable `j`. */
  setCost(j: number, cost: number): void {
    if (!(j >= 0 && j < this.cost.length)) throw new InvalidInputError(`no variable ${j}`, { variable: j });
    this.cost.data[j] = cost;
  }

  /** Changes the bounds of variable `j`. */
  setBounds(j: number, lower: number, upper: number): void {
    if (!(j >= 0 && j < this.cost.length)) throw new InvalidInputError(`no variable ${j}`, { variable: j });
    this.lower.data[j] = lower;
    this.upper.data[j] = upper;
  }

  /** Bounds of variable `j`. */
  boundsOf(j: number): { lower: number; upper: number } {
    return { lower: this.lower.data[j], upper: this.upper.data[j] };
  }

  /** Adds `lower ≤ Σ values[k]·x[indices[k]] ≤ upper` (zeros are skipped); returns the row index. */
  addRow(indices: ArrayLike<number>, values: ArrayLike<number>, lower: number, upper: number): number {
    if (indices.length !== values.length) throw new InvalidInputError(`a row has ${indices.length} indices and ${values.length} values`, {});
    for (let k = 0; k < indices.length; k++) {
      if (values[k] === 0) continue;
      this.indices.push(indices[k]);
      this.values.push(values[k]);
    }
    this.starts.push(this.indices.length);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    return this.rowLower.length - 1;
  }

  build(sense: "minimize" | "maximize" = "minimize", offset = 0): LinearProgram {
    return {
      sense,
      offset,
      objective: this.cost.view(),
      lower: this.lower.view(),
      upper: this.upper.view(),
      rows: { starts: this.starts.view(), indices: this.indices.view(), values: this.values.view() },
      rowLower: this.rowLower.view(),
      rowUpper: this.rowUpper.view(),
      ...(this.integers.length > 0 ? { integers: Int32Array.from(this.integers) } : {}),
    };
  }
}
