/**
 * Matching cost as subscriptions grow: the per-event cost of SubscriptionIndex.match() with 1k, 10k and 100k
 * subscriptions (each with a small filter), ten per event type, so every event has the same number of
 * candidates however many subscriptions exist. Flat is the goal: cost follows candidates, not the total.
 * Run after a build: node bench/match-index.js
 */
const path = require('node:path');
const { SubscriptionIndex, compileFilter } = require(path.join(__dirname, '../dist/apps/subscription-matcher/libs/matching/src'));

const SUBSCRIPTIONS_PER_TYPE = 10;
const CHANNELS = 5;

function subscriptions(count) {
  const types = count / SUBSCRIPTIONS_PER_TYPE;
  return Array.from({ length: count }, (_, i) => ({
    id: `sub-${i}`,
    eventTypes: [`type.${i % types}`],
    channels: i % 3 === 0 ? [] : [`ch-${i % CHANNELS}`],
    filter: { amount: { $gte: i % 100 }, country: { $in: ['NO', 'SE', 'DK'] } },
  }));
}

function events(count, types) {
  return Array.from({ length: count }, (_, i) => ({
    type: `type.${(i * 7) % types}`,
    channels: [`ch-${i % CHANNELS}`],
    payload: { amount: i % 150, country: i % 2 ? 'NO' : 'FI' },
  }));
}

/** The baseline the index replaces: every subscription of the tenant checked per event (as a SQL scan would). */
function linearScan(subs) {
  const compiled = subs.map((s) => ({ ...s, matches: compileFilter(s.filter) }));
  return {
    match: (event) => compiled
      .filter((s) => s.eventTypes.includes(event.type) && (s.channels.length === 0 || s.channels.some((c) => event.channels.includes(c))) && s.matches(event.payload))
      .map((s) => s.id),
  };
}

function timePerEvent(matcher, sample) {
  let matched = 0;
  for (const event of sample.slice(0, 200)) matched += matcher.match(event).length; // warm-up
  matched = 0;
  const started = process.hrtime.bigint();
  for (const event of sample) matched += matcher.match(event).length;
  return { micros: Number(process.hrtime.bigint() - started) / sample.length / 1000, matches: matched / sample.length };
}

function measure(subscriptionCount) {
  const subs = subscriptions(subscriptionCount);
  const sample = events(20_000, subscriptionCount / SUBSCRIPTIONS_PER_TYPE);
  const indexed = timePerEvent(new SubscriptionIndex(subs), sample);
  const scanned = timePerEvent(linearScan(subs), sample.slice(0, 500));
  return { subscriptionCount, microsecondsPerEvent: indexed.micros, matchesPerEvent: indexed.matches, scanMicroseconds: scanned.micros };
}

function matchingCost() {
  return [1_000, 10_000, 100_000].map(measure);
}

function report(results) {
  for (const r of results) {
    console.log(`${String(r.subscriptionCount).padStart(7)} subscriptions: index ${r.microsecondsPerEvent.toFixed(2)} µs per event, linear scan ${r.scanMicroseconds.toFixed(0)} µs (${r.matchesPerEvent.toFixed(2)} matches per event)`);
  }
  console.log(`cost per event, 100k / 1k subscriptions: index ${(results[2].microsecondsPerEvent / results[0].microsecondsPerEvent).toFixed(1)}x, linear scan ${(results[2].scanMicroseconds / results[0].scanMicroseconds).toFixed(0)}x`);
}

module.exports = { matchingCost, report };
if (require.main === module) report(matchingCost());
