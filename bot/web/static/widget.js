/* Launcher of the orientation assistant for partner websites (docs/widget.md).
 *
 *   <script src="https://<assistant>/widget.js" data-site="<site id>" defer></script>
 *
 * Adds a button that opens the chat panel (an iframe of <assistant>/widget/panel) in a modal
 * dialog. No framework, no cookie, no storage of any kind, no request to anyone but the assistant.
 * The site's configuration is read first (CORS): an unknown site, or a page whose origin the site
 * does not allow, gets no button at all and a warning in the console for its developers.
 * Closing the panel removes the iframe: the conversation (its id lives only there) ends. */
(function () {
  "use strict";

  var CLOSE = "orientation-widget:close";
  var FOCUS_FIRST = "orientation-widget:focus-first";
  var FOCUS_LAST = "orientation-widget:focus-last";
  var COLOUR_RE = /^#[0-9a-f]{6}$/i;
  var CSS = [
    ":host { all: initial; }",
    ".launcher, .panel { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, Arial, sans-serif;",
    "  font-size: 1rem; line-height: 1.4; box-sizing: border-box; }",
    ".launcher { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483000;",
    "  max-width: calc(100vw - 2rem); min-height: 2.75rem; padding: 0.625rem 1.25rem;",
    "  font-weight: 700; color: #fff; background: var(--accent); border: 2px solid #fff;",
    "  border-radius: 1.5rem; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.35); cursor: pointer; }",
    ".launcher:focus-visible, .close:focus-visible, .panel iframe:focus-visible {",
    "  outline: 3px solid #1e1e1e; outline-offset: 2px; box-shadow: 0 0 0 5px #fff; }",
    ".panel { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483001;",
    "  width: min(25rem, calc(100vw - 2rem)); height: min(40rem, calc(100vh - 2rem));",
    "  display: flex; flex-direction: column; background: #fff; color: #1e1e1e;",
    "  border: 2px solid var(--accent); border-radius: 0.5rem; overflow: hidden;",
    "  box-shadow: 0 4px 24px rgba(0, 0, 0, 0.35); }",
    ".panel[hidden] { display: none; }",
    ".bar { display: flex; align-items: center; justify-content: space-between; gap: 0.5rem;",
    "  padding: 0.25rem 0.25rem 0.25rem 0.75rem; background: var(--accent); color: #fff; }",
    ".title { margin: 0; font-weight: 700; overflow-wrap: anywhere; }",
    ".close { flex: none; font: inherit; font-weight: 700; min-height: 2.75rem; padding: 0.25rem 0.75rem;",
    "  color: var(--accent); background: #fff; border: 2px solid #fff; border-radius: 0.25rem; cursor: pointer; }",
    ".close:focus-visible { outline-color: #fff; box-shadow: 0 0 0 5px #1e1e1e; }",
    ".panel iframe { flex: 1 1 auto; width: 100%; min-height: 0; border: 0; display: block; }",
    "@media (max-width: 30rem), (max-height: 30rem) {",
    "  .panel { top: 0; left: 0; right: 0; bottom: 0; width: 100%; height: 100%;",
    "    border: 0; border-radius: 0; } }"
  ].join("\n");

  var script = document.currentScript;
  if (!script || !script.src || window.__orientationWidget) { return; }
  window.__orientationWidget = true;

  var siteId = script.getAttribute("data-site") || "";
  var assistant;
  try { assistant = new URL(script.src, document.baseURI); } catch (e) { return; }
  var origin = assistant.origin;

  function refuse(detail) {
    if (window.console && console.warn) {
      console.warn("Assistant d'orientation : pas de conversation sur cette page (site « " + siteId +
        " », origine " + window.location.origin + "). " + (detail || "Site inconnu ou origine non autorisée.") +
        " Voir docs/widget.md.");
    }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function mount(config) {
    if (!config || typeof config.name !== "string" || typeof config.panel !== "string" ||
        !COLOUR_RE.test(config.accent || "")) {
      refuse("Réponse de configuration inattendue.");
      return;
    }
    var panelUrl = new URL(config.panel, origin);
    if (panelUrl.origin !== origin) { refuse("Adresse du panneau inattendue."); return; }

    var host = el("aside", { "aria-label": "Assistant d'orientation", "class": "orientation-widget" });
    host.style.setProperty("--accent", config.accent);  // CSSOM: allowed by strict CSPs
    var root = host.attachShadow({ mode: "open" });
    if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function") {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.appendChild(el("style", {}, CSS));
    }

    var launcher = el("button", {
      type: "button", "class": "launcher", "aria-haspopup": "dialog", "aria-expanded": "false",
      "aria-controls": "orientation-panel"
    }, "Une question ? Assistant orientation");
    var panel = el("div", {
      id: "orientation-panel", "class": "panel", role: "dialog", "aria-modal": "true",
      "aria-labelledby": "orientation-title"
    });
    panel.hidden = true;
    var guardStart = el("span", { tabindex: "0", "class": "guard" });
    var guardEnd = el("span", { tabindex: "0", "class": "guard" });
    var bar = el("div", { "class": "bar" });
    var title = el("p", { id: "orientation-title", "class": "title" }, "Assistant orientation – " + config.name);
    var closeButton = el("button", { type: "button", "class": "close" }, "Fermer");
    bar.appendChild(title);
    bar.appendChild(closeButton);
    panel.appendChild(guardStart);
    panel.appendChild(bar);
    panel.appendChild(guardEnd);
    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(host);

    var frame = null;

    function post(type) {
      if (frame && frame.contentWindow) { frame.contentWindow.postMessage({ type: type }, origin); }
    }

    function focusFrame(type) {
      if (!frame) { closeButton.focus(); return; }
      frame.focus();
      post(type);
    }

    function open() {
      if (frame) { return; }
      frame = el("iframe", {
        src: panelUrl.href,
        title: "Conversation avec l'assistant d'orientation",
        referrerpolicy: "no-referrer",
        sandbox: "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
      });
      frame.addEventListener("load", function () {
        if (frame && !panel.hidden) { focusFrame(FOCUS_FIRST); }
      });
      panel.insertBefore(frame, guardEnd);
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      closeButton.focus();
    }

    function close() {
      if (!frame) { return; }
      frame.remove();  // the conversation lived in the frame: it ends here
      frame = null;
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    }

    launcher.addEventListener("click", open);
    closeButton.addEventListener("click", close);
    guardStart.addEventListener("focus", function () { focusFrame(FOCUS_LAST); });
    guardEnd.addEventListener("focus", function () { closeButton.focus(); });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" || event.key === "Esc") { event.preventDefault(); close(); }
    });
    window.addEventListener("message", function (event) {
      if (!frame || event.source !== frame.contentWindow || event.origin !== origin) { return; }
      if (event.data && event.data.type === CLOSE) { close(); }
    });
  }

  fetch(origin + "/widget/config?site=" + encodeURIComponent(siteId), {
    method: "GET", mode: "cors", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer"
  }).then(function (resp) {
    return resp.json().then(function (data) {
      if (!resp.ok) { refuse(data && data.error); return; }
      if (document.body) { mount(data); return; }
      document.addEventListener("DOMContentLoaded", function () { mount(data); });
    });
  }).catch(function () { refuse(null); });
})();
