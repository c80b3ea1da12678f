// Placeholder while the page is written in parallel; replaced by the page itself.
export default function VersionsPage() {
  return <h1>VersionsPage</h1>;
}
