// The query editor at /sparql: YASGUI (from npm, served by `ctockg serve` from web/node_modules)
// set up for this endpoint. The page hands its settings over in a JSON block
// (<script type="application/json" id="ctockg-config">): the prefixes of the ontology, the
// shipped queries as examples, and the ontology's classes and properties for completion.
// Nothing here fetches from another site: the page's Content-Security-Policy allows scripts,
// styles and requests from this server only.
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("ctockg-config").textContent);
  const Yasqe = Yasgui.Yasqe;
  const Yasr = Yasgui.Yasr;
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = new Set(
    ["integer", "decimal", "double", "float", "int", "long", "short", "byte",
      "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong"].map((t) => XSD + t),
  );

  // Completion from the ontology and the prefix table, never from prefix.cc or LOV.
  const prefixLines = Object.entries(config.prefixes).map(([p, iri]) => `${p}: <${iri}>`);
  Yasqe.forkAutocompleter("prefixes", { name: "ctockg-prefixes", get: () => prefixLines });
  Yasqe.forkAutocompleter("class", { name: "ctockg-classes", bulk: true, get: () => config.classes });
  Yasqe.forkAutocompleter("property", {
    name: "ctockg-properties",
    bulk: true,
    get: () => config.properties,
  });

  // A bar chart of the first number column against the first other column, when the answer has
  // a column whose every bound value is a number.
  class Chart {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5;
      this.label = "Chart";
    }
    columns() {
      const results = this.yasr.results;
      if (!results || !results.getVariables) return null;
      const variables = results.getVariables();
      const bindings = results.getBindings() || [];
      if (!bindings.length) return null;
      const isNumber = (v) =>
        bindings.every((b) => !b[v] || (b[v].type !== "uri" && NUMERIC.has(b[v].datatype)))
        && bindings.some((b) => b[v]);
      const value = variables.find(isNumber);
      if (!value) return null;
      const label = variables.find((v) => v !== value && !isNumber(v));
      return { value, label, bindings };
    }
    canHandleResults() {
      return this.columns() !== null;
    }
    getIcon() {
      const icon = document.createElement("span");
      icon.textContent = "▮▮";
      return icon;
    }
    draw() {
      const { value, label, bindings } = this.columns();
      const rows = bindings.slice(0, 60).map((b, i) => ({
        name: label && b[label] ? shorten(b[label].value) : String(i + 1),
        number: b[value] ? Number(b[value].value) : 0,
      }));
      const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.number)));
      const ns = "http://www.w3.org/2000/svg";
      const rowHeight = 22, labelWidth = 320, barWidth = 420, height = rows.length * rowHeight + 30;
      const svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", `0 0 ${labelWidth + barWidth + 90} ${height}`);
      svg.setAttribute("width", "100%");
      svg.setAttribute("role", "img");
      svg.classList.add("ctockg-chart");
      const text = (x, y, content, anchor) => {
        const t = document.createElementNS(ns, "text");
        t.setAttribute("x", x);
        t.setAttribute("y", y);
        t.setAttribute("font-size", "12");
        t.setAttribute("text-anchor", anchor);
        t.textContent = content;
        svg.appendChild(t);
      };
      text(labelWidth + 4, 14, value + (label ? " by " + label : ""), "start");
      rows.forEach((row, i) => {
        const y = 24 + i * rowHeight;
        text(labelWidth - 6, y + 14, row.name, "end");
        const bar = document.createElementNS(ns, "rect");
        bar.setAttribute("x", labelWidth);
        bar.setAttribute("y", y + 3);
        bar.setAttribute("height", rowHeight - 6);
        bar.setAttribute("width", (Math.abs(row.number) / max) * barWidth);
        bar.setAttribute("fill", "#0b5cad");
        svg.appendChild(bar);
        text(labelWidth + (Math.abs(row.number) / max) * barWidth + 4, y + 14, String(row.number), "start");
      });
      this.yasr.resultsEl.appendChild(svg);
      if (bindings.length > rows.length) {
        const note = document.createElement("p");
        note.textContent = `The first ${rows.length} of ${bindings.length} rows.`;
        this.yasr.resultsEl.appendChild(note);
      }
    }
  }
  Yasr.registerPlugin("chart", Chart);

  function shorten(iri) {
    for (const [prefix, ns] of Object.entries(config.prefixes)) {
      if (iri.startsWith(ns)) return prefix + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  const prefixBlock = Object.entries(config.prefixes)
    .filter(([p]) => config.preset.includes(p))
    .map(([p, iri]) => `PREFIX ${p}: <${iri}>`)
    .join("\n");
  Yasqe.defaults.value = prefixBlock + "\n\n" + config.starter;

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }] },
    persistenceId: null,
    yasqe: {
      autocompleters: ["variables", "ctockg-prefixes", "ctockg-classes", "ctockg-properties"],
      prefixCcApi: null,
      persistenceId: null,
    },
    yasr: {
      prefixes: config.prefixes,
      pluginOrder: ["table", "chart", "response"],
      defaultPlugin: "table",
      persistenceId: null,
    },
  });

  // The shipped queries: choosing one puts its text, with its example parameters, in the editor.
  const select = document.getElementById("examples");
  for (const example of config.examples) {
    const option = document.createElement("option");
    option.value = example.name;
    option.textContent = example.title;
    select.appendChild(option);
  }
  select.addEventListener("change", () => {
    const example = config.examples.find((e) => e.name === select.value);
    if (example) yasgui.getTab().setQuery(example.text);
  });
  window.ctockgYasgui = yasgui;
})();
