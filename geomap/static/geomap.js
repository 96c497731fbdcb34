/* geomap: the analyst's map, built in the browser from one JSON payload.
 *
 * geomap.init(map, data, options) draws every place of `data` (see render.py for the
 * payload's shape) as a clustered marker sized by its mention count and coloured by its
 * category, one layer switch per document (past 20 documents: check boxes in the
 * panel), plus outline, demonym and legend layers and a searchable side panel. All input text is put into the page with textContent or
 * createTextNode, never as HTML, so nothing in it can run.
 */
(function () {
  "use strict";
  var geomap = (window.geomap = window.geomap || {});
  if (geomap.init) {
    return; // loaded twice (two embedded maps on one page): one copy is enough
  }

  var CATEGORY_LABELS = {
    country: "Country",
    admin1: "Region (admin-1)",
    city: "City or town",
    online: "Found online",
    low: "Low confidence",
    other: "Continent, sea, county or other"
  };
  var FIRST_SENTENCES = 20;
  var PANEL_ROWS = 300;
  // Up to this many documents are a layer each; more are chosen in the panel.
  var DOC_LAYERS = 20;
  var DOC_ROWS = 200;
  var TIME_BINS = 60;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function diameter(count) {
    return Math.round(Math.min(48, 12 + 7 * Math.log(1 + count) / Math.LN2));
  }

  function icon(category, count) {
    var d = diameter(count);
    return L.divIcon({
      className: "geomap-marker-wrap",
      html: '<div class="geomap-marker geomap-' + category + '" style="width:' + d +
        "px;height:" + d + 'px"></div>',
      iconSize: [d, d],
      iconAnchor: [d / 2, d / 2],
      popupAnchor: [0, -d / 2]
    });
  }

  function sentenceNode(data, ref) {
    // ref = [sentence index, [[start, end], ...]]: mark each mention in its sentence.
    // A sentence is [text, [doc index, ...], copies]: word for word in `copies` documents.
    var sentence = data.sentences[ref[0]];
    var text = sentence[0];
    var docs = sentence[1];
    var copies = sentence[2];
    var li = el("li");
    var doc = el("span", "geomap-doc", data.docs[docs[0]]);
    li.appendChild(doc);
    if (copies > 1) {
      var names = docs.map(function (d) { return data.docs[d]; });
      var badge = el("span", "geomap-copies", "\u00d7" + copies);
      badge.title = "The same sentence in " + copies + " documents: " + names.join(", ") +
        (copies > names.length ? ", \u2026" : "");
      badge.setAttribute("aria-label", badge.title);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge);
    }
    li.appendChild(document.createTextNode(" "));
    var at = 0;
    var spans = ref[1].slice().sort(function (a, b) { return a[0] - b[0]; });
    for (var i = 0; i < spans.length; i++) {
      var start = spans[i][0];
      var end = spans[i][1];
      if (start < at) {
        continue;
      }
      li.appendChild(document.createTextNode(text.slice(at, start)));
      li.appendChild(el("mark", null, text.slice(start, end)));
      at = end;
    }
    li.appendChild(document.createTextNode(text.slice(at)));
    return li;
  }

  // "Why here": each term of the chosen candidate's score, in the payload's plain words
  // (reasonText) with what it added, the largest first.
  function whyNode(data, reasons) {
    var box = el("div", "geomap-why");
    box.appendChild(el("div", "geomap-why-title", "Why here"));
    var list = el("ul", "geomap-why-list");
    var words = data.reasonText || {};
    reasons.slice().sort(function (a, b) { return Math.abs(b[1]) - Math.abs(a[1]); })
      .forEach(function (reason) {
        var text = Object.prototype.hasOwnProperty.call(words, reason[0]) ? words[reason[0]] : reason[0];
        list.appendChild(el("li", reason[1] < 0 ? "geomap-why-against" : null,
          text + " (" + (reason[1] > 0 ? "+" : "\u2212") + Math.abs(reason[1]).toFixed(2) + ")"));
      });
    box.appendChild(list);
    return box;
  }

  function popupNode(data, place, refs, title, count, sentenceCount) {
    var box = el("div", "geomap-popup");
    box.appendChild(el("div", "geomap-name", place.name));
    var where = [place.admin1, place.country].filter(function (x) { return x && x !== place.name; });
    if (where.length) {
      box.appendChild(el("div", "geomap-where", where.join(", ")));
    }
    var facts = "Kind: " + place.kind + " \u00b7 score " + place.score.toFixed(2);
    box.appendChild(el("div", "geomap-facts", facts));
    if (place.source === "gazetteer") {
      box.appendChild(el("div", "geomap-source", "Source: bundled gazetteer" +
        (place.geonameid ? " (GeoNames " + place.geonameid + ")" : "")));
    } else if (place.source === "coordinates") {
      box.appendChild(el("div", "geomap-source", "Coordinates written in the text: " +
        place.name + " = " + place.display));
    } else if (place.source === "document-focus") {
      box.appendChild(el("div", "geomap-source geomap-approximate", "Approximate: " +
        place.display + " (not in the gazetteer)"));
    } else {
      box.appendChild(el("div", "geomap-source geomap-online", "Found online by " +
        place.source.replace(/^geocoder:/, "") + ": " + (place.display || place.name)));
    }
    if (place.alternatives.length) {
      box.appendChild(el("div", "geomap-alts", "Not chosen: " + place.alternatives.join("; ")));
    }
    if (place.reasons.length) {
      box.appendChild(whyNode(data, place.reasons));
    }
    box.appendChild(el("div", "geomap-count", title + ": " + count +
      (count === 1 ? " mention" : " mentions") + " in " + sentenceCount +
      (sentenceCount === 1 ? " distinct sentence" : " distinct sentences")));
    if (refs.length < sentenceCount) {
      box.appendChild(el("div", "geomap-budget", "Showing " + refs.length + " of " +
        sentenceCount + ", spread over the documents; every mention is in the output " +
        "of geomap extract."));
    }
    var list = el("ol", "geomap-sentences");
    box.appendChild(list);
    function show(upTo) {
      for (var k = list.childNodes.length; k < Math.min(upTo, refs.length); k++) {
        list.appendChild(sentenceNode(data, refs[k]));
      }
    }
    show(FIRST_SENTENCES);
    if (refs.length > FIRST_SENTENCES) {
      var more = el("button", "geomap-more", "Show all " + refs.length + " sentences");
      more.type = "button";
      more.onclick = function (event) {
        L.DomEvent.stop(event);
        show(refs.length);
        more.parentNode.removeChild(more);
      };
      box.appendChild(more);
    }
    return box;
  }

  // A popup that survives its marker leaving the map while it opens. Leaflet's
  // _adjustPan first stops a running pan; stopping it fires moveend, on which the
  // cluster may fold the marker (and so close this popup) and _adjustPan then read
  // a null map: "Cannot read properties of null (reading 'layerPointToContainerPoint')".
  var Popup = L.Popup.extend({
    _adjustPan: function () {
      if (this._map && this._map._panAnim) { this._map._panAnim.stop(); }
      if (this._map) { L.Popup.prototype._adjustPan.call(this); }
    }
  });
  var POPUP_OPTIONS = { maxWidth: 380, minWidth: 380, maxHeight: 340, className: "geomap-popup-wrap" };

  function marker(data, place, refs, category, count, sentenceCount, title) {
    var m = L.marker([place.lat, place.lon], { icon: icon(category, count) });
    m.bindPopup(new Popup(POPUP_OPTIONS).setContent(function () {
      return popupNode(data, place, refs, title, count, sentenceCount);
    }));
    m.bindTooltip(function () { return el("span", null, place.name + " (" + count + ")"); });
    return m;
  }

  function legend(options) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = el("div", "geomap-legend leaflet-bar");
      box.appendChild(el("div", "geomap-legend-title", "Places"));
      var order = ["country", "admin1", "city", "other", "online", "low"];
      for (var i = 0; i < order.length; i++) {
        var row = el("div", "geomap-legend-row");
        row.appendChild(el("span", "geomap-swatch geomap-" + order[i]));
        row.appendChild(document.createTextNode(CATEGORY_LABELS[order[i]]));
        box.appendChild(row);
      }
      var sizes = el("div", "geomap-legend-row");
      sizes.appendChild(document.createTextNode("Size: mentions (log scale) "));
      [1, 10, 100].forEach(function (n) {
        var dot = el("span", "geomap-size");
        var d = diameter(n);
        dot.style.width = d + "px";
        dot.style.height = d + "px";
        dot.title = n + (n === 1 ? " mention" : " mentions");
        sizes.appendChild(dot);
        sizes.appendChild(document.createTextNode(String(n) + " "));
      });
      box.appendChild(sizes);
      if (options.lowConfidence !== undefined) {
        box.appendChild(el("div", "geomap-legend-note",
          "Low confidence: score below " + options.lowConfidence));
      }
      return box;
    };
    return control;
  }

  function controlBox(className, role, label) {
    // A control's box: labelled for screen readers; clicks and scrolls stay in it.
    var box = el("div", className + " leaflet-bar");
    box.setAttribute("role", role);
    box.setAttribute("aria-label", label);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  }

  function fillList(list, note, count, matches, row, limit, none) {
    // A searchable list: the first `limit` matching rows, and a note on the rest.
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    var shown = 0;
    var matched = 0;
    for (var i = 0; i < count; i++) {
      if (!matches(i)) {
        continue;
      }
      matched++;
      if (shown < limit) {
        shown++;
        list.appendChild(row(i));
      }
    }
    note.textContent = matched > shown ? (matched - shown) + " more: refine the search" :
      (matched ? "" : none);
  }

  function documentsNode(data, filter) {
    // The documents, behind a control: their counts and, past DOC_LAYERS documents,
    // check boxes that choose which documents the map shows.
    var details = el("details", "geomap-docs");
    var summary = el("summary", null, "Documents (" + data.docs.length + ")");
    details.appendChild(summary);
    var search = el("input", "geomap-doc-search");
    search.type = "search";
    search.placeholder = "Search documents\u2026";
    search.setAttribute("aria-label", "Search documents");
    details.appendChild(search);
    var choosing = filter.choosing;
    if (choosing) {
      var buttons = el("div", "geomap-doc-buttons");
      [["All", true], ["None", false]].forEach(function (pair) {
        var b = el("button", "geomap-doc-all", pair[0]);
        b.type = "button";
        b.onclick = function () { filter.setAll(pair[1]); fill(); };
        buttons.appendChild(b);
      });
      details.appendChild(buttons);
    }
    var list = el("ul", "geomap-doc-counts");
    details.appendChild(list);
    var note = el("div", "geomap-panel-note");
    details.appendChild(note);
    function row(d) {
      var li = el("li", "geomap-doc-row");
      var text = data.docs[d] + ": " + data.docMentions[d] + " mentions, " +
        data.docPlaces[d] + " places";
      if (choosing) {
        var label = el("label");
        var box = el("input");
        box.type = "checkbox";
        box.checked = filter.visible[d];
        box.setAttribute("data-doc", String(d));
        box.onchange = function () { filter.set(d, box.checked); };
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + text));
        li.appendChild(label);
      } else {
        li.textContent = text;
      }
      return li;
    }
    function fill() {
      var query = search.value.trim().toLowerCase();
      fillList(list, note, data.docs.length, function (d) {
        return !query || data.docs[d].toLowerCase().indexOf(query) >= 0;
      }, row, DOC_ROWS, "No document matches");
    }
    search.oninput = fill;
    fill();
    return details;
  }

  function panel(map, data, entries, cluster, reveal, filter) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = controlBox("geomap-panel", "region", "Places on this map");
      box.appendChild(el("div", "geomap-panel-title", "Places (" + entries.length + ")"));
      var search = el("input", "geomap-search");
      search.type = "search";
      search.placeholder = "Search places\u2026";
      search.setAttribute("aria-label", "Search places");
      box.appendChild(search);
      if (data.docs.length > 1) {
        box.appendChild(documentsNode(data, filter));
      }
      if (data.sources && data.sources.length) {
        box.appendChild(sourcesNode(data, filter));
      }
      var list = el("ul", "geomap-list");
      list.setAttribute("aria-label", "Places, most mentioned first");
      box.appendChild(list);
      var note = el("div", "geomap-panel-note");
      box.appendChild(note);
      if (data.omitted) {
        // The page budget left the least-mentioned places out: say so, and where they are.
        box.appendChild(el("div", "geomap-omitted", data.omitted.places +
          (data.omitted.places === 1 ? " place" : " places") + " (" + data.omitted.mentions +
          (data.omitted.mentions === 1 ? " mention" : " mentions") + "), the least mentioned, " +
          "are not on this map: it would pass 25 MB. geomap extract lists every place."));
      }

      function open(entry) {
        reveal(entry);
        cluster.zoomToShowLayer(entry.marker, function () { entry.marker.openPopup(); });
      }

      function row(i) {
        var entry = entries[i];
        var li = el("li", "geomap-entry");
        li.appendChild(el("span", "geomap-swatch geomap-" + entry.category));
        li.appendChild(el("span", "geomap-entry-name", entry.label));
        li.appendChild(el("span", "geomap-entry-count", String(entry.shown)));
        // A button for the keyboard and screen readers: Tab to it, Enter or Space opens.
        li.tabIndex = 0;
        li.setAttribute("role", "button");
        li.setAttribute("aria-label", entry.label + ", " + entry.shown +
          (entry.shown === 1 ? " mention" : " mentions") + ": show on the map");
        li.onclick = function () { open(entry); };
        li.onkeydown = function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            open(entry);
          }
        };
        return li;
      }

      function fill() {
        var query = search.value.trim().toLowerCase();
        fillList(list, note, entries.length, function (i) {
          return entries[i].shown > 0 && (!query || entries[i].key.indexOf(query) >= 0);
        }, row, PANEL_ROWS, "No place matches");
      }
      search.oninput = fill;
      filter.listen(fill);
      fill();
      return box;
    };
    return control;
  }

  function sourcesNode(data, filter) {
    var details = el("details", "geomap-sources");
    details.appendChild(el("summary", null, "Sources (" + data.sources.length + ")"));
    var list = el("ul", "geomap-source-list");
    for (var k = 0; k < data.sources.length; k++) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-source", String(k));
      box.onchange = (function (index, input) {
        return function () { filter.setSource(index, input.checked); };
      })(k, box);
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + data.sources[k]));
      li.appendChild(label);
      list.appendChild(li);
    }
    details.appendChild(list);
    return details;
  }

  function isoDay(day) {
    return new Date(day * 86400000).toISOString().slice(0, 10);
  }

  function timeControl(data, filter) {
    // A histogram of mentions over time, brushable, and a range with two handles (for
    // the keyboard): the map shows
    // the documents dated inside it (documents without a date drop out once narrowed).
    var dates = data.docDates;
    var lo = Infinity;
    var hi = -Infinity;
    for (var d = 0; d < dates.length; d++) {
      if (dates[d] !== null) {
        lo = Math.min(lo, dates[d]);
        hi = Math.max(hi, dates[d]);
      }
    }
    var bins = Math.max(1, Math.min(TIME_BINS, Math.ceil(hi - lo) + 1));
    var width = (hi - lo) / bins || 1;
    var counts = [];
    for (var b = 0; b < bins; b++) {
      counts.push(0);
    }
    for (d = 0; d < dates.length; d++) {
      if (dates[d] !== null) {
        counts[Math.min(bins - 1, Math.floor((dates[d] - lo) / width))] += data.docMentions[d];
      }
    }
    var most = Math.max.apply(null, counts) || 1;
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = controlBox("geomap-time", "group", "Time range");
      box.appendChild(el("div", "geomap-time-title", "Mentions over time"));
      var chart = el("div", "geomap-time-bars");
      var barNodes = [];
      for (var k = 0; k < bins; k++) {
        var bar = el("span", "geomap-time-bar");
        bar.style.height = Math.max(2, Math.round(40 * counts[k] / most)) + "px";
        bar.title = isoDay(lo + k * width) + ": " + counts[k] + " mentions";
        chart.appendChild(bar);
        barNodes.push(bar);
      }
      box.appendChild(chart);
      var from = el("input", "geomap-time-from");
      var to = el("input", "geomap-time-to");
      [from, to].forEach(function (input, index) {
        input.type = "range";
        input.min = "0";
        input.max = String(bins - 1);
        input.step = "1";
        input.value = index ? String(bins - 1) : "0";
        input.setAttribute("aria-label", index ? "Last date" : "First date");
        box.appendChild(input);
      });
      var label = el("div", "geomap-time-label");
      box.appendChild(label);
      function update() {
        var a = Math.min(+from.value, +to.value);
        var z = Math.max(+from.value, +to.value);
        var start = lo + a * width;
        var end = z === bins - 1 ? hi : lo + (z + 1) * width;
        label.textContent = isoDay(start) + " \u2013 " + isoDay(end);
        for (var k = 0; k < bins; k++) {
          barNodes[k].className = "geomap-time-bar" + (k < a || k > z ? " geomap-time-out" : "");
        }
        filter.setRange(a === 0 && z === bins - 1 ? null : [start, end]);
      }
      from.oninput = update;
      to.oninput = update;
      // Brush: press on the histogram and drag over the range wanted; a double click
      // takes the whole range back.
      var anchor = null;
      function binAt(event) {
        var box = chart.getBoundingClientRect();
        var k = Math.floor((event.clientX - box.left) / (box.width || 1) * bins);
        return Math.max(0, Math.min(bins - 1, k));
      }
      function brush(event) {
        var k = binAt(event);
        from.value = String(Math.min(anchor, k));
        to.value = String(Math.max(anchor, k));
        update();
      }
      chart.title = "Drag to choose a range; double-click for all";
      L.DomEvent.on(chart, "pointerdown", function (event) {
        L.DomEvent.preventDefault(event);
        anchor = binAt(event);
        if (chart.setPointerCapture) { chart.setPointerCapture(event.pointerId); }
        brush(event);
      });
      L.DomEvent.on(chart, "pointermove", function (event) {
        if (anchor !== null) { brush(event); }
      });
      L.DomEvent.on(chart, "pointerup pointercancel", function () { anchor = null; });
      L.DomEvent.on(chart, "dblclick", function (event) {
        L.DomEvent.stop(event);
        from.value = "0";
        to.value = String(bins - 1);
        update();
      });
      label.textContent = isoDay(lo) + " \u2013 " + isoDay(hi);
      return box;
    };
    return control;
  }

  var PLACE_DEFAULTS = {
    admin1: null, country: null, source: "gazetteer", display: null, geonameid: null,
    alternatives: [], reasons: [], demonymRefs: [], demonymCount: 0, demonymSentenceCount: 0
  };

  geomap.init = function (map, data, options) {
    options = options || {};
    // The payload leaves out fields at their default (render.py's _DEFAULTS).
    for (var p = 0; p < data.places.length; p++) {
      for (var field in PLACE_DEFAULTS) {
        if (!(field in data.places[p])) {
          data.places[p][field] = PLACE_DEFAULTS[field];
        }
      }
    }
    var overlays = [];
    var entries = [];
    // One marker per place in one cluster group; each document's layer in the control is
    // a switch that decides which places the cluster shows (a place shows while any
    // document that names it is on). 10,000 places make 10,000 markers, however many
    // documents name them.
    var cluster = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      maxClusterRadius: 40
    });
    var visible = [];
    for (var d = 0; d < data.docs.length; d++) {
      visible.push(true);
    }
    var demonyms = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
    var shown = [];
    for (var i = 0; i < data.places.length; i++) {
      var place = data.places[i];
      if (place.docs.length) {
        var m = marker(data, place, place.refs, place.category, place.count,
          place.sentenceCount, "Mentioned");
        var entry = {
          key: place.name.toLowerCase(), label: place.name, count: place.count, marker: m,
          docs: place.docs.map(function (x) { return x[0]; }), perDoc: place.docs,
          category: place.category, id: place.id, shown: place.count, iconCount: place.count
        };
        entries.push(entry);
        shown.push(m);
      }
      if (place.demonymRefs.length) {
        demonyms.addLayer(marker(data, place, place.demonymRefs, place.category,
          place.demonymCount, place.demonymSentenceCount, "As a demonym"));
      }
    }
    // The view first, without animation: a pan that ends while the cluster is still
    // adding markers in chunks makes Leaflet.markercluster read bounds it has not made
    // yet ("Cannot read properties of undefined (reading 'lat')").
    if (data.bounds) {
      // Keep the places clear of the side panel (top right) on a map wide enough for it.
      var wide = options.panel !== false && map.getSize().x > 760;
      map.fitBounds(data.bounds, {
        animate: false,
        paddingTopLeft: [30, 30],
        paddingBottomRight: [wide ? 300 : 30, 30]
      });
    }
    cluster.addLayers(shown);
    cluster.addTo(map);

    // The density layer (Leaflet.heat, off by default): each place weighs by the log
    // of its mentions, so one capital does not drown every town.
    var heat = null;
    var heaviest = 1;
    for (var h = 0; h < entries.length; h++) {
      heaviest = Math.max(heaviest, entries[h].count);
    }
    function heatPoints(list) {
      return list.map(function (e) {
        var ll = e.marker.getLatLng();
        return [ll.lat, ll.lng, Math.log(1 + e.count) / Math.log(1 + heaviest)];
      });
    }
    if (L.heatLayer) {
      heat = L.heatLayer(heatPoints(entries), { radius: 22, blur: 18, max: 1, minOpacity: 0.25 });
    }

    // What the map shows: the documents switched on, of the sources switched on, dated
    // inside the time range. Markers, counts, the panel, the heat map and the outlines
    // follow it.
    var dates = data.docDates || null;
    var docSources = data.docSources || null;
    var sourceOn = (data.sources || []).map(function () { return true; });
    var range = null;
    var listeners = [];
    function active(doc) {
      if (!visible[doc]) {
        return false;
      }
      if (docSources && docSources[doc] >= 0 && !sourceOn[docSources[doc]]) {
        return false;
      }
      if (range && dates) {
        var t = dates[doc];
        if (t === null || t < range[0] || t > range[1]) {
          return false;
        }
      }
      return true;
    }
    var outlineLayer = null;
    function refresh() {
      var markers = [];
      var on = [];
      var shownIds = {};
      for (var k = 0; k < entries.length; k++) {
        var entry = entries[k];
        var n = 0;
        for (var j = 0; j < entry.perDoc.length; j++) {
          if (active(entry.perDoc[j][0])) {
            n += entry.perDoc[j][1];
          }
        }
        entry.shown = n;
        if (n > 0) {
          if (entry.iconCount !== n) {
            entry.marker.setIcon(icon(entry.category, n));
            entry.iconCount = n;
          }
          markers.push(entry.marker);
          on.push(entry);
          shownIds[entry.id] = true;
        }
      }
      cluster.clearLayers();
      cluster.addLayers(markers);
      if (heat) {
        heat.setLatLngs(heatPoints(on));
      }
      if (outlineLayer) {
        outlineLayer.eachLayer(function (layer) {
          var showIt = shownIds[layer.feature.properties.id];
          layer.setStyle({ opacity: showIt ? 0.8 : 0, fillOpacity: showIt ? 0.08 : 0 });
        });
      }
      for (var f = 0; f < listeners.length; f++) {
        listeners[f]();
      }
    }
    // A few documents: a layer switch each. Many: check boxes in the panel.
    var docSwitches = [];
    var filter = {
      visible: visible,
      sourceOn: sourceOn,
      listen: function (callback) { listeners.push(callback); },
      setRange: function (value) {
        range = value;
        refresh();
      },
      setSource: function (index, on) {
        sourceOn[index] = on;
        refresh();
      },
      choosing: data.docs.length > DOC_LAYERS,
      set: function (index, on) {
        visible[index] = on;
        refresh();
      },
      setAll: function (on) {
        for (var k = 0; k < visible.length; k++) {
          visible[k] = on;
        }
        refresh();
      }
    };
    if (!filter.choosing) {
      for (d = 0; d < data.docs.length; d++) {
        docSwitches.push(L.layerGroup());
        docSwitches[d].addTo(map);
        overlays.push(["Document: ", data.docs[d], docSwitches[d]]);
      }
      map.on("overlayadd overlayremove", function (event) {
        var index = docSwitches.indexOf(event.layer);
        if (index >= 0) {
          visible[index] = event.type === "overlayadd";
          refresh();
        }
      });
    }
    function reveal(entry) {
      if (!entry.shown && !entry.docs.some(function (doc) { return visible[doc]; })) {
        if (filter.choosing) {
          filter.set(entry.docs[0], true);
          var box = map.getContainer().querySelector(
            '.geomap-doc-row input[data-doc="' + entry.docs[0] + '"]');
          if (box) {
            box.checked = true;
          }
        } else {
          map.addLayer(docSwitches[entry.docs[0]]); // fires overlayadd -> refresh
        }
      }
    }
    entries.sort(function (a, b) { return b.count - a.count || (a.label < b.label ? -1 : 1); });

    if (data.outlines && data.outlines.features.length) {
      var outlines = L.geoJSON(data.outlines, {
        style: function (f) {
          return { color: f.properties.color, weight: 1.5, fillOpacity: 0.08, opacity: 0.8 };
        },
        onEachFeature: function (f, layer) {
          layer.bindTooltip(function () { return el("span", null, f.properties.name); });
        }
      });
      outlines.addTo(map);
      outlineLayer = outlines;
      overlays.push(["", "Country and region outlines", outlines]);
    }
    overlays.push(["", "Demonym links (\u201cIraqi\u201d \u2192 Iraq)", demonyms]);
    if (heat) {
      overlays.push(["", "Density of mentions (heat map)", heat]);
    }
    // Names of the most-mentioned places: more of them as the map zooms in.
    var labels = L.layerGroup();
    function labelCount(zoom) {
      return zoom >= 8 ? 100 : zoom >= 6 ? 40 : zoom >= 4 ? 20 : 10;
    }
    function drawLabels() {
      // Only markers drawn on their own (not inside a cluster), and never two labels
      // on top of each other: the busiest places win.
      labels.clearLayers();
      var ranked = entries.filter(function (e) {
        return e.shown > 0 && cluster.getVisibleParent(e.marker) === e.marker;
      });
      ranked.sort(function (a, b) { return b.shown - a.shown; });
      var placed = [];
      var wanted = labelCount(map.getZoom());
      for (var k = 0; k < ranked.length && placed.length < wanted; k++) {
        var at = map.latLngToContainerPoint(ranked[k].marker.getLatLng());
        var width = 7 * ranked[k].label.length + 10;
        var clash = placed.some(function (box) {
          return at.x < box[0] + box[2] && box[0] < at.x + width && Math.abs(at.y - box[1]) < 16;
        });
        if (clash) {
          continue;
        }
        placed.push([at.x, at.y, width]);
        var text = el("span", "geomap-label-text", ranked[k].label);
        labels.addLayer(L.marker(ranked[k].marker.getLatLng(), {
          icon: L.divIcon({ className: "geomap-label", html: text, iconSize: null,
            iconAnchor: [-8, 18] }),
          interactive: false, keyboard: false
        }));
      }
    }
    function redrawLabels() {
      if (map.hasLayer(labels)) {
        drawLabels();
      }
    }
    map.on("zoomend moveend", redrawLabels);
    cluster.on("animationend", redrawLabels);
    labels.on("add", drawLabels);
    listeners.push(redrawLabels);
    labels.addTo(map);
    overlays.push(["", "Labels of the most-mentioned places", labels]);
    if (map.attributionControl) {
      map.attributionControl.addAttribution(
        "Places: GeoNames (CC BY 4.0) \u00b7 Outlines: Natural Earth");
    }

    if (data.basemap && data.basemap.features.length) {
      var basemap = L.geoJSON(data.basemap, {
        interactive: false,
        style: { color: "#8a8a8a", weight: 0.6, fillColor: "#f2efe9", fillOpacity: 1 }
      });
      basemap.addTo(map);
      basemap.bringToBack();
      map.getContainer().style.background = "#aad3df";
    }

    var layerControl = L.control.layers(null, null, { collapsed: docSwitches.length > 6 });
    for (var k = 0; k < overlays.length; k++) {
      // Labels are HTML in Leaflet's control: build them from text only.
      var label = el("span");
      label.appendChild(document.createTextNode(overlays[k][0] + overlays[k][1]));
      layerControl.addOverlay(overlays[k][2], label.outerHTML);
    }
    var panelControl = null;
    if (options.panel !== false) {
      layerControl.addTo(map);
      panelControl = panel(map, data, entries, cluster, reveal, filter).addTo(map);
    }
    legend(options).addTo(map);
    if (data.docDates) {
      var time = timeControl(data, filter).addTo(map);
      if (panelControl) {
        // The panel (top right) ends above the time control (bottom right).
        var fitPanel = function () {
          var box = panelControl.getContainer();
          var room = time.getContainer().getBoundingClientRect().top -
            box.getBoundingClientRect().top - 10;
          box.style.maxHeight = Math.max(120, room) + "px";
        };
        fitPanel();
        map.on("resize", fitPanel);
      }
    }
    map.getContainer().setAttribute("data-geomap-ready", String(entries.length));
    return {
      cluster: cluster, switches: docSwitches, demonyms: demonyms, entries: entries, heat: heat
    };
  };
})();
