/* Chat widget: sends messages to /api/chat and shows answers in the role="log" region.
 * Bot text is inserted with textContent; URLs become <a> elements built with DOM APIs. The visitor's
 * own text is never linked, and the front removes "http(s)://" from what the visitor types, so a
 * bot message quoting the visitor cannot carry a live link either.
 * Storage: nothing before the first message; afterwards only the session id, in sessionStorage.
 * Widget panel (form data-session="memory"): the session id stays in this page's memory only,
 * and each message names the partner site (form data-site). */
(function () {
  "use strict";

  var STORAGE_KEY = "orientation.session_id";
  var URL_RE = /https?:\/\/[^\s<>"'«»]+/g;
  var TRAILING_PUNCT_RE = /[.,;:!?)\]»']+$/;

  var ui = Page.byIds({ log: "log", form: "chat-form", input: "message", send: "send", reset: "reset", status: "status" });
  var log = ui.log, form = ui.form, input = ui.input, sendButton = ui.send, resetButton = ui.reset, status = ui.status;
  var busy = false;
  var memoryOnly = form.getAttribute("data-session") === "memory";
  var siteId = form.getAttribute("data-site");
  var memorySessionId = null;

  function getSessionId() {
    if (memoryOnly) { return memorySessionId; }
    try { return window.sessionStorage.getItem(STORAGE_KEY); } catch (e) { return null; }
  }

  function setSessionId(id) {
    if (memoryOnly) { memorySessionId = id; return; }
    try { window.sessionStorage.setItem(STORAGE_KEY, id); } catch (e) { /* storage disabled: fine */ }
  }

  function clearSessionId() {
    memorySessionId = null;
    if (memoryOnly) { return; }
    try { window.sessionStorage.removeItem(STORAGE_KEY); } catch (e) { /* ignore */ }
  }

  /* Append `text` to `parent`, turning http(s) URLs into links, without ever parsing HTML. */
  function appendRichText(parent, text) {
    var last = 0;
    var match;
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(text)) !== null) {
      var raw = match[0].replace(TRAILING_PUNCT_RE, "");
      var url = null;
      try { url = new URL(raw); } catch (e) { url = null; }
      /* only plain http(s) links: no "user@" part that hides the real host, no odd port */
      if (!url || (url.protocol !== "http:" && url.protocol !== "https:") ||
          url.username || url.password || url.port) { continue; }
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var a = document.createElement("a");
      a.href = url.href;
      a.textContent = raw;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      var hint = document.createElement("span");
      hint.className = "visually-hidden";
      hint.textContent = " (nouvelle fenêtre)";
      a.appendChild(hint);
      parent.appendChild(a);
      last = match.index + raw.length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function addMessage(author, text, buttons) {
    var item = document.createElement("div");
    item.className = author === "user" ? "msg msg-user" : "msg msg-bot";
    var who = document.createElement("p");
    who.className = "msg-author visually-hidden";
    who.textContent = author === "user" ? "Vous :" : "L'assistant :";
    item.appendChild(who);
    if (text) {
      var p = document.createElement("p");
      p.className = "msg-text";
      if (author === "user") { p.textContent = text; } else { appendRichText(p, text); }
      item.appendChild(p);
    }
    if (buttons && buttons.length) {
      var group = document.createElement("div");
      group.className = "msg-buttons";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Réponses proposées");
      buttons.forEach(function (b) {
        if (typeof b.title !== "string" || typeof b.payload !== "string") { return; }
        var btn = document.createElement("button");
        btn.type = "button";
        btn.className = "choice";
        btn.textContent = b.title;
        btn.addEventListener("click", function () { send({ payload: b.payload }, b.title); });
        group.appendChild(btn);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    status.textContent = value ? "L'assistant écrit…" : "";
  }

  function send(body, shownText) {
    if (busy) { return; }
    var sessionId = getSessionId();
    if (sessionId) { body.session_id = sessionId; }
    if (siteId) { body.site = siteId; }
    addMessage("user", shownText, null);
    setBusy(true);
    Page.fetchJson("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (result) {
      var data = result.data || {};
      if (!result.ok) {
        addMessage("bot", data.error || "Votre message n'a pas pu être envoyé.", null);
        return;
      }
      if (typeof data.session_id === "string") { setSessionId(data.session_id); }
      (data.messages || []).forEach(function (m) { addMessage("bot", m.text, m.buttons); });
    }).catch(function () {
      addMessage("bot", "La connexion a échoué. Vérifiez votre réseau et réessayez. " +
        "Vous pouvez aussi appeler France Travail au 39 49 ou consulter https://mon-cep.org", null);
    }).then(function () { setBusy(false); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) {
      status.textContent = "Écrivez votre question avant d'envoyer.";
      input.focus();
      return;
    }
    if (busy) { return; }
    input.value = "";
    send({ message: text }, text);
    input.focus();
  });

  resetButton.addEventListener("click", function () {
    clearSessionId();
    var items = log.querySelectorAll(".msg");
    for (var i = 1; i < items.length; i++) { items[i].remove(); }
    status.textContent = "Nouvelle conversation commencée.";
    input.focus();
  });
})();
