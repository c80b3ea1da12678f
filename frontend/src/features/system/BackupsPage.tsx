// Placeholder while the page is written in parallel; replaced by the page itself.
export default function BackupsPage() {
  return <h1>BackupsPage</h1>;
}
