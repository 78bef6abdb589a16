// Live preview of a mail template: as the organizer types, the server renders it for the chosen recipient.
(() => {
  const form = document.getElementById("template-form");
  const htmlForm = document.getElementById("preview-html-form");
  if (!form || !htmlForm) return;
  const out = (name) => document.querySelector(`[data-preview="${name}"]`);
  let timer = 0;
  let seq = 0;

  async function refresh() {
    const mine = ++seq;
    const data = new FormData(form);
    for (const input of htmlForm.querySelectorAll("input[type=hidden][name^='Form.']")) {
      input.value = data.get(input.name) ?? "";
    }
    htmlForm.requestSubmit();
    try {
      const response = await fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" });
      if (!response.ok || mine !== seq) return;
      const p = await response.json();
      const errors = out("errors");
      errors.replaceChildren(...p.errors.map((m) => Object.assign(document.createElement("li"), { textContent: m })));
      errors.hidden = p.errors.length === 0;
      out("subject").textContent = p.subject ?? "";
      out("text").textContent = p.text ?? "";
      out("recipient").textContent = `for ${p.recipient}`;
    } catch {
      // A failed preview leaves the last one on screen; saving still checks everything.
    }
  }

  form.addEventListener("input", () => { window.clearTimeout(timer); timer = window.setTimeout(refresh, 400); });
  form.addEventListener("change", (e) => { if (e.target instanceof HTMLSelectElement) refresh(); });
  refresh();
})();
