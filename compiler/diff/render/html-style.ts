// The HTML diff report's stylesheet, inlined so the file needs no network. Colours are variables
// with a dark set for prefers-color-scheme; the meanings stay fixed across sections (green: added
// or more, red: removed or fewer, amber: changed, violet: renamed or moved). Fonts are the
// system's own: a report must not fetch a web font.

export const PAGE_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #656d76; --faint: #8c959f;
  --border: #d0d7de; --rule: #eaeef2; --subtle: #f6f8fa; --guide: #d8dee4;
  --up: #1a7f37; --up-bg: #dafbe1; --down: #cf222e; --down-bg: #ffebe9;
  --chg: #9a6700; --chg-bg: #fff8c5; --ren: #8250df; --ren-bg: #fbefff;
  --accent: #0969da; --hit: #fff3b0; --hatch: rgba(140, 149, 159, 0.18);
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif;
  --bar-h: 52px;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --faint: #6e7681;
    --border: #30363d; --rule: #21262d; --subtle: #161b22; --guide: #30363d;
    --up: #3fb950; --up-bg: rgba(46, 160, 67, 0.18); --down: #f85149; --down-bg: rgba(248, 81, 73, 0.18);
    --chg: #d29922; --chg-bg: rgba(187, 128, 9, 0.18); --ren: #bc8cff; --ren-bg: rgba(163, 113, 247, 0.18);
    --accent: #4493f8; --hit: rgba(187, 128, 9, 0.32); --hatch: rgba(110, 118, 129, 0.22);
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0; font: 14px/1.5 var(--sans); -webkit-font-smoothing: antialiased; }
.page { max-width: 1680px; margin: 0 auto; padding: 0 28px 48px; }
code, .mono { font-family: var(--mono); font-size: 12.5px; }
small { font-size: 0.82em; color: var(--muted); font-weight: normal; }
.up { color: var(--up); } .down { color: var(--down); } .zero, .none { color: var(--faint); }
.chg-text { color: var(--chg) !important; } .warn-text { color: var(--chg); font-weight: 600; }
.st-added-text { color: var(--up); } .st-removed-text { color: var(--down); }
.st-renamed-text, .st-moved-text { color: var(--ren); } .st-changed-text { color: var(--chg); }

/* Header: the two sides and the verdict. */
.page-head { padding: 22px 0 16px; }
.kicker { font: 600 12px/1 var(--sans); letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); }
h1 { font-size: 26px; line-height: 1.25; margin: 6px 0 12px; font-weight: 650; }
h1 .arrow { color: var(--faint); font-weight: 400; padding: 0 0.2em; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.side { border: 1px solid var(--border); border-radius: 8px; padding: 8px 14px; background: var(--subtle); min-width: 0;
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 18px; }
.side .tag { display: inline-block; font: 700 11px/18px var(--mono); width: 18px; text-align: center; border-radius: 4px; color: #fff; margin-right: -10px; }
.side-a .tag { background: var(--down); } .side-b .tag { background: var(--up); }
.side .label { font-family: var(--mono); font-size: 13px; overflow-wrap: anywhere; }
.side dl { display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 0; font-size: 12.5px; }
.side dt { color: var(--muted); } .side dd { margin: 0 0 0 6px; font-family: var(--mono); }
.side dl div { display: flex; }
.verdict { margin: 12px 0 0; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; font-size: 13.5px; }
.verdict .word { font-weight: 700; font-size: 15px; margin-right: 6px; padding: 2px 10px; border-radius: 6px; }
.verdict.same .word { background: var(--up-bg); color: var(--up); }
.verdict.differs .word { background: var(--chg-bg); color: var(--chg); }
.verdict .fact { border: 1px solid var(--border); border-radius: 999px; padding: 1px 10px; white-space: nowrap; }

/* The sticky bar: search and a table of contents with counts. */
.toolbar { position: sticky; top: 0; z-index: 5; background: var(--bg); border-bottom: 1px solid var(--border);
  height: var(--bar-h); display: flex; align-items: center; gap: 14px; margin: 0 -28px; padding: 0 28px; }
.toolbar input { font: 13px var(--mono); width: 300px; padding: 6px 10px; border-radius: 6px; border: 1px solid var(--border);
  background: var(--subtle); color: var(--fg); }
.toolbar input:focus { outline: 2px solid var(--accent); outline-offset: -1px; background: var(--bg); }
#search-status { color: var(--muted); font-size: 12.5px; min-width: 140px; }
.toc { display: flex; gap: 4px; flex-wrap: nowrap; overflow-x: auto; margin-left: auto; font-size: 12.5px; }
.toc a { color: var(--fg); text-decoration: none; padding: 3px 8px; border-radius: 6px; white-space: nowrap; }
.toc a:hover { background: var(--subtle); }
.toc a span { color: var(--muted); margin-left: 4px; font-variant-numeric: tabular-nums; }
.toc a.empty { color: var(--faint); }

/* Sections; totals and hyperparameters side by side where there is room. */
.overview { display: grid; grid-template-columns: minmax(0, auto) minmax(0, 1fr); column-gap: 48px; align-items: start; }
@media (max-width: 1100px) { .overview { grid-template-columns: minmax(0, 1fr); } }
details.section { border-top: 1px solid var(--border); scroll-margin-top: var(--bar-h); }
.overview > details.section { border-top: none; }
details.section > summary { display: flex; align-items: baseline; gap: 10px; padding: 14px 0 10px; cursor: pointer; list-style: none; }
summary::-webkit-details-marker { display: none; }
details > summary::before { content: "\\25B8"; color: var(--faint); font-size: 12px; width: 12px; transition: transform 0.12s; display: inline-block; }
details[open] > summary::before { transform: rotate(90deg); }
h2 { font-size: 17px; margin: 0; font-weight: 650; }
h3 { font-size: 13.5px; margin: 0; font-weight: 600; }
.count { font: 600 12px/18px var(--sans); background: var(--subtle); border: 1px solid var(--border); border-radius: 999px; padding: 0 8px;
  font-variant-numeric: tabular-nums; }
.count.zero { color: var(--faint); font-weight: 500; }
.detail { color: var(--muted); font-size: 12.5px; }
.section-body { padding: 0 0 18px 22px; }
details.sub { margin: 10px 0 4px; }
details.sub > summary { display: flex; align-items: baseline; gap: 8px; cursor: pointer; list-style: none; padding: 4px 0; }
details.sub > summary::before { font-size: 11px; }
details.inline > summary { cursor: pointer; font-size: 12.5px; list-style: none; }
details.inline > summary.plain { color: var(--accent); }
.empty { color: var(--faint); margin: 4px 0; }

/* Tables. */
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; padding: 4px 10px; border-bottom: 1px solid var(--border); white-space: nowrap; }
td { padding: 3px 10px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th.num, td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.absent { background: repeating-linear-gradient(135deg, transparent 0 5px, var(--hatch) 5px 6px); }
td.field { color: var(--muted); font-family: var(--mono); font-size: 12px; white-space: nowrap; }
table.pairs td.mono { overflow-wrap: anywhere; }
table.objectives td.mono { max-width: 560px; }
.totals { font-size: 14px; }
.totals th[scope="row"] { color: var(--fg); font-weight: 500; font-size: 13.5px; border-bottom-color: var(--rule); cursor: help; }
.totals th[scope="row"]::first-letter { text-transform: uppercase; }
.totals td { padding: 5px 14px; }
.totals tr.quiet td, .totals tr.quiet th { color: var(--faint); }
tr.flag td { background: var(--chg-bg); }
tr.hit td { background: var(--hit) !important; }
mark { color: inherit; border-radius: 3px; padding: 0 1px; }
mark.del { background: var(--down-bg); color: var(--down); }
mark.ins { background: var(--up-bg); color: var(--up); }
.old { color: var(--faint); }
.badge { display: inline-block; font: 600 11px/17px var(--sans); padding: 0 7px; border-radius: 999px; white-space: nowrap; border: 1px solid transparent; }
.badge.add { background: var(--up-bg); color: var(--up); } .badge.rem { background: var(--down-bg); color: var(--down); }
.badge.chg { background: var(--chg-bg); color: var(--chg); } .badge.ren { background: var(--ren-bg); color: var(--ren); }
.badge.warn { background: var(--chg-bg); color: var(--chg); border-color: var(--chg); }
.chip { display: inline-block; font: 11px/16px var(--sans); padding: 0 6px; border-radius: 4px; border: 1px solid var(--border); color: var(--muted); white-space: nowrap; }
ul.patterns { list-style: none; margin: 0; padding: 0; }
ul.patterns .sign { display: inline-block; width: 1.2em; }
ul.patterns li.plain { color: var(--fg); }
table.stages td { max-width: 620px; }

/* The module trees. */
.tree-controls { display: flex; gap: 6px; align-items: center; margin: 0 0 8px; }
.tree-controls button { font: 12px var(--sans); color: var(--fg); background: var(--subtle); border: 1px solid var(--border); border-radius: 6px; padding: 3px 10px; cursor: pointer; }
.tree-controls button:hover { border-color: var(--faint); }
.legend { margin-left: auto; color: var(--muted); font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 12px; vertical-align: -1px; }
.legend i.up { background: var(--up); } .legend i.down { background: var(--down); }
table.modules { width: 100%; table-layout: fixed; font-size: 12.5px; }
table.modules thead th { position: sticky; top: var(--bar-h); background: var(--bg); z-index: 2; overflow: hidden; text-overflow: ellipsis; }
col.c-name { width: 21%; } col.c-num { width: 5.5%; } col.c-delta { width: 15%; } col.c-flops { width: 10%; } col.c-notes { width: 22%; }
table.modules td { padding: 1px 8px; border-bottom-color: var(--rule); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; vertical-align: middle; height: 22px; }
table.modules td.tree { font-family: var(--mono); padding-left: calc(var(--d) * 14px + 6px);
  background-image: repeating-linear-gradient(to right, transparent 0 9px, var(--guide) 9px 10px, transparent 10px 14px);
  background-size: calc(var(--d) * 14px) 100%; background-repeat: no-repeat; background-position: 6px 0; }
table.modules td.tree.absent { background-image: repeating-linear-gradient(135deg, transparent 0 5px, var(--hatch) 5px 6px); background-size: auto; }
td.tree .tg { display: inline-block; width: 14px; color: var(--faint); font-size: 10px; }
tr.k > td.tree { cursor: pointer; }
tr.k > td.tree .tg::before { content: "\\25BE"; }
tr.k.c > td.tree .tg::before { content: "\\25B8"; }
tr.k > td.tree:hover .tg { color: var(--accent); }
td.tree .blk { color: var(--faint); font-size: 11.5px; margin-left: 6px; }
tr.quiet td { color: var(--faint); }
tr.quiet td.tree b { color: var(--fg); }
tr.st-added > td.tree:not(.absent) { background-color: var(--up-bg); }
tr.st-removed > td.tree:not(.absent) { background-color: var(--down-bg); }
tr.st-renamed > td.tree:not(.absent), tr.st-moved > td.tree:not(.absent) { background-color: var(--ren-bg); }
tbody#module-rows tr:hover td { background-color: var(--subtle); }
td.delta { white-space: nowrap; }
.bar { position: relative; display: inline-block; width: 64px; height: 12px; margin-right: 8px; vertical-align: -2px;
  background: linear-gradient(var(--border), var(--border)) center / 1px 100% no-repeat; }
.bar i { position: absolute; top: 2px; bottom: 2px; min-width: 2px; border-radius: 2px; }
.bar i.up { left: 50%; background: var(--up); } .bar i.down { right: 50%; background: var(--down); }
td.notes .note { color: var(--muted); margin-right: 6px; }
td.notes .note.mono { font-size: 11.5px; }
footer { margin-top: 24px; color: var(--faint); font-size: 12px; }
`;
