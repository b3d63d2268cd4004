/**
 * The part of oidc-provider 9's API that the development identity provider uses (bin/lib/dev-identity-provider.ts).
 * The package ships no type declarations; these follow its documentation (docs/README.md of panva/node-oidc-provider).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { JWK } from 'jose';

  export interface ClientMetadata {
    client_id: string;
    client_name?: string;
    token_endpoint_auth_method: 'none';
    redirect_uris: string[];
    post_logout_redirect_uris?: string[];
    response_types: string[];
    grant_types: string[];
    application_type?: 'web' | 'native';
    id_token_signed_response_alg?: string;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface Configuration {
    clients: ClientMetadata[];
    jwks: { keys: JWK[] };
    cookies: { keys: string[] };
    features: {
      devInteractions: { enabled: boolean };
      /** RP-Initiated Logout 1.0: `form` is the library's confirmation form (id `op.logoutForm`, its CSRF token). */
      rpInitiatedLogout?: {
        enabled: boolean;
        logoutSource?(ctx: LogoutContext, form: string): Promise<void>;
        postLogoutSuccessSource?(ctx: LogoutContext): Promise<void>;
      };
    };
    responseTypes: string[];
    scopes: string[];
    /** Which claims each scope releases (a claim under `openid` always). */
    claims?: Record<string, string[] | null>;
    /** false: the granted scopes' claims go into the ID token even when an access token is issued too. */
    conformIdTokenClaims?: boolean;
    ttl: Partial<Record<'AccessToken' | 'AuthorizationCode' | 'IdToken' | 'Interaction' | 'Session' | 'Grant', number>>;
    interactions: { url(ctx: unknown, interaction: { uid: string }): string | Promise<string> };
    findAccount(ctx: unknown, sub: string): Promise<Account | undefined>;
    renderError(ctx: { type: string; body: string }, out: Record<string, string>, error: Error): Promise<void>;
  }

  /** The koa context the logout pages render into (the part used). */
  export interface LogoutContext {
    type: string;
    body: unknown;
    set(name: string, value: string): void;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown> & { client_id?: string };
    grantId?: string;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    Grant: {
      new (properties: { accountId: string; clientId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    on(event: 'server_error', listener: (ctx: unknown, error: Error) => void): this;
  }
}
