/**
 * Minimal typings for oidc-provider v9, which ships no .d.ts (and @types/oidc-provider is not
 * installed). Only the surface used by lab/idp is declared; shapes were read from
 * node_modules/oidc-provider/lib. Remove this file if @types/oidc-provider is ever added.
 */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  import type { JsonWebKey } from "node:crypto";

  export type AdapterPayload = Record<string, unknown> & {
    grantId?: string;
    uid?: string;
    userCode?: string;
    consumed?: number;
  };

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type AccountClaims = Record<string, unknown> & { sub: string };

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<AccountClaims> | AccountClaims;
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris?: string[];
    post_logout_redirect_uris?: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
  }

  /** The Koa context oidc-provider hands to configuration hooks (subset). */
  export interface ProviderContext {
    type: string;
    body: unknown;
    status: number;
    host: string;
    path: string;
    method: string;
    set(field: string, value: string): void;
    oidc: { route: string; client?: { clientId: string; clientName?: string } };
  }

  export interface CookieOptions {
    httpOnly?: boolean;
    sameSite?: "lax" | "strict" | "none";
    signed?: boolean;
    secure?: boolean;
  }

  export interface Configuration {
    adapter?: new (model: string) => Adapter;
    clients?: ClientMetadata[];
    jwks?: { keys: JsonWebKey[] };
    cookies?: { keys?: string[]; long?: CookieOptions; short?: CookieOptions };
    claims?: Record<string, string[] | null>;
    scopes?: string[];
    responseTypes?: string[];
    clientAuthMethods?: string[];
    conformIdTokenClaims?: boolean;
    pkce?: { required?: (ctx: ProviderContext, client: unknown) => boolean };
    ttl?: Record<string, number>;
    clientBasedCORS?: (ctx: ProviderContext, origin: string, client: unknown) => boolean;
    interactions?: { url?: (ctx: ProviderContext, interaction: { uid: string }) => string | Promise<string> };
    findAccount?: (ctx: ProviderContext, sub: string) => Promise<Account | undefined>;
    renderError?: (ctx: ProviderContext, out: Record<string, string>, error: Error) => void | Promise<void>;
    features?: {
      devInteractions?: { enabled: boolean };
      userinfo?: { enabled: boolean };
      rpInitiatedLogout?: {
        enabled?: boolean;
        logoutSource?: (ctx: ProviderContext, form: string) => void | Promise<void>;
        postLogoutSuccessSource?: (ctx: ProviderContext) => void | Promise<void>;
      };
    };
  }

  export interface PromptDetails {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[]; details: PromptDetails };
    params: Record<string, unknown> & { client_id?: string; login_hint?: string };
    session?: { accountId: string };
    grantId?: string;
  }

  export interface InteractionResults {
    login?: { accountId: string; remember?: boolean };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    /** Persists the grant and resolves to its id. */
    save(): Promise<string>;
  }

  export interface GrantConstructor {
    new (props: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  /** v9: the Provider *is* the Koa application. */
  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    readonly Grant: GrantConstructor;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: "server_error", listener: (ctx: ProviderContext, error: Error) => void): this;
    on(event: "error", listener: (error: Error) => void): this;
  }

  export const errors: {
    SessionNotFound: new (description?: string) => Error;
  };

  export default Provider;
}
