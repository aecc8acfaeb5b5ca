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
})();
