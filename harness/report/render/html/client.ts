/** The page's own script: filters, expand/collapse, the trace view and the charts. Plain ES2020, no imports. */
export const CLIENT_SCRIPT = String.raw`
const $=(s,r=document)=>r.querySelector(s);const $$=(s,r=document)=>[...r.querySelectorAll(s)];
const boxes=$$('.filters input.status');const cat=$('#f-category');const cand=$('#f-candidate');const q=$('#f-text');
const dis=$('#f-disagree');
function apply(){const on=new Set(boxes.filter(b=>b.checked).map(b=>b.value));const c=cat.value;const who=cand.value;
const text=q.value.toLowerCase();const onlyDis=dis&&dis.checked;
for(const el of $$('[data-col]'))el.classList.toggle('col-hidden',!!who&&el.dataset.col!==who);
let shown=0;
const searchText=row=>row.__text??=(row.textContent+' '+$$('template',
row).map(t=>t.content.textContent).join(' ')).toLowerCase();
for(const row of $$('tr.req')){const cells=$$('td.verdict',row).filter(td=>!who||td.dataset.candidate===who);
let hit=cells.some(td=>on.has(td.dataset.status)&&(!onlyDis||td.hasAttribute('data-disagree')));
if(c&&row.dataset.category!==c)hit=false;if(text&&!searchText(row).includes(text))hit=false;
row.classList.toggle('hidden',!hit);if(hit)shown++;}
for(const s of $$('section.task'))s.classList.toggle('hidden',!$('tr.req:not(.hidden)',s));
$('#shown').textContent=String(shown);}
for(const el of [...boxes,cat,cand,q,dis].filter(Boolean))el.addEventListener('input',apply);
// nothing is filtered at first: count the rows instead of touching every one
// (a reload may restore the filters' state: then apply them)
if(boxes.every(b=>b.checked)&&!cat.value&&!cand.value&&!q.value&&!(dis&&dis.checked))
$('#shown').textContent=String($$('tr.req').length);else apply();
// a verdict's reason and evidence wait in a <template> until it is opened
const fill=d=>{const t=d.querySelector(':scope>template');if(t)t.replaceWith(t.content);};
document.addEventListener('toggle',e=>{if(e.target.open)fill(e.target);},true);
$('#expand-all').addEventListener('click',()=>{
for(const d of $$('section.task:not(.hidden) tr.req:not(.hidden) td.verdict:not(.col-hidden) details')){
fill(d);d.open=true;}});
$('#collapse-all').addEventListener('click',()=>{for(const d of $$('td.verdict details'))d.open=false;});

const traces=JSON.parse($('#trace-data').textContent);const dialog=$('#trace-view');
const el=(tag,cls,text)=>{const e=document.createElement(tag);if(cls)e.className=cls;
if(text!=null)e.textContent=String(text);return e;};
function openTrace(candidate,task,step){const u=traces.find(t=>t.candidate===candidate&&t.task===task);
const body=$('#trace-body');body.replaceChildren();
body.append(el('h2',null,'trace of '+candidate+' / '+task));
if(!u){body.append(el('p',null,'no trace recorded for this unit'));dialog.showModal();return;}
const s=u.summary;const facts=[];
if(s)facts.push(s.steps+' steps',s.inputTokens+' / '+s.outputTokens+' tokens','$'+s.cost.toFixed(4),
s.durationS.toFixed(1)+' s','format '+s.format,'file '+s.source);
if(u.agent)facts.push('agent run '+(u.agent.durationMs/1000).toFixed(1)+' s, exit '+(u.agent.exitCode??'none')+
(u.agent.timedOut?' (timed out)':''));
body.append(el('p','trace-summary',
facts.length?'the agent\u2019s own: '+facts.join(' · '):'no trace summary in report.json'));
if(!u.full)body.append(el('p','meta','report.json keeps only the steps the verdicts cite, with the cited excerpt.'));
const list=el('ol','steps');for(const st of u.steps){const li=el('li','step');li.id='trace-step-'+st.step;
li.dataset.step=st.step;
li.append(el('div','step-head',
'step '+st.step+
(st.usage?' · '+st.usage.inputTokens+'/'+st.usage.outputTokens+' tokens · $'+st.usage.cost.toFixed(4):'')+
(st.durationS!=null?' · '+st.durationS.toFixed(1)+' s':'')));
for(const [k,label] of [['thought','thought'],['action','tool call'],['observation','observation']])if(st[k]){
li.append(el('div','part-label',label));li.append(el('pre','part '+k,st[k]));}
for(const c of st.cited){li.append(el('div','part-label','cited by #'+c.req));
if(c.excerpt)li.append(el('pre','part cited',c.excerpt));}
if(String(st.step)===String(step))li.classList.add('current');list.append(li);}
body.append(list);dialog.showModal();const cur=$('li.current',body);if(cur)cur.scrollIntoView({block:'center'});}
document.addEventListener('click',e=>{const b=e.target.closest('.trace-link');
if(b)openTrace(b.dataset.candidate,b.dataset.task,b.dataset.step);});

const charts={};
if(window.Chart){const d=JSON.parse($('#chart-data').textContent);
const palette=['#3366cc','#dc3912','#ff9900','#109618','#990099','#0099c6','#dd4477','#66aa00'];
const col=i=>palette[i%palette.length];
const common={animation:false,responsive:true,maintainAspectRatio:false,scales:{y:{min:0,max:100}}};
charts.candidates=new Chart($('#chart-candidates'),{type:'bar',data:{labels:d.candidates,datasets:[{label:'Req met (I)',
data:d.reqMetI,backgroundColor:'#3366cc'},{label:'Req met (D)',data:d.reqMetD,backgroundColor:'#ff9900'}]},
options:common});
charts.categories=new Chart($('#chart-categories'),{type:'bar',data:{labels:d.categories,datasets:d.candidates.map((n,
i)=>({label:n,data:d.byCategory[i],backgroundColor:col(i)}))},options:common});
if($('#chart-radar'))charts.radar=new Chart($('#chart-radar'),{type:'radar',data:{labels:d.categories,
datasets:d.candidates.map((n,i)=>({label:n,data:d.byCategory[i],borderColor:col(i),backgroundColor:col(i)+'33'}))},
options:{animation:false,responsive:true,maintainAspectRatio:false,scales:{r:{min:0,max:100}}}});}
window.__report={charts,openTrace,ready:true};
`;
