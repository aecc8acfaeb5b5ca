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
})();
