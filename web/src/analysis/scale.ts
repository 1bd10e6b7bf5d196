// The colour classes of the map and of the heat table: a sequential blue ramp that stays
// ordered in shades of grey when printed; gaps are hatched, unknown capacities dotted.

export const RAMP = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

export type Scale = {
  // the class index (0…n-1) of a positive value
  classOf: (v: number) => number;
  colors: string[];
  labels: string[];
};

const fmt = (v: number, decimals: number) => v.toLocaleString("fr-FR", { maximumFractionDigits: decimals });

// scaleOf makes at most five classes of the positive values: one per value when there are few,
// else quantiles.
export function scaleOf(values: number[], unit: (v: number) => string, decimals = 0): Scale {
  const positive = [...new Set(values.filter((v) => v > 0))].sort((a, b) => a - b);
  if (!positive.length) return { classOf: () => 0, colors: [], labels: [] };
  let uppers: number[];
  if (positive.length <= RAMP.length) uppers = positive;
  else {
    const all = values.filter((v) => v > 0).sort((a, b) => a - b);
    uppers = [];
    for (let i = 1; i <= RAMP.length; i++) {
      const q = all[Math.min(all.length - 1, Math.ceil((i / RAMP.length) * all.length) - 1)];
      if (!uppers.length || q > uppers[uppers.length - 1]) uppers.push(q);
    }
  }
  // spread the classes over the ramp, the darkest for the highest
  const colors = uppers.map((_, i) => RAMP[uppers.length === 1 ? 3 : Math.round((i * (RAMP.length - 1)) / (uppers.length - 1))]);
  const labels = uppers.map((u, i) => {
    const lower = i === 0 ? positive[0] : positive.find((v) => v > uppers[i - 1])!;
    return lower === u ? unit(u) : `${fmt(lower, decimals)} à ${unit(u)}`;
  });
  const classOf = (v: number) => {
    const i = uppers.findIndex((u) => v <= u);
    return i < 0 ? uppers.length - 1 : i;
  };
  return { classOf, colors, labels };
}

export const dispositifsUnit = (v: number) => `${fmt(v, 0)} dispositif${v > 1 ? "s" : ""}`;
export const placesUnit = (v: number) => `${fmt(v, 1)} places pour 10 000 hab.`;
