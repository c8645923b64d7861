// Starts GraphiQL on Tokengate's GraphQL endpoint, with the Headers editor open and holding the Authorization header
// (the demo admin key in demo mode, a placeholder otherwise) and an example query ready to run.
(function () {
  'use strict';

  var PLACEHOLDER = 'Token <paste your key>';

  var EXAMPLE = [
    '# Put your key in the Headers below,',
    '# then run this with Ctrl-Enter.',
    '{',
    '  authTokens(limit: 5) {',
    '    totalCount',
    '    results {',
    '      id key createdAt updatedAt',
    '      userData { id username fullName }',
    '    }',
    '  }',
    '}',
    ''
  ].join('\n');

  var root = document.getElementById('graphiql');
  var authorization = root.dataset.authorization || PLACEHOLDER;
  var post = GraphiQL.createFetcher({ url: root.dataset.endpoint, enableIncrementalDelivery: false });

  // Until a key replaces the placeholder, requests go without it: the schema still loads (introspection needs no
  // token), and a query run too early gets Tokengate's "no credentials" error rather than a malformed-header 401.
  function fetcher(params, options) {
    var headers = Object.assign({}, options && options.headers);
    if (headers.Authorization === PLACEHOLDER) {
      delete headers.Authorization;
    }
    return post(params, Object.assign({}, options, { headers: headers }));
  }

  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    query: EXAMPLE,
    headers: JSON.stringify({ Authorization: authorization }, null, 2),
    defaultEditorToolsVisibility: 'headers'
  }));
})();
