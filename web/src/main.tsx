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
import { SessionProvider } from "./account";

// The graph pages load cytoscape: they come in their own chunk, when first opened.
const ExplorerPage = lazy(() => import("./pages/Explorer").then((m) => ({ default: m.ExplorerPage })));
const ParcoursListPage = lazy(() => import("./pages/Parcours").then((m) => ({ default: m.ParcoursListPage })));
const ParcoursPage = lazy(() => import("./pages/Parcours").then((m) => ({ default: m.ParcoursPage })));
// The partners' pages (sign-in, their listings, editing, history, the coordinator's view).
const SignInPage = lazy(() => import("./pages/SignIn").then((m) => ({ default: m.SignInPage })));
const InvitationPage = lazy(() => import("./pages/Invitation").then((m) => ({ default: m.InvitationPage })));
const MyListingsPage = lazy(() => import("./pages/MyListings").then((m) => ({ default: m.MyListingsPage })));
const TokensPage = lazy(() => import("./pages/Tokens").then((m) => ({ default: m.TokensPage })));
const EditDispositifPage = lazy(() => import("./pages/EditDispositif").then((m) => ({ default: m.EditDispositifPage })));
const HistoryPage = lazy(() => import("./pages/History").then((m) => ({ default: m.HistoryPage })));
const CoordinatorPage = lazy(() => import("./pages/Coordinator").then((m) => ({ default: m.CoordinatorPage })));
// The territory analysis (map, heat table, gaps, diagnostics) and its map assets.
const AnalysisPage = lazy(() => import("./pages/Analysis").then((m) => ({ default: m.AnalysisPage })));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter>
      <SessionProvider>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Home />} />
          <Route path="rechercher" element={<SearchPage />} />
          <Route path="dispositifs" element={<DispositifList />} />
          <Route path="organisations" element={<OrganisationList />} />
          <Route path="territoires" element={<TerritoryList />} />
          <Route path="dispositifs/:id" element={<DispositifPage />} />
          <Route path="dispositifs/:id/modifier" element={<EditDispositifPage />} />
          <Route path="dispositifs/:id/historique" element={<HistoryPage />} />
          <Route path="connexion" element={<SignInPage />} />
          <Route path="invitation/:token" element={<InvitationPage />} />
          <Route path="mes-fiches" element={<MyListingsPage />} />
          <Route path="jetons" element={<TokensPage />} />
          <Route path="suivi-territoire" element={<CoordinatorPage />} />
          <Route path="organisations/:id" element={<OrganisationPage />} />
          <Route path="territoires/:code" element={<TerritoryPage />} />
          <Route path="analyse" element={<AnalysisPage />} />
          <Route path="analyse/:territory" element={<AnalysisPage />} />
          <Route path="explorer" element={<ExplorerPage />} />
          <Route path="explorer/:id" element={<ExplorerPage />} />
          <Route path="parcours" element={<ParcoursListPage />} />
          <Route path="parcours/:id" element={<ParcoursPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
