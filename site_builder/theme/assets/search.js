/* The desk's search: finds facts on every explainer with the Pagefind index built with the site (pagefind/),
   in this browser, with no request off the site. Only an enhancement: the search box is disabled in the HTML,
   with a note, and enabled here, so without JavaScript the page is the list of explainers. While a query is
   shown the list of explainers steps aside (the page keeps its height, so nothing on screen moves). Results are the facts' claims, each
   linking to the fact's anchor on its page; text is inserted with textContent, never as HTML. The query is kept
   in the address (?q=...), so a results view can be linked and reloaded. */
(function () {
  "use strict";
  var box = document.getElementById("desk-search");
  var form = document.getElementById("search-form");
  if (!box || !form) return;
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var desk = document.getElementById("desk-list");
  var button = form.querySelector("button");
  var base = new URL(list.getAttribute("data-base") || "./", document.baseURI);
  var index = null, current = 0;
  function load() {
    if (!index) {
      index = import(new URL(form.getAttribute("data-index"), document.baseURI).href).then(function (pf) {
        return pf.options({ basePath: new URL("pagefind/", base).href }).then(function () { return pf; });
      });
    }
    return index;
  }
  function say(text) { status.textContent = text; }
  function show(query, results) {
    list.textContent = "";
    results.forEach(function (data) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = new URL(data.url, base).href;
      a.textContent = data.meta.title;
      var page = document.createElement("span");
      page.className = "search-page";
      page.textContent = data.meta.page;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(page);
      list.appendChild(li);
    });
    var n = results.length;
    say(n ? n + (n === 1 ? " fact matches " : " facts match ") + "\u201c" + query + "\u201d"
          : "No fact matches \u201c" + query + "\u201d");
  }
  function run(query) {
    var mine = ++current;
    query = query.trim();
    if (desk) desk.hidden = !!query;
    if (!query) { list.textContent = ""; say(""); return; }
    say("Searching\u2026");
    load().then(function (pf) { return pf.search(query); }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (mine === current) show(query, results);
    }).catch(function () {
      if (mine === current) say("Search is not available here.");
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url.href);
    run(input.value);
  });
  input.disabled = false;
  button.disabled = false;
  say("");
  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) { input.value = initial; run(initial); }
})();
