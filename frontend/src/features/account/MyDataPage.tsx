// Placeholder while the page is written in parallel; replaced by the page itself.
export default function MyDataPage() {
  return <h1>MyDataPage</h1>;
}
