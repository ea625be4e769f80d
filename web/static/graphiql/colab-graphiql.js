// Starts GraphiQL (with the explorer plugin) on the page of /graphql, from the files vendored next to this one.
// Adapted from the page Strawberry ships (MIT); a file of its own so the page has no inline script.
(function () {
  "use strict";

  var EXAMPLE_QUERY = [
    "# Colab Wallonie's GraphQL API",
    "# (conventions: graphql/README.md).",
    "# Run: Ctrl-Enter. Complete: Ctrl-Space.",
    "# Apps send a token in the Headers tab:",
    '# {"Authorization": "Bearer <token>"}',
    "",
    "{",
    "  challenges(first: 3) {",
    "    totalCount",
    "    edges { node { id title } }",
    "  }",
    "}",
    "",
  ].join("\n");

  var parameters = {};
  window.location.search
    .slice(1)
    .split("&")
    .forEach(function (entry) {
      var eq = entry.indexOf("=");
      if (eq >= 0) {
        parameters[decodeURIComponent(entry.slice(0, eq))] = decodeURIComponent(entry.slice(eq + 1));
      }
    });

  function updateURL(data) {
    Object.assign(parameters, data);
    var search = Object.keys(parameters)
      .filter(function (key) { return Boolean(parameters[key]); })
      .map(function (key) { return encodeURIComponent(key) + "=" + encodeURIComponent(parameters[key]); })
      .join("&");
    history.replaceState(null, null, "?" + search);
  }

  var fetcher = GraphiQL.createFetcher({ url: window.location.href.split("?")[0] });

  function GraphiQLWithExplorer() {
    var query = React.useState(parameters.q || EXAMPLE_QUERY);
    var variables = React.useState(parameters.variables);
    var headers = React.useState(parameters.headers);
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
      query: query[0],
      variables: variables[0],
      headers: headers[0],
      onEditQuery: function (value) { query[1](value); updateURL({ q: value }); },
      onEditVariables: function (value) { variables[1](value); updateURL({ variables: value }); },
      onEditHeaders: function (value) { headers[1](value); },
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQLWithExplorer));
})();
