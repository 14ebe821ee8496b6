// rdf-test-suite requires an engine module; the HTTP protocol suites never call it.
module.exports = {
  parse: () => Promise.reject(new Error("not used by the protocol suites")),
  query: () => Promise.reject(new Error("not used by the protocol suites")),
};
