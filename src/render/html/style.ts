/**
 * The page's one stylesheet. Cells: viridis in eight classes (its lightness falls steadily, so greyscale keeps the
 * order, and it was made for colour-blind eyes); a failing cell is also outlined and its numbers are in its hover
 * text and the table, so no fact is carried by colour alone. Dark mode and print change the page, not the scale.
 */
export const VIRIDIS = ['#fde725', '#a0da39', '#4ac16d', '#1fa187', '#277f8e', '#365c8d', '#46327e', '#440154'];

export const STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1b1b; --muted: #5c5c5c; --line: #d0d0d0; --frame: #ececec;
  --pass: #1a7f37; --fail: #c8102e; --inconclusive: #8a6100; --outline: #ff2e88; --area: #fafafa; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --fg: #e6e6e6; --muted: #a8a8a8; --line: #3c3c3c; --frame: #2a2a2a;
    --pass: #56d364; --fail: #ff7b72; --inconclusive: #e3b341; --area: #181818; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 20px 48px; }
h1 { font-size: 1.4em; margin: .2em 0; } h2 { font-size: 1.15em; margin: 1.4em 0 .4em; }
h3 { font-size: 1em; margin: 1em 0 .3em; font-family: ui-monospace, Menlo, Consolas, monospace; }
p, li { max-width: 80ch; } .muted { color: var(--muted); }
pre, code, td.num, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .92em; }
pre { white-space: pre-wrap; }
.verdict { border-left: 6px solid var(--muted); padding: .2em 0 .2em 1em; }
.verdict h2 { margin-top: .3em; font-family: ui-monospace, Menlo, Consolas, monospace; }
.verdict.pass { border-color: var(--pass); } .verdict.pass h2 { color: var(--pass); }
.verdict.fail { border-color: var(--fail); } .verdict.fail h2 { color: var(--fail); }
.verdict.inconclusive { border-color: var(--inconclusive); } .verdict.inconclusive h2 { color: var(--inconclusive); }
ul.details { padding-left: 1.2em; } ul.details li { white-space: pre-wrap; }
li.nested { margin-left: 1.5em; list-style: circle; }
table { border-collapse: collapse; margin: .4em 0; font-size: .9em; }
th, td { border-bottom: 1px solid var(--line); padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
th.num, td.num { text-align: right; }
.scroll { overflow-x: auto; max-width: 100%; }
figure { margin: .6em 0 1.2em; } figcaption { color: var(--muted); font-size: .88em; max-width: 80ch; }
svg.map { display: block; max-width: 100%; height: auto; shape-rendering: crispEdges; margin: .3em 0; }
svg.map .frame { fill: var(--frame); }
svg.map .cell.fail { stroke: var(--outline); stroke-width: 2px; vector-effect: non-scaling-stroke; }
/* Small cells keep their colour visible inside the outline. */
svg.map.small .cell.fail { stroke-width: 1px; } svg.map.tiny .cell.fail { stroke-width: .6px; }
svg.map .kink-mark, svg.map .idle-mark { fill: none; vector-effect: non-scaling-stroke; stroke-linecap: round; }
svg.map .kink-mark { stroke: #fff; stroke-width: 1.4px; } svg.map .idle-mark { stroke: #fff; stroke-width: 2.5px; }
svg.map .halo { stroke: #000; stroke-width: 3px; } svg.map .idle-mark.halo { stroke-width: 4.5px; }
${VIRIDIS.map((c, k) => `.c${k} { fill: ${c}; } .key .c${k} { background: ${c}; }`).join('\n')}
.nan { fill: #9a9a9a; } .key .nan { background: #9a9a9a; }
.key { display: flex; flex-wrap: wrap; gap: 2px 0; align-items: center; font-size: .82em; margin: .4em 0; }
.key span.swatch { display: inline-block; width: 3.6em; height: 1.1em; }
.key .label { margin: 0 .8em 0 .3em; } .key .edge { border-left: 2px solid var(--fg); }
.key .outlined { outline: 2px solid var(--outline); outline-offset: -2px; }
svg.plot { display: block; max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg.plot .area { fill: var(--area); stroke: var(--line); }
svg.plot .tick { stroke: var(--line); stroke-width: .6; } svg.plot text { fill: var(--fg); }
svg.plot .label { fill: var(--muted); font-size: 12px; }
svg.plot .line { fill: none; stroke-width: 1.6; }
svg.plot .guide { stroke: var(--muted); stroke-width: 1.2; stroke-dasharray: 5 4; }
svg.plot .guide.g1 { stroke-dasharray: 1 3; stroke-width: 1.6; } svg.plot .guide.g2 { stroke-dasharray: 9 3 2 3; }
svg.plot .rule { stroke: var(--fg); stroke-width: 1; stroke-dasharray: 2 2; }
svg.plot .dot { fill: #0072b2; fill-opacity: .7; } svg.plot .dot.fail { fill: #d55e00; fill-opacity: 1; }
.s0 { stroke: #0072b2; fill: #0072b2; } .s1 { stroke: #d55e00; fill: #d55e00; } .s2 { stroke: #009e73; fill: #009e73; }
.s3 { stroke: #cc79a7; fill: #cc79a7; } .s4 { stroke: #e69f00; fill: #e69f00; } .s5 { stroke: #56b4e9; fill: #56b4e9; }
details { margin: 1em 0; } summary { cursor: pointer; color: var(--muted); }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --line: #bbb; --frame: #eee; --area: #fff; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  main { max-width: none; padding: 0; } figure, table, .verdict { break-inside: avoid; }
  details { display: block; } details > summary { display: none; }
}
`;
