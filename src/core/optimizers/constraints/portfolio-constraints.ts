/**
 * The constraints every portfolio model accepts, as plain data (a CLI flag set, an API body and a
 * stored run all carry this object unchanged). Weights are decimals of the portfolio's value, assets
 * are referred to by column index; names (tickers, groups) are resolved before this point (see
 * `parseLinearConstraint`). `compileConstraints` validates it and turns it into solver rows; an absent
 * limit, or ±Infinity, means no limit.
 */

/** A group of assets (a sector, a region, an asset class) with limits on the sum of its weights. */
export interface AssetGroup {
  readonly name: string;
  /** Column indices of the member assets. An asset may belong to several groups. */
  readonly members: readonly number[];
  /** Floor on the members' total weight (absent: none). Equal floor and cap pin the total. */
  readonly lower?: number;
  readonly upper?: number;
}

/** `lower ≤ Σᵢ coefficientsᵢ·wᵢ ≤ upper`; either side may be ±Infinity, equal sides make an equality. */
export interface LinearConstraint {
  /** One coefficient per asset. */
  readonly coefficients: ArrayLike<number>;
  readonly lower: number;
  readonly upper: number;
  /** What the person wrote (`"Tech <= 0.3"`), quoted in error messages. */
  readonly label?: string;
}

export interface PortfolioConstraints {
  /** `Σw = budget`. Default 1 (fully invested); 0 is a market-neutral portfolio. */
  readonly budget?: number;
  /**
   * Per-asset bounds: one `[lower, upper]` pair for all assets, or one value per asset. Default
   * `[0, 1]` (long only); `[-1, 1]` allows shorting. ±Infinity means unbounded.
   */
  readonly bounds?: readonly [number, number] | { readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number> };
  /** Gross leverage limit `Σ|wᵢ| ≤ grossLeverage` (a long-short 130/30 fund: 1.6). */
  readonly grossLeverage?: number;
  readonly groups?: readonly AssetGroup[];
  readonly linear?: readonly LinearConstraint[];
  /** L2 regularisation: `γ·Σwᵢ²` is added to the risk term (PyPortfolioOpt's `L2_reg`, no ½). */
  readonly l2Gamma?: number;
  /** The weights held now, for turnover and transaction costs. Default: nothing held (all 0). */
  readonly currentWeights?: ArrayLike<number>;
  /** Turnover limit `Σ|wᵢ − currentᵢ| ≤ maxTurnover`. */
  readonly maxTurnover?: number;
  /**
   * Proportional transaction cost rate k (0.001 = 10 bps): `k·Σ|wᵢ − currentᵢ|` is charged as a loss
   * of return (added to a risk-minimising objective, subtracted from a return-maximising one).
   */
  readonly transactionCost?: number;
  /** Tracking-error limit: `√((w − b)ᵀΣ(w − b)) ≤ max`, annual like Σ. */
  readonly trackingError?: { readonly benchmark: ArrayLike<number>; readonly max: number };
  /** At most this many assets with a non-zero weight (mixed-integer; solved exactly). */
  readonly maxHoldings?: number;
  /** A held asset's |weight| is at least this (mixed-integer; solved exactly). */
  readonly minPosition?: number;
}
