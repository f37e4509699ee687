// Small helpers for building the page: elements, labelled fields and buttons, the status line.

import { changed } from "./state.js";

export const $ = (id) => document.getElementById(id);

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

export function say(message) { $("status").textContent = message; }

let fieldCount = 0;

// a labelled input whose problems (id `err-<id>`, the server's field name) read under it
export function field(id, label, value, set, wide = false) {
  const inputId = `in-${++fieldCount}`;
  const error = el("p", { class: "error", id: `err-${id}`, hidden: true });
  const input = el("input", { id: inputId, value: value ?? "", "data-field": id, "aria-describedby": error.id });
  input.addEventListener("input", () => { set(input.value); changed(); });
  return el("div", { class: wide ? "field wide" : "field" }, el("label", { for: inputId, text: label }), input, error);
}

export function button(label, text, action, disabled = false) {
  return el("button", { type: "button", "aria-label": label, onclick: action, disabled: disabled || null, text });
}

export function focusButton(label, otherwise) {
  // after a redraw: the button the coach pressed, or the one beside it when that one is now off
  const buttons = [...document.querySelectorAll("#plan button")];
  const find = (name) => buttons.find((b) => b.getAttribute("aria-label") === name && !b.disabled);
  const target = find(label) || (otherwise && find(otherwise));
  if (target) target.focus();
}
