import { randomUUID } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { partitionForKey } from './murmur2';

describe('partitionForKey', () => {
  it("puts a key on the same partition as Kafka's default partitioner", () => {
    const kafka = Partitioners.DefaultPartitioner();
    const keys = [
      '',
      'a',
      'ab',
      'abc',
      'abcd',
      'firm-1',
      '선도기업-부산',
      ...Array.from({ length: 500 }, () => randomUUID()),
    ];
    for (const partitions of [1, 3, 7, 12]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionId,
        leader: 0,
        partitionErrorCode: 0,
        replicas: [0],
        isr: [0],
      }));
      for (const key of keys) {
        const expected = kafka({ topic: 't', partitionMetadata, message: { key, value: null } });
        expect([key, partitionForKey(key, partitions)]).toEqual([key, expected]);
      }
    }
  });
});
