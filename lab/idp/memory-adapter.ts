import type { Adapter, AdapterPayload } from "oidc-provider";

/** Models whose records hang off a Grant and must disappear when the grant is revoked. */
const GRANT_BOUND = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

type Entry = { model: string; payload: AdapterPayload; expiresAt: number };

/**
 * Tiny per-provider in-memory store. We bring our own instead of oidc-provider's built-in default
 * because that one prints a "development-only adapter" warning on every start, and its factory is
 * only reachable through a private deep import (lib/adapters/memory_adapter.js).
 * Linear scans are fine: a dev IdP holds a handful of records.
 */
export function createMemoryAdapter(): new (model: string) => Adapter {
  const store = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = store.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry;
  };

  const sweep = () => {
    const now = Date.now();
    for (const [key, entry] of store) if (entry.expiresAt <= now) store.delete(key);
  };

  return class MemoryAdapter implements Adapter {
    constructor(private readonly model: string) {}

    private key(id: string) {
      return `${this.model}:${id}`;
    }

    private findWhere(match: (payload: AdapterPayload) => boolean) {
      for (const key of store.keys()) {
        const entry = live(key);
        if (entry?.model === this.model && match(entry.payload)) return structuredClone(entry.payload);
      }
      return undefined;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number) {
      sweep();
      const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
      // Clone so later mutation of the model instance can't silently change stored state,
      // which is how a real (serialising) adapter behaves.
      store.set(this.key(id), { model: this.model, payload: structuredClone(payload), expiresAt });
    }

    async find(id: string) {
      const entry = live(this.key(id));
      return entry && structuredClone(entry.payload);
    }

    async findByUid(uid: string) {
      return this.findWhere((p) => p.uid === uid);
    }

    async findByUserCode(userCode: string) {
      return this.findWhere((p) => p.userCode === userCode);
    }

    async consume(id: string) {
      const entry = live(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string) {
      store.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string) {
      for (const [key, entry] of store) {
        if (GRANT_BOUND.has(entry.model) && entry.payload.grantId === grantId) store.delete(key);
      }
    }
  };
}
