/**
 * The time-weighted return index of a run with cash flows: the step k → k+1 earns
 * `V_{k+1} / (V_k + F_k) − 1` (see `BacktestResult`'s marking convention), so a contribution is not
 * counted as a gain nor a withdrawal as a loss. Performance metrics of a run with flows describe this
 * index, not the account value. A step that starts from nothing invested earns 0.
 */
export function timeWeightedReturnIndex(values: ArrayLike<number>, flows: ArrayLike<number>): Float64Array {
  const index = new Float64Array(values.length);
  if (values.length === 0) return index;
  index[0] = values[0];
  for (let k = 1; k < values.length; k++) {
    const invested = values[k - 1] + flows[k - 1];
    index[k] = index[k - 1] * (invested > 0 ? values[k] / invested : 1);
  }
  return index;
}
