// Talking to the proceedings API. Anything that means "try again later" (no network, a server error, a lost
// sign-in) is an OfflineError: the caller keeps the text in this browser and resends it.
export class OfflineError extends Error {}

export async function send(method, url, body) {
  let res;
  try {
    res = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { Accept: "application/json" } : { "Content-Type": "application/json", Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new OfflineError("The server cannot be reached.");
  }
  if (res.status === 401) {
    throw new OfflineError("You were signed out. Sign in again in another tab; your text is kept here and will be sent.");
  }
  if (res.status >= 500) {
    throw new OfflineError(`The server answered ${res.status}.`);
  }
  const type = res.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await res.json() : null;
  return { status: res.status, ok: res.status >= 200 && res.status < 300, data };
}

// The message a person should read from a problem-details answer.
export function problemText(data) {
  if (!data) return "The change was refused.";
  if (data.errors) {
    return Object.values(data.errors).flat().join(" ");
  }
  return data.detail || data.title || "The change was refused.";
}

export function newKey() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
  return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
}

// Drafts live in localStorage until the server has them, so closing the tab or losing the network loses nothing.
const prefix = (pid) => `roundtable:draft:${pid}:`;

export const drafts = {
  put(pid, key, value) {
    try { localStorage.setItem(prefix(pid) + key, JSON.stringify({ ...value, at: Date.now() })); } catch { /* storage full or disabled */ }
  },
  get(pid, key) {
    try { return JSON.parse(localStorage.getItem(prefix(pid) + key) || "null"); } catch { return null; }
  },
  remove(pid, key) {
    try { localStorage.removeItem(prefix(pid) + key); } catch { /* ignore */ }
  },
  all(pid) {
    const out = [];
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i);
        if (k && k.startsWith(prefix(pid))) out.push({ key: k.slice(prefix(pid).length), value: JSON.parse(localStorage.getItem(k)) });
      }
    } catch { /* ignore */ }
    return out;
  },
};

// One banner for "not everything is on the server yet".
const pending = new Set();
export function markPending(id, message) {
  pending.add(id);
  const banner = document.getElementById("offline-banner");
  if (banner) {
    banner.hidden = false;
    banner.textContent = (message || "The server cannot be reached.") + " Your text is kept in this browser and will be sent when the connection is back.";
  }
}
export function clearPending(id) {
  pending.delete(id);
  const banner = document.getElementById("offline-banner");
  if (banner && pending.size === 0) banner.hidden = true;
}
