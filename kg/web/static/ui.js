/* newskg home page: YASGUI on this server's /sparql, with the queries/*.rq files as examples.
 *
 * The settings come from the JSON block #newskg-ui (written by kg/web/pages.py): the endpoint
 * (absolute URL), the request method, the default query and the examples. Nothing here talks to
 * any host but this server.
 */
(function () {
  "use strict";

  var settingsEl = document.getElementById("newskg-ui");
  var root = document.getElementById("yasgui");
  if (!settingsEl || !root) return;
  if (typeof Yasgui === "undefined") {
    root.textContent = "The query editor failed to load; use the plain form below.";
    document.getElementById("plain-form").open = true;
    return;
  }
  var settings = JSON.parse(settingsEl.textContent);

  installReadableTable(Yasgui.Yasr, settings.labels);
  installChart(Yasgui.Yasr);

  // Offline by design: the "class" and "property" autocompleters ask Linked Open Vocabularies
  // (lov.linkeddata.es) while one types. Prefix completion uses the list bundled with YASGUI.
  var Yasqe = Yasgui.Yasqe;
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(function (name) {
    return name !== "class" && name !== "property";
  });
  Yasqe.defaults.prefixCcApi = undefined;

  var requestConfig = { endpoint: settings.endpoint, method: settings.method };
  var yasgui = new Yasgui(root, {
    requestConfig: requestConfig,
    copyEndpointOnNewTab: false,
    // Offer this endpoint only (the default catalogue lists DBpedia and Wikidata).
    endpointCatalogueOptions: {
      getData: function () {
        return [{ endpoint: settings.endpoint }];
      },
    },
    yasqe: { value: settings.defaultQuery },
    // Tabs are remembered per endpoint, so two servers on one host do not share them.
    persistenceId: "newskg:" + settings.endpoint,
  });
  window.newskgYasgui = yasgui; // for the browser test and the curious

  var byName = {};
  settings.examples.forEach(function (example) {
    byName[example.name] = example;
  });

  // Open an example in the tab named after it (reusing that tab, reset to the example's text),
  // against this server, and run it.
  function openExample(example) {
    var tab = yasgui.tabNameTaken(example.name);
    if (tab) {
      yasgui.selectTabId(tab.getId());
      tab.setRequestConfig(requestConfig);
      tab.setQuery(example.query);
    } else {
      tab = yasgui.addTab(true, {
        name: example.name,
        yasqe: { value: example.query },
        requestConfig: requestConfig,
      });
    }
    return tab.query();
  }
  window.newskgOpenExample = function (name) {
    return openExample(byName[name]);
  };

  var buttons = document.querySelectorAll("button.example[data-example]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      var example = byName[button.getAttribute("data-example")];
      if (!example) return;
      Array.prototype.forEach.call(buttons, function (b) {
        b.classList.toggle("current", b === button);
      });
      openExample(example).catch(function () {
        /* YASGUI shows the error in its result area */
      });
    });
  });

  // The result table, readable: an IRI shows its label in the reader's language (skos:prefLabel,
  // else rdfs:label, as this server's /labels chooses) or else a prefixed name, links to its page
  // here, and keeps the full IRI as its title; literals show their value, with the language or the
  // datatype only where it says something (no ^^xsd:integer after a number). Cells wrap instead
  // of being cut. The labels of a page of results come in one request before it is drawn.
  function installReadableTable(Yasr, labelsUrl) {
    var Table = Yasr && Yasr.plugins && Yasr.plugins.table;
    if (!Table || !labelsUrl) return;
    var XSD = "http://www.w3.org/2001/XMLSchema#";
    var PLAIN = ["string", "integer", "decimal", "double", "float", "boolean", "date", "dateTime", "nonNegativeInteger",
      "positiveInteger", "int", "long", "gYear", "anyURI"].map(function (t) { return XSD + t; });
    var NUMERIC = ["integer", "decimal", "double", "float", "nonNegativeInteger", "positiveInteger", "int", "long"]
      .map(function (t) { return XSD + t; });

    function esc(text) {
      return String(text).replace(/[&<>"']/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
      });
    }

    function fetchLabels(results) {
      var wanted = {};
      var bindings = (results && results.getBindings && results.getBindings()) || [];
      bindings.forEach(function (row) {
        Object.keys(row).forEach(function (name) {
          var b = row[name];
          if (b.type === "uri") wanted[b.value] = true;
          if (b.datatype && PLAIN.indexOf(b.datatype) < 0) wanted[b.datatype] = true;
        });
      });
      var iris = Object.keys(wanted).slice(0, 5000);
      if (!iris.length) return Promise.resolve({});
      var body = new URLSearchParams();
      iris.forEach(function (iri) { body.append("iri", iri); });
      (navigator.languages || [navigator.language || "en"]).forEach(function (l) { body.append("lang", l); });
      return fetch(labelsUrl, { method: "POST", body: body })
        .then(function (r) { return r.ok ? r.json() : { labels: {} }; })
        .then(function (data) { return data.labels || {}; })
        .catch(function () { return {}; });
    }

    class ReadableTable extends Table {
      draw(config) {
        var self = this;
        return fetchLabels(this.yasr.results).then(function (labels) {
          self.newskgLabels = labels;
          return Table.prototype.draw.call(self, Object.assign({}, config, { isEllipsed: false }));
        });
      }
      getCellContent(binding, prefixes) {
        var labels = this.newskgLabels || {};
        if (binding.type === "uri") {
          var info = labels[binding.value] || {};
          var text = info.label || info.short || binding.value;
          var href = info.href || binding.value;
          return "<div><span><a class='iri' href='" + esc(href) + "' title='" + esc(binding.value) + "'>" + esc(text) + "</a></span></div>";
        }
        if (binding.type === "literal" || binding.type === "typed-literal") {
          var value = esc(binding.value);
          if (binding["xml:lang"]) {
            value += " <sup class='lang'>@" + esc(binding["xml:lang"]) + "</sup>";
          } else if (binding.datatype && PLAIN.indexOf(binding.datatype) < 0) {
            var dt = labels[binding.datatype] || {};
            value += " <sup title='" + esc(binding.datatype) + "'>^^" + esc(dt.short || binding.datatype) + "</sup>";
          }
          var numeric = binding.datatype && NUMERIC.indexOf(binding.datatype) >= 0;
          return "<div" + (numeric ? " class='num'" : "") + "><span class='nonIri'>" + value + "</span></div>";
        }
        return super.getCellContent(binding, prefixes);
      }
    }
    Yasr.registerPlugin("table", ReadableTable);
  }

  // A "Chart" result view, when Vega-Lite is installed (kg install-ui): numbers over time when the
  // results have a date column and a number column (points, one colour per value of the first
  // other column), else numbers per category (bars). Results of other shapes do not offer it.
  function installChart(Yasr) {
    if (!Yasr || typeof vega === "undefined" || typeof vegaLite === "undefined") return;
    var XSD = "http://www.w3.org/2001/XMLSchema#";
    var NUMBERS = ["integer", "decimal", "double", "float", "nonNegativeInteger", "positiveInteger", "int", "long"];
    var DATES = ["date", "dateTime", "gYear"];

    function kindOf(binding) {
      if (!binding) return null;
      var dt = (binding.datatype || "").replace(XSD, "");
      if (NUMBERS.indexOf(dt) >= 0) return "number";
      if (DATES.indexOf(dt) >= 0) return "date";
      return "text";
    }

    function shape(results) {
      var rows = (results && results.getBindings && results.getBindings()) || [];
      var vars = (results && results.getVariables && results.getVariables()) || [];
      if (!rows.length) return null;
      var kinds = {};
      vars.forEach(function (v) {
        var k = rows.map(function (r) { return kindOf(r[v]); }).filter(Boolean);
        kinds[v] = k.length && k.every(function (x) { return x === k[0]; }) ? k[0] : "text";
      });
      var y = vars.filter(function (v) { return kinds[v] === "number"; })[0];
      var x = vars.filter(function (v) { return kinds[v] === "date"; })[0];
      var series = vars.filter(function (v) { return v !== x && v !== y && kinds[v] === "text"; })[0];
      if (!y || !(x || series)) return null;
      return { rows: rows, x: x, y: y, series: series };
    }

    function text(b) {
      return b ? (b.type === "uri" ? b.value.replace(/.*[\/#]/, "") : b.value) : "";
    }

    class Chart {
      constructor(yasr) {
        this.yasr = yasr;
        this.priority = 5;
        this.label = "Chart";
      }
      canHandleResults() { return !!shape(this.yasr.results); }
      getIcon() {
        var icon = document.createElement("span");
        icon.textContent = "\u{1F4C8}";
        return icon;
      }
      draw() {
        var s = shape(this.yasr.results);
        var data = s.rows.map(function (r) {
          return { x: s.x ? text(r[s.x]) || null : null, y: Number(r[s.y].value), series: s.series ? text(r[s.series]) : "" };
        });
        var spec = {
          width: "container", height: 360, autosize: { type: "fit-x", contains: "padding" },
          data: { values: data },
          mark: s.x ? { type: "point", filled: true, size: 80 } : { type: "bar" },
          encoding: s.x ? {
            x: { field: "x", type: "temporal", title: s.x },
            y: { field: "y", type: "quantitative", title: s.y },
            color: { field: "series", type: "nominal", title: s.series || "" },
            tooltip: [{ field: "x", title: s.x }, { field: "y", title: s.y }, { field: "series", title: s.series || "" }]
          } : {
            x: { field: "series", type: "nominal", title: s.series, sort: "-y" },
            y: { field: "y", type: "quantitative", aggregate: "sum", title: s.y }
          }
        };
        var el = document.createElement("div");
        el.className = "newskg-yasr-chart";
        this.yasr.resultsEl.appendChild(el);
        var view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "svg", container: el });
        return view.runAsync().then(function () { el.setAttribute("data-rendered", "true"); });
      }
    }
    Yasr.registerPlugin("chart", Chart);
  }
})();
