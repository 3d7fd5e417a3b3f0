// Pulse charts: fetches metric series from the API and draws them as SVG. No dependencies, so the
// embed stays small inside a customer's iframe. Every drawn point carries data-value and data-time,
// which is what the browser tests compare with the API's own answer.
"use strict";

const Pulse = (() => {
  const SVG = "http://www.w3.org/2000/svg";

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

  function element(name, attributes, parent) {
    const node = document.createElementNS(SVG, name);
    Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
    if (parent) parent.appendChild(node);
    return node;
  }

  function format(value) {
    if (Math.abs(value) >= 1000) return value.toLocaleString(undefined, { maximumFractionDigits: 0 });
    return value.toLocaleString(undefined, { maximumFractionDigits: 3 });
  }

  /** Draws windows as a line with one circle per point into an <svg>, replacing what was there. */
  function drawSeries(svg, windows) {
    const width = 600, height = 200, pad = 36;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.replaceChildren();
    if (windows.length === 0) {
      element("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, svg).textContent = "no data in this range";
      return;
    }
    const times = windows.map(b => Date.parse(b.window_start));
    const values = windows.map(b => b.value);
    const t0 = Math.min(...times), t1 = Math.max(...times, t0 + 1);
    const top = Math.max(...values, 0) || 1;
    const x = t => pad + (width - 2 * pad) * (t - t0) / (t1 - t0);
    const y = v => height - pad - (height - 2 * pad) * v / top;
    element("line", { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: "axis" }, svg);
    element("text", { x: 4, y: pad, class: "tick" }, svg).textContent = format(top);
    element("text", { x: pad, y: height - 8, class: "tick" }, svg).textContent = new Date(t0).toISOString().slice(11, 16);
    element("text", { x: width - pad, y: height - 8, "text-anchor": "end", class: "tick" }, svg).textContent =
      new Date(t1).toISOString().slice(11, 16);
    element("polyline", { points: windows.map((b, i) => `${x(times[i])},${y(values[i])}`).join(" "), class: "line" }, svg);
    windows.forEach((b, i) => {
      const point = element("circle", {
        cx: x(times[i]), cy: y(values[i]), r: 3, class: b.is_final ? "point final" : "point open",
        "data-time": b.window_start, "data-value": String(b.value),
      }, svg);
      element("title", {}, point).textContent = `${b.window_start}: ${format(b.value)}${b.is_final ? "" : " (still open)"}`;
    });
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

  return { rangeQuery, get, drawSeries, drawBreakdown, format };
})();
