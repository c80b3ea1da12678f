// Placeholder while the page is written in parallel; replaced by the page itself.
export default function PrivacyPage() {
  return <h1>PrivacyPage</h1>;
}
