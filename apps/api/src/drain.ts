/**
 * How long a stopping API process keeps answering the requests it holds: the longest a
 * request may wait for its job (`Prefer: wait=60`) plus a few seconds to write the answer.
 * Whatever stops the process (docker compose's `stop_grace_period`, the Helm chart's
 * `terminationGracePeriodSeconds`) must wait at least this long before killing it.
 */
export const API_DRAIN_MS = 65_000;
