import { StrictMode, lazy } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Route, Routes } from "react-router";
import "./style.css";
import { Layout } from "./components";
import { Home } from "./pages/Home";
import { DispositifList, OrganisationList, TerritoryList } from "./pages/Lists";
import { DispositifPage } from "./pages/Dispositif";
import { OrganisationPage } from "./pages/Organisation";
import { TerritoryPage } from "./pages/Territory";
import { NotFound } from "./pages/NotFound";
import { SearchPage } from "./pages/Search";

// The graph pages load cytoscape: they come in their own chunk, when first opened.
const ExplorerPage = lazy(() => import("./pages/Explorer").then((m) => ({ default: m.ExplorerPage })));
const ParcoursListPage = lazy(() => import("./pages/Parcours").then((m) => ({ default: m.ParcoursListPage })));
const ParcoursPage = lazy(() => import("./pages/Parcours").then((m) => ({ default: m.ParcoursPage })));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Home />} />
          <Route path="rechercher" element={<SearchPage />} />
          <Route path="dispositifs" element={<DispositifList />} />
          <Route path="organisations" element={<OrganisationList />} />
          <Route path="territoires" element={<TerritoryList />} />
          <Route path="dispositifs/:id" element={<DispositifPage />} />
          <Route path="organisations/:id" element={<OrganisationPage />} />
          <Route path="territoires/:code" element={<TerritoryPage />} />
          <Route path="explorer" element={<ExplorerPage />} />
          <Route path="explorer/:id" element={<ExplorerPage />} />
          <Route path="parcours" element={<ParcoursListPage />} />
          <Route path="parcours/:id" element={<ParcoursPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  </StrictMode>,
);
