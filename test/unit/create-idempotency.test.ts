import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/sign-request-activities';
import type { BoxSignRequest, BoxSignRequestPage } from '../../box/models';
import type { BoxSignApi } from '../../box/sign-client';
import type { SignRequestInput, SignRequestSnapshot } from '../../contracts';
import { silentLogger } from '../../logging/logger';

const boxRequest = (id: string, status: string, externalId?: string): BoxSignRequest => ({
  type: 'sign-request',
  id,
  status,
  signers: [],
  ...(externalId === undefined ? {} : { external_id: externalId }),
});

/** A Box stand-in that records which calls a create attempt makes; the real paths are proven in test/reliability. */
function recordingBox(existing: BoxSignRequest[] = []) {
  const calls: string[] = [];
  const box: BoxSignApi = {
    createSignRequest: (body) => {
      calls.push('create');
      return Promise.resolve(boxRequest('new', 'converting', body.external_id ?? undefined));
    },
    getSignRequest: (id) => {
      calls.push(`get ${id}`);
      return Promise.resolve(boxRequest(id, 'sent'));
    },
    listSignRequests: (opts) => {
      calls.push(`list ${opts?.marker ?? 'first'}`);
      const page: BoxSignRequestPage = { limit: 100, next_marker: null, entries: existing };
      return Promise.resolve(page);
    },
    cancelSignRequest: () => Promise.reject(new Error('not used')),
    resendSignRequest: () => Promise.reject(new Error('not used')),
  };
  return { box, calls };
}

const request: SignRequestInput = {
  businessKey: 'k',
  sourceFiles: [{ id: '1' }],
  parentFolder: { id: '2' },
  signers: [{ email: 'a@example.com', password: 'pw' }],
};
const input = { request, externalId: 'box-sign-k' };
async function create(env: MockActivityEnvironment, box: BoxSignApi): Promise<SignRequestSnapshot> {
  const { createSignRequest } = createActivities({ box, logger: silentLogger });
  return env.run<[typeof input], SignRequestSnapshot, typeof createSignRequest>(createSignRequest, input);
}

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('the create activity, attempt by attempt', () => {
  it('a first attempt creates at once and remembers the new id in its heartbeat', async () => {
    const { box, calls } = recordingBox();
    const env = new MockActivityEnvironment({ attempt: 1 }, { logger: quiet });
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => heartbeats.push(details));

    const snapshot = await create(env, box);

    expect(snapshot.signRequestId).toBe('new');
    expect(calls).toEqual(['create']);
    expect(heartbeats).toEqual([{ signRequestId: 'new' }]);
  });

  it('a retry that knows the id from an earlier heartbeat only reads that request', async () => {
    const { box, calls } = recordingBox();
    const env = new MockActivityEnvironment(
      { attempt: 3, heartbeatDetails: { signRequestId: 'known' } },
      { logger: quiet },
    );

    const snapshot = await create(env, box);

    expect(snapshot.signRequestId).toBe('known');
    expect(calls).toEqual(['get known']);
  });

  it('a retry without a remembered id adopts the request that carries its external_id instead of creating', async () => {
    const { box, calls } = recordingBox([
      boxRequest('other', 'sent', 'box-sign-other'),
      boxRequest('earlier', 'converting', 'box-sign-k'),
    ]);
    const env = new MockActivityEnvironment({ attempt: 2 }, { logger: quiet });

    const snapshot = await create(env, box);

    expect(snapshot.signRequestId).toBe('earlier');
    expect(calls).toEqual(['list first']);
  });

  it('a retry that finds nothing creates, once', async () => {
    const { box, calls } = recordingBox([boxRequest('other', 'sent', 'box-sign-other')]);
    const env = new MockActivityEnvironment({ attempt: 2 }, { logger: quiet });

    const snapshot = await create(env, box);

    expect(snapshot.signRequestId).toBe('new');
    expect(calls).toEqual(['list first', 'create']);
  });
});
