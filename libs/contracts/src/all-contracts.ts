import { crisisMonitoringContracts } from './crisis-monitoring';
import { firmRegistryContracts } from './firm-registry';
import { ContractRegistry } from './registry';
import { relayContracts } from './relay';

/** Every integration event Baton defines. Add a context's list here when it publishes its first event. */
export const allContracts = new ContractRegistry([
  ...firmRegistryContracts,
  ...relayContracts,
  ...crisisMonitoringContracts,
]);
