// The program being edited and what the page knows about exercises. Every change goes through
// `changed`: it keeps a copy in the browser (a reload loses nothing) and asks for a new preview.

export const choices = JSON.parse(document.getElementById("choices").textContent);
const STORE = "coachcards-program";

export function blankProgram() {
  return {
    title: "Training program", client: "", coach: "", gym: "", start: "", units: "kg",
    language: choices.languages[0] || "en", notes: "", theme: choices.theme || choices.themes[0], size: "",
    include: ["cover", "contents", "schedule", "handouts", "log"], by_week: false, log_weeks: "",
    weeks: [{ name: "Week 1", days: [{ name: "Day 1", entries: [] }] }],
  };
}

export const state = { program: load() };
export const names = {}; // slug -> the exercise's name on the page, learned from the server

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE));
    if (saved && Array.isArray(saved.weeks) && saved.weeks.length) return saved;
  } catch (error) { /* a damaged saved copy: start afresh */ }
  return blankProgram();
}

function save() {
  try { localStorage.setItem(STORE, JSON.stringify(state.program)); } catch (error) { /* full */ }
}

export function entryName(entry) { return names[entry.exercise] || entry.exercise; }

export function visibleWeeks() {
  const { program } = state;
  return program.by_week ? program.weeks : program.weeks.slice(0, 1);
}

export function entryCount() {
  return visibleWeeks().reduce((n, week) => n + week.days.reduce((m, day) => m + day.entries.length, 0), 0);
}

export function payload() { return { ...state.program, weeks: visibleWeeks() }; }

// what a change sets off, given by app.js (so this module needs neither the plan nor the preview)
const after = { redraw: () => {}, preview: () => {} };
let previewTimer = null;

export function whenChanged(redraw, preview) { Object.assign(after, { redraw, preview }); }

export function changed(structure = false, redraw = false) {
  save();
  if (redraw) after.redraw();
  // busy from the change on, not from the request: a test (or a screen reader) waiting for the
  // preview to settle never sees the old pages as the new ones
  document.getElementById("pages").setAttribute("aria-busy", "true");
  clearTimeout(previewTimer);
  previewTimer = setTimeout(after.preview, structure ? 0 : 150);
}
