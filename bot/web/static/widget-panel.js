/* Glue between the chat panel (this page, in the launcher's iframe) and the launcher (widget.js on
 * the partner page): Escape asks the launcher to close the panel; the launcher asks the panel to
 * focus its first or last control (focus trap across the frame). Messages carry no chat content. */
(function () {
  "use strict";

  var CLOSE = "orientation-widget:close";
  var FOCUS_FIRST = "orientation-widget:focus-first";
  var FOCUS_LAST = "orientation-widget:focus-last";

  if (window.parent === window) { return; }  // opened on its own: nothing to talk to

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      window.parent.postMessage({ type: CLOSE }, "*");
    }
  });

  function focusables() {
    return Array.prototype.filter.call(
      document.querySelectorAll("a[href], button:not([disabled]), input:not([disabled])"),
      function (el) { return el.offsetParent !== null || el === document.activeElement; }
    );
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || typeof event.data.type !== "string") { return; }
    if (event.data.type === FOCUS_FIRST) {
      var input = document.getElementById("message");
      if (input) { input.focus(); }
    } else if (event.data.type === FOCUS_LAST) {
      var all = focusables();
      if (all.length) { all[all.length - 1].focus(); }
    }
  });
})();
