import type { EngineClient } from '../../../lib/store/search-engine';
import { templateNames } from '../../../lib/store/search-engine';
import { stopOpenSearchIfStarted } from './opensearch-setup';

/** Remove what one test run created under its prefix: indices, index template, component templates. */
export async function dropIndexPrefix(client: EngineClient, prefix: string): Promise<void> {
  const names = templateNames(prefix);
  await client.deleteIndices(`${prefix}-*`);
  await client.deleteIndexTemplate(names.index);
  await client.deleteComponentTemplate(names.settings);
  await client.deleteComponentTemplate(names.mappings);
}

export { stopOpenSearchIfStarted };
