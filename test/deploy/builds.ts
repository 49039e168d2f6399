// The builds an operator installs whole (`kubectl apply -k DIR`), rendered once per test file. Without kubectl only
// deploy/bot is available, read from its files (manifests.test.ts checks that it renders to exactly them).
import { type K8sObject, kustomize, loadManifestFiles, noKubectl } from './load-manifests.js';

/** Every install of the bot: the default and its overlays. */
export const BOT_BUILDS = ['deploy/bot', 'deploy/overlays/external-redis', 'deploy/overlays/bot-debug-pod'] as const;

export interface Build {
  dir: string;
  objects: K8sObject[];
}

function botFiles(): K8sObject[] {
  return loadManifestFiles()
    .filter((m) => /^deploy\/(base|bot)\/(?!kustomization\.yaml$)/.test(m.file))
    .flatMap((m) => m.objects);
}

/** The bot builds rendered with `kubectl kustomize`, or deploy/bot's files alone without kubectl. */
export function botBuilds(): Build[] {
  if (noKubectl()) return [{ dir: 'deploy/bot', objects: botFiles() }];
  return BOT_BUILDS.map((dir) => ({ dir, objects: kustomize(dir) }));
}
