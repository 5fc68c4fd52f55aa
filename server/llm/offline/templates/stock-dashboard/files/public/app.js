// Fetches /api/prices and renders the quotes table, refreshing every few seconds. The rendering functions
// are pure and exported so they can be tested without a browser.

export const API_URL = "/api/prices";
export const REFRESH_MS = 3000;

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export function formatPrice(value) {
  return money.format(value);
}

export function formatChange(value, suffix = "") {
  const sign = value > 0 ? "+" : value < 0 ? "−" : "";
  return `${sign}${Math.abs(value).toFixed(2)}${suffix}`;
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** An inline SVG line of the recent prices. */
export function sparkline(history, width = 120, height = 28) {
  if (history.length < 2) return "";
  const min = Math.min(...history);
  const max = Math.max(...history);
  const span = max - min || 1;
  const points = history
    .map((p, i) => `${((i / (history.length - 1)) * width).toFixed(1)},${(height - ((p - min) / span) * height).toFixed(1)}`)
    .join(" ");
  const trend = history[history.length - 1] >= history[0] ? "up" : "down";
  return `<svg class="spark ${trend}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true"><polyline points="${points}" /></svg>`;
}

export function renderRows(quotes) {
  return quotes
    .map((q) => {
      const direction = q.change > 0 ? "up" : q.change < 0 ? "down" : "flat";
      return (
        `<tr data-symbol="${escapeHtml(q.symbol)}">` +
        `<th scope="row">${escapeHtml(q.symbol)}</th>` +
        `<td>${escapeHtml(q.name)}</td>` +
        `<td class="num">${formatPrice(q.price)}</td>` +
        `<td class="num ${direction}">${formatChange(q.change)}</td>` +
        `<td class="num ${direction}">${formatChange(q.changePercent, " %")}</td>` +
        `<td>${sparkline(q.history ?? [])}</td>` +
        `</tr>`
      );
    })
    .join("");
}

export async function refresh(doc, fetchImpl = fetch) {
  const status = doc.getElementById("status");
  const error = doc.getElementById("error");
  try {
    const res = await fetchImpl(API_URL, { headers: { accept: "application/json" } });
    if (!res.ok) throw new Error(`The server answered ${res.status}`);
    const body = await res.json();
    doc.getElementById("quotes").innerHTML = renderRows(body.quotes);
    status.textContent = `Updated ${new Date(body.asOf).toLocaleTimeString()}`;
    error.hidden = true;
  } catch (err) {
    error.textContent = `Could not load prices: ${err.message}. Retrying…`;
    error.hidden = false;
  }
}

export function start(doc = document, { fetchImpl = fetch, every = REFRESH_MS } = {}) {
  refresh(doc, fetchImpl);
  return setInterval(() => refresh(doc, fetchImpl), every);
}

if (typeof document !== "undefined") start();
