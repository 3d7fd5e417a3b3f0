// Pulse charts: fetches metric series from the API and draws them with uPlot, which the API serves
// from its own jar (/ui/uPlot.min.js). Every chart has time and value axes with ticks, the values
// under the cursor in its legend, one line per group (stacked on request) or per percentile, and a
// shaded band over the windows that are still open, whose values can still change.
"use strict";

const Pulse = (() => {
  const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];
  const PERCENTILES = ["p50", "p95", "p99"];

  function rangeQuery(hours, granularity) {
    const end = new Date(Math.ceil(Date.now() / 60000) * 60000 + 60000);
    const start = new Date(end.getTime() - hours * 3600 * 1000);
    return `window_start=${start.toISOString().replace(".000", "")}&window_end=${end.toISOString().replace(".000", "")}`
      + `&granularity=${granularity}`;
  }

  async function get(path, credential) {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${credential}` } });
    const body = await response.json().catch(() => ({ message: response.statusText }));
    if (!response.ok) {
      throw new Error(`${response.status}: ${body.message || response.statusText}`);
    }
    return body;
  }

  function format(value) {
    if (value == null || Number.isNaN(value)) return "–";
    if (Math.abs(value) >= 1000) return value.toLocaleString("en-US", { maximumFractionDigits: 0 });
    return value.toLocaleString("en-US", { maximumFractionDigits: 3 });
  }

  /** The API's own spelling of an instant, so what the legend shows can be matched with an answer. */
  function instant(seconds) {
    return new Date(seconds * 1000).toISOString().replace(".000", "");
  }

  /** A time tick in UTC, as the API's ranges are: HH:MM, and the date at midnight. */
  function clock(seconds) {
    const iso = instant(seconds);
    return iso.slice(11, 16) === "00:00" ? iso.slice(5, 10) : iso.slice(11, 16);
  }

  function groupLabel(dimensions, groupBy) {
    return groupBy.map(d => dimensions[d] === "" ? "(none)" : dimensions[d]).join(" · ");
  }

  /** The lines an answer holds: one per group (largest first), one per percentile, or its one value. */
  function linesOf(answer, maxLines) {
    if (answer.group_by && answer.groups) {
      return answer.groups.slice(0, maxLines).map(group => ({
        label: groupLabel(group.dimensions, answer.group_by),
        windows: answer.windows.filter(w => answer.group_by.every(d => w.dimensions[d] === group.dimensions[d])),
        value: w => w.value,
      }));
    }
    if (answer.aggregation === "percentiles") {
      return PERCENTILES.map(p => ({ label: p, windows: answer.windows, value: w => (w.percentiles || {})[p] }));
    }
    return [{ label: answer.metric_name, windows: answer.windows, value: w => w.value }];
  }

  /** uPlot's columns: the bucket starts in seconds, then one column per line; stacked columns add up. */
  function columnsOf(lines, stacked) {
    const times = [...new Set(lines.flatMap(l => l.windows.map(w => Date.parse(w.window_start) / 1000)))]
      .sort((a, b) => a - b);
    const at = new Map(times.map((t, i) => [t, i]));
    const open = new Set();
    const values = lines.map(line => {
      const column = new Array(times.length).fill(null);
      line.windows.forEach(w => {
        const i = at.get(Date.parse(w.window_start) / 1000);
        column[i] = line.value(w) ?? null;
        if (!w.is_final) open.add(times[i]);
      });
      return column;
    });
    let drawn = values;
    if (stacked) {
      const sums = new Array(times.length).fill(0);
      drawn = values.map(column => column.map((v, i) => (sums[i] += v ?? 0)));
    }
    return { times, values, drawn, open };
  }

  /** Shades the open windows: from the first open bucket to the plot's right edge. */
  function openBand(columns) {
    return u => {
      const first = columns.times.find(t => columns.open.has(t));
      if (first === undefined) return;
      const ctx = u.ctx, left = u.valToPos(first, "x", true);
      ctx.save();
      ctx.fillStyle = "rgba(120, 120, 120, 0.12)";
      ctx.fillRect(left, u.bbox.top, u.bbox.left + u.bbox.width - left, u.bbox.height);
      ctx.fillStyle = "#555";
      ctx.font = `${11 * devicePixelRatio}px sans-serif`;
      ctx.fillText("open", left + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
      ctx.restore();
    };
  }

  /**
   * Draws an API answer into a container, replacing what was there. The container keeps the uPlot
   * instance in .uplotChart (the page tests place the cursor with it).
   */
  function drawChart(container, answer, { height = 240, stacked = false, maxLines = COLORS.length } = {}) {
    if (container.uplotChart) container.uplotChart.destroy();
    container.uplotChart = null;
    container.replaceChildren();
    const lines = linesOf(answer, maxLines);
    if (answer.windows.length === 0) {
      const empty = document.createElement("div");
      empty.className = "empty";
      empty.textContent = "no data in this range";
      container.appendChild(empty);
      return;
    }
    const columns = columnsOf(lines, stacked);
    const series = [{
      label: "window",
      value: (u, t, s, i) => i == null || t == null ? "–" : instant(t) + (columns.open.has(t) ? " (open)" : ""),
    }];
    lines.forEach((line, k) => series.push({
      label: line.label,
      stroke: COLORS[k % COLORS.length],
      width: 1.5,
      fill: stacked ? COLORS[k % COLORS.length] + "55" : undefined,
      points: { show: columns.times.length <= 90 },
      // Stacked lines are drawn at their running sum; the legend shows the line's own value.
      value: (u, v, s, i) => i == null ? "–" : format(columns.values[k][i]),
    }));
    const options = {
      width: Math.max(320, container.clientWidth || 600),
      height,
      series,
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: {
        // The whole range asked for, however few buckets have data.
        x: { time: true, range: () => [Date.parse(answer.window_start) / 1000, Date.parse(answer.window_end) / 1000] },
        y: { range: (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
      },
      axes: [{ values: (u, ticks) => ticks.map(clock) }, { size: 64, values: (u, ticks) => ticks.map(format) }],
      bands: stacked ? lines.slice(1).map((_, k) => ({ series: [k + 2, k + 1] })) : [],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      hooks: { drawClear: [openBand(columns)] },
    };
    container.uplotChart = new uPlot(options, [columns.times, ...columns.drawn], container);
  }

  /** Fills a <table> with one row per group: its dimension value and total, largest first. */
  function drawBreakdown(table, groups, dimension, onPick) {
    table.replaceChildren();
    const head = table.createTHead().insertRow();
    head.insertCell().textContent = dimension;
    head.insertCell().textContent = "total";
    const body = table.createTBody();
    groups.forEach(group => {
      const row = body.insertRow();
      const value = group.dimensions[dimension];
      row.dataset.value = value;
      row.dataset.total = String(group.total);
      row.insertCell().textContent = value === "" ? "(none)" : value;
      row.insertCell().textContent = format(group.total);
      if (onPick) row.addEventListener("click", () => onPick(value));
    });
  }

  return { rangeQuery, get, drawChart, drawBreakdown, format };
})();
