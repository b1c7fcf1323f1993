// GraphiQL for souq's dev mode, built from npm and served by souq itself: no CDN.
// Requests carry the web client's header, so a signed-in browser session works here too;
// other credentials go in the Headers tab as `{"Authorization": "Bearer …"}`.
import "graphiql/graphiql.css";
import "./page.css";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createElement } from "react";
import { createRoot } from "react-dom/client";

const origin = window.location;
const fetcher = createGraphiQLFetcher({
  url: "/graphql",
  subscriptionUrl: `${origin.protocol === "https:" ? "wss" : "ws"}://${origin.host}/graphql`,
  headers: { "X-Souq-Client": "web" },
});

const root = document.getElementById("graphiql");
if (root) {
  root.textContent = "";
  createRoot(root).render(createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }));
}
