// The program's own fields, and its days and exercises: added, renamed, moved and removed.

import { $, button, el, field, focusButton, say } from "./dom.js";
import { changed, entryName, state, visibleWeeks } from "./state.js";

const ENTRY_FIELDS = [
  ["sets", "Sets"], ["reps", "Reps"], ["load", "Load"],
  ["tempo", "Tempo"], ["rest", "Rest"], ["notes", "Notes"],
];

export function bindFields() {
  for (const input of document.querySelectorAll("[data-key]")) {
    const key = input.dataset.key;
    const error = el("p", { class: "error", id: `err-${key}`, hidden: true });
    input.closest(".field").append(error);
    input.setAttribute("aria-describedby", error.id);
    input.addEventListener("input", () => { state.program[key] = input.value; changed(); });
  }
  for (const box of document.querySelectorAll("input[name=part]")) {
    box.addEventListener("change", () => {
      state.program.include = [...document.querySelectorAll("input[name=part]:checked")].map((b) => b.value);
      changed(true);
    });
  }
  $("f-by_week").addEventListener("change", (event) => {
    state.program.by_week = event.target.checked;
    changed(true, true);
  });
}

export function showFields() {
  const { program } = state;
  for (const input of document.querySelectorAll("[data-key]")) {
    input.value = program[input.dataset.key] ?? "";
  }
  for (const box of document.querySelectorAll("input[name=part]")) {
    box.checked = program.include.includes(box.value);
  }
  $("f-by_week").checked = program.by_week;
  $("log-weeks-field").hidden = program.by_week;
}

export function drawPlan() {
  const { program } = state;
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

function dayLabel(week, day, w, d) {
  const name = day.name || `Day ${d + 1}`;
  return state.program.by_week ? `${name} of ${week.name || `week ${w + 1}`}` : name;
}

function drawDay(week, day, w, d) {
  const label = dayLabel(week, day, w, d);
  const section = el("section", { class: "day", "aria-label": label });
  const top = el("div", { class: "day-top" });
  top.append(field(`w${w}.d${d}.name`, "Day name", day.name, (v) => { day.name = v; }));
  if (week.days.length > 1) {
    const tools = el("div", { class: "tools" });
    tools.append(...moveButtons(week.days, d, label));
    tools.append(button(`Remove ${label}`, "Remove day", () => {
      week.days.splice(d, 1);
      say(`Removed ${label}.`);
      changed(true, true);
    }));
    top.append(tools);
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
  tools.append(...moveButtons(day.entries, e, name));
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

// "Move <name> up" and "Move <name> down" for a day or an exercise in its list
function moveButtons(list, index, name) {
  const up = `Move ${name} up`;
  const down = `Move ${name} down`;
  const move = (step, pressed, other) => () => {
    const target = index + step;
    if (target < 0 || target >= list.length) return;
    [list[index], list[target]] = [list[target], list[index]];
    say(`Moved ${name} ${step < 0 ? "up" : "down"}.`);
    changed(true, true);
    focusButton(pressed, other);
  };
  return [
    button(up, "↑", move(-1, up, down), index === 0),
    button(down, "↓", move(1, down, up), index === list.length - 1),
  ];
}

function drawTargets() {
  // the day that Add puts an exercise in: the last day unless the coach picks another
  const select = $("add-to") || makeTarget();
  const old = select.value;
  select.replaceChildren();
  visibleWeeks().forEach((week, w) => week.days.forEach((day, d) => {
    const label = state.program.by_week ? `${week.name || `Week ${w + 1}`} · ${day.name}` : day.name;
    select.append(el("option", { value: `${w}.${d}`, text: label || `Day ${d + 1}` }));
  }));
  select.value = [...select.options].some((o) => o.value === old) ? old : select.options[select.options.length - 1].value;
}

function makeTarget() {
  const select = el("select", { id: "add-to" });
  $("search-help").after(el("div", { class: "field" }, el("label", { for: "add-to", text: "Add to" }), select));
  return select;
}
