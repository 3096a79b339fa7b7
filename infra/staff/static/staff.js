// Home Helper staff site: small enhancements over pages that work without
// them. Charts are drawn from the table of numbers under each one, so the
// chart and its table cannot disagree; repair statuses are saved without
// reloading the page.
'use strict';

(function () {
  // Colour-blind-safe colours (Okabe and Ito), dark enough on white.
  const colours = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

  function cellNumber(td) {
    const raw = td.dataset.value !== undefined ? td.dataset.value : td.textContent;
    const n = parseFloat(String(raw).replace(/[£,%\s]/g, ''));
    return Number.isFinite(n) ? n : 0;
  }

  function wrapLabel(text, width) {
    const lines = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line && (line + ' ' + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + ' ' + word : word;
      }
    }
    if (line) lines.push(line);
    return lines.length > 1 ? lines : text;
  }

  // drawChart turns <table data-chart> into a Chart.js chart on the canvas
  // of the same figure. Columns marked data-series are plotted; the row
  // headers are the labels.
  function drawChart(table) {
    const figure = table.closest('figure');
    const canvas = figure && figure.querySelector('canvas');
    if (!canvas) return;
    const heads = Array.from(table.tHead.rows[0].cells);
    // A row of class "sub" breaks down the row above it: not plotted.
    const rows = Array.from(table.tBodies[0].rows).filter((r) => r.cells.length === heads.length && !r.classList.contains('sub'));
    const horizontal = table.hasAttribute('data-horizontal');
    // A horizontal chart's labels sit beside its bars: long ones are
    // wrapped onto lines, or a phone's width cuts them off.
    const names = rows.map((r) => r.cells[0].textContent.trim());
    const labels = names.map((l) => (horizontal ? wrapLabel(l, 16) : l));
    const stacked = table.hasAttribute('data-stacked');
    const datasets = [];
    heads.forEach((th, col) => {
      if (!th.hasAttribute('data-series')) return;
      const colour = colours[th.dataset.colour !== undefined ? Number(th.dataset.colour) : datasets.length % colours.length];
      const line = th.dataset.type === 'line';
      datasets.push({
        type: line ? 'line' : undefined,
        label: th.textContent.trim(),
        data: rows.map((r) => cellNumber(r.cells[col])),
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: line ? 3 : 0,
        pointRadius: line ? 4 : 0,
        order: line ? 0 : 1,
      });
    });
    const unit = heads.some((th) => th.dataset.unit === '£');
    const valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      ticks: { precision: unit ? undefined : 0, color: '#0b0c0c', font: { size: 14 } },
      grid: { color: '#d8dadb' },
    };
    const labelAxis = { stacked: stacked, ticks: { color: '#0b0c0c', font: { size: 14 }, autoSkip: !horizontal }, grid: { display: false } };
    // eslint-disable-next-line no-undef
    const chart = new Chart(canvas, {
      type: table.dataset.chart || 'bar',
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { display: datasets.length > 1, labels: { color: '#0b0c0c', font: { size: 14 } } },
          tooltip: unit ? { callbacks: { label: (c) => c.dataset.label + ': £' + c.parsed[horizontal ? 'x' : 'y'].toFixed(4) } } : {},
        },
      },
    });
    chart.hh = { names: names, horizontal: horizontal };
    return chart;
  }

  const charts = [];

  function drawCharts() {
    if (typeof window.Chart !== 'function') return;
    document.documentElement.classList.add('js');
    document.querySelectorAll('table[data-chart]').forEach((t) => {
      try {
        const chart = drawChart(t);
        if (chart) charts.push(chart);
      } catch (err) {
        // The table is still there: a chart that cannot be drawn is hidden.
        const box = t.closest('figure').querySelector('.canvas-box');
        if (box) box.hidden = true;
        console.error('chart', t.id, err);
      }
    });
  }

  // Repair status: send the form as PATCH /staff/api/repairs/{ref} and say
  // so in the live region, so the page keeps its place.
  function enhanceStatusForms() {
    const message = document.getElementById('status-message');
    document.querySelectorAll('form.status-form').forEach((form) => {
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const ref = form.dataset.ref;
        const select = form.querySelector('select[name=status]');
        const day = form.querySelector('input[name=visit_day]');
        const part = form.querySelector('select[name=visit_part]');
        const button = form.querySelector('button');
        button.disabled = true;
        try {
          const resp = await fetch('/staff/api/repairs/' + encodeURIComponent(ref), {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/json' },
            credentials: 'same-origin',
            body: JSON.stringify({ status: select.value, visit_day: day ? day.value : '', visit_part: part ? part.value : '' }),
          });
          const body = await resp.json().catch(() => ({}));
          if (!resp.ok) throw new Error(body.error || 'HTTP ' + resp.status);
          const row = form.closest('tr');
          row.classList.toggle('done', body.status === 'done');
          row.classList.toggle('overdue', !!body.overdue);
          const heard = document.getElementById('heard-' + ref);
          if (heard && body.tenant_hears) heard.textContent = body.tenant_hears;
          message.className = 'flash';
          message.textContent = 'Repair ' + ref + ' saved. The tenant hears: "' + (body.tenant_hears || select.options[select.selectedIndex].text) + '".';
        } catch (err) {
          message.className = 'problem';
          message.textContent = 'Repair ' + ref + ' was not saved (' + err.message + '). Try again, or reload the page.';
        } finally {
          message.hidden = false;
          button.disabled = false;
        }
      });
    });
  }

  // Chart text: on screen, and on an A4 board report, where a label's line
  // can be longer as its letters are smaller.
  function chartText(chart, size, wrap) {
    const o = chart.options;
    Object.values(o.scales).forEach((axis) => { axis.ticks.font = { size: size }; });
    o.plugins.legend.labels.font = { size: size };
    if (chart.hh.horizontal) chart.data.labels = chart.hh.names.map((l) => wrapLabel(l, wrap));
  }

  // A printed board report shows every table of numbers: open each closed
  // "Show the numbers" before printing and close it again after. Each chart
  // is redrawn for the half of an A4 page it prints on, beside its table
  // (style.css): a canvas keeps the size it was drawn at, and the browser
  // does not redraw it for print by itself. A horizontal chart gets a line
  // of height for each bar, so that its labels do not overlap.
  function forPrint() {
    let opened = [];
    window.addEventListener('beforeprint', () => {
      opened = Array.from(document.querySelectorAll('details:not([open])'));
      opened.forEach((d) => { d.open = true; });
      charts.forEach((chart) => {
        const box = chart.canvas.parentElement;
        box.style.width = '270px';
        chartText(chart, 8, 30);
        let height = 95;
        if (chart.hh.horizontal) {
          // Each bar as tall as its label's lines, and a little more for a
          // second series beside it.
          const per = chart.data.datasets.length > 1 && !chart.options.scales.x.stacked ? 1.25 : 1;
          height = 34 + chart.data.labels.reduce((h, l) => h + per * (5 + 10 * (Array.isArray(l) ? l.length : 1)), 0);
        }
        box.style.height = Math.round(Math.max(90, height)) + 'px';
        chart.update('none');
        chart.resize();
      });
    });
    window.addEventListener('afterprint', () => {
      opened.forEach((d) => { d.open = false; });
      opened = [];
      charts.forEach((chart) => {
        const box = chart.canvas.parentElement;
        box.style.width = '';
        box.style.height = '';
        chartText(chart, 14, 16);
        chart.update('none');
        chart.resize();
      });
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    forPrint();
    drawCharts();
    enhanceStatusForms();
    const enrolled = document.getElementById('enrolled');
    if (enrolled) enrolled.focus();
  });
})();
