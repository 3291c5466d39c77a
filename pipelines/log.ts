// Readable logs for a person: the time, then what is happening, in French.
const time = () => new Date().toLocaleTimeString('fr-FR', { hour12: false });
const debugOn = Boolean(process.env.SOLIDATA_DEBUG);

export const log = {
  step: (message: string) => console.log(`${time()} ▸ ${message}`),
  ok: (message: string) => console.log(`${time()} ✓ ${message}`),
  warn: (message: string) => console.warn(`${time()} ! ${message}`),
  fail: (message: string) => console.error(`${time()} ✗ ${message}`),
  debug: (message: string) => {
    if (debugOn) console.error(`${time()} · ${message}`);
  },
};
