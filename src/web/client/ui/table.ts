/// <reference lib="dom" />
/** Plain data tables: a header row and string cells, numbers right-aligned by the `num` class. */
import { h, type Child } from "./dom.js";

export interface Column<Row> {
  readonly label: string;
  readonly cell: (row: Row) => Child;
  readonly numeric?: boolean;
}

export function dataTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], props: { readonly caption?: string; readonly testId?: string; readonly foot?: readonly Child[] } = {}): HTMLTableElement {
  return h(
    "table",
    { class: "data", "data-testid": props.testId },
    props.caption ? h("caption", {}, props.caption) : null,
    h("thead", {}, h("tr", {}, ...columns.map((c) => h("th", { scope: "col", class: c.numeric ? "num" : undefined }, c.label)))),
    h("tbody", {}, ...rows.map((row) => h("tr", {}, ...columns.map((c) => h("td", { class: c.numeric ? "num" : undefined }, c.cell(row)))))),
    props.foot ? h("tfoot", {}, h("tr", {}, ...props.foot.map((cell, i) => h(i === 0 ? "th" : "td", { class: i === 0 ? undefined : "num" }, cell)))) : null,
  );
}
