/**
 * The page's one stylesheet. Cells: viridis in eight classes (its lightness falls steadily, so greyscale keeps the
 * order, and it was made for colour-blind eyes); a failing cell is also outlined and its numbers are in its hover
 * text and the table, so no fact is carried by colour alone. Dark mode and print change the page, not the scale.
 */
export const VIRIDIS = ['#fde725', '#a0da39', '#4ac16d', '#1fa187', '#277f8e', '#365c8d', '#46327e', '#440154'];

/** Okabe and Ito's colours for a plot's series, told apart by colour-blind eyes (and by dash and marker in grey). */
const SERIES = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];

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
p.note { border-left: 3px solid var(--inconclusive); padding-left: .6em; }
ul.details { padding-left: 1.2em; } ul.details li { white-space: pre-wrap; }
li.nested { margin-left: 1.5em; list-style: circle; }
table { border-collapse: collapse; margin: .4em 0; font-size: .9em; }
th, td { border-bottom: 1px solid var(--line); padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
th.num, td.num { text-align: right; } td.num { white-space: nowrap; }
.scroll { overflow-x: auto; max-width: 100%; }
figure { margin: .6em 0 1.2em; } figcaption { color: var(--muted); font-size: .88em; max-width: 80ch; }
svg.map { display: block; max-width: 100%; height: auto; shape-rendering: crispEdges; margin: .3em 0; }
svg.map .frame { fill: var(--frame); }
/* A hairline of the page's colour between cells, so that neighbours of one colour still read as cells. */
svg.map:not(.tiny) .cell { stroke: var(--bg); stroke-width: 1px; vector-effect: non-scaling-stroke; }
svg.map .cell.fail { stroke: var(--outline); stroke-width: 2px; vector-effect: non-scaling-stroke; }
/* Small cells keep their colour visible inside the outline. */
svg.map.small .cell.fail { stroke-width: 1px; } svg.map.tiny .cell.fail { stroke-width: .4px; }
svg.map .kink-mark, svg.map .idle-mark { fill: none; vector-effect: non-scaling-stroke; stroke-linecap: round; }
svg.map .kink-mark { stroke: #fff; stroke-width: 1.4px; } svg.map .idle-mark { stroke: #fff; stroke-width: 4px; }
svg.map .halo { stroke: #000; stroke-width: 3px; } svg.map .idle-mark.halo { stroke-width: 6px; }
${VIRIDIS.map((c, k) => `.c${k} { fill: ${c}; } .key .c${k} { background: ${c}; }`).join('\n')}
.nan { fill: #8c8c8c; }
.key { display: flex; flex-wrap: wrap; gap: 4px 0; align-items: center; font-size: .82em; margin: .4em 0; }
.key .item { display: inline-flex; align-items: center; white-space: nowrap; }
.key span.swatch { display: inline-block; width: 3.2em; height: 1.1em; outline: 1px solid var(--line); }
.key .label { margin: 0 .9em 0 .3em; } .key .edge { border-left: 2px solid var(--fg); }
.key svg.sample { display: inline-block; margin: 0; outline: 1px solid var(--line); }
svg.map .frame, svg.map rect.frame { fill: var(--frame); }
svg.plot { display: block; max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg.plot .area { fill: var(--area); stroke: var(--line); }
svg.plot .tick { stroke: var(--line); stroke-width: .6; } svg.plot text { fill: var(--fg); }
svg.plot .label { fill: var(--muted); font-size: 12px; }
svg.plot .line { fill: none; stroke-width: 1.6; }
svg.plot .guide { stroke: var(--muted); stroke-width: 1.2; opacity: .8; }
svg.plot .guide.dashed { stroke-dasharray: 6 4; } svg.plot .guide.dotted { stroke-dasharray: 1.5 3; stroke-width: 1.8; }
svg.plot .rule { stroke: var(--fg); stroke-width: 1; stroke-dasharray: 2 2; }
svg.plot .hollow { fill: var(--area); stroke-width: 1.4; }
${SERIES.map((c, k) => `svg.plot .guide.s${k}, svg.plot .rule.s${k} { stroke: ${c}; }`).join('\n')}
.key.series { gap: 4px 14px; }
.key.series svg.sample { display: inline-block; vertical-align: middle; outline: none; margin-right: 4px; }
svg.plot .dot { fill: #0072b2; fill-opacity: .7; } svg.plot .dot.fail { fill: #d55e00; fill-opacity: 1; }
${SERIES.map((c, k) => `.s${k} { stroke: ${c}; fill: ${c}; }`).join('\n')}
section.settings pre { font-size: .8em; color: var(--muted); }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --line: #bbb; --frame: #eee; --area: #fff; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  main { max-width: none; padding: 0; } figure, .verdict { break-inside: avoid; } tr { break-inside: avoid; }
  /* Wide tables fit the sheet: nothing scrolls on paper. */
  .scroll { overflow: visible; } table { font-size: 7pt; } td.num { white-space: normal; word-break: break-all; }
}
`;
