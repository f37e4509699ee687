// The library column: search, thumbnails, Add, and one card or handout of an exercise.

import { $, button, el, say } from "./dom.js";
import { post, saveFile, showRequestError } from "./preview.js";
import { changed, names, state, visibleWeeks } from "./state.js";

let searchTimer = null;
let searchSeq = 0;

export function bindSearch() {
  $("search").addEventListener("input", () => {
    $("results").setAttribute("aria-busy", "true"); // until the latest search is shown
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, 120);
  });
}

export async function search() {
  const seq = ++searchSeq;
  const query = $("search").value;
  const answer = await fetch(`/api/search?q=${encodeURIComponent(query)}`);
  if (seq !== searchSeq || !answer.ok) return;
  const { results, total, hint } = await answer.json();
  if (seq !== searchSeq) return;
  $("result-count").textContent = total > results.length
    ? `${total} exercises match; the first ${results.length} are shown.`
    : total ? `${total} exercise${total === 1 ? "" : "s"} match.`
      : `No exercise matches${hint ? `; ${hint}` : "."}`;
  $("results").replaceChildren(...results.map(resultRow));
  $("results").removeAttribute("aria-busy");
}

function resultRow(row) {
  // row.name is unique in the library ("Pull Down: Underhand (cable)" when two share a name)
  names[row.slug] = row.name;
  const picture = row.drawing
    ? el("img", { src: `/thumb/${encodeURIComponent(row.slug)}.png`, alt: "", loading: "lazy", width: 96, height: 64 })
    : el("span", { class: "no-drawing", "aria-hidden": "true" });
  const detail = [row.muscles.join(", "), row.equipment.join(", ")].filter(Boolean).join(" · ");
  const errors = el("ul", { class: "errors" });
  return el("li", { class: "result" }, picture,
    el("div", { class: "result-text" }, el("span", { class: "name", text: row.name }),
      el("span", { class: "detail", text: detail })),
    el("div", { class: "tools" },
      button(`Add ${row.name}`, "Add", () => add(row)),
      button(`Download card: ${row.name}`, "Card", () => single(row, "card", errors)),
      button(`Download handout: ${row.name}`, "Handout", () => single(row, "handout", errors))),
    errors);
}

async function add(row) {
  const answer = await post("/api/entry", { exercise: row.slug });
  if (!answer.ok) { showRequestError(answer); return; }
  const { entry, name } = await answer.json();
  names[row.slug] = name;
  const [w, d] = $("add-to").value.split(".").map(Number);
  const day = visibleWeeks()[w].days[d];
  day.entries.push(entry);
  say(`Added ${name} to ${day.name}.`);
  changed(true, true);
}

async function single(row, kind, errors) {
  errors.replaceChildren();
  say(`Making the ${kind} of ${row.name}…`);
  const answer = await post("/api/single", {
    exercise: row.slug, kind, size: $("single-size").value, profile: $("single-profile").value,
    landscape: $("single-landscape").checked, theme: state.program.theme,
  });
  if (answer.ok) { await saveFile(answer); say(`Downloaded the ${kind} of ${row.name}.`); return; }
  const body = await answer.json();
  errors.append(...(body.problems || []).map((p) => el("li", { text: `Refused: ${p.text}` })));
  if (!body.problems?.length) errors.append(el("li", { text: body.error }));
  say(`The ${kind} of ${row.name} was refused; see why below it.`);
}

// names of exercises in an opened or saved program, which no search has shown yet
export async function learnNames(program) {
  const unknown = new Set();
  for (const week of program.weeks) for (const day of week.days) for (const entry of day.entries) {
    if (!names[entry.exercise]) unknown.add(entry.exercise);
  }
  await Promise.all([...unknown].map(async (slug) => {
    const answer = await post("/api/entry", { exercise: slug });
    if (answer.ok) names[slug] = (await answer.json()).name;
  }));
}
