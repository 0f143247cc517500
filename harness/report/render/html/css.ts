export const CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1f23;background:#f6f7f9}
header,main{padding:12px 24px}header{background:#1d2433;color:#fff}header h1{font-size:18px;margin:0 0 4px}
.agreement span{display:inline-block;margin-right:16px}
table{border-collapse:collapse;background:#fff;margin:8px 0}
th,td{border:1px solid #dde1e6;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5}td.num{text-align:right}.satisfied{color:#12803a}.unsatisfied{color:#c62828}
.undecided{color:#7a6a00}.error{color:#b35c00}.skipped{color:#667}
.badge{display:inline-block;min-width:1.4em;text-align:center;font-weight:700}
.filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #dde1e6;padding:8px 24px;z-index:2}
.filters label{margin-right:12px}
.scroll{overflow-x:auto;max-width:100%}
section.task{content-visibility:auto;contain-intrinsic-size:auto 900px;background:#fff;border:1px solid #dde1e6;
border-radius:8px;padding:8px 16px;margin:16px 0}
table.items{width:100%;table-layout:fixed}table.items td{overflow-wrap:anywhere}table.items col.c-id{width:5em}
table.items col.c-req{width:28%}
.dag-wrap{overflow-x:auto;max-width:100%}.dag rect{fill:#f0f3f8;stroke:#8893a5}.dag text{font-size:11px}
.dag .edge{fill:none;stroke:#8893a5}.dot.satisfied{fill:#12803a}.dot.unsatisfied{fill:#c62828}
.dot.undecided{fill:#c9b400}.dot.error{fill:#e07b00}.dot.skipped{fill:#999}
details summary{cursor:pointer}.verdict details>:not(summary){color:#1d1f23}.meta{color:#667;font-size:12px}
.legend{color:#667;font-size:12px}
pre{background:#f4f5f7;padding:6px;overflow:auto;max-height:16em;margin:4px 0;white-space:pre-wrap;
overflow-wrap:anywhere}
pre.lines{white-space:pre;overflow-wrap:normal}
pre.lines .ln{display:inline-block;min-width:3em;padding-right:8px;color:#8893a5;text-align:right;user-select:none}
.ev{margin:4px 0}.reason{margin:4px 0}.cmdline code{font-weight:600}.exit{color:#667;font-size:12px}
.label{font-size:12px;border-radius:4px;padding:0 4px}.label.agree{background:#e6f4ea;color:#12803a}
.label.disagree{background:#fde7e7;color:#c62828;font-weight:700}
td.disagree{box-shadow:inset 3px 0 0 #c62828}
tr.subhead th{background:#f6f7f9;font-weight:600}
.grid td.cell{font-variant-numeric:tabular-nums}.hidden,.col-hidden{display:none}
.trace-link{font:inherit;font-size:12px;background:#eef1f5;border:1px solid #c9ced8;border-radius:4px;cursor:pointer}
.failed-units{background:#fff8f0;border:1px solid #f0d2b0;border-radius:8px;padding:4px 16px;margin:12px 0}
.failed-units h2{font-size:15px}.units{color:#667;font-size:12px;margin:4px 0 8px 24px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px;margin:12px 0}
.chart{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:8px;height:300px;position:relative;
display:flex;flex-direction:column}.chart h3{font-size:13px;margin:0 0 4px}.chart canvas{flex:1;min-height:0}
dialog#trace-view{width:min(1000px,92vw);max-height:88vh;overflow:auto}dialog .close{float:right}
.steps{padding-left:0;list-style:none}.step{border:1px solid #dde1e6;border-radius:6px;padding:6px 10px;margin:8px 0}
.step.current{border-color:#3366cc;box-shadow:0 0 0 2px #3366cc55}.step-head{font-weight:600}
.part-label{font-size:12px;color:#667;margin-top:4px}
.review-bar{margin-top:6px}.rv{display:none;margin-top:4px}body.reviewing .rv{display:flex;gap:4px;flex-wrap:wrap}
.rv-note{flex:1;min-width:6em}td.reviewed{outline:2px dashed #7a3fc6;outline-offset:-2px}
.notes{color:#5a4a00}
`;
