import { firmRegisteredV1 } from '@baton/contracts';
import type { IntegrationEvent } from '@baton/messaging';
import type { LedgerInput } from '../ledger/chain';
import type { InclusionProof, SignedDigest } from '../ledger/digest';
import { FIRM_ID } from './fixtures';

/*
 * The worked example of VERIFY.md. Every hash, root, path and signature here was computed by the separate
 * Python reference verifier VERIFY.md describes (hashlib, and `cryptography` for Ed25519), not by this
 * service: the specs check that both implementations agree byte for byte.
 */

/** RFC 8032 §7.1 TEST 1: the example signing key (seed) and its public key. Never use it for real. */
export const EXAMPLE_SEED_HEX = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
export const EXAMPLE_PUBLIC_KEY_HEX = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

export const GOLDEN_PAYLOAD: IntegrationEvent = {
  id: '0b8f0a5e-8a47-4a3e-9d7a-0f2f8f7d0c11',
  source: '/baton/firm-registry',
  type: 'firm-registry.firm-registered.v1',
  specversion: '1.0',
  subject: FIRM_ID,
  time: '2026-03-02T09:00:00+09:00',
  datacontenttype: 'application/json',
  data: firmRegisteredV1.example,
  correlationid: 'corr-1',
  actor: 'user-7',
  actorrole: 'agency-staff',
  actoragency: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
};

export const GOLDEN_FIRST_INPUT: LedgerInput = {
  payload: GOLDEN_PAYLOAD,
  topic: 'baton.firm-registry.v1',
  partition: 3,
  offset: '42',
  recordedAt: '2026-03-02T00:00:05.123Z',
};

export const GOLDEN_SECOND_INPUT: LedgerInput = {
  payload: {
    ...GOLDEN_PAYLOAD,
    id: 'e2',
    type: 'firm-registry.firm-relocated.v1',
    data: {
      firmId: FIRM_ID,
      fromRegionCode: '26',
      toRegionCode: '48',
      relocatedAt: '2026-07-01T00:00:00+09:00',
    },
  },
  topic: 'baton.firm-registry.v1',
  partition: 3,
  offset: '43',
  recordedAt: '2026-03-02T00:00:06Z',
};

export const GOLDEN_FIRST_HASH = 'bd3c671fb720fbfb71b8d697d791a8cd844749397550179d9c46f8b1fbe2cf52';
export const GOLDEN_SECOND_HASH = 'e69fe71879c615300d5ffac37f4045458c99ca66da0fff21f4df5c07aa313f47';

/** Three firms' heads; FIRM_ID's is the golden chain's second entry. */
export const GOLDEN_HEADS = [
  { firmId: '99999999-9999-4999-8999-999999999999', sequence: 7, headHash: 'b'.repeat(64) },
  { firmId: FIRM_ID, sequence: 2, headHash: GOLDEN_SECOND_HASH },
  { firmId: '11111111-1111-4111-8111-111111111111', sequence: 4, headHash: 'a'.repeat(64) },
];

export const GOLDEN_DIGEST: SignedDigest = {
  digestId: 'digest-2026-03-02T01',
  createdAt: '2026-03-02T01:00:05Z',
  upTo: '2026-03-02T01:00:00Z',
  chains: 3,
  root: '34b5ca6a73e943430313b539c8287c0870b1c610664698d0570a6a91843f69ec',
  keyId: 'audit-example-1',
  signature: '4iaM8RDM2QidWoT4Q3zbwoCe/9CZJ8kOxE8dcotb/+mCCuTIHLM117pLmiVz3wXLUiy+lXInmZ3JmmYLdSy+DA==',
};

export const GOLDEN_PROOF: InclusionProof = {
  firmId: FIRM_ID,
  sequence: 2,
  headHash: GOLDEN_SECOND_HASH,
  leafIndex: 1,
  treeSize: 3,
  path: [
    '2d81c912da29282b8e1a531e5b9483aa9b6ef78d40d2c862fcffc81264721018',
    '8839c336889cb6f026b95a96e2c689ab8c9a2f5f4b42e8334951072797e648a3',
  ],
};
