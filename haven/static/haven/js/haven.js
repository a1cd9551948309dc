// Haven progressive enhancement. Loaded as an ES module:
//   <script type="module" src="/static/haven/js/haven.js"></script>
// Module scripts are deferred, so the document is parsed when this runs.
// No inline scripts or styles are used (strict Content-Security-Policy).
// Every feature here also works, in a plainer way, without JavaScript.

import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

// GOV.UK Frontend's template does this in an inline <script>, which our CSP
// forbids. Browsers that run ES modules are the ones GOV.UK Frontend supports.
document.body.classList.add("govuk-frontend-supported");

// Components already initialised throw an InitError when found again; that is
// expected when we re-scan after an htmx swap, so don't log it.
function onError(error) {
  if (error && error.name === "InitError") return;
  console.error(error);
}

initAll({ onError });

// htmx: initialise GOV.UK components in content swapped into the page.
// detail.elt is the swap target (innerHTML) or the new element itself
// (outerHTML); scan from its parent so a new element carrying data-module is
// found too.
document.addEventListener("htmx:afterSettle", (event) => {
  const elt = event.detail && event.detail.elt;
  if (!(elt instanceof Element) || !elt.isConnected) return;
  initAll({ scope: elt.parentElement || elt, onError });
});

// <select data-haven-autosubmit> submits its form when a choice is made with
// the mouse or touch. Changes made with the keyboard (arrow keys change the
// value without opening the list in some browsers) do not submit, so keyboard
// users are not navigated away unexpectedly; they use the visible button.
const keyedSelects = new WeakSet();

document.addEventListener("keydown", (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.hasAttribute("data-haven-autosubmit")) return;
  if (event.key === "Tab" || event.key === "Escape") return;
  keyedSelects.add(select);
});

document.addEventListener("pointerdown", (event) => {
  const select = event.target instanceof Element && event.target.closest("select[data-haven-autosubmit]");
  if (select) keyedSelects.delete(select);
});

document.addEventListener("change", (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.hasAttribute("data-haven-autosubmit")) return;
  if (keyedSelects.has(select) || !select.form) return;
  if (typeof select.form.requestSubmit === "function") {
    select.form.requestSubmit(); // fires "submit", so htmx and data-haven-confirm still apply
  } else {
    select.form.submit();
  }
});

// <form data-haven-confirm="message"> asks before submitting. Runs in the
// capture phase so a cancelled submit never reaches htmx's own listener.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const message = form.getAttribute("data-haven-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopPropagation();
    }
  },
  true,
);

// <button type="button" data-haven-copy="#element-id" data-haven-copied-text="Copied" hidden>
// copies the element's text (or an input's value). The template marks the
// button `hidden`; we show it only where copying can work.
const canCopy = Boolean(navigator.clipboard && window.isSecureContext) || typeof document.execCommand === "function";

function copyTargetText(target) {
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return target.value;
  return target.textContent.trim();
}

function legacyCopy(target) {
  const selection = window.getSelection();
  const range = document.createRange();
  range.selectNodeContents(target);
  selection.removeAllRanges();
  selection.addRange(range);
  const ok = document.execCommand("copy");
  selection.removeAllRanges();
  return ok;
}

async function copyText(target) {
  const text = copyTargetText(target);
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      // fall through to the legacy way
    }
  }
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
    target.select();
    return document.execCommand("copy");
  }
  return legacyCopy(target);
}

// Screen reader announcement ("Copied") without changing focus.
let liveRegion = null;
function announce(message) {
  if (!liveRegion) {
    liveRegion = document.createElement("div");
    liveRegion.className = "haven-sr-only";
    liveRegion.setAttribute("aria-live", "polite");
    document.body.append(liveRegion);
  }
  liveRegion.textContent = "";
  window.setTimeout(() => {
    liveRegion.textContent = message;
  }, 50);
}

function revealCopyButtons(scope) {
  if (!canCopy) return;
  scope.querySelectorAll("button[data-haven-copy][hidden]").forEach((button) => {
    button.hidden = false;
  });
}

revealCopyButtons(document);
document.addEventListener("htmx:afterSettle", (event) => {
  const elt = event.detail && event.detail.elt;
  if (elt instanceof Element) revealCopyButtons(elt.parentElement || elt);
});

const copyState = new WeakMap(); // button -> { text, timer }

document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element && event.target.closest("button[data-haven-copy]");
  if (!button) return;
  event.preventDefault();
  let target = null;
  try {
    target = document.querySelector(button.getAttribute("data-haven-copy"));
  } catch (error) {
    target = null; // invalid selector
  }
  if (!target) return;
  const ok = await copyText(target);
  if (!ok) return;
  const done = button.getAttribute("data-haven-copied-text") || "Copied";
  if (!copyState.has(button)) copyState.set(button, { text: button.textContent, timer: 0 });
  const state = copyState.get(button);
  button.textContent = done;
  announce(done);
  window.clearTimeout(state.timer);
  state.timer = window.setTimeout(() => {
    button.textContent = state.text;
    copyState.delete(button);
  }, 3000);
});
