import { StrictMode } from "react";
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
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  </StrictMode>,
);
