/* Reading companion search: loads only the index files a query needs (see companion/search.py).
   The header button (or "/" or "s") opens a dialog; /search/ holds the query and filters in its URL. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.src.replace(/assets\/companion\/search\.js.*$/, "");
  var indexUrl = base + "search-index/";
  var files = {};
  // Opened from disk, the browser refuses to fetch the index: say so, with the command that serves the site.
  var fromDisk = location.protocol === "file:";
  var FROM_DISK = "Search needs the site served, not opened from disk: in the folder that holds site/, run " +
    "python3 -m http.server -d site and open http://127.0.0.1:8000/";
  var SEARCH_PAGE = fromDisk ? "search/index.html" : "search/";  // from disk, a folder is a listing
  function get(path) {
    if (!files[path]) {
      files[path] = fetch(indexUrl + path).then(function (r) { return r.ok ? r.json() : null; });
    }
    return files[path];
  }
  var meta = null;
  function loadMeta() { return meta || (meta = get("meta.json")); }

  // The same terms as companion/search.py: lowercase, accents removed, stop words out, plural "s" off.
  function terms(text, stop) {
    var folded = text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/['\u2019]s\b/g, "");
    return (folded.match(/[a-z0-9]+/g) || []).filter(function (w) { return stop.indexOf(w) < 0; }).map(function (w) {
      return w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w) ? w.slice(0, -1) : w;
    });
  }
  function ids(deltas) {
    var out = [], last = 0;
    deltas.split(",").forEach(function (d) { if (d) { last += parseInt(d, 36); out.push(last); } });
    return out;
  }
  // The term files that can hold `term`: the one of its longest listed prefix, and, for the word
  // being typed (3 letters or more), a few of those whose prefix starts with it.
  function shardsFor(m, term, typing) {
    var own = null;
    m.shards.forEach(function (p) { if (term.indexOf(p) === 0 && (!own || p.length > own.length)) { own = p; } });
    var more = typing && term.length >= 3 ? m.shards.filter(function (p) { return p !== own && p.indexOf(term) === 0; }) : [];
    return (own ? [own] : []).concat(more.slice(0, 4));
  }
  // Scores of the records that hold `term` (or, for the word being typed, a term that starts with it).
  function lookup(m, term, typing) {
    return Promise.all(shardsFor(m, term, typing).map(function (p) { return get("t/" + p + ".json"); })).then(function (loaded) {
      var scores = {};
      loaded.forEach(function (shard) {
        Object.keys(shard || {}).forEach(function (t) {
          if (t !== term && !(typing && term.length >= 3 && t.indexOf(term) === 0)) { return; }
          var parts = shard[t].split("|"), found = ids(parts[0]);
          found.forEach(function (id, i) { scores[id] = Math.max(scores[id] || 0, +parts[1][i]); });
        });
      });
      return scores;
    });
  }
  function byFilter(m, name, value) {
    var index = m.filters[name].findIndex(function (v) { return v[0] === value; });
    return index < 0 ? Promise.resolve([]) : get("f/" + name + "/" + index + ".json").then(ids);
  }
  // Record ids that match every word and every filter, best first.
  function search(query, filters) {
    return loadMeta().then(function (m) {
      var words = terms(query, m.stopwords);
      var lists = words.map(function (w, i) { return lookup(m, w, i === words.length - 1 && !/\s$/.test(query)); });
      var wanted = Object.keys(filters).filter(function (k) { return filters[k]; });
      return Promise.all([Promise.all(lists), Promise.all(wanted.map(function (k) { return byFilter(m, k, filters[k]); }))])
        .then(function (found) {
          var scored = found[0], allowed = found[1].map(function (list) {
            var set = {}; list.forEach(function (id) { set[id] = true; }); return set;
          });
          var candidates = scored.length ? Object.keys(scored[0]).map(Number)
            : (found[1].length ? found[1][0] : []);
          if (!scored.length && !wanted.length) { return []; }
          var hits = candidates.filter(function (id) {
            return scored.every(function (s) { return s[id]; }) && allowed.every(function (set) { return set[id]; });
          });
          var score = function (id) { return scored.reduce(function (sum, s) { return sum + s[id]; }, 0); };
          return hits.sort(function (a, b) { return score(b) - score(a) || a - b; });
        });
    });
  }
  function records(m, list) {
    return Promise.all(list.map(function (id) {
      return get("r/" + Math.floor(id / m.chunk) + ".json").then(function (chunk) { return chunk[id % m.chunk]; });
    }));
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }
  var kinds = {};
  // Results as a list of links; every value is set as text, never as HTML.
  function show(list, found, m) {
    found.forEach(function (r) {
      var li = el("li", "rc-result"), a = el("a", "rc-result-link");
      a.href = base + r[0];
      a.appendChild(el("span", "rc-result-kind", kinds[r[1]] || r[1]));
      if (r[2]) { a.appendChild(el("span", "rc-result-badge", r[2])); }
      a.appendChild(el("span", "rc-result-title", r[3]));
      li.appendChild(a);
      li.appendChild(el("span", "rc-result-byline", r[4]));
      if (r[5]) { li.appendChild(el("span", "rc-result-excerpt", r[5])); }
      list.appendChild(li);
    });
  }
  function run(query, filters, list, status, limit, more) {
    if (fromDisk) {
      status.textContent = FROM_DISK;
      return Promise.resolve(0);
    }
    return search(query, filters).then(function (hits) {
      return loadMeta().then(function (m) {
        m.filters.kind.forEach(function (v) { kinds[v[0]] = v[2]; });
        return records(m, hits.slice(0, limit)).then(function (found) {
          list.textContent = "";
          show(list, found, m);
          status.textContent = hits.length ? hits.length + " result" + (hits.length === 1 ? "" : "s") : "No results";
          if (more) { more.hidden = hits.length <= limit; }
          return hits.length;
        });
      });
    });
  }

  // For tests and for anyone scripting the site: the same functions the page uses.
  window.rcSearch = { terms: terms, search: search, meta: loadMeta };

  // The search page: filters from the data, the query and filters in the URL.
  var form = document.querySelector("form.rc-search-form");
  if (form) {
    var list = form.parentNode.querySelector(".rc-results"), status = form.querySelector(".rc-search-status");
    var more = form.parentNode.querySelector(".rc-more"), limit = 20;
    form.hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll(".rc-search-nojs"), function (n) { n.hidden = true; });
    var params = new URLSearchParams(location.search);
    var update = function (push) {
      var data = new FormData(form), filters = {}, url = new URLSearchParams();
      data.forEach(function (value, key) { if (value) { url.set(key, value); } if (key !== "q") { filters[key] = value; } });
      history.replaceState(null, "", location.pathname + (url.toString() ? "?" + url : ""));
      if (!push) { limit = 20; }
      run(String(data.get("q") || ""), filters, list, status, limit, more);
    };
    (fromDisk ? Promise.resolve({filters: {}}) : loadMeta()).then(function (m) {
      Array.prototype.forEach.call(form.querySelectorAll("select[name]"), function (select) {
        (m.filters[select.name] || []).forEach(function (v) {
          var option = el("option", "", v[2] + " (" + v[1] + ")");
          option.value = v[0];
          select.appendChild(option);
        });
        select.value = params.get(select.name) || "";
        if (select.selectedIndex < 0) { select.value = ""; }  // a value the data no longer has
      });
      form.elements.q.value = params.get("q") || "";
      update(false);
    });
    form.addEventListener("input", function () { update(false); });
    form.addEventListener("submit", function (event) { event.preventDefault(); update(false); });
    if (more) { more.addEventListener("click", function () { limit += 20; update(true); }); }
  }

  // The header: a search button that opens a dialog; "/" or "s" opens it too, Esc closes it.
  var dialog = null;
  function open() {
    if (!dialog) {
      dialog = el("dialog", "rc-search-dialog");
      dialog.setAttribute("aria-label", "Search the companion");
      dialog.innerHTML = '<form role="search" method="dialog"><label>Search notes, claims and events ' +
        '<input type="search" name="q" autocomplete="off"></label> <a class="rc-search-all" href="' +
        base + SEARCH_PAGE + '">All results and filters</a><p class="rc-search-status" role="status"></p></form>' +
        '<ol class="rc-results"></ol>';
      document.body.appendChild(dialog);
      var input = dialog.querySelector("input"), all = dialog.querySelector(".rc-search-all");
      var timer = null;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        all.href = base + SEARCH_PAGE + "?q=" + encodeURIComponent(input.value);
        timer = setTimeout(function () {
          run(input.value, {}, dialog.querySelector(".rc-results"), dialog.querySelector(".rc-search-status"), 10);
        }, 120);
      });
      dialog.addEventListener("click", function (event) { if (event.target === dialog) { dialog.close(); } });
      // A search field takes the first Esc to clear itself; the dialog closes on it all the same.
      dialog.addEventListener("keydown", function (event) { if (event.key === "Escape") { dialog.close(); } });
    }
    if (fromDisk) { dialog.querySelector(".rc-search-status").textContent = FROM_DISK; }
    if (!dialog.open) { dialog.showModal(); }
    dialog.querySelector("input").focus();
  }
  var button = el("button", "rc-search-button");
  button.type = "button";
  button.setAttribute("aria-label", "Search");
  button.setAttribute("aria-keyshortcuts", "/ s");
  button.textContent = "Search";
  button.addEventListener("click", open);
  var header = document.querySelector(".md-header__inner") || document.body;
  header.appendChild(button);
  document.addEventListener("keydown", function (event) {
    var target = event.target, typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if ((event.key === "/" || event.key === "s") && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
    }
  });
})();
