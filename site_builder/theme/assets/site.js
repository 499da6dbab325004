/* Citation previews: on hover or keyboard focus, show the quoted words and their source (read from the
   footnote list) beside the marker. Only an enhancement: without it, markers are plain links to the source
   paragraph and the footnotes list every quote. Text is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var tip = null, owner = null;
  function marker(node) { return node && node.closest ? node.closest("a.cite") : null; }
  function hide() {
    if (tip) { tip.remove(); tip = null; }
    if (owner) { owner.removeAttribute("aria-describedby"); owner = null; }
  }
  function show(a) {
    if (owner === a) return;
    hide();
    var note = document.getElementById("note-" + a.getAttribute("data-note"));
    if (!note) return;
    var q = note.querySelector("q"), src = note.querySelector(".src");
    tip = document.createElement("span");
    tip.className = "preview";
    tip.id = "cite-preview";
    tip.setAttribute("role", "tooltip");
    var quote = document.createElement("q");
    quote.textContent = q ? q.textContent : "";
    var by = document.createElement("span");
    by.className = "by";
    by.textContent = src ? src.textContent : "";
    tip.appendChild(quote);
    tip.appendChild(by);
    a.insertAdjacentElement("afterend", tip);
    a.setAttribute("aria-describedby", "cite-preview");
    owner = a;
  }
  document.addEventListener("mouseover", function (e) { var a = marker(e.target); if (a) show(a); });
  document.addEventListener("mouseout", function (e) {
    if (marker(e.target) && !(tip && tip.contains(e.relatedTarget))) hide();
  });
  document.addEventListener("focusin", function (e) { var a = marker(e.target); if (a) show(a); else hide(); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
})();
/* "Copy link" beside each "link to this fact" control, where the browser lets a page write to the clipboard.
   Without it the control is what it always is: a plain link to the fact's address (#id). */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll(".backing a.permalink, .answer-cards a.permalink").forEach(function (a) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", "Copy the link to this fact");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(a.href).then(function () { button.textContent = "Copied"; },
                                                 function () { button.textContent = "Copy failed"; });
    });
    a.insertAdjacentElement("afterend", button);
  });
})();
