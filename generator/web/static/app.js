// coachcards serve: the page. The program lives here, in `program`; every change is sent to the
// server, which writes it as a program file, renders the packet and answers with page images
// or with the CLI's `path:line: message` problems, shown next to the field that caused them.
"use strict";

const choices = JSON.parse(document.getElementById("choices").textContent);
const STORE = "coachcards-program";
const ENTRY_FIELDS = [
  ["sets", "Sets"], ["reps", "Reps"], ["load", "Load"],
  ["tempo", "Tempo"], ["rest", "Rest"], ["notes", "Notes"],
];
const $ = (id) => document.getElementById(id);

function blankProgram() {
  return {
    title: "Training program", client: "", coach: "", gym: "", start: "", units: "kg",
    language: choices.languages[0] || "en", notes: "", theme: choices.theme || choices.themes[0], size: "",
    include: ["cover", "contents", "schedule", "handouts", "log"], by_week: false, log_weeks: "",
    weeks: [{ name: "Week 1", days: [{ name: "Day 1", entries: [] }] }],
  };
}

let program = load();
const names = {}; // slug -> exercise name, learned from search results and the server

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE));
    if (saved && Array.isArray(saved.weeks) && saved.weeks.length) return saved;
  } catch (error) { /* a damaged saved copy: start afresh */ }
  return blankProgram();
}

function save() {
  try { localStorage.setItem(STORE, JSON.stringify(program)); } catch (error) { /* full */ }
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function say(message) { $("status").textContent = message; }

function entryName(entry) { return names[entry.exercise] || entry.exercise; }

// ---- the program's own fields -----------------------------------------------------------------

function bindFields() {
  for (const input of document.querySelectorAll("[data-key]")) {
    const key = input.dataset.key;
    const error = el("p", { class: "error", id: `err-${key}`, hidden: true });
    input.closest(".field").append(error);
    input.setAttribute("aria-describedby", error.id);
    input.addEventListener("input", () => { program[key] = input.value; changed(); });
  }
  for (const box of document.querySelectorAll("input[name=part]")) {
    box.addEventListener("change", () => {
      program.include = [...document.querySelectorAll("input[name=part]:checked")].map((b) => b.value);
      changed(true);
    });
  }
  $("f-by_week").addEventListener("change", (event) => {
    program.by_week = event.target.checked;
    changed(true, true);
  });
}

function showFields() {
  for (const input of document.querySelectorAll("[data-key]")) {
    input.value = program[input.dataset.key] ?? "";
  }
  for (const box of document.querySelectorAll("input[name=part]")) {
    box.checked = program.include.includes(box.value);
  }
  $("f-by_week").checked = program.by_week;
  $("log-weeks-field").hidden = program.by_week;
}

// ---- days and exercises ----------------------------------------------------------------------

function visibleWeeks() { return program.by_week ? program.weeks : program.weeks.slice(0, 1); }

function drawPlan() {
  const plan = $("plan");
  plan.replaceChildren();
  visibleWeeks().forEach((week, w) => {
    const box = program.by_week ? el("fieldset", { class: "week" }) : el("div", { class: "week" });
    if (program.by_week) {
      box.append(el("legend", { text: week.name || `Week ${w + 1}` }));
      box.append(field(`w${w}.name`, "Week name", week.name, (v) => { week.name = v; }));
      if (program.weeks.length > 1) {
        box.append(button(`Remove week ${week.name || w + 1}`, "Remove week", () => {
          program.weeks.splice(w, 1); changed(true, true);
        }));
      }
    }
    week.days.forEach((day, d) => box.append(drawDay(week, day, w, d)));
    box.append(button(`Add a day${program.by_week ? ` to ${week.name || `week ${w + 1}`}` : ""}`,
      "Add day", () => {
        week.days.push({ name: `Day ${week.days.length + 1}`, entries: [] });
        changed(true, true);
      }));
    plan.append(box);
  });
  if (program.by_week) {
    plan.append(button("Add week", "Add week", () => {
      const last = program.weeks[program.weeks.length - 1];
      program.weeks.push({ name: `Week ${program.weeks.length + 1}`, days: structuredClone(last.days) });
      changed(true, true);
    }));
  }
  drawTargets();
}

function drawDay(week, day, w, d) {
  const section = el("section", { class: "day", "aria-label": day.name || `Day ${d + 1}` });
  const top = el("div", { class: "day-top" });
  top.append(field(`w${w}.d${d}.name`, "Day name", day.name, (v) => { day.name = v; }));
  if (week.days.length > 1) {
    top.append(button(`Remove day ${day.name || d + 1}`, "Remove day", () => {
      week.days.splice(d, 1); changed(true, true);
    }));
  }
  section.append(top);
  const list = el("ol", { class: "entries" });
  day.entries.forEach((entry, e) => list.append(drawEntry(day, entry, `w${w}.d${d}.e${e}`, e)));
  section.append(list);
  if (!day.entries.length) section.append(el("p", { class: "help", text: "No exercises yet: search the library and press Add." }));
  return section;
}

function drawEntry(day, entry, at, e) {
  const name = entryName(entry);
  const item = el("li", { class: "entry", "data-exercise": entry.exercise, "data-at": at });
  const head = el("div", { class: "entry-top" }, el("h3", { text: name }));
  const tools = el("div", { class: "tools" });
  tools.append(button(`Move ${name} up`, "↑", () => move(day, e, -1, `Move ${name} up`), e === 0));
  tools.append(button(`Move ${name} down`, "↓", () => move(day, e, 1, `Move ${name} down`),
    e === day.entries.length - 1));
  tools.append(button(`Remove ${name}`, "Remove", () => {
    day.entries.splice(e, 1);
    say(`Removed ${name}.`);
    changed(true, true);
    $("search").focus();
  }));
  head.append(tools);
  item.append(head);
  item.append(el("p", { class: "error", id: `err-${at}.exercise`, hidden: true }));
  const grid = el("div", { class: "entry-fields" });
  for (const [key, label] of ENTRY_FIELDS) {
    grid.append(field(`${at}.${key}`, label, entry[key], (v) => { entry[key] = v; }, key === "notes"));
  }
  item.append(grid);
  // a field's problem reads under the whole row, not squeezed under a narrow box
  item.append(el("div", { class: "field-errors" }, ...grid.querySelectorAll(".error")));
  item.append(el("ul", { class: "errors exercise-errors" }));
  return item;
}

function move(day, index, step, label) {
  const target = index + step;
  if (target < 0 || target >= day.entries.length) return;
  [day.entries[index], day.entries[target]] = [day.entries[target], day.entries[index]];
  changed(true, true);
  const again = [...document.querySelectorAll("#plan button")].find((b) => b.getAttribute("aria-label") === label);
  if (again && !again.disabled) again.focus();
}

let fieldCount = 0;

function field(id, label, value, set, wide = false) {
  const inputId = `in-${++fieldCount}`;
  const error = el("p", { class: "error", id: `err-${id}`, hidden: true });
  const input = el("input", { id: inputId, value: value ?? "", "data-field": id, "aria-describedby": error.id });
  input.addEventListener("input", () => { set(input.value); changed(); });
  return el("div", { class: wide ? "field wide" : "field" }, el("label", { for: inputId, text: label }), input, error);
}

function button(label, text, action, disabled = false) {
  return el("button", { type: "button", "aria-label": label, onclick: action, disabled: disabled || null, text });
}

function drawTargets() {
  // the day that Add puts an exercise in: the last day unless the coach picks another
  const select = $("add-to") || makeTarget();
  const old = select.value;
  select.replaceChildren();
  visibleWeeks().forEach((week, w) => week.days.forEach((day, d) => {
    const label = program.by_week ? `${week.name || `Week ${w + 1}`} · ${day.name}` : day.name;
    select.append(el("option", { value: `${w}.${d}`, text: label || `Day ${d + 1}` }));
  }));
  select.value = [...select.options].some((o) => o.value === old) ? old : select.options[select.options.length - 1].value;
}

function makeTarget() {
  const select = el("select", { id: "add-to" });
  $("search-help").after(el("div", { class: "field" }, el("label", { for: "add-to", text: "Add to" }), select));
  return select;
}

// ---- library ---------------------------------------------------------------------------------

let searchTimer = null;
let searchSeq = 0;

async function search() {
  const seq = ++searchSeq;
  const query = $("search").value;
  const answer = await fetch(`/api/search?q=${encodeURIComponent(query)}`);
  if (seq !== searchSeq || !answer.ok) return;
  const { results, total, hint } = await answer.json();
  $("result-count").textContent = total > results.length
    ? `${total} exercises match; the first ${results.length} are shown.`
    : total ? `${total} exercise${total === 1 ? "" : "s"} match.`
      : `No exercise matches${hint ? `; ${hint}` : "."}`;
  $("results").replaceChildren(...results.map(resultRow));
}

function resultRow(row) {
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
    landscape: $("single-landscape").checked, theme: program.theme,
  });
  if (answer.ok) { await saveFile(answer); say(`Downloaded the ${kind} of ${row.name}.`); return; }
  const body = await answer.json();
  errors.append(...(body.problems || []).map((p) => el("li", { text: `Refused: ${p.text}` })));
  if (!body.problems?.length) errors.append(el("li", { text: body.error }));
  say(`The ${kind} of ${row.name} was refused; see why below it.`);
}

// ---- preview, problems, downloads ------------------------------------------------------------

let previewTimer = null;
let previewAbort = null;

function changed(structure = false, redraw = false) {
  save();
  if (redraw) { drawPlan(); showFields(); }
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, structure ? 0 : 150);
}

function entryCount() {
  return visibleWeeks().reduce((n, week) => n + week.days.reduce((m, day) => m + day.entries.length, 0), 0);
}

async function preview() {
  if (previewAbort) previewAbort.abort();
  if (!entryCount()) {
    showProblems([]);
    $("pages").replaceChildren();
    $("page-count").textContent = "Add exercises to see the packet.";
    return;
  }
  previewAbort = new AbortController();
  $("pages").setAttribute("aria-busy", "true");
  let answer;
  try {
    answer = await post("/api/preview", { program: payload() }, previewAbort.signal);
  } catch (error) {
    if (error.name !== "AbortError") say("The server does not answer. Is coachcards serve still running?");
    return;
  }
  if (answer.status === 409) return; // a newer change is on its way
  $("pages").removeAttribute("aria-busy");
  if (!answer.ok) { showRequestError(answer); return; }
  let body;
  try {
    body = await answer.json(); // a newer change may abort the request while its body arrives
  } catch (error) {
    if (error.name !== "AbortError") say("The server's answer was cut short; the preview will retry.");
    return;
  }
  showProblems(body.problems);
  if (body.problems.length) {
    $("page-count").textContent = "The packet has problems; they are shown next to what caused them.";
    return;
  }
  showPages(body.token, body.pages);
}

function showPages(token, count) {
  const pages = $("pages");
  $("page-count").textContent = `${count} page${count === 1 ? "" : "s"}`;
  while (pages.children.length > count) pages.lastChild.remove();
  for (let n = 1; n <= count; n++) {
    let image = pages.children[n - 1];
    if (!image) {
      image = el("img", { loading: n <= 4 ? "eager" : "lazy" });
      // the server forgets old previews (it keeps a few): ask for a fresh one, once per token
      image.addEventListener("error", () => {
        if (image.dataset.retried !== image.src) { image.dataset.retried = image.src; changed(true); }
      });
      pages.append(image);
    }
    image.alt = `Page ${n} of ${count}`;
    image.src = `/preview/${token}/${n}.png`;
  }
}

function payload() {
  return { ...program, weeks: program.by_week ? program.weeks : program.weeks.slice(0, 1) };
}

function showProblems(problems) {
  for (const node of document.querySelectorAll(".error")) { node.hidden = true; node.textContent = ""; }
  for (const node of document.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  for (const node of document.querySelectorAll(".exercise-errors")) node.replaceChildren();
  const general = [];
  for (const problem of problems) {
    const target = problem.field && document.getElementById(`err-${problem.field}`);
    if (target) {
      target.hidden = false;
      target.textContent = target.textContent ? `${target.textContent}\n${problem.text}` : problem.text;
      const input = document.querySelector(`[aria-describedby="${CSS.escape(target.id)}"]`);
      if (input) input.setAttribute("aria-invalid", "true");
    } else if (problem.exercise && document.querySelector(`.entry[data-exercise="${CSS.escape(problem.exercise)}"]`)) {
      for (const item of document.querySelectorAll(`.entry[data-exercise="${CSS.escape(problem.exercise)}"] .exercise-errors`)) {
        item.append(el("li", { text: problem.text }));
      }
    } else {
      general.push(problem.text);
    }
  }
  $("general-errors").replaceChildren(...general.map((text) => el("li", { text })));
}

async function showRequestError(answer) {
  let message = `The server refused the request (${answer.status}).`;
  try {
    const body = await answer.json();
    if (body.problems?.length) { showProblems(body.problems); message = body.error; } else message = body.error || message;
  } catch (error) { /* not JSON */ }
  say(message);
}

function post(url, body, signal) {
  return fetch(url, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal,
  });
}

async function saveFile(answer) {
  const disposition = answer.headers.get("content-disposition") || "";
  const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || "coachcards.pdf";
  const url = URL.createObjectURL(await answer.blob());
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function download(url, what) {
  say(`Making the ${what}…`);
  const answer = await post(url, { program: payload() });
  if (!answer.ok) { await showRequestError(answer); return; }
  await saveFile(answer);
  say(`Downloaded the ${what}.`);
}

async function openFile(event) {
  const file = event.target.files[0];
  event.target.value = "";
  if (!file) return;
  const answer = await post("/api/open", { name: file.name, text: await file.text() });
  if (!answer.ok) { await showRequestError(answer); return; }
  program = (await answer.json()).program;
  await learnNames();
  say(`Opened ${file.name}.`);
  showFields();
  changed(true, true);
}

async function learnNames() {
  const unknown = new Set();
  for (const week of program.weeks) for (const day of week.days) for (const entry of day.entries) {
    if (!names[entry.exercise]) unknown.add(entry.exercise);
  }
  await Promise.all([...unknown].map(async (slug) => {
    const answer = await post("/api/entry", { exercise: slug });
    if (answer.ok) names[slug] = (await answer.json()).name;
  }));
}

async function start() {
  bindFields();
  showFields();
  $("search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 120); });
  $("download-packet").addEventListener("click", () => download("/api/packet", "packet"));
  $("download-program").addEventListener("click", () => download("/api/program", "program"));
  $("open-file").addEventListener("change", openFile);
  await learnNames();
  drawPlan();
  search();
  preview();
}

start();
