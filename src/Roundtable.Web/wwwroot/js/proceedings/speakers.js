// Type-ahead for the live capture speaker box: a few letters of any name someone goes by.
export function matchSpeakers(speakers, query) {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const scored = [];
  for (const s of speakers) {
    const words = [s.fullName, s.nameInPrint, s.shortNames]
      .join(" ").toLowerCase().split(/[\s,]+/).filter(Boolean);
    const surname = (s.surname || "").toLowerCase();
    const full = s.fullName.toLowerCase();
    const print = s.nameInPrint.toLowerCase();
    let score = 0;
    if (surname.startsWith(q)) score = 5;
    else if (full.startsWith(q) || print.startsWith(q)) score = 4;
    else if (words.some((w) => w.startsWith(q))) score = 3;
    else if (initials(full).startsWith(q) || initials(print).startsWith(q)) score = 2;
    else if (full.includes(q)) score = 1;
    if (score > 0) scored.push({ s, score });
  }
  scored.sort((a, b) => b.score - a.score || a.s.fullName.localeCompare(b.s.fullName));
  return scored.map((x) => x.s);
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).map((w) => w[0]).join("");
}

const QUESTION = /^(asked|wondered|questioned|inquired|enquired|queried|wanted to know)\b/i;
const REPLY = /^(replied|responded|answered|countered|in reply|in response)\b/i;

// The same first guess the server's notes parser makes.
export function inferKind(text) {
  const t = text.trim();
  if (QUESTION.test(t)) return "question";
  if (REPLY.test(t)) return "reply";
  return t.endsWith("?") ? "question" : "remark";
}
