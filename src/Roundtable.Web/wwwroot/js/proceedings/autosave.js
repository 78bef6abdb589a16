import { send, OfflineError, problemText, drafts, markPending, clearPending } from "./api.js";

const RETRY_MS = 4000;

// Saves one editable thing (the summary, a statement) a moment after typing stops and when the field is left.
// Every save names the revision it started from; a 409 pauses saving and hands both versions to onConflict.
export class Saver {
  constructor({ pid, key, revision, collect, post, stateEl, onSaved, onConflict, delay = 2000 }) {
    Object.assign(this, { pid, key, revision, collect, post, stateEl, onSaved, onConflict, delay });
    this.lastSaved = JSON.stringify(collect());
    this.busy = false;
    this.again = false;
    this.paused = false;
    this.timer = null;
    Saver.all.add(this);
  }

  get dirty() { return JSON.stringify(this.collect()) !== this.lastSaved; }

  state(text, kind = "") {
    if (!this.stateEl) return;
    this.stateEl.textContent = text;
    this.stateEl.dataset.state = kind;
  }

  changed() {
    if (!this.dirty) return;
    drafts.put(this.pid, this.key, { payload: this.collect(), revision: this.revision });
    if (!this.paused) this.state("Unsaved changes…", "pending");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delay);
  }

  // Resolves once what is in the fields now is saved (or could not be).
  async flush() {
    clearTimeout(this.timer);
    if (this.paused) return false;
    if (this.busy) { this.again = true; return false; }
    const payload = this.collect();
    const body = JSON.stringify(payload);
    if (body === this.lastSaved) { drafts.remove(this.pid, this.key); return true; }
    this.busy = true;
    this.state("Saving…", "saving");
    let saved = false;
    try {
      const res = await this.post(payload, this.revision);
      if (res.skip) {
        this.state(res.message || "", "");
      } else if (res.ok) {
        this.revision = res.data.revision;
        this.lastSaved = body;
        saved = true;
        clearPending(this.key);
        if (JSON.stringify(this.collect()) === body) drafts.remove(this.pid, this.key);
        this.state("Saved", "saved");
        this.onSaved?.(res.data);
      } else if (res.status === 409) {
        this.paused = true;
        this.state("Not saved: someone saved a newer version", "conflict");
        this.onConflict?.(res.data.current, payload);
      } else if (res.status === 423) {
        this.state("Not saved: approved and locked. Your text is kept in this browser.", "error");
      } else {
        this.state("Not saved: " + problemText(res.data), "error");
      }
    } catch (e) {
      if (!(e instanceof OfflineError)) throw e;
      this.state("Offline: kept in this browser", "offline");
      markPending(this.key, e.message);
      this.timer = setTimeout(() => this.flush(), RETRY_MS);
    } finally {
      this.busy = false;
    }
    if (this.again) { this.again = false; return this.flush(); }
    return saved;
  }

  // After a conflict: carry on from the newer revision with whatever is in the fields then.
  resume(revision, savedPayload) {
    this.revision = revision;
    if (savedPayload) this.lastSaved = JSON.stringify(savedPayload);
    this.paused = false;
    this.state("", "");
  }
}
Saver.all = new Set();

window.addEventListener("online", () => Saver.all.forEach((s) => s.flush()));
