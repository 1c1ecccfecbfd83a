import { MockActivityEnvironment } from '@temporalio/testing';
import { adoptionScanStart } from '../../activities/adoption-scan-start';
import { CLOCK_SKEW_MARGIN_MS, LOOKUP_PAGE_SIZE, findByExternalId } from '../../activities/find-by-external-id';
import { createActivities, type CreateSignRequestInput } from '../../activities/sign-request-activities';
import type { BoxSignRequest } from '../../box/models';
import type { BoxSignApi } from '../../box/sign-client';
import type { SignRequestInput, SignRequestSnapshot } from '../../contracts';
import { silentLogger } from '../../logging/logger';

const START = Date.parse('2026-12-01T12:00:00.000Z');
const MINUTE = 60_000;

const entry = (externalId: string, createdAtMs?: number): BoxSignRequest => ({
  type: 'sign-request',
  id: `id-${externalId}`,
  status: 'sent',
  signers: [],
  external_id: externalId,
  ...(createdAtMs === undefined ? {} : { created_at: new Date(createdAtMs).toISOString() }),
});

/** `count` requests created after START, newest first, as another workflow's traffic would be. */
const newer = (count: number, label = 'other'): BoxSignRequest[] =>
  Array.from({ length: count }, (_, i) => entry(`${label}-${i}`, START + (count - i) * 10));

/** Box's list over `entries` (already newest first), paged by limit and an offset marker; records each call. */
function listedBox(entries: BoxSignRequest[]) {
  const lists: { marker?: string; limit?: number }[] = [];
  const creates: string[] = [];
  const unused = () => Promise.reject(new Error('not used'));
  const box: BoxSignApi = {
    listSignRequests: (opts = {}) => {
      lists.push(opts);
      const start = opts.marker === undefined ? 0 : Number(opts.marker);
      const end = start + (opts.limit ?? 100);
      return Promise.resolve({
        limit: opts.limit ?? 100,
        next_marker: end < entries.length ? String(end) : null,
        entries: entries.slice(start, end),
      });
    },
    createSignRequest: (body) => {
      creates.push(body.external_id ?? '');
      return Promise.resolve({ ...entry(body.external_id ?? '', Date.now()), id: 'created' });
    },
    getSignRequest: unused,
    cancelSignRequest: unused,
    resendSignRequest: unused,
  };
  return { box, lists, creates };
}

describe("the adoption scan's stop rule", () => {
  it('reads Box’s largest pages and stops with the first page holding a request older than the start', async () => {
    const older = entry('before-start', START - CLOCK_SKEW_MARGIN_MS - 1);
    const { box, lists } = listedBox([...newer(LOOKUP_PAGE_SIZE + 10), older, ...newer(5_000, 'much-older')]);

    expect(await findByExternalId(box, 'ours', START)).toBeUndefined();

    expect(lists).toEqual([{ limit: 1000 }, { limit: 1000, marker: '1000' }]);
  });

  it('keeps going past 10 pages while the requests are newer than the start, and adopts ours', async () => {
    const ours = entry('ours', START + 5);
    const { box, lists } = listedBox([...newer(25_500), ours, entry('before-start', START - 10 * MINUTE)]);

    expect(await findByExternalId(box, 'ours', START)).toBe(ours);
    expect(lists).toHaveLength(26);
  });

  it('checks the whole page before stopping, so a request listed after an older one is still found', async () => {
    const ours = entry('ours', START + 5);
    const { box, lists } = listedBox([entry('before-start', START - 10 * MINUTE), ours]);

    expect(await findByExternalId(box, 'ours', START)).toBe(ours);
    expect(lists).toHaveLength(1);
  });

  it('is not stopped by requests within the clock-skew margin, nor by requests without a created_at', async () => {
    const ours = entry('ours', START - CLOCK_SKEW_MARGIN_MS + MINUTE);
    const withinMargin = Array.from({ length: 1_000 }, (_, i) => entry(`skewed-${i}`, START - MINUTE));
    const undated = Array.from({ length: 1_000 }, (_, i) => entry(`undated-${i}`));
    const { box, lists } = listedBox([...withinMargin, ...undated, ours]);

    expect(await findByExternalId(box, 'ours', START)).toBe(ours);
    expect(lists).toHaveLength(3);
  });

  it('without a start, scans to the end of the list', async () => {
    const ours = entry('ours', START - 30 * 24 * 60 * MINUTE);
    const { box, lists } = listedBox([...newer(2_000), entry('old', START - 60 * MINUTE), ours]);

    expect(await findByExternalId(box, 'ours', null)).toBe(ours);
    expect(await findByExternalId(box, 'missing', null)).toBeUndefined();
    expect(lists).toHaveLength(6);
  });
});

describe('where the scan starts', () => {
  const scheduled = { scheduledTimestampMs: START + 3 * MINUTE };

  it('the workflow’s create start when it passes one', () => {
    expect(adoptionScanStart(START, 10, scheduled)).toBe(START);
  });

  it('without one, a first round or a create from before rounds: when this activity was first scheduled', () => {
    expect(adoptionScanStart(undefined, 0, scheduled)).toBe(scheduled.scheduledTimestampMs);
    expect(adoptionScanStart(undefined, undefined, scheduled)).toBe(scheduled.scheduledTimestampMs);
  });

  it('without one, a later round: unknown (earlier rounds began before this activity), so the whole list', () => {
    expect(adoptionScanStart(undefined, 5, scheduled)).toBeNull();
  });
});

describe('the create activity’s adoption look-up', () => {
  const request: SignRequestInput = {
    businessKey: 'k',
    sourceFiles: [{ id: '1' }],
    parentFolder: { id: '2' },
    signers: [{ email: 'a@example.com', password: 'pw' }],
  };
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

  /** Attempt 2 of a round (attempt 1 failed without a heartbeat), scheduled at `scheduledTimestampMs`. */
  async function retry(
    box: BoxSignApi,
    rounds: Pick<CreateSignRequestInput, 'attemptsBefore' | 'createStartedAtMs'>,
    scheduledTimestampMs = START,
  ): Promise<SignRequestSnapshot> {
    const { createSignRequest } = createActivities({ box, logger: silentLogger });
    const env = new MockActivityEnvironment({ attempt: 2, scheduledTimestampMs }, { logger: quiet });
    const input: CreateSignRequestInput = { request, externalId: 'ours', ...rounds };
    return env.run<[CreateSignRequestInput], SignRequestSnapshot, typeof createSignRequest>(createSignRequest, input);
  }

  const olderThanStart = (count: number): BoxSignRequest[] =>
    Array.from({ length: count }, (_, i) => entry(`old-${i}`, START - 50 * MINUTE - i));

  it('stops at the create’s start and creates once', async () => {
    const { box, lists, creates } = listedBox([...newer(1_500), ...olderThanStart(3_000)]);

    const snapshot = await retry(box, { attemptsBefore: 5, createStartedAtMs: START });

    expect(snapshot.signRequestId).toBe('created');
    expect(creates).toEqual(['ours']);
    expect(lists).toHaveLength(2);
  });

  it('a later round scheduled without the start scans past older requests and adopts the earlier one', async () => {
    const earlier = entry('ours', START - 60 * MINUTE);
    const { box, lists, creates } = listedBox([...newer(1_500), ...olderThanStart(1_000), earlier]);

    const snapshot = await retry(box, { attemptsBefore: 5 });

    expect(snapshot.signRequestId).toBe(earlier.id);
    expect(creates).toEqual([]);
    expect(lists).toHaveLength(3);
  });

  it('a first round scheduled without the start stops where this activity was first scheduled', async () => {
    const { box, lists, creates } = listedBox([...newer(1_500), ...olderThanStart(3_000)]);

    const snapshot = await retry(box, { attemptsBefore: 0 }, START);

    expect(snapshot.signRequestId).toBe('created');
    expect(creates).toEqual(['ours']);
    expect(lists).toHaveLength(2);
  });
});
