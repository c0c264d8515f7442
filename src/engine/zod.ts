// zod, configured once for this project: no JIT-compiled parsers, which zod probes for with new Function() and
// which the app's Content-Security-Policy forbids (the probe alone reports a violation). Import z from here.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
