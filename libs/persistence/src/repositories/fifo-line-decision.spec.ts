import { decideLine, LineState } from './fifo-line-decision';

const now = new Date('2026-12-01T12:00:00Z');
const later = new Date(now.getTime() + 1000);
const earlier = new Date(now.getTime() - 1000);
const line = (fields: Partial<LineState>): LineState => ({
  subscriptionId: 's', holderId: null, holderPending: false, leaseUntil: null, headId: 'head', olderUnmatched: false, ...fields,
});

describe(decideLine.name, () => {
  it('sends the head of a line nobody holds', () => {
    expect(decideLine(line({}), now)).toEqual({ kind: 'send', deliveryId: 'head' });
  });

  it('keeps a line busy while its pending holder has a live lease, also through a retry backoff', () => {
    expect(decideLine(line({ holderId: 'h', holderPending: true, leaseUntil: later, headId: 'older-recovered' }), now)).toEqual({ kind: 'busy' });
  });

  it('hands the line on once the holder ended, even before its lease ran out', () => {
    expect(decideLine(line({ holderId: 'h', holderPending: false, leaseUntil: later, headId: 'next' }), now)).toEqual({ kind: 'send', deliveryId: 'next' });
  });

  it('sends the head again once a pending holder lease ran out (its deliverer died)', () => {
    expect(decideLine(line({ holderId: 'head', holderPending: true, leaseUntil: earlier }), now)).toEqual({ kind: 'send', deliveryId: 'head' });
  });

  it('sends nothing from an empty line', () => {
    expect(decideLine(line({ headId: null }), now)).toEqual({ kind: 'empty' });
  });

  it('waits while an older event of the tenant is not matched yet, as it may belong ahead of the head', () => {
    expect(decideLine(line({ olderUnmatched: true }), now)).toEqual({ kind: 'wait-for-matching' });
  });
});
