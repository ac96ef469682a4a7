#!/usr/bin/env bash
# Offline validation of the deployment files (CI runs it: .ci/run, section "Deploy manifests"; locally:
# npm run deploy:validate). Needs no network, no Docker engine and no cluster:
#   1. docker-compose.yml: `docker compose config -q` when the compose plugin is installed (skipped with a
#      message otherwise), then deploy/check-manifests.js --compose (compose file and services/*/Dockerfile).
#   2. every overlay in deploy/k8s/overlays/: rendered with `kubectl kustomize` (or, without kubectl, the
#      resources it lists, untransformed) and checked by deploy/check-manifests.js: probes on /health,
#      resources, non-root, a Service, HPA and PDB per Deployment, consumers' replicas within the partition
#      count, the topic Job, no literal secrets (the dev overlay's generated Secrets must be DEV ONLY values).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

status=0
rendered_dir="$(mktemp -d)"
trap 'rm -rf "$rendered_dir"' EXIT

echo '-- docker compose'
if ! command -v docker > /dev/null 2>&1; then
  echo 'SKIPPED docker compose config -q: no docker CLI on this machine (the Node checks below still run)'
elif ! docker compose version > /dev/null 2>&1; then
  echo "SKIPPED docker compose config -q: the docker CLI ($(docker --version 2>/dev/null || echo '?')) has no compose plugin (the Node checks below still run)"
elif docker compose -f docker-compose.yml config -q; then
  echo 'ok    docker compose config -q'
else
  echo 'FAIL  docker compose config -q'
  status=1
fi
node deploy/check-manifests.js --compose docker-compose.yml || status=1

echo '-- kustomize overlays'
if command -v kubectl > /dev/null 2>&1; then
  echo "rendering with kubectl kustomize ($(kubectl version --client 2>/dev/null | grep -i kustomize || echo 'kustomize version unknown'))"
else
  echo 'kubectl not found: checking the resources each overlay lists, without rendering (patches and generators are not applied)'
fi
for overlay in deploy/k8s/overlays/*/; do
  overlay="${overlay%/}"
  name="$(basename "$overlay")"
  # Only the dev overlay may generate Secrets (from its DEV ONLY env files); every other one references
  # Secrets created outside the manifests.
  dev_flag=()
  [[ "$name" == dev ]] && dev_flag=(--allow-dev-secrets)
  if command -v kubectl > /dev/null 2>&1; then
    out="$rendered_dir/$name.yaml"
    if ! kubectl kustomize "$overlay" > "$out" 2> "$rendered_dir/$name.err"; then
      echo "FAIL  kubectl kustomize $overlay:"
      sed 's/^/      /' "$rendered_dir/$name.err"
      status=1
      continue
    fi
    node deploy/check-manifests.js --label "overlay $name" "${dev_flag[@]}" "$out" || status=1
  else
    node deploy/check-manifests.js --label "overlay $name (unrendered)" "${dev_flag[@]}" --unrendered "$overlay" ||
      status=1
  fi
done

if ((status == 0)); then
  echo 'deploy/validate.sh: all checks passed'
else
  echo 'deploy/validate.sh: FAILED (see FAIL lines above)'
fi
exit "$status"
