// Keyboard shortcuts of the review item page: A admit, M ask for changes, R reject, N take the next item.
// Progressive enhancement: every action is a plain form without this script.
(function () {
  "use strict";

  var DECISIONS = { a: "ADMIT", m: "REQUEST_CHANGES", r: "REJECT" };
  var NOT_TYPING = { radio: true, checkbox: true, button: true, submit: true, reset: true };

  function typing(target) {
    if (!target || !target.tagName) return false;
    if (target.isContentEditable) return true;
    var tag = target.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select") return true;
    return tag === "input" && !NOT_TYPING[(target.type || "text").toLowerCase()];
  }

  function choose(value) {
    var radio = document.querySelector('input[name="decision"][value="' + value + '"]');
    if (!radio) return false;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    if (value === "REJECT") {
      var reason = document.getElementById("reason");
      if (reason) reason.focus();
    }
    return true;
  }

  function next() {
    var form = document.getElementById("next-form");
    if (!form) return false;
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.repeat) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (typing(event.target)) return;
    var key = (event.key || "").toLowerCase();
    var done = DECISIONS[key] ? choose(DECISIONS[key]) : key === "n" && next();
    if (done) event.preventDefault();
  });
})();
