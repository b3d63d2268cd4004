import { describe, expect, it } from '@jest/globals';
import { deploymentProblem } from '../../../../platform/store/mongo.js';

/** The deployment check MongoStore.connect makes on the server's `hello` answer; no database needed. */
describe('MongoDB deployment check', () => {
  it('accepts a replica set member, primary or not', () => {
    expect(deploymentProblem({ isWritablePrimary: true, setName: 'rs0', hosts: ['127.0.0.1:27017'], maxWireVersion: 25 })).toBeUndefined();
    expect(deploymentProblem({ isWritablePrimary: false, secondary: true, setName: 'rs0' })).toBeUndefined();
  });

  it('accepts a mongos in front of a sharded cluster', () => {
    expect(deploymentProblem({ isWritablePrimary: true, msg: 'isdbgrid', maxWireVersion: 25 })).toBeUndefined();
  });

  it('refuses a standalone server with a message that says what to do', () => {
    const problem = deploymentProblem({ isWritablePrimary: true, maxWireVersion: 25, ok: 1 });
    expect(problem).toMatch(/standalone server/);
    expect(problem).toMatch(/--replSet/);
    expect(problem).toMatch(/rs\.initiate\(\)/);
    expect(problem).toMatch(/docs\/deploy\.md/);
  });
});
