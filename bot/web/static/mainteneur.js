/* Maintainer page: labels the anonymous inbox through /api/mainteneur/*.
   The token lives in this closure only (no cookie, no storage); DOM built with textContent only. */
(function () {
  "use strict";

  var token = "";
  var intents = [];
  var ui = Page.byIds({ login: "login-form", token: "token", feedback: "feedback", inbox: "inbox", items: "items" });
  var loginForm = ui.login, tokenInput = ui.token, feedback = ui.feedback, section = ui.inbox, list = ui.items;
  var STATUS = { "new": "nouvelle", "labelled": "étiquetée", "exported": "exportée", "discarded": "écartée" };
  var REASON = { "fallback": "non comprise (« Vouliez-vous dire »)", "refused": "suggestions refusées",
    "second_fallback": "non comprise deux fois de suite", "low_confidence": "comprise avec peu de confiance" };

  var el = Page.el;

  function say(text) { feedback.textContent = text; }

  function api(method, path, body) {
    var options = { method: method, headers: { "Authorization": "Bearer " + token }, credentials: "omit" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return Page.fetchJson(path, options).then(function (r) {
      if (!r.ok) { throw new Error(r.data.error || "Erreur " + r.status + "."); }
      return r.data;
    });
  }

  function row(item) {
    var li = el("li", "card");
    var titleId = "q-" + item.id;
    var text = el("p", "card-line inbox-text", item.text);
    text.id = titleId;
    li.appendChild(text);
    var guess = item.intent ? item.intent + " (" + Math.round((item.confidence || 0) * 100) + " %)" : "aucune";
    li.appendChild(el("p", "card-line", "Posée " + item.count + " fois, du " + item.first_day + " au " +
      item.last_day + ". Intention devinée : " + guess +
      (item.reason ? ". Pourquoi ici : " + (REASON[item.reason] || item.reason) : "") + ". État : " + (STATUS[item.status] || item.status) +
      (item.label ? " (" + item.label + ")" : "") + ". Identifiant : " + item.id + "."));
    var field = el("p", "card-line");
    var selectId = "label-" + item.id;
    var label = el("label", null, "Intention pour cette question");
    label.setAttribute("for", selectId);
    var select = el("select");
    select.id = selectId;
    select.setAttribute("aria-describedby", titleId);
    intents.forEach(function (name) {
      var option = el("option", null, name);
      option.value = name;
      if (name === (item.label || item.intent)) { option.selected = true; }
      select.appendChild(option);
    });
    field.appendChild(label);
    field.appendChild(select);
    li.appendChild(field);
    var buttons = el("p", "card-line actions-row");
    var labelButton = el("button", null, "Étiqueter");
    labelButton.type = "button";
    labelButton.setAttribute("aria-describedby", titleId);
    labelButton.addEventListener("click", function () {
      api("POST", "/api/mainteneur/label", { id: item.id, intent: select.value })
        .then(function () { say("Question " + item.id + " étiquetée : " + select.value + "."); return load(); })
        .catch(function (error) { say(error.message); });
    });
    var discardButton = el("button", "secondary", "Écarter");
    discardButton.type = "button";
    discardButton.setAttribute("aria-describedby", titleId);
    discardButton.addEventListener("click", function () {
      api("POST", "/api/mainteneur/discard", { id: item.id })
        .then(function () { say("Question " + item.id + " écartée."); return load(); })
        .catch(function (error) { say(error.message); });
    });
    buttons.appendChild(labelButton);
    buttons.appendChild(discardButton);
    li.appendChild(buttons);
    return li;
  }

  function load() {
    return api("GET", "/api/mainteneur/items").then(function (data) {
      intents = data.intents || [];
      while (list.firstChild) { list.removeChild(list.firstChild); }
      (data.items || []).forEach(function (item) { list.appendChild(row(item)); });
      section.hidden = false;
      return data.items || [];
    });
  }

  loginForm.addEventListener("submit", function (event) {
    event.preventDefault();
    token = tokenInput.value.trim();
    if (!token) { say("Saisissez le jeton d'accès."); tokenInput.focus(); return; }
    load().then(function (items) {
      tokenInput.value = "";
      say(items.length ? items.length + " question(s) dans la boîte." : "La boîte est vide.");
    }).catch(function (error) { token = ""; section.hidden = true; say(error.message); tokenInput.focus(); });
  });

  document.getElementById("export").addEventListener("click", function () {
    api("POST", "/api/mainteneur/export", {})
      .then(function (data) { say(data.summary + " Relancez l'entraînement (make train)."); return load(); })
      .catch(function (error) { say(error.message); });
  });

  document.getElementById("download").addEventListener("click", function () {
    api("GET", "/api/mainteneur/export.json").then(function (data) {
      var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      var link = el("a");
      link.href = URL.createObjectURL(blob);
      link.download = "questions-non-comprises.json";
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      URL.revokeObjectURL(link.href);
      say("Fichier téléchargé.");
    }).catch(function (error) { say(error.message); });
  });
}());
