import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';
import { useEngine } from './engine/use-engine.ts';

// npm run bench drives the engine through this hook on a page opened with ?bench.
if (new URLSearchParams(location.search).has('bench')) {
  const engine = useEngine();
  Object.assign(window, { saccadeBenchmark: (name: string, k: number, runs: number) => engine.call((e) => e.benchmark(name, k, runs)) });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
