/**
 * Exports of a scenario comparison (issue 10): a printable HTML report (own window, print CSS;
 * the browser saves it as PDF) with each scenario's assumptions and edits, the KPI table, a
 * snapshot of the 3D view and the data attributions; the KPI table as CSV (RFC 4180); the edited
 * features as GeoJSON (src/scenario/scenario-export.ts, one FeatureCollection, property `scenario`).
 */
import { formatNumber, t } from '../i18n';
import type { KpiTable } from '../scenario/kpis';
import type { FeatureCollection } from '../scenario/scenario-export';
import type { ScenarioSummary } from './scenario-outcome';

/**
 * The 3D view registers how to take a snapshot: it renders a frame and reads the canvas in the
 * same task (so no preserveDrawingBuffer is needed outside test builds).
 */
let snapshotSource: (() => string | null) | null = null;
export function registerSceneSnapshot(source: (() => string | null) | null): void {
  snapshotSource = source;
}
export function sceneSnapshot(): string | null {
  try {
    return snapshotSource?.() ?? null;
  } catch {
    return null;
  }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The KPI table as CSV: indicator, unit, then per scenario its value and its change from the baseline. */
export function kpiTableCsv(table: KpiTable): string {
  const head = ['indicator', 'unit', 'lower_is_better'];
  table.scenarios.forEach((s, i) => head.push(s, ...(i === table.baselineIndex ? [] : [`${s} change`])));
  const lines = [head.map(csvCell).join(',')];
  for (const row of table.rows) {
    const cells = [t(row.kpi.labelKey), row.kpi.unit, String(row.kpi.lowerIsBetter)];
    row.values.forEach((v, i) => {
      cells.push(v === null ? '' : v.toFixed(row.kpi.decimals));
      if (i !== table.baselineIndex) {
        const d = row.deltas[i];
        cells.push(d === null || d === undefined ? '' : d.toFixed(row.kpi.decimals));
      }
    });
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The edited features of every run in one collection, each tagged with its scenario's id. */
export function editedFeaturesOfRuns(runs: readonly ScenarioSummary[]): FeatureCollection {
  return { type: 'FeatureCollection', features: runs.flatMap((r) => r.geojson.features.map((f) => ({ ...f, properties: { ...f.properties, scenario: r.id } }))) };
}

function assumptionsHtml(r: ScenarioSummary): string {
  const a = r.assumptions;
  const rows: [string, string][] = [
    [t('scenarios.assumption.sunDate'), a.sunDate],
    [t('scenarios.assumption.weather'), t('scenarios.assumption.weatherValue', { temperature: a.temperatureC, speed: a.windSpeedMs, direction: a.windFromDeg, stability: a.stability })],
    [t('scenarios.assumption.demand'), t('scenarios.assumption.demandValue', { scale: a.demandScale })],
  ];
  const edits = r.edits.map((e) => `<li><code>${esc(JSON.stringify(e).slice(0, 200))}</code></li>`).join('');
  return `<section class="scenario"><h3>${esc(r.name)}</h3><p>${esc(r.description)}</p><dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<details open><summary>${esc(t('scenarios.report.edits', { count: r.edits.length }))}</summary><ul>${edits}</ul></details></section>`;
}

function kpiTableHtml(table: KpiTable): string {
  const head = table.scenarios.map((s, i) => `<th scope="col">${esc(i === table.baselineIndex ? `${s} (${t('scenarios.baseline')})` : s)}</th>`).join('');
  const body = table.rows
    .map((row) => {
      const cells = row.values
        .map((v, i) => {
          const d = row.deltas[i];
          const verdict = row.verdicts[i] ?? null;
          const change = d === null || d === undefined ? '' : ` (${d >= 0 ? '+' : '−'}${formatNumber(Math.abs(d), row.kpi.decimals)}, ${t(verdict === 'better' ? 'scenarios.better' : verdict === 'worse' ? 'scenarios.worse' : 'scenarios.same')})`;
          return `<td class="${verdict ?? ''}">${v === null ? '—' : formatNumber(v, row.kpi.decimals)}${esc(change)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${esc(t(row.kpi.labelKey))}</th><td>${esc(row.kpi.unit)}</td>${cells}</tr>`;
    })
    .join('');
  return `<table><caption>${esc(t('scenarios.kpiTable'))}</caption><thead><tr><th scope="col">${esc(t('scenarios.kpi'))}</th><th scope="col">${esc(t('scenarios.unit'))}</th>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The report page (a complete HTML document). */
export function reportHtml(o: { cityName: string; runs: readonly ScenarioSummary[]; table: KpiTable; snapshot: string | null; mapTitle: string | null; attributions: readonly string[]; createdAt: Date }): string {
  const title = t('scenarios.report.title', { city: o.cityName });
  const img = o.snapshot === null ? `<p>${esc(t('scenarios.report.mapNone'))}</p>` : `<figure><img src="${o.snapshot}" alt="${esc(o.mapTitle ?? title)}"><figcaption>${esc(o.mapTitle ?? '')}</figcaption></figure>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.25em .4em;text-align:left;vertical-align:top}
td.better{background:#d9f0d3}td.worse{background:#fddbc7}img{max-width:100%;border:1px solid #999}dl{display:grid;grid-template-columns:max-content 1fr;gap:0 1em}dd{margin:0}
code{font-size:8pt;word-break:break-all}.no-print{margin:1em 0}@media print{.no-print{display:none}section,table,figure{break-inside:avoid}body{margin:0}}</style></head>
<body data-testid="scenario-report"><h1>${esc(title)}</h1><p>${esc(t('scenarios.report.created', { date: o.createdAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' }))}</p>
<p class="no-print"><button onclick="print()">${esc(t('scenarios.report.print'))}</button></p>
<h2>${esc(t('scenarios.report.assumptions'))}</h2>${o.runs.map(assumptionsHtml).join('')}
<h2>${esc(t('scenarios.kpi'))}</h2>${kpiTableHtml(o.table)}
<h2>${esc(t('scenarios.report.map'))}</h2>${img}
<h2>${esc(t('scenarios.report.attributions'))}</h2><p>${esc(t('scenarios.report.attributionText', { city: o.cityName }))}</p><ul>${o.attributions.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>
</body></html>`;
}

/** Opens the report in a new tab (a blob URL, so it can be printed or saved); returns the window. */
export function openReport(html: string): Window | null {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  const w = window.open(url, '_blank');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return w;
}

/** Saves text as a file through a temporary link. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
