/* What the pages' scripts share (loaded before them): elements by id, DOM building with textContent only,
 * and JSON requests. No storage, no globals but `Page`. */
(function () {
  "use strict";

  window.Page = {
    /* {name: element} for {name: "element-id"}. */
    byIds: function (ids) {
      var found = {};
      Object.keys(ids).forEach(function (name) { found[name] = document.getElementById(ids[name]); });
      return found;
    },

    /* A new element with a class and a text (never HTML). */
    el: function (tag, className, text) {
      var node = document.createElement(tag);
      if (className) { node.className = className; }
      if (text !== undefined && text !== null) { node.textContent = text; }
      return node;
    },

    clear: function (node) { while (node.firstChild) { node.removeChild(node.firstChild); } },

    /* fetch() then its JSON body: resolves {ok, status, data} ({} when the body is not JSON). */
    fetchJson: function (url, options) {
      return fetch(url, options).then(function (resp) {
        return resp.json().catch(function () { return {}; }).then(function (data) {
          return { ok: resp.ok, status: resp.status, data: data };
        });
      });
    }
  };
})();
