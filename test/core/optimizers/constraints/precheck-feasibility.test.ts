/**
 * Every validation and pre-check error of `compileConstraints`, with its code and its exact message
 * (the message is the product here: it must say why in finance terms and how much to relax).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConstraints, type PortfolioConstraints } from "../../../../src/core/optimizers/constraints/index.js";
import { expectCoreError } from "./expect-core-error.js";

const INFEASIBLE = "INFEASIBLE_CONSTRAINTS";

interface Case {
  readonly name: string;
  readonly constraints: PortfolioConstraints;
  readonly nAssets?: number;
  readonly code: string;
  readonly message: string;
}

const cases: Case[] = [
  // Malformed values.
  { name: "no assets", constraints: {}, nAssets: 0, code: "INVALID_INPUT", message: "a portfolio needs at least one asset, got nAssets = 0" },
  { name: "NaN budget", constraints: { budget: NaN }, code: "NON_FINITE_VALUE", message: "budget is NaN: it must be a finite number" },
  { name: "infinite budget", constraints: { budget: Infinity }, code: "NON_FINITE_VALUE", message: "budget is Infinity: it must be a finite number" },
  { name: "NaN in a bound pair", constraints: { bounds: [NaN, 1] }, code: "NON_FINITE_VALUE", message: "bounds lower is NaN: a lower limit must be a number or -Infinity" },
  { name: "+Infinity as a lower bound", constraints: { bounds: [Infinity, Infinity] }, code: "NON_FINITE_VALUE", message: "bounds lower is Infinity: a lower limit must be a number or -Infinity" },
  {
    name: "NaN in per-asset bounds",
    constraints: { bounds: { lower: [0, NaN, 0, 0], upper: [1, 1, 1, 1] } },
    code: "NON_FINITE_VALUE",
    message: "bounds.lower[1] is NaN: it must be a number",
  },
  {
    name: "per-asset bounds of the wrong length",
    constraints: { bounds: { lower: [0, 0], upper: [1, 1, 1, 1] } },
    code: "SHAPE_MISMATCH",
    message: "bounds.lower has 2 values for 4 assets",
  },
  { name: "current weights of the wrong length", constraints: { currentWeights: [0.5, 0.5, 0] }, code: "SHAPE_MISMATCH", message: "currentWeights has 3 values for 4 assets" },
  { name: "NaN current weight", constraints: { currentWeights: [0.5, 0.5, NaN, 0] }, code: "NON_FINITE_VALUE", message: "currentWeights[2] is NaN: it must be a finite number" },
  {
    name: "coefficients of the wrong length",
    constraints: { linear: [{ coefficients: [1, 1], lower: 0, upper: 0.5, label: "A + B <= 0.5" }] },
    code: "SHAPE_MISMATCH",
    message: 'coefficients of "A + B <= 0.5" has 2 values for 4 assets',
  },
  {
    name: "infinite coefficient",
    constraints: { linear: [{ coefficients: [1, Infinity, 0, 0], lower: 0, upper: 0.5 }] },
    code: "NON_FINITE_VALUE",
    message: 'coefficients of "linear constraint 0"[1] is Infinity: it must be a finite number',
  },
  { name: "member out of range", constraints: { groups: [{ name: "Tech", members: [0, 7], upper: 0.3 }] }, code: "INVALID_INPUT", message: "group Tech lists asset 7, but the assets are columns 0 to 3" },
  { name: "repeated member", constraints: { groups: [{ name: "Tech", members: [1, 1], upper: 0.3 }] }, code: "INVALID_INPUT", message: "group Tech lists asset 1 twice" },
  { name: "group defined twice", constraints: { groups: [{ name: "Tech", members: [0] }, { name: "Tech", members: [1] }] }, code: "INVALID_INPUT", message: "group Tech is defined twice" },
  { name: "NaN group floor", constraints: { groups: [{ name: "Tech", members: [0], lower: NaN }] }, code: "NON_FINITE_VALUE", message: "group Tech lower is NaN: a lower limit must be a number or -Infinity" },
  { name: "negative gross leverage", constraints: { budget: 0, grossLeverage: -1 }, code: "INVALID_INPUT", message: "grossLeverage is -1: a gross leverage limit cannot be negative" },
  { name: "negative turnover", constraints: { maxTurnover: -0.1 }, code: "INVALID_INPUT", message: "maxTurnover is -0.1: a turnover limit cannot be negative" },
  { name: "NaN turnover", constraints: { maxTurnover: NaN }, code: "NON_FINITE_VALUE", message: "maxTurnover is NaN: it must be a number" },
  { name: "negative cost", constraints: { transactionCost: -0.001 }, code: "INVALID_INPUT", message: "transactionCost is -0.001: a transaction cost rate cannot be negative" },
  { name: "infinite cost", constraints: { transactionCost: Infinity }, code: "NON_FINITE_VALUE", message: "transactionCost is Infinity: it must be a finite number" },
  { name: "negative gamma", constraints: { l2Gamma: -1 }, code: "INVALID_INPUT", message: "l2Gamma is -1: an L2 regularisation weight cannot be negative" },
  {
    name: "tracking-error benchmark of the wrong length",
    constraints: { trackingError: { benchmark: [0.5, 0.5], max: 0.05 } },
    code: "SHAPE_MISMATCH",
    message: "trackingError.benchmark has 2 values for 4 assets",
  },
  {
    name: "negative tracking-error limit",
    constraints: { trackingError: { benchmark: [0.25, 0.25, 0.25, 0.25], max: -0.01 } },
    code: "INVALID_INPUT",
    message: "trackingError.max is -0.01: a tracking-error limit cannot be negative",
  },
  { name: "fractional maxHoldings", constraints: { maxHoldings: 2.5 }, code: "INVALID_INPUT", message: "maxHoldings is 2.5: it must be a whole number of assets, at least 1" },
  { name: "zero maxHoldings", constraints: { maxHoldings: 0 }, code: "INVALID_INPUT", message: "maxHoldings is 0: it must be a whole number of assets, at least 1" },
  { name: "negative minPosition", constraints: { minPosition: -0.01 }, code: "INVALID_INPUT", message: "minPosition is -0.01: a minimum position cannot be negative" },

  // Contradictions visible from sums of bounds.
  {
    name: "an asset's bounds cross",
    constraints: { bounds: { lower: [0, 0, 0, 0.4], upper: [1, 1, 1, 0.2] } },
    code: INFEASIBLE,
    message: "bounds for asset 3: lower 0.4 > upper 0.2",
  },
  { name: "upper bounds below the budget", constraints: { bounds: [0, 0.2] }, code: INFEASIBLE, message: "the upper bounds sum to 0.8 < the budget 1: raise them by 0.2 in total" },
  { name: "lower bounds above the budget", constraints: { bounds: [0.3, 1] }, code: INFEASIBLE, message: "the lower bounds sum to 1.2 > the budget 1: lower them by 0.2 in total" },
  {
    name: "a group's floor above its cap",
    constraints: { groups: [{ name: "Tech", members: [0, 1], lower: 0.3, upper: 0.2 }] },
    code: INFEASIBLE,
    message: "group limits Tech <= 0.2 and Tech >= 0.3 contradict",
  },
  {
    name: "a group's floor above its members' caps",
    constraints: { bounds: [0, 0.25], groups: [{ name: "Tech", members: [0, 1], lower: 0.6 }] },
    code: INFEASIBLE,
    message: "group Tech >= 0.6 cannot be met: its members' upper bounds sum to 0.5; lower the floor by 0.1 or raise those bounds",
  },
  {
    name: "a group's cap below its members' floors",
    constraints: { bounds: [0.1, 1], groups: [{ name: "Tech", members: [0, 1, 2], upper: 0.2 }] },
    code: INFEASIBLE,
    message: "group Tech <= 0.2 cannot be met: its members' lower bounds sum to 0.3; raise the cap by 0.1 or lower those bounds",
  },
  {
    name: "floors of disjoint groups above the budget",
    constraints: {
      groups: [
        { name: "Tech", members: [0, 1], lower: 0.6 },
        { name: "Energy", members: [2, 3], lower: 0.5 },
      ],
    },
    nAssets: 5,
    code: INFEASIBLE,
    message: "group floors Tech >= 0.6, Energy >= 0.5 with the other assets' lower bounds need 1.1 > the budget 1: lower them by 0.1 in total",
  },
  {
    name: "caps of a sector partition below the budget",
    constraints: {
      groups: [
        { name: "Tech", members: [0, 1], upper: 0.3 },
        { name: "Energy", members: [2, 3], upper: 0.3 },
      ],
    },
    code: INFEASIBLE,
    message: "group caps Tech <= 0.3, Energy <= 0.3 allow only 0.6 < the budget 1: raise them by 0.4 in total",
  },
  {
    name: "a linear constraint's sides cross",
    constraints: { linear: [{ coefficients: [1, 0, 0, 0], lower: 0.3, upper: 0.2, label: "X" }] },
    code: INFEASIBLE,
    message: '"X": lower side 0.3 > upper side 0.2',
  },
  {
    name: "a linear constraint out of the bounds' reach",
    constraints: { bounds: [0, 0.4], linear: [{ coefficients: [1, 0, 0, 0], lower: 0.5, upper: Infinity, label: "AAPL >= 0.5" }] },
    code: INFEASIBLE,
    message: '"AAPL >= 0.5" cannot hold: within the asset bounds it reaches at most 0.4 < 0.5',
  },
  {
    name: "a linear constraint below the bounds' least value",
    constraints: { bounds: [0.1, 1], linear: [{ coefficients: [1, 1, 0, 0], lower: -Infinity, upper: 0.1, label: "A + B <= 0.1" }] },
    code: INFEASIBLE,
    message: '"A + B <= 0.1" cannot hold: within the asset bounds it is at least 0.2 > 0.1',
  },
  {
    name: "gross leverage below the budget",
    constraints: { bounds: [-1, 1], grossLeverage: 0.8 },
    code: INFEASIBLE,
    message: "the gross leverage limit 0.8 is below the budget's size 1 (gross exposure is at least the net): raise it to at least 1",
  },
  {
    name: "bounds that force more gross exposure than allowed",
    constraints: { bounds: { lower: [0.6, -1, -1], upper: [1, -0.5, 1] }, grossLeverage: 1 },
    nAssets: 3,
    code: INFEASIBLE,
    message: "the bounds force a gross exposure of at least 1.1 > the gross leverage limit 1: raise the limit by 0.1",
  },
  {
    name: "bounds that force more trading than the turnover limit",
    constraints: { bounds: [0, 0.4], currentWeights: [1, 0, 0, 0], maxTurnover: 0.5 },
    code: INFEASIBLE,
    message: "the bounds force trades of at least 0.6 away from the current weights > the turnover limit 0.5: raise the limit by 0.1",
  },
  {
    name: "a turnover limit below the change of net exposure",
    constraints: { currentWeights: [0.4, 0.4, 0, 0], maxTurnover: 0.1 },
    code: INFEASIBLE,
    message: "moving the current weights, which sum to 0.8, to the budget 1 trades at least 0.2 > the turnover limit 0.1: raise the limit by 0.1",
  },
  {
    name: "more assets forced in than maxHoldings",
    constraints: { bounds: [0.1, 1], maxHoldings: 3 },
    code: INFEASIBLE,
    message: "maxHoldings 3 is too few: the bounds force 4 assets to be held (0, 1, 2, 3)",
  },
  {
    name: "maxHoldings too few to reach the budget",
    constraints: { bounds: [0, 0.3], maxHoldings: 3 },
    nAssets: 5,
    code: INFEASIBLE,
    message: "with at most 3 holdings the upper bounds allow only 0.9 < the budget 1: allow more holdings or raise the bounds",
  },
  {
    name: "a held asset that cannot reach the minimum position",
    constraints: { bounds: { lower: [0.01, 0, 0, 0], upper: [0.02, 1, 1, 1] }, minPosition: 0.05 },
    code: INFEASIBLE,
    message: "asset 0 must be held (bounds [0.01, 0.02]) but cannot reach the minimum position 0.05",
  },
];

for (const c of cases) {
  test(`error: ${c.name}`, () => {
    expectCoreError(() => compileConstraints(c.constraints, c.nAssets ?? 4), c.code, c.message);
  });
}

test("infeasibility errors carry structured details", () => {
  const error = expectCoreError(() => compileConstraints({ bounds: [0, 0.2] }, 4), INFEASIBLE);
  assert.equal(error.details.constraint, "budget");
  assert.ok(Math.abs((error.details.relaxation as number) - 0.2) < 1e-12);
});

test("rounding in sums of bounds is not a contradiction", () => {
  // Ten caps of 0.1 sum to 0.9999999999999999 in floating point: exactly the budget in intent.
  assert.doesNotThrow(() => compileConstraints({ bounds: [0, 0.1] }, 10));
  assert.doesNotThrow(() => compileConstraints({ bounds: [0.1, 1] }, 10));
});

test("overlapping groups are not added up: the pre-check does not reject a feasible set", () => {
  // Tech ≥ 0.6 and Growth ≥ 0.5 share asset 1; w = (0.1, 0.6, 0.3) meets both.
  assert.doesNotThrow(() =>
    compileConstraints(
      {
        groups: [
          { name: "Tech", members: [0, 1], lower: 0.6 },
          { name: "Growth", members: [1, 2], lower: 0.5 },
        ],
      },
      3,
    ),
  );
});

test("limits that merely touch what the bounds allow are accepted", () => {
  assert.doesNotThrow(() => compileConstraints({ bounds: [-1, 1], grossLeverage: 1 }, 3));
  assert.doesNotThrow(() => compileConstraints({ currentWeights: [0.4, 0.4, 0.2], maxTurnover: 0 }, 3));
  assert.doesNotThrow(() => compileConstraints({ bounds: [0, 0.5], maxHoldings: 2 }, 4));
  assert.doesNotThrow(() => compileConstraints({ maxHoldings: 10, minPosition: 0.01, trackingError: { benchmark: [0.5, 0.5], max: 0.02 } }, 2));
});
