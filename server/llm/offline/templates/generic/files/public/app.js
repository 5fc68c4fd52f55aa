// Lists, adds and removes __ENTITIES__ through the API. Rendering is pure and exported for tests.
export const API = "/api/__ROUTE__";

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

export function parseTags(text) {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

export function renderItems(items) {
  return items
    .map(
      (item) =>
        `<li data-id="${escapeHtml(item.id)}"><strong>${escapeHtml(item.title)}</strong>` +
        (item.notes ? ` <span class="notes">${escapeHtml(item.notes)}</span>` : "") +
        item.tags.map((t) => ` <span class="tag">${escapeHtml(t)}</span>`).join("") +
        ` <button type="button" data-remove="${escapeHtml(item.id)}" aria-label="Remove ${escapeHtml(item.title)}">Remove</button></li>`,
    )
    .join("");
}

export function createClient(fetchImpl = fetch) {
  const request = async (path, init) => {
    const res = await fetchImpl(path, init);
    const body = res.status === 204 ? null : await res.json();
    if (!res.ok) throw new Error(body?.error ?? `The server answered ${res.status}`);
    return body;
  };
  const json = (method, body) => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return {
    list: (q = "") => request(q ? `${API}?q=${encodeURIComponent(q)}` : API),
    add: (input) => request(API, json("POST", input)),
    remove: (id) => request(`${API}/${encodeURIComponent(id)}`, { method: "DELETE" }),
  };
}

function start(doc) {
  const client = createClient();
  const list = doc.getElementById("items");
  const error = doc.getElementById("error");
  const search = doc.getElementById("search");
  const show = (err) => {
    error.textContent = err ? err.message : "";
    error.hidden = !err;
  };
  const refresh = async () => {
    try {
      const items = await client.list(search.value);
      list.innerHTML = renderItems(items);
      doc.getElementById("empty").hidden = items.length > 0;
      show(null);
    } catch (err) {
      show(err);
    }
  };
  doc.getElementById("add-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    try {
      await client.add({ title: data.get("title"), notes: data.get("notes"), tags: parseTags(data.get("tags")) });
      form.reset();
      await refresh();
    } catch (err) {
      show(err);
    }
  });
  list.addEventListener("click", async (event) => {
    const id = event.target.dataset?.remove;
    if (!id) return;
    try {
      await client.remove(id);
      await refresh();
    } catch (err) {
      show(err);
    }
  });
  search.addEventListener("input", refresh);
  refresh();
}

if (typeof document !== "undefined") start(document);
