// The preview column and the server's answers: page images, problems placed next to the field or
// exercise that caused them (in the CLI's `path:line: message` words), and downloads.

import { $, el, say } from "./dom.js";
import { changed, entryCount, payload } from "./state.js";

let previewAbort = null;

export async function preview() {
  if (previewAbort) previewAbort.abort();
  if (!entryCount()) {
    showProblems([]);
    $("pages").replaceChildren();
    $("pages").removeAttribute("aria-busy");
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
  if (!answer.ok) { $("pages").removeAttribute("aria-busy"); showRequestError(answer); return; }
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
  } else {
    showPages(body.token, body.pages);
  }
  $("pages").removeAttribute("aria-busy");
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

export function showProblems(problems) {
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

export async function showRequestError(answer) {
  let message = `The server refused the request (${answer.status}).`;
  try {
    const body = await answer.json();
    if (body.problems?.length) { showProblems(body.problems); message = body.error; } else message = body.error || message;
  } catch (error) { /* not JSON */ }
  say(message);
}

export function post(url, body, signal) {
  return fetch(url, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal,
  });
}

export async function saveFile(answer) {
  const disposition = answer.headers.get("content-disposition") || "";
  const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || "coachcards.pdf";
  const url = URL.createObjectURL(await answer.blob());
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export async function download(url, what) {
  say(`Making the ${what}…`);
  const answer = await post(url, { program: payload() });
  if (!answer.ok) { await showRequestError(answer); return; }
  await saveFile(answer);
  say(`Downloaded the ${what}.`);
}
