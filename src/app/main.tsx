import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';
import { attackEngine, useEngine } from './engine/use-engine.ts';

// npm run bench (and the e2e memory test) drive the engines through these hooks on a page opened with ?bench.
if (new URLSearchParams(location.search).has('bench')) {
  const engine = useEngine();
  Object.assign(window, {
    saccadeBenchmark: (name: string, k: number, runs: number) => engine.call((e) => e.benchmark(name, k, runs)),
    saccadeAttackMemory: () => attackEngine().now((e) => Promise.resolve(e.memory())),
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
