// duban's IDE page: GraphiQL with one bearer token for every request, the schema fetch included.
// The token is kept in sessionStorage (this tab only, gone when it closes), never in localStorage.
(function () {
  "use strict";

  var STORAGE_KEY = "duban.token";
  var endpoint = window.location.href.split(/[?#]/)[0];
  var tokenInput = document.getElementById("token");
  var tokenState = document.getElementById("token-state");

  function storedToken() {
    try {
      return window.sessionStorage.getItem(STORAGE_KEY) || "";
    } catch (e) {
      return "";
    }
  }

  function storeToken(token) {
    try {
      if (token) window.sessionStorage.setItem(STORAGE_KEY, token);
      else window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (e) {
      // storage refused (private mode): the token lasts until the page is reloaded
    }
  }

  // A new fetcher per token: GraphiQL introspects again whenever its fetcher changes, so docs and
  // autocomplete follow the token at once.
  function makeFetcher(token) {
    return function fetcher(params, options) {
      var headers = Object.assign(
        { Accept: "application/json", "Content-Type": "application/json" },
        (options && options.headers) || {},
      );
      if (token) headers.Authorization = "Bearer " + token;
      return fetch(endpoint, {
        method: "POST",
        headers: headers,
        body: JSON.stringify(params),
        credentials: "omit",
      }).then(function (response) {
        return response.json();
      });
    };
  }

  function showState(token) {
    tokenState.textContent = token
      ? "已设置，用于每个请求 (set: sent with every request)"
      : "请先输入访问令牌 (enter a bearer token first)";
    tokenState.className = token ? "" : "missing";
  }

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));

  function render(token) {
    showState(token);
    root.render(
      React.createElement(GraphiQL, {
        fetcher: makeFetcher(token),
        defaultEditorToolsVisibility: true,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: false,
        inputValueDeprecation: true,
        defaultQuery: "{\n  viewer {\n    name\n    role\n  }\n}\n",
      }),
    );
  }

  document.getElementById("token-bar").addEventListener("submit", function (event) {
    event.preventDefault();
    var token = tokenInput.value.trim().replace(/^bearer\s+/i, "");
    storeToken(token);
    tokenInput.value = token;
    render(token);
  });
  document.getElementById("token-clear").addEventListener("click", function () {
    tokenInput.value = "";
    storeToken("");
    render("");
  });

  tokenInput.value = storedToken();
  render(tokenInput.value);
})();
