/* Answer boxes (claimcheck.sphinxext.answerbox): the book's checker, claimcheck.answers, run in the reader's
 * browser by Pyodide.  Nothing loads until the first Check; then Pyodide, the SymPy and mpmath wheels and the
 * engine's core come from the site itself (_answers/, see _answers/manifest.json), never from elsewhere.
 * Answers stay in the browser: the last one per box is kept in localStorage, nothing is sent. */
(function () {
  "use strict";

  const SITE = new URL("../", document.currentScript.src); // this file is _static/answerbox.js
  const RUNTIME = new URL("_answers/", SITE);
  const STORE = "answerbox:" + location.pathname + ":";
  let checker = null; // a promise of the Python function check(text, key_json) -> verdict JSON

  function show(box, kind, text) {
    const verdict = box.querySelector(".answer-verdict");
    verdict.className = "answer-verdict answer-" + kind;
    verdict.textContent = text;
  }

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = () => reject(new Error("could not load " + url));
      document.head.appendChild(script);
    });
  }

  async function fetchOk(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
    return response;
  }

  async function startChecker(progress) {
    const manifest = await (await fetchOk(new URL("manifest.json", RUNTIME))).json();
    progress("Loading Python (Pyodide " + manifest.pyodide + ")…");
    await loadScript(new URL("pyodide/pyodide.js", RUNTIME).href);
    const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", RUNTIME).href });
    progress("Loading SymPy " + manifest.sympy + "…");
    await pyodide.loadPackage(manifest.wheels.map((w) => new URL(w, RUNTIME).href), { messageCallback: () => {} });
    progress("Loading the book's checker…");
    const engine = await (await fetchOk(new URL(manifest.engine, RUNTIME))).arrayBuffer();
    pyodide.unpackArchive(engine, "zip", { extractDir: "/home/pyodide/engine" });
    progress("Importing SymPy (the slow step, once per page)…");
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the message show before Python blocks
    pyodide.runPython(`
import json, sys
sys.path.insert(0, "/home/pyodide/engine")
from claimcheck.answers import AnswerKey, check_answer

def _answerbox_check(text, key_json):
    return json.dumps(check_answer(text, AnswerKey.from_data(json.loads(key_json))).as_data())
`);
    return pyodide.globals.get("_answerbox_check");
  }

  async function check(box) {
    const text = box.querySelector(".answer-text").value.trim();
    const data = JSON.parse(box.querySelector("script.answer-key").textContent);
    if (!text) return show(box, "empty", "Type an answer first.");
    try { localStorage.setItem(STORE + data.id, text); } catch (e) { /* storage off: nothing kept */ }
    const button = box.querySelector(".answer-check");
    button.disabled = true;
    try {
      if (!checker) checker = startChecker((message) => show(box, "loading", message));
      let run;
      try {
        run = await checker;
      } catch (error) {
        checker = null; // load again from the start on the next Check
        throw error;
      }
      show(box, "loading", "Checking…");
      await new Promise((resolve) => setTimeout(resolve, 0));
      const verdict = JSON.parse(run(text, JSON.stringify(data.key)));
      show(box, verdict.status, verdict.message);
    } catch (error) {
      show(box, "error", "The checker could not run here: " + error.message);
    } finally {
      button.disabled = false;
    }
  }

  function setUp(box) {
    const input = box.querySelector(".answer-text");
    const data = JSON.parse(box.querySelector("script.answer-key").textContent);
    try { input.value = localStorage.getItem(STORE + data.id) || ""; } catch (e) { /* storage off */ }
    if (location.protocol === "file:") {
      box.querySelector(".answer-check").disabled = true;
      show(box, "error", "Checking needs the site served over HTTP (a browser will not load the checker from " +
        "file://). In the book's folder run `make serve` and open this page at http://127.0.0.1:8000/.");
      return;
    }
    box.querySelector(".answer-check").addEventListener("click", () => check(box));
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") check(box); });
  }

  document.addEventListener("DOMContentLoaded", () => document.querySelectorAll(".answer-box").forEach(setUp));
})();
