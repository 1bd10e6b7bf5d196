import { Link } from "react-router";
import { useTitle } from "../components";

export function NotFound() {
  useTitle("Page introuvable");
  return (
    <div className="block">
      <h1>Page introuvable</h1>
      <p>Cette adresse ne correspond à aucune page de Maillage.</p>
      <p>
        <Link to="/">Retour à l'accueil</Link>
      </p>
    </div>
  );
}
