// A link that names a model URL (model=<url>) loads nothing until the user says yes: the model would be downloaded
// from that server, run here, and kept in this browser.
export function LinkModelPrompt({ url, onAnswer }: { url: string; onAnswer(load: boolean): void }) {
  return (
    <div className="link-model panel" role="alertdialog" aria-label="Load a model from a link" data-testid="link-model">
      <p>This link opens a model from <code>{url}</code>. Loading it downloads its files from that server, checks them,
        and keeps the model in this browser until you remove it.</p>
      <div className="buttons">
        <button className="on" onClick={() => onAnswer(true)}>Load it</button>
        <button onClick={() => onAnswer(false)}>Not now</button>
      </div>
    </div>
  );
}
