// Placeholder while the page is written in parallel; replaced by the page itself.
export default function TermsPage() {
  return <h1>TermsPage</h1>;
}
