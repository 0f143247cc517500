import type { Report } from "../../types.js";
import { esc } from "./esc.js";

/** The review bar: off until switched on; one export button per candidate. */
export function reviewBar(report: Report): string {
  const exports = report.candidates.map(
    (c) =>
      `<button type="button" class="export-labels" data-candidate="${esc(c.name)}" data-col="${esc(c.name)}">` +
      `export labels: ${esc(c.name)}</button>`,
  );
  return (
    `<div class="review-bar"><label><input type="checkbox" id="review-mode"> review mode</label> ` +
    `<span id="review-count"></span> ${exports.join(" ")} ` +
    `<button type="button" id="review-clear">clear my marks</button></div>`
  );
}

/**
 * Review mode: a reviewer marks verdicts they disagree with (choosing what it should be) and adds
 * a note; marks live in localStorage under the run id. Export writes a devjudge labels file per
 * candidate — marked items as the reviewer said, unmarked decided verdicts as agreed — which
 * `devjudge compare --labels` reads; notes ride along under each task's `notes:` (ignored by compare).
 */
export const REVIEW_SCRIPT = String.raw`
(()=>{const $=(s,r=document)=>r.querySelector(s);const $$=(s,r=document)=>[...r.querySelectorAll(s)];
const key='devjudge-review:'+document.body.dataset.run;
const load=()=>{try{return JSON.parse(localStorage.getItem(key)||'{}')}catch{return {}}};let marks=load();
const save=()=>{localStorage.setItem(key,JSON.stringify(marks));count();};
const id=td=>[td.dataset.candidate,td.dataset.kind,td.dataset.task,td.dataset.req].join('\u0000');
function count(){const n=Object.keys(marks).length;$('#review-count').textContent=n?n+' verdict(s) marked':'';
for(const td of $$('td.verdict[data-kind]'))td.classList.toggle('reviewed',!!marks[id(td)]);}
function form(td){if($('.rv',td))return;const m=marks[id(td)]||{};const box=document.createElement('div');
box.className='rv';
const sel=document.createElement('select');sel.className='rv-status';sel.title='what this verdict should be';
for(const [v,t] of [['','agree'],['satisfied','should be satisfied'],['unsatisfied','should be unsatisfied']]){
if(v&&v===td.dataset.status)continue;const o=document.createElement('option');o.value=v;o.textContent=t;sel.append(o);}
sel.value=m.status||'';const note=document.createElement('input');note.className='rv-note';note.placeholder='note';
note.value=m.note||'';
const upd=()=>{const k=id(td);if(!sel.value&&!note.value)delete marks[k];
else marks[k]={status:sel.value||undefined,note:note.value||undefined};save();};
sel.addEventListener('input',upd);note.addEventListener('input',upd);box.append(sel,note);td.append(box);}
$('#review-mode').addEventListener('input',e=>{document.body.classList.toggle('reviewing',e.target.checked);
if(e.target.checked)for(const td of $$('td.verdict[data-kind]'))form(td);});
$('#review-clear').addEventListener('click',()=>{marks={};save();for(const b of $$('.rv'))b.remove();
if($('#review-mode').checked)for(const td of $$('td.verdict[data-kind]'))form(td);});
const yKey=k=>/^\d+$/.test(k)?k:JSON.stringify(k);
function labelsYaml(candidate){const tasks=new Map();
for(const td of $$('td.verdict[data-kind]')){if(td.dataset.candidate!==candidate)continue;const m=marks[id(td)];
const status=m&&m.status?m.status:
(td.dataset.status==='satisfied'||td.dataset.status==='unsatisfied'?td.dataset.status:null);
const t=tasks.get(td.dataset.task)||{requirements:[],preferences:[],notes:[]};tasks.set(td.dataset.task,t);
if(status)t[td.dataset.kind==='preference'?'preferences':'requirements'].push([td.dataset.req,status]);
if(m&&m.note)t.notes.push([(td.dataset.kind==='preference'?'pref ':'')+td.dataset.req,m.note]);}
const out=['# devjudge labels from review mode of run '+document.body.dataset.run,
'# unmarked decided verdicts are taken as agreed; undecided/error ones without a mark are left out',
'candidate: '+JSON.stringify(candidate),'labeler: review-mode','tasks:'];
for(const [task,t] of tasks){if(!t.requirements.length&&!t.preferences.length&&!t.notes.length)continue;
out.push('  '+JSON.stringify(task)+':');
for(const k of ['requirements','preferences','notes'])if(t[k].length){out.push('    '+k+':');
for(const [i,v] of t[k])out.push('      '+yKey(i)+': '+(k==='notes'?JSON.stringify(v):v));}}
return out.join('\n')+'\n';}
document.addEventListener('click',e=>{const b=e.target.closest('.export-labels');if(!b)return;
const text=labelsYaml(b.dataset.candidate);
const a=document.createElement('a');a.href=URL.createObjectURL(new Blob([text],{type:'text/yaml'}));
a.download='labels-'+b.dataset.candidate.replace(/[^\w.-]+/g,'_')+'.yaml';document.body.append(a);a.click();a.remove();
});
window.__review={labelsYaml,marks:()=>marks};count();})();
`;
