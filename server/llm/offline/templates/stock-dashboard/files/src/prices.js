// Simulated quotes: a seeded random walk per symbol. No network: the same seed and tick always give the
// same prices, which keeps the app deterministic in tests and demos.

export const SYMBOLS = [
  { symbol: "AAPL", name: "Apple Inc.", base: 189.5 },
  { symbol: "MSFT", name: "Microsoft Corp.", base: 415.2 },
  { symbol: "GOOGL", name: "Alphabet Inc.", base: 171.3 },
  { symbol: "AMZN", name: "Amazon.com Inc.", base: 182.8 },
  { symbol: "NVDA", name: "NVIDIA Corp.", base: 121.4 },
  { symbol: "TSLA", name: "Tesla Inc.", base: 176.9 },
];

/** Largest move of one tick, as a fraction of the price (2 %). */
export const MAX_STEP = 0.02;

export function round2(value) {
  return Math.round(value * 100) / 100;
}

// FNV-1a: turns a symbol into a 32-bit seed.
export function hashString(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// mulberry32: a tiny seeded generator, good enough for a simulation (not for cryptography).
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A market of simulated symbols. `advanceTo(tick)` moves every price forward one random step per tick;
 * `quotes()` returns the current price, the change since the opening price and a short history.
 */
export function createMarket({ seed = 42, symbols = SYMBOLS, historyLength = 30 } = {}) {
  const state = symbols.map((s) => ({
    symbol: s.symbol,
    name: s.name,
    open: s.base,
    price: s.base,
    history: [s.base],
    random: mulberry32(hashString(s.symbol) ^ seed),
  }));
  let tick = 0;

  function step() {
    tick += 1;
    for (const s of state) {
      const move = (s.random() * 2 - 1) * MAX_STEP;
      s.price = Math.max(0.01, round2(s.price * (1 + move)));
      s.history.push(s.price);
      if (s.history.length > historyLength) s.history.shift();
    }
  }

  return {
    get tick() {
      return tick;
    },
    advanceTo(target) {
      while (tick < target) step();
    },
    symbols() {
      return state.map((s) => s.symbol);
    },
    quotes() {
      return state.map((s) => ({
        symbol: s.symbol,
        name: s.name,
        price: s.price,
        open: s.open,
        change: round2(s.price - s.open),
        changePercent: round2(((s.price - s.open) / s.open) * 100),
        history: [...s.history],
      }));
    },
  };
}
