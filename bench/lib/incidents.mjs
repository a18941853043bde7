// The recipe of the benchmark's synthetic incidents: where, when and how many casualties.
//
// Real incident data is far from uniform: in the ISIS-K data this widget was built for, about half
// of the attacks are in Kabul (most of those in a few districts), then Mazar-e Sharif and Kunduz;
// the rest are spread over the country, with a few more in the other cities. Dates come in waves,
// and casualties are heavy-tailed: most attacks kill few or none, a few kill hundreds.
import { Prng } from './prng.mjs';

/** Bump when the recipe changes: cached datasets made by another version are made again. */
export const RECIPE_VERSION = 1;

/** A rough outline of Afghanistan ([lon, lat], about 25 km accuracy), for the spread-out part. */
const OUTLINE = [
  [60.9, 29.9], [62.5, 29.4], [66.3, 29.9], [66.7, 31.2], [68.1, 31.6], [69.3, 31.9], [69.5, 33.0],
  [70.3, 33.4], [69.9, 34.0], [71.1, 34.2], [71.6, 35.0], [71.3, 36.0], [72.5, 36.8], [74.9, 37.2],
  [73.8, 37.45], [71.5, 37.9], [70.9, 38.4], [70.2, 37.6], [69.4, 37.2], [68.3, 37.1], [66.5, 37.4],
  [65.7, 37.5], [64.8, 37.1], [63.1, 35.9], [62.3, 35.3], [61.2, 35.65], [61.2, 34.6], [60.5, 33.7],
  [60.9, 32.1], [60.85, 31.5], [61.7, 31.4], [61.8, 30.9],
];
const OUTLINE_BOX = { west: 60.5, east: 74.9, south: 29.4, north: 38.4 };

/** Where attacks happen: share of all incidents, centre, spread (degrees), place, province. */
const HOTSPOTS = [
  { share: 0.25, at: [69.175, 34.53], sigma: 0.03, place: 'Kabul', province: 'Kabul' },
  { share: 0.15, at: [69.105, 34.505], sigma: 0.015, place: 'Kabul', province: 'Kabul' }, // Dasht-e Barchi
  { share: 0.1, at: [69.21, 34.56], sigma: 0.01, place: 'Kabul', province: 'Kabul' }, // the airport
  { share: 0.12, at: [67.11, 36.71], sigma: 0.025, place: 'Mazar-e Sharif', province: 'Balkh' },
  { share: 0.1, at: [68.86, 36.73], sigma: 0.03, place: 'Kunduz', province: 'Kunduz' },
  { share: 0.03, at: [70.45, 34.43], sigma: 0.04, place: 'Jalalabad', province: 'Nangarhar' },
  { share: 0.025, at: [65.71, 31.61], sigma: 0.04, place: 'Kandahar', province: 'Kandahar' },
  { share: 0.02, at: [62.2, 34.35], sigma: 0.04, place: 'Herat', province: 'Herat' },
  { share: 0.02, at: [68.42, 33.55], sigma: 0.04, place: 'Ghazni', province: 'Ghazni' },
  { share: 0.015, at: [64.37, 31.59], sigma: 0.04, place: 'Lashkar Gah', province: 'Helmand' },
  { share: 0.015, at: [69.92, 33.34], sigma: 0.04, place: 'Khost', province: 'Khost' },
  { share: 0.015, at: [68.7, 35.94], sigma: 0.04, place: 'Pul-e Khumri', province: 'Baghlan' },
  { share: 0.01, at: [70.58, 37.12], sigma: 0.04, place: 'Faizabad', province: 'Badakhshan' },
];
/** The rest (13%) is spread uniformly over the country. */
const SPREAD_SHARE = 1 - HOTSPOTS.reduce((sum, h) => sum + h.share, 0);

/** Two years of dates: 2021-01-01 plus 0..729 days. */
export const FIRST_DAY = Date.UTC(2021, 0, 1);
export const DAYS = 730;
/** Waves of attacks: a quarter of the incidents fall within a week or two of these days. */
const WAVES = [237, 280, 479, 612]; // 2021-08-26, 2021-10-08, 2022-04-25, 2022-09-05

const PRECISIONS = [['site', 0.65], ['district', 0.2], ['city', 0.1], ['province', 0.05]];
const TARGETS = ['mosque', 'school', 'market', 'bus', 'checkpoint', 'hospital', 'street', 'residence'];

function insideOutline(lon, lat) {
  let inside = false;
  for (let i = 0, j = OUTLINE.length - 1; i < OUTLINE.length; j = i++) {
    const [xi, yi] = OUTLINE[i];
    const [xj, yj] = OUTLINE[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function spreadPoint(rng) {
  for (;;) {
    const lon = rng.between(OUTLINE_BOX.west, OUTLINE_BOX.east);
    const lat = rng.between(OUTLINE_BOX.south, OUTLINE_BOX.north);
    if (insideOutline(lon, lat)) return [lon, lat];
  }
}

function day(rng) {
  const d = rng.uniform() < 0.25 ? WAVES[Math.floor(rng.uniform() * WAVES.length)] + rng.normal() * 6 : rng.uniform() * DAYS;
  return Math.min(DAYS - 1, Math.max(0, Math.floor(d)));
}

/** Pareto-distributed whole number >= 1 with tail index `alpha`, capped. */
function heavyTail(rng, alpha, cap) {
  return Math.min(cap, Math.floor((1 - rng.uniform()) ** (-1 / alpha)));
}

function casualties(rng) {
  const killedRoll = rng.uniform();
  const killed = killedRoll < 0.05 ? null : killedRoll < 0.4 ? 0 : heavyTail(rng, 1.1, 500);
  const injured = rng.uniform() < 0.08 ? null : Math.floor((killed ?? 1) * rng.between(0.5, 3)) + heavyTail(rng, 1.3, 800) - 1;
  return { killed, injured };
}

function pick(rng, table) {
  return table[rng.weighted(table.map(([, w]) => w))][0];
}

const round5 = (x) => Math.round(x * 1e5) / 1e5;
const isoDay = (n) => new Date(FIRST_DAY + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The incidents of a dataset of `count`, in generation order (not sorted by date), as GeoJSON
 * Feature objects. The same `seed` and `count` always give the same features.
 */
export function* incidents(count, seed) {
  const rng = new Prng(seed);
  const weights = [...HOTSPOTS.map((h) => h.share), SPREAD_SHARE];
  for (let i = 0; i < count; i++) {
    const which = rng.weighted(weights, 1);
    const hotspot = HOTSPOTS[which];
    const [lon, lat] = hotspot
      ? [hotspot.at[0] + rng.normal() * hotspot.sigma, hotspot.at[1] + rng.normal() * hotspot.sigma]
      : spreadPoint(rng);
    const { killed, injured } = casualties(rng);
    yield {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round5(lon), round5(lat)] },
      properties: {
        id: `inc-${i}`,
        date: isoDay(day(rng)),
        killed,
        injured,
        place: hotspot ? hotspot.place : 'rural area',
        province: hotspot ? hotspot.province : null,
        precision: pick(rng, PRECISIONS),
        target: TARGETS[Math.floor(rng.uniform() * TARGETS.length)],
      },
    };
  }
}
