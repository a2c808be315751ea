/**
 * The rebalance planner's mixed-integer program. Per asset i, with lot price cᵢ = pᵢ·lotᵢ (pᵢ for a
 * fractional asset), buys bᵢ and sells sᵢ in lots (integers; reals for fractional assets), trade
 * indicators βᵢ, σᵢ ∈ {0, 1} (only when there is a fixed fee or a minimum trade), and a deviation dᵢ:
 *
 *   fees        F = φ·Σ(βᵢ + σᵢ) + ρ·Σ cᵢ(bᵢ + sᵢ)                      (φ fixed, ρ proportional)
 *   cash        C₀ − Σ cᵢbᵢ + Σ cᵢsᵢ − F ≥ 0
 *   value       vᵢ = hᵢpᵢ + cᵢ(bᵢ − sᵢ),   account after the trades W = W₀ − F
 *   deviation   dᵢ ≥ |vᵢ − tᵢ·W|,   dᵢ ≤ τ·W + e                         (τ the weight band)
 *   indicators  bᵢ ≤ Uᵢ·βᵢ,  cᵢbᵢ ≥ m·βᵢ  (and the same for sells; m the minimum trade value),
 *               βᵢ + σᵢ ≤ 1 (never both sides of one asset)
 *
 * The band |vᵢ/W − tᵢ| ≤ τ is exact in weights although W depends on the fees, because both sides
 * scale by W > 0. `e` (≥ 0, in money) widens every band by the same amount; it is pinned to 0 unless
 * the plan has to settle for the closest reachable weights.
 */
import { LinearProgramBuilder, type LinearProgram } from "../optimizers/lp/index.js";
import type { CheckedRebalance } from "./rebalance-inputs.js";

export type RebalanceObjective = "excess" | "fees" | "deviation";

export interface RebalanceModel {
  readonly program: LinearProgram;
  /** Cost per lot (or per share for fractional assets). */
  readonly unit: Float64Array;
  readonly buy: Int32Array;
  readonly sell: Int32Array;
  readonly fee: number;
  readonly excess: number;
}

export interface RebalanceCaps {
  /** Upper bound on the band widening e (0: the band must hold). */
  readonly excess: number;
  /** Upper bound on the total fee (Infinity: none). */
  readonly fees: number;
}

export function rebalanceModel(c: CheckedRebalance, objective: RebalanceObjective, caps: RebalanceCaps): RebalanceModel {
  const lp = new LinearProgramBuilder();
  const { n, prices, holdings, lotSizes, fractional, targets, accountValue: w0 } = c;
  const unit = new Float64Array(n);
  const buy = new Int32Array(n);
  const sell = new Int32Array(n);
  const indicators = c.fixedFee > 0 || c.minimumTradeValue > 0;
  const fee = lp.addVariable({ cost: objective === "fees" ? 1 : 0, lower: 0, upper: caps.fees });
  const excess = lp.addVariable({ cost: objective === "excess" ? 1 : 0, lower: 0, upper: caps.excess });
  const feeRow = { indices: [fee] as number[], values: [1] as number[] };
  const cashRow = { indices: [fee] as number[], values: [-1] as number[] };
  for (let i = 0; i < n; i++) {
    const isFractional = fractional[i] === 1;
    unit[i] = isFractional ? prices[i] : prices[i] * lotSizes[i];
    const maxBuy = isFractional ? w0 / unit[i] : Math.floor(w0 / unit[i]);
    const maxSell = c.buyOnly ? 0 : isFractional ? holdings[i] : Math.floor(holdings[i] / lotSizes[i] + 1e-9);
    buy[i] = lp.addVariable({ lower: 0, upper: maxBuy, integer: !isFractional });
    sell[i] = lp.addVariable({ lower: 0, upper: maxSell, integer: !isFractional });
    feeRow.indices.push(buy[i], sell[i]);
    feeRow.values.push(-c.proportionalFee * unit[i], -c.proportionalFee * unit[i]);
    cashRow.indices.push(buy[i], sell[i]);
    cashRow.values.push(-unit[i], unit[i]);
    if (indicators) {
      const flags: number[] = [];
      for (const [trade, upper] of [
        [buy[i], maxBuy],
        [sell[i], maxSell],
      ] as const) {
        const flag = lp.addVariable({ lower: 0, upper: upper > 0 ? 1 : 0, integer: true });
        flags.push(flag);
        feeRow.indices.push(flag);
        feeRow.values.push(-c.fixedFee);
        lp.addRow([trade, flag], [1, -Math.max(upper, 1)], -Infinity, 0); // no trade without its flag
        if (c.minimumTradeValue > 0) lp.addRow([trade, flag], [unit[i], -c.minimumTradeValue], 0, Infinity);
      }
      // One side per asset: a buy and a sale that net to a small trade would dodge the minimum trade.
      lp.addRow(flags, [1, 1], -Infinity, 1);
    }
    const deviation = lp.addVariable({ cost: objective === "deviation" ? 1 : 0, lower: 0, upper: Infinity });
    const gap = holdings[i] * prices[i] - targets[i] * w0; // vᵢ − tᵢ·W at no trade and no fee
    lp.addRow([deviation, buy[i], sell[i], fee], [1, -unit[i], unit[i], -targets[i]], gap, Infinity);
    lp.addRow([deviation, buy[i], sell[i], fee], [1, unit[i], -unit[i], targets[i]], -gap, Infinity);
    lp.addRow([deviation, fee, excess], [1, c.tolerance, -1], -Infinity, c.tolerance * w0);
  }
  lp.addRow(feeRow.indices, feeRow.values, 0, 0);
  lp.addRow(cashRow.indices, cashRow.values, -c.cash, Infinity);
  return { program: lp.build("minimize"), unit, buy, sell, fee, excess };
}
