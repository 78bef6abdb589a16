import { send, problemText, newKey, drafts, markPending, clearPending, OfflineError } from "./api.js";
import { matchSpeakers, inferKind } from "./speakers.js";

// Live capture: speaker letters, Tab, the remark, Enter. Each statement goes into a queue kept in localStorage and is
// sent in order in the background, so typing never waits for the server and nothing is lost if it is unreachable.
const root = document.getElementById("live");
if (root) start(root);

function start(root) {
  const api = root.dataset.api;
  const pid = root.dataset.presentation;
  const $ = (id) => document.getElementById(id);
  const speakerBox = $("live-speaker"), suggest = $("live-suggest"), textBox = $("live-text"), chosenEl = $("live-chosen");
  const audienceBox = $("live-audience"), kindEl = $("live-kind"), listEl = $("live-list"), queueState = $("live-queue");
  let speakers = [];
  let options = [];
  let active = 0;
  let chosen = undefined; // undefined: not chosen; null: unidentified; object: a speaker
  let kindTouched = false;

  // Speakers come from the API; until they arrive only "?" can be chosen.
  send("GET", api).then((res) => {
    if (res.ok) speakers = res.data.speakers;
    root.dataset.ready = "1";
  }).catch(() => { root.dataset.ready = "1"; });

  function renderSuggestions() {
    suggest.replaceChildren();
    const q = speakerBox.value.replace(/@$/, "");
    if (q.trim() === "?") {
      options = [null];
    } else {
      options = matchSpeakers(speakers, q).slice(0, 6);
    }
    active = Math.min(active, Math.max(0, options.length - 1));
    options.forEach((s, i) => {
      const li = document.createElement("li");
      li.textContent = s ? s.fullName + (s.mayBeNamed ? "" : " · not named") + (s.presenter ? " · presenter" : "") : "Unidentified speaker";
      if (i === active) li.className = "active";
      suggest.append(li);
    });
    suggest.hidden = options.length === 0 || !speakerBox.value;
  }

  function choose() {
    const raw = speakerBox.value.trim();
    const audience = raw.endsWith("@");
    if (!raw || options.length === 0) {
      chosenEl.textContent = raw ? `No one matches “${raw}”. Type ? for an unidentified speaker.` : "Type a few letters of the speaker, or ? if you do not know.";
      chosenEl.dataset.state = "error";
      return false;
    }
    chosen = options[active];
    audienceBox.checked = audience || Boolean(chosen && chosen.observer);
    chosenEl.textContent = chosen ? chosen.fullName : "Unidentified speaker";
    chosenEl.dataset.state = "ok";
    suggest.hidden = true;
    return true;
  }

  speakerBox.addEventListener("input", () => { active = 0; chosen = undefined; renderSuggestions(); });
  speakerBox.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : -1) + options.length) % Math.max(1, options.length);
      renderSuggestions();
    } else if (e.key === "Tab" && !e.shiftKey || e.key === "Enter") {
      e.preventDefault();
      if (choose()) textBox.focus();
    }
  });

  textBox.addEventListener("input", () => { if (!kindTouched) kindEl.value = inferKind(textBox.value); });
  kindEl.addEventListener("change", () => { kindTouched = true; });
  textBox.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      capture();
    } else if (e.key === "Escape") {
      speakerBox.focus();
      speakerBox.select();
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.altKey && (e.key === "a" || e.key === "A")) { e.preventDefault(); audienceBox.checked = !audienceBox.checked; }
  });

  function capture() {
    const text = textBox.value.trim();
    if (chosen === undefined) { speakerBox.focus(); choose(); return; }
    if (!text) { chosenEl.textContent = "Type the statement before pressing Enter."; chosenEl.dataset.state = "error"; return; }
    const item = { clientKey: newKey(), speakerId: chosen ? chosen.id : null, who: chosen ? chosen.fullName : "Unidentified",
      audience: audienceBox.checked, kind: kindEl.value, text };
    const queue = loadQueue();
    queue.push(item);
    saveQueue(queue);
    show(item, "pending");
    textBox.value = "";
    speakerBox.value = "";
    chosen = undefined;
    kindTouched = false;
    kindEl.value = "remark";
    audienceBox.checked = false;
    chosenEl.textContent = "";
    suggest.hidden = true;
    speakerBox.focus();
    pump();
  }

  function show(item, state) {
    const li = document.createElement("li");
    li.dataset.key = item.clientKey;
    li.className = "live-item " + state;
    const who = document.createElement("strong");
    who.textContent = item.who + (item.audience ? " (audience)" : "");
    const what = document.createElement("span");
    what.textContent = " " + item.text;
    const st = document.createElement("small");
    st.className = "live-state";
    st.textContent = state === "pending" ? " sending…" : "";
    li.append(who, what, st);
    listEl.append(li);
    li.scrollIntoView({ block: "nearest" });
  }

  function markItem(li, item, ok) {
    li.className = "live-item " + (ok ? "saved" : "failed");
    li.querySelector(".live-state").textContent = ok ? "" : ` not saved: ${item.error}`;
    if (!ok && !li.querySelector("button")) {
      const dismiss = document.createElement("button");
      dismiss.type = "button";
      dismiss.className = "button secondary small";
      dismiss.textContent = "Dismiss";
      dismiss.addEventListener("click", () => {
        drafts.put(pid, "live-failed", { items: failed().filter((x) => x.clientKey !== item.clientKey) });
        li.remove();
      });
      li.append(dismiss);
    }
  }

  const failed = () => drafts.get(pid, "live-failed")?.items ?? [];
  const loadQueue = () => drafts.get(pid, "live-queue")?.items ?? [];
  const saveQueue = (items) => items.length ? drafts.put(pid, "live-queue", { items }) : drafts.remove(pid, "live-queue");

  let sending = false;
  async function pump() {
    if (sending) return;
    sending = true;
    try {
      for (let queue = loadQueue(); queue.length; queue = loadQueue()) {
        const item = queue[0];
        const li = listEl.querySelector(`[data-key="${item.clientKey}"]`);
        queueState.textContent = `${queue.length} waiting to be saved…`;
        let res;
        try {
          res = await send("POST", `${api}/statements`, { speakerId: item.speakerId, audience: item.audience, kind: item.kind, text: item.text, clientKey: item.clientKey });
        } catch (e) {
          if (!(e instanceof OfflineError)) throw e;
          markPending("live", e.message);
          queueState.textContent = `Offline: ${queue.length} statement(s) kept in this browser, retrying…`;
          setTimeout(pump, 3000);
          return;
        }
        clearPending("live");
        if (!res.ok) {
          // Refused (locked, or invalid): kept in this browser, listed until dismissed, never silently dropped.
          item.error = problemText(res.data);
          drafts.put(pid, "live-failed", { items: [...failed(), item] });
        }
        saveQueue(loadQueue().filter((x) => x.clientKey !== item.clientKey));
        if (li) markItem(li, item, res.ok);
      }
      queueState.textContent = "All saved.";
    } finally {
      sending = false;
    }
  }

  // Statements typed before a reload or an outage, not yet on the server.
  for (const item of loadQueue()) show(item, "pending");
  for (const item of failed()) { show(item, "failed"); markItem(listEl.lastElementChild, item, false); }
  window.addEventListener("online", pump);
  pump();
  speakerBox.focus();
}
