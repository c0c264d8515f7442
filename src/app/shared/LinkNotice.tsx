// What a link (or a presenter scene) asked for that the app could not take: named, so a bad link does not pass as
// a good one, until dismissed or the next link.

export function LinkNotice({ ignored, onDismiss }: { ignored: string[]; onDismiss: () => void }) {
  if (!ignored.length) return null;
  return (
    <p className="link-notice" role="status">
      This link's {ignored.map((p, i) => <span key={i}>{i ? ', ' : ''}<code>{p}</code></span>)} {ignored.length === 1 ? 'was' : 'were'} not
      used (an unknown name, a value out of range, a name given twice, or no such sample).
      <button type="button" onClick={onDismiss}>Dismiss</button>
    </p>
  );
}
