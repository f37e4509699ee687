// coachcards serve: the page. The program lives in state.js; every change is sent to the server,
// which writes it as a program file, renders the packet and answers with page images or with
// the CLI's `path:line: message` problems, shown next to the field that caused them.
// ES modules served as they are: no build step.

import { $, say } from "./dom.js";
import { bindSearch, learnNames, search } from "./library.js";
import { bindFields, drawPlan, showFields } from "./plan.js";
import { download, post, preview, showRequestError } from "./preview.js";
import { changed, state, whenChanged } from "./state.js";

async function openFile(event) {
  const file = event.target.files[0];
  event.target.value = "";
  if (!file) return;
  const answer = await post("/api/open", { name: file.name, text: await file.text() });
  if (!answer.ok) { await showRequestError(answer); return; }
  state.program = (await answer.json()).program;
  await learnNames(state.program);
  say(`Opened ${file.name}.`);
  showFields();
  changed(true, true);
}

async function start() {
  whenChanged(() => { drawPlan(); showFields(); }, preview);
  bindFields();
  showFields();
  bindSearch();
  $("download-packet").addEventListener("click", () => download("/api/packet", "packet"));
  $("download-program").addEventListener("click", () => download("/api/program", "program"));
  $("open-file").addEventListener("change", openFile);
  await learnNames(state.program);
  drawPlan();
  search();
  preview();
}

start();
