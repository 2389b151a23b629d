/** The dashboard's stylesheet (inline; the page loads nothing else). Colours keep WCAG AA contrast on white. */
export const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f7f9}
header,main{max-width:1240px;margin:0 auto;padding:16px 24px}
header{background:#fff;border-bottom:1px solid #d0d4da;max-width:none}
header>*{max-width:1192px;margin-left:auto;margin-right:auto}
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.2rem;margin:28px 0 10px}h3{font-size:1.05rem;margin:16px 0 6px}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:end;margin:10px auto}
label{display:flex;flex-direction:column;font-size:.85rem;color:#333}
input{font:inherit;padding:4px 6px;border:1px solid #767676;border-radius:4px}
button{font:inherit;padding:5px 14px;border:1px solid #1f4e79;background:#1f4e79;color:#fff;border-radius:4px;cursor:pointer}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #b34700;outline-offset:2px}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:10px;margin:0}
.kpis div{background:#fff;border:1px solid #d0d4da;border-radius:6px;padding:10px 12px}
dt{font-size:.85rem;color:#444}dd{margin:2px 0 0;font-size:1.15rem;font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(460px,100%),1fr));gap:16px}
.charts h2{grid-column:1/-1;margin-bottom:0}
figure{margin:0;background:#fff;border:1px solid #d0d4da;border-radius:6px;padding:8px}
figcaption{display:flex;gap:16px;font-size:.85rem;padding:4px 8px}
.legend{display:inline-flex;gap:6px;align-items:center}
table{border-collapse:collapse;width:100%;background:#fff;margin:0;font-size:.9rem}
.scroll{overflow-x:auto;margin:0 0 16px}
.scroll:focus-visible{outline:3px solid #b34700;outline-offset:2px}
caption{text-align:left;font-weight:600;padding:6px 0}
th,td{border:1px solid #d0d4da;padding:4px 8px;text-align:right;white-space:nowrap}
th[scope=row],thead th:first-child{text-align:left}
th[scope=row]{white-space:normal;overflow-wrap:anywhere}
thead th{background:#eef1f5;white-space:normal;vertical-align:bottom}
.alert{color:#8a1c1c;font-weight:600}
.notes li{color:#333}
.verdicts{margin:4px 0 8px}
.login{max-width:420px}
.login form{display:flex;flex-direction:column;gap:8px}
`;
