/* Adviser page: calls /api/access-points and shows places and operators, built with DOM APIs only. */
(function () {
  "use strict";

  var ui = Page.byIds({ form: "referral-form", place: "place", profile: "profile", limit: "limit", feedback: "feedback",
    results: "results", meta: "results-meta", places: "places", operators: "operators", print: "print",
    mapFigure: "map-figure", map: "map" });
  var form = ui.form, place = ui.place, profile = ui.profile, limit = ui.limit, feedback = ui.feedback;
  var results = ui.results, meta = ui.meta, placesList = ui.places, operatorsList = ui.operators;
  var printButton = ui.print, mapFigure = ui.mapFigure, mapBox = ui.map;
  var kindBoxes = Array.prototype.slice.call(document.querySelectorAll('input[name="kind"]'));
  var SVG_NS = "http://www.w3.org/2000/svg";
  var mapSource = null;  // the department outlines, fetched once
  var DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

  var el = Page.el, clear = Page.clear;

  function safeUrl(raw) {
    try {
      var url = new URL(raw);
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (e) { return null; }
  }

  function line(parent, label, value, missing) {
    var p = el("p", "card-line");
    p.appendChild(el("span", "card-label", label + " : "));
    if (value) { p.appendChild(document.createTextNode(value)); }
    else { p.appendChild(el("span", "missing", missing)); }
    parent.appendChild(p);
  }

  function linkLine(parent, label, href, text, missing) {
    var p = el("p", "card-line");
    p.appendChild(el("span", "card-label", label + " : "));
    if (href) {
      var a = el("a", null, text);
      a.href = href;
      p.appendChild(a);
    } else {
      p.appendChild(el("span", "missing", missing));
    }
    parent.appendChild(p);
  }

  function phoneHref(phone) {
    var digits = String(phone).replace(/[^0-9+]/g, "");
    return digits ? "tel:" + digits : null;
  }

  function frTime(hhmm) {
    var parts = String(hhmm).split(":");
    return parseInt(parts[0], 10) + " h" + (parts[1] && parts[1] !== "00" ? " " + parts[1] : "");
  }

  function slotsText(slots) {
    return slots.map(function (slot) {
      var ends = String(slot).split("-");
      return frTime(ends[0]) + "–" + frTime(ends[1]);
    }).join(", ");
  }

  function hoursList(hours) {
    var dl = el("dl", "hours");
    DAYS.forEach(function (day) {
      var slots = hours[day] || [];
      dl.appendChild(el("dt", null, day));
      dl.appendChild(el("dd", null, slots.length ? slotsText(slots) : "fermé"));
    });
    return dl;
  }

  function openNowText(item) {
    if (item.open_now === true) { return "Ouvert en ce moment"; }
    if (item.open_now === false) { return "Fermé en ce moment"; }
    return null;
  }

  function sourceText(item) {
    var src = (item.source && item.source.length) ? String(item.source[0]) : null;
    var date = item.data_date ? new Date(item.data_date + "T12:00:00").toLocaleDateString("fr-FR") : null;
    if (!src && !date) { return null; }
    return (src || "source non précisée") + (date ? " — données du " + date : "");
  }

  function renderPlace(item) {
    var li = el("li", "card");
    li.appendChild(el("h4", "card-title", item.name || "Lieu sans nom"));
    if (item.kind_label) { li.appendChild(el("p", "card-kind", item.kind_label)); }
    var distance = item.distance_text || null;
    if (distance) { li.appendChild(el("p", "card-line", "À " + distance + " à vol d'oiseau")); }
    if (item.why) { li.appendChild(el("p", "card-line card-why", item.why)); }
    var town = [item.postal_code, item.commune].filter(Boolean).join(" ");
    var address = item.address ? [item.address, town].filter(Boolean).join(", ") : null;
    line(li, "Adresse", address, "non renseignée (à vérifier auprès du lieu)");
    if (!item.address && town) { line(li, "Commune", town, ""); }
    linkLine(li, "Téléphone", item.phone ? phoneHref(item.phone) : null, item.phone, "non renseigné");
    var web = item.website ? safeUrl(item.website) : null;
    linkLine(li, "Site", web, item.website, "non renseigné");
    if (item.hours) {
      var now = openNowText(item);
      line(li, "Aujourd'hui", item.today ? item.today + (now ? " (" + now.toLowerCase() + ")" : "") : now, "");
      var p = el("p", "card-line");
      p.appendChild(el("span", "card-label", "Horaires : "));
      li.appendChild(p);
      li.appendChild(hoursList(item.hours));
    } else {
      line(li, "Horaires", null, "non connus (appelez avant de vous déplacer)");
    }
    if (item.appointment) { li.appendChild(el("p", "card-line", "Prise de rendez-vous possible.")); }
    var source = sourceText(item);
    if (source) { line(li, "Source", source, ""); }
    return li;
  }

  function renderOperator(op) {
    var li = el("li", "card");
    li.appendChild(el("h4", "card-title", op.name || ""));
    if (op.why) { li.appendChild(el("p", "card-line", op.why)); }
    linkLine(li, "Téléphone", op.phone ? phoneHref(op.phone) : null, op.phone, "non renseigné");
    var web = op.website ? safeUrl(op.website) : null;
    linkLine(li, "Site", web, op.website, "non renseigné");
    return li;
  }

  function showResults(data) {
    clear(placesList);
    clear(operatorsList);
    var label = data.resolved && data.resolved.label ? data.resolved.label : data.query;
    var profileText = profile.value ? profile.options[profile.selectedIndex].text : "non précisée";
    var kindsText = kindBoxes.filter(function (b) { return b.checked; }).map(function (b) {
      return document.querySelector('label[for="' + b.id + '"]').textContent;
    }).join(", ");
    meta.textContent = "Lieu : " + label + ". Situation : " + profileText + "." +
      (kindsText ? " Types de lieux : " + kindsText + "." : "") + " Fiche du " +
      new Date().toLocaleDateString("fr-FR") + ".";
    (data.results || []).forEach(function (item) { placesList.appendChild(renderPlace(item)); });
    if (data.local_services) { placesList.appendChild(el("li", "card", data.local_services)); }
    if (!placesList.firstChild) { placesList.appendChild(el("li", "card", "Aucun lieu trouvé.")); }
    (data.operators || []).forEach(function (op) { operatorsList.appendChild(renderOperator(op)); });
    if (!operatorsList.firstChild) { operatorsList.appendChild(el("li", "card", "Aucun opérateur particulier.")); }
    results.hidden = false;
    drawMap(data);
    feedback.textContent = (data.results || []).length + " lieu(x) trouvé(s) près de " + label + ".";
  }

  function loadMap() {
    if (!mapSource) {
      mapSource = fetch("/static/france-departements.svg", { cache: "force-cache" })
        .then(function (resp) { if (!resp.ok) { throw new Error("map"); } return resp.text(); });
    }
    return mapSource;
  }

  function project(proj, lon, lat) {
    var t = [1, lon, lat, lon * lon, lat * lat, lon * lat];
    var x = 0, y = 0;
    for (var i = 0; i < t.length; i++) { x += proj.x[i] * t[i]; y += proj.y[i] * t[i]; }
    return [x, y];
  }

  function svgEl(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function drawMap(data) {
    mapFigure.hidden = true;
    clear(mapBox);
    var where = data.resolved;
    var items = (data.results || []).filter(function (r) { return typeof r.lat === "number"; });
    if (!where || typeof where.lat !== "number" || String(where.department || "").indexOf("97") === 0) { return; }
    loadMap().then(function (text) {
      var doc = new DOMParser().parseFromString(text, "image/svg+xml");
      var svg = doc.documentElement;
      var proj = JSON.parse(svg.getAttribute("data-projection"));
      svg.removeAttribute("data-projection");
      svg = document.importNode(svg, true);
      var label = "Carte des lieux proposés autour de " + (where.label || data.query);
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-labelledby", "map-title map-desc");
      var desc = items.map(function (r, i) {
        return (i + 1) + ". " + r.name + " (" + (r.commune || "") + ", " + (r.distance_text || "") + ")";
      }).join(" ; ");
      svg.insertBefore(svgEl("desc", { id: "map-desc" }, "La liste ci-dessus donne les mêmes lieux : " + desc), svg.firstChild);
      svg.insertBefore(svgEl("title", { id: "map-title" }, label), svg.firstChild);
      var here = project(proj, where.lon, where.lat);
      var pts = items.map(function (r) { return project(proj, r.lon, r.lat); });
      var xs = pts.map(function (p) { return p[0]; }).concat([here[0]]);
      var ys = pts.map(function (p) { return p[1]; }).concat([here[1]]);
      var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
      var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
      var size = Math.max(maxX - minX, maxY - minY, 40) * 1.4;
      var cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
      svg.setAttribute("viewBox", [cx - size / 2, cy - size / 2, size, size].map(function (v) {
        return v.toFixed(1);
      }).join(" "));
      var r = size / 45;
      var marks = svgEl("g", { "class": "marks" });
      marks.appendChild(svgEl("rect", { "class": "here", x: (here[0] - r).toFixed(2), y: (here[1] - r).toFixed(2),
                                        width: (2 * r).toFixed(2), height: (2 * r).toFixed(2) }));
      pts.forEach(function (p, i) {
        var g = svgEl("g", { "class": "place" });
        g.appendChild(svgEl("circle", { cx: p[0].toFixed(2), cy: p[1].toFixed(2), r: (1.3 * r).toFixed(2) }));
        g.appendChild(svgEl("text", { x: p[0].toFixed(2), y: (p[1] + 0.45 * r).toFixed(2),
                                      "font-size": (1.4 * r).toFixed(2), "text-anchor": "middle" }, String(i + 1)));
        marks.appendChild(g);
      });
      svg.appendChild(marks);
      mapBox.appendChild(svg);
      mapFigure.hidden = false;
    }).catch(function () { mapFigure.hidden = true; });
  }

  function showCandidates(message, candidates) {
    clear(feedback);
    feedback.appendChild(el("p", null, message));
    var group = el("div", "msg-buttons");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Lieux possibles");
    candidates.forEach(function (label) {
      var btn = el("button", "choice", label);
      btn.type = "button";
      btn.addEventListener("click", function () {
        place.value = label;
        search();
        place.focus();
      });
      group.appendChild(btn);
    });
    feedback.appendChild(group);
  }

  function search() {
    var q = place.value.trim();
    results.hidden = true;
    if (!q) {
      feedback.textContent = "Indiquez une commune, un code postal ou un département.";
      place.focus();
      return;
    }
    var n = parseInt(limit.value, 10);
    // the bounds and the default come from the page (knowledge.referral MAX_LIMIT, DEFAULT_LIMIT)
    if (!(n >= 1 && n <= Number(limit.max))) { n = Number(limit.defaultValue); limit.value = limit.defaultValue; }
    var params = new URLSearchParams({ q: q, limit: String(n) });
    if (profile.value) { params.set("profile", profile.value); }
    kindBoxes.forEach(function (box) { if (box.checked) { params.append("kind", box.value); } });
    feedback.textContent = "Recherche en cours…";
    Page.fetchJson("/api/access-points?" + params.toString(), { cache: "no-store" })
      .then(function (r) {
        if (r.status === 200) { showResults(r.data); return; }
        if (r.status === 409 && r.data.candidates && r.data.candidates.length) {
          showCandidates(r.data.error || "Plusieurs lieux correspondent. Choisissez :", r.data.candidates);
          return;
        }
        if (r.status === 404) {
          feedback.textContent = r.data.error || "Lieu introuvable. Essayez un code postal.";
          return;
        }
        feedback.textContent = r.data.error || "La recherche a échoué. Réessayez.";
      })
      .catch(function () { feedback.textContent = "La recherche a échoué : vérifiez la connexion et réessayez."; });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  printButton.addEventListener("click", function () { window.print(); });
})();
